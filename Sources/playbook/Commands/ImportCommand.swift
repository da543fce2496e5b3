import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// `playbook import customers|orders|events FILE` (SPEC §2, §7): a shop's export as it is, read with
/// the team file's column names, encoding and date order.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load customers, orders or events from a CSV or tab-separated file (idempotent by id).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Argument(help: "customers, orders or events.")
    var table: String

    @Argument(help: "The CSV file (.tsv and .txt files are tab-separated).")
    var file: String

    @Flag(help: "Import the good rows even when some rows have errors.")
    var skipBadRows = false

    @Option(help: "The file's encoding when it has no byte order mark: utf-8, utf-16, big5 or gb18030.")
    var encoding: String?

    func validate() throws {
        if ImportTable(rawValue: table) == nil {
            throw ValidationError("'\(table)' is not importable; use customers, orders or events")
        }
        if let encoding, TextEncoding(name: encoding) == nil {
            throw ValidationError("'\(encoding)' is not an encoding playbook reads; use \(TextEncoding.acceptedNames)")
        }
    }

    func run() throws {
        guard let table = ImportTable(rawValue: table) else { return }
        let team = try playbooks.teamForImport()
        var settings = team.importSettings
        if let encoding { settings.encoding = TextEncoding(name: encoding) }
        let store = try database.open()
        let progress = ImportProgress(file: file)
        do {
            let report = try store.importFile(
                file, into: table, skipBadRows: skipBadRows, settings: settings,
                customerAttributes: team.customerAttributes
            ) { rows in progress.report(rows: rows) }
            progress.finish()
            for warning in report.warnings { warn("warning: \(warning)") }
            for issue in report.issues { warn("skipped: \(issue)") }
            print(
                "imported \(report.imported) \(table.rawValue) rows from \(file)"
                    + (report.skipped > 0 ? " (skipped \(report.skipped) bad rows)" : ""))
        } catch let failure as ImportFailure {
            progress.finish()
            for issue in failure.issues.prefix(200) { warn("\(issue)") }
            if failure.issues.count > 200 { warn("… and \(failure.issues.count - 200) more") }
            let count = "\(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s")"
            let advice =
                skipBadRows || failure.issues.allSatisfy({ $0.line <= 1 })
                ? "fix the file and import it again" : "fix them, or pass --skip-bad-rows to import the good rows"
            throw CLIError("nothing imported: \(count) in \(file); \(advice)")
        }
    }
}

/// Progress of a long import on standard error, when it is a terminal: rows checked, rows a second
/// and how far through the file the check is.
final class ImportProgress: @unchecked Sendable {
    private let size: Int
    private let start = Date()
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var shown = false

    init(file: String) {
        var status = stat()
        size = stat(file, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Called by the importer every 50,000 rows.
    func report(rows: Int) {
        guard enabled else { return }
        let seconds = max(Date().timeIntervalSince(start), 0.001)
        let rate = Int(Double(rows) / seconds)
        lock.withLock { shown = true }
        FileHandle.standardError.write(Data("\r… \(rows) rows checked, \(rate) rows/s".utf8))
    }

    /// Ends the progress line.
    func finish() {
        guard enabled, lock.withLock({ shown }) else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
