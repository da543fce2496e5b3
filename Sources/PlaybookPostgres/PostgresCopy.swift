import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

extension PostgresDatabase: CopyableBackend {
    public func exportRows(_ table: BackendTable) throws -> [[String?]] {
        try perform { connection, logger in
            try await connection.rows(
                "SELECT \(PostgresFacts.columns(table.columns, table: table.rawValue)) FROM \(table.rawValue)",
                logger: logger)
        }
    }

    public func load(_ tables: [(BackendTable, [[String?]])], expected: [BackendTable: Int]) throws {
        let location = self.location
        try perform { connection, logger in
            try await connection.run("BEGIN", logger: logger)
            do {
                let before = try await Self.counts(connection, logger: logger)
                guard before.values.allSatisfy({ $0 == 0 }) else { throw Self.nonEmptyTarget(location, before) }
                for (table, rows) in tables {
                    try await PostgresRows.insert(
                        rows, into: table.rawValue, columns: table.columns, onConflict: nil, connection, logger: logger)
                }
                try Self.verify(
                    try await Self.counts(connection, logger: logger), expected: expected, location: location)
                try await connection.run("COMMIT", logger: logger)
            } catch {
                try? await connection.run("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func status() throws -> BackendStatus {
        let location = self.location
        return try perform { connection, logger in
            let version = try await connection.rows("SELECT max(version)::text FROM playbook_schema", logger: logger)
            let last = try await connection.rows(
                "SELECT as_of::text, ran_at::text FROM runs ORDER BY as_of DESC LIMIT 1", logger: logger
            ).first
            let run = last.flatMap { row -> (asOf: Int64, ranAt: Int64)? in
                guard let asOf = row[0].flatMap({ Int64($0) }), let ranAt = row[1].flatMap({ Int64($0) }) else {
                    return nil
                }
                return (asOf, ranAt)
            }
            return BackendStatus(
                backend: "PostgreSQL", location: location, schema: (version.first?.first ?? nil) ?? "none",
                counts: try await Self.counts(connection, logger: logger), lastRun: run)
        }
    }

    private static func counts(_ connection: PostgresConnection, logger: Logger) async throws -> [BackendTable: Int] {
        var counts: [BackendTable: Int] = [:]
        for table in BackendTable.allCases {
            let rows = try await connection.rows("SELECT count(*)::text FROM \(table.rawValue)", logger: logger)
            counts[table] = (rows.first?.first ?? nil).flatMap { Int($0) } ?? 0
        }
        return counts
    }
}
