import GRDB
import PlaybookCore

extension PlaybookDatabase: CopyableBackend {
    public func exportRows(_ table: BackendTable) throws -> [[String?]] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.rawValue)").map {
                row in
                (0..<row.count).map { index -> String? in
                    switch row[index] as DatabaseValue {
                    case let value where value.isNull: return nil
                    case let value:
                        switch value.storage {
                        case .int64(let number): return String(number)
                        case .double(let number): return String(number)
                        case .string(let text): return text
                        case .blob(let data): return String(decoding: data, as: UTF8.self)
                        case .null: return nil
                        }
                    }
                }
            }
        }
    }

    public func load(_ tables: [(BackendTable, [[String?]])], expected: [BackendTable: Int]) throws {
        try write { db in
            let before = try Self.counts(db)
            guard before.values.allSatisfy({ $0 == 0 }) else { throw Self.nonEmptyTarget(path, before) }
            for (table, rows) in tables {
                let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                let statement = try db.makeStatement(
                    sql: "INSERT INTO \(table.rawValue) (\(table.columns.joined(separator: ", "))) VALUES (\(marks))")
                for row in rows {
                    try statement.execute(arguments: StatementArguments(row.map { $0.databaseValue }))
                }
            }
            try Self.verify(try Self.counts(db), expected: expected, location: path)
        }
    }

    public func status() throws -> BackendStatus {
        try read { db in
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let last = try Row.fetchOne(db, sql: "SELECT as_of, ran_at FROM runs ORDER BY as_of DESC LIMIT 1")
            return BackendStatus(
                backend: "SQLite", location: path, schema: migrations.last ?? "none", counts: try Self.counts(db),
                lastRun: last.map { (asOf: $0[0], ranAt: $0[1]) })
        }
    }

    private static func counts(_ db: Database) throws -> [BackendTable: Int] {
        var counts: [BackendTable: Int] = [:]
        for table in BackendTable.allCases {
            counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)") ?? 0
        }
        return counts
    }
}
