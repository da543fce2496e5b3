import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// Options shared by `done` and `skip`.
struct CloseOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Argument(help: "Action keys or their short refs, as printed by `playbook run`.")
    var keys: [String]

    @Option(help: "When it happened (default: now); a bare value is read in the team zone.")
    var at: String?

    func validate() throws {
        if keys.isEmpty { throw ValidationError("give at least one action key") }
    }

    func close(as status: RecordStatus, replied: Bool = false, note: String? = nil) throws {
        let graph = try? playbooks.load()
        let zone = graph?.team.zone ?? playbooks.teamZone()
        let time = try TimeArgument.at(at, zone: zone)
        let store = try database.open()
        let keys = try store.resolveKeys(self.keys)
        let lister = graph.map { ActionLister(evaluator: Evaluator(graph: $0)) }
        try store.close(keys: keys, as: status, at: time, replied: replied, replyNote: note) { record, facts in
            lister?.frozenMessage(for: record, facts: facts, at: time)
        }
        print("\(status.rawValue): \(keys.joined(separator: ", "))" + (replied ? " (reply logged)" : ""))
    }
}

/// `playbook done KEY… [--at T]`.
struct DoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done", abstract: "Mark actions done (freezes the message).")
    @OptionGroup var options: CloseOptions

    @Flag(help: "Also log a reply from the customer, in the same transaction.")
    var replied = false

    @Option(help: "The reply's note (with --replied).")
    var note: String?

    func validate() throws {
        if note != nil && !replied { throw ValidationError("--note goes with --replied") }
    }

    func run() throws { try options.close(as: .done, replied: replied, note: note) }
}

/// `playbook skip KEY… [--at T]`.
struct SkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "skip", abstract: "Mark actions skipped.")
    @OptionGroup var options: CloseOptions
    func run() throws { try options.close(as: .skipped) }
}

/// `playbook log CUSTOMER KIND [--at T] [--note …]`.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Record an event: a reply, a complaint, an opt-out…")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Argument(help: "The customer id.")
    var customer: String

    @Argument(help: "The event kind: reply, complaint, complaint_resolved, testimonial, opt_out…")
    var kind: String

    @Option(help: "When it happened (default: now).")
    var at: String?

    @Option(help: "A free-text note.")
    var note: String?

    func run() throws {
        let time = try TimeArgument.at(at, zone: playbooks.teamZone())
        let id = try database.open().log(customer: customer, kind: kind, at: time, note: note)
        print("logged \(kind) for \(customer) (\(id))")
    }
}
