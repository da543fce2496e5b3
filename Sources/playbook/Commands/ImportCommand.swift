import ArgumentParser
import Foundation
import PlaybookStore

/// `playbook import customers|orders|events FILE.csv` (SPEC §2).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load customers, orders or events from a UTF-8 CSV file (idempotent by id).")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "customers, orders or events.")
    var table: String

    @Argument(help: "The CSV file.")
    var file: String

    @Flag(help: "Import the good rows even when some rows have errors.")
    var skipBadRows = false

    func validate() throws {
        if ImportTable(rawValue: table) == nil {
            throw ValidationError("'\(table)' is not importable; use customers, orders or events")
        }
    }

    func run() throws {
        guard let table = ImportTable(rawValue: table) else { return }
        let importer = Importer(database: try database.open())
        let stderr = FileHandle.standardError
        do {
            let report = try importer.importFile(file, into: table, skipBadRows: skipBadRows) { rows in
                stderr.write(Data("… \(rows) rows checked\n".utf8))
            }
            for issue in report.issues { stderr.write(Data("skipped: \(issue)\n".utf8)) }
            print(
                "imported \(report.imported) \(table.rawValue) rows from \(file)"
                    + (report.skipped > 0 ? " (skipped \(report.skipped) bad rows)" : ""))
        } catch let failure as ImportFailure {
            for issue in failure.issues.prefix(200) { stderr.write(Data("\(issue)\n".utf8)) }
            if failure.issues.count > 200 { stderr.write(Data("… and \(failure.issues.count - 200) more\n".utf8)) }
            throw CLIError(
                "nothing imported: \(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s") in \(file); "
                    + "fix them, or pass --skip-bad-rows to import the good rows")
        }
    }
}
