import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// `playbook run` (SPEC §4): today's actions, recorded unless `--dry-run`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Evaluate every playbook and print the pending actions as of a time.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Option(help: "Evaluate as of DATE (end of that day in the team zone) or DATETIME (default: now).")
    var asOf: String?

    @Flag(help: "Print what would be recorded, but record nothing.")
    var dryRun = false

    @Flag(help: "Also list done and skipped actions.")
    var all = false

    @Option(help: "Only this seller's customers.")
    var owner: String?

    @Option(help: "Cap on actions newly recorded per customer per day (default: the team file's).")
    var maxPerCustomer: Int?

    @Option(help: "Output format: table, jsonl or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Record even when --as-of lies more than 31 days past now and the latest run.")
    var force = false

    @Option(help: "Fit the table to this many columns (default: the terminal's; piped output is not cut).")
    var width: Int?

    func validate() throws {
        if let maxPerCustomer, maxPerCustomer < 1 { throw ValidationError("--max-per-customer must be at least 1") }
        if let width, width < 20 { throw ValidationError("--width must be at least 20") }
    }

    func run() throws {
        let graph = try playbooks.loadForRecording()
        var options = RunService.Options(asOf: try TimeArgument.asOf(asOf, zone: graph.team.zone))
        options.dryRun = dryRun
        options.force = force
        options.all = all
        options.owner = owner
        options.cap = maxPerCustomer
        options.progress = { evaluated, total in
            guard total >= 100_000 else { return }
            FileHandle.standardError.write(Data("… \(evaluated) of \(total) customers evaluated\n".utf8))
        }
        let store = try dryRun ? database.openForLooking() : database.open()
        if let owner { try warnAboutUnknown(owner: owner, in: store) }
        var formatter = ActionFormatter(format: format)
        formatter.table.width = width ?? TerminalSize.columns()
        let summary: RunService.Summary
        do {
            summary =
                format == .jsonl
                ? try store.runJSONL(graph: graph, options: options) { formatter.write(bytes: $0) }
                : try store.run(graph: graph, options: options) { formatter.write($0) }
        } catch let refusal as RunRefusal {
            throw CLIError(refusal.message, exitCode: 2)
        }
        formatter.finish()
        for (playbook, count) in summary.emptiedPlaybooks {
            let verb = dryRun ? "would withdraw" : "withdrew"
            FileHandle.standardError.write(
                Data(
                    ("warning: \(verb) every pending action of playbook '\(playbook)' (\(count)): its file is gone "
                        + "from \(playbooks.playbooks), its steps were removed, or its customers left it. If that "
                        + "was not meant, put the playbook back; done actions are kept\n").utf8))
        }
        if format == .table {
            let day = graph.team.zone.localDate(of: options.asOf)
            warn(
                RunSummary(listed: formatter.listed, today: day, zone: graph.team.zone).sentence(
                    summary, dryRun: dryRun))
        }
    }

    /// Warns when no customer has `owner` as their seller, naming the nearest owner ids.
    private func warnAboutUnknown(owner: String, in store: any PlaybookBackend) throws {
        let owners = try store.owners()
        guard !owners.contains(owner) else { return }
        let known =
            owners.isEmpty ? "no customer has an owner yet" : "owners: \(owners.prefix(10).joined(separator: ", "))"
        warn(
            "warning: no customer has owner '\(owner)'\(Suggestions.didYouMean(owner, in: owners)); \(known)")
    }
}

/// Output formats of `playbook run`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, jsonl, csv
}
