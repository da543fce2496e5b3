import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookPostgres
import PlaybookStore

/// `playbook db copy FROM TO` and `playbook db status` (SPEC §6).
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Copy a whole database between SQLite and PostgreSQL, or show its state.",
        subcommands: [CopyCommand.self, StatusCommand.self])

    /// Opens a file path or a `postgres://` URL as a backend that can be copied; one that is only
    /// read (the source, `status`) may be a read-only file.
    static func open(_ text: String, onlyReading: Bool) throws -> any CopyableBackend {
        var options = DatabaseOptions()
        options.db = text
        guard let backend = try (onlyReading ? options.openForLooking() : options.open()) as? any CopyableBackend
        else {
            throw CLIError("\(options.display) cannot be copied")
        }
        return backend
    }

    /// `playbook db copy FROM TO`.
    struct CopyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy every customer, order, event and action from one database into a new, empty one.")

        @Argument(help: "The database to copy: a file path or a postgres:// URL.")
        var from: String

        @Argument(help: "The empty database to copy into: a file path or a postgres:// URL.")
        var to: String

        func run() throws {
            let source = try DatabaseCommand.open(from, onlyReading: true)
            let target = try DatabaseCommand.open(to, onlyReading: false)
            var tables: [(BackendTable, [[String?]])] = []
            var expected: [BackendTable: Int] = [:]
            for table in BackendTable.allCases {
                let rows = try source.exportRows(table)
                tables.append((table, rows))
                expected[table] = rows.count
            }
            try target.load(tables, expected: expected)
            let counts = BackendTable.allCases.map { "\(expected[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            print("copied \(source.location) into \(target.location): \(counts); the counts match")
        }
    }

    /// `playbook db status`.
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Show the backend, schema version, row counts and the last run.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let status = try DatabaseCommand.open(database.path, onlyReading: true).status()
            print("\(status.backend): \(status.location)")
            print("schema: \(status.schema)")
            for table in BackendTable.allCases { print("\(table.rawValue): \(status.counts[table] ?? 0)") }
            if let last = status.lastRun {
                let zone = Zone.utc
                print(
                    "last run: as of \(zone.iso8601(Instant(seconds: last.asOf))), ran \(zone.iso8601(Instant(seconds: last.ranAt)))"
                )
            } else {
                print("last run: none")
            }
        }
    }
}
