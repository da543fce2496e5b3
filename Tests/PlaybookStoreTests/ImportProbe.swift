import Foundation
import GRDB
import PlaybookCore
import PlaybookStore

/// Reads a database file directly, to check what commands stored.
enum ImportProbe {
    static func queue(_ database: PlaybookDatabase) throws -> DatabaseQueue {
        try DatabaseQueue(path: database.path)
    }

    static func count(_ database: PlaybookDatabase, _ table: String) throws -> Int {
        try queue(database).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// Every row of the data tables as text, for before/after comparisons.
    static func snapshot(_ database: PlaybookDatabase) throws -> [String] {
        try queue(database).read { db in
            try ["customers", "orders", "events", "actions", "decisions"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1").map { "\(table): \($0)" }
            }
        }
    }

    struct CustomerRow {
        var name: String
        var tier: String
        var attributes: [String: String]
    }

    static func customers(_ database: PlaybookDatabase) throws -> [CustomerRow] {
        try queue(database).read { db in
            try Row.fetchAll(db, sql: "SELECT name, tier, attributes FROM customers ORDER BY id").map { row in
                let json: String = row["attributes"]
                let attributes = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
                return CustomerRow(name: row["name"], tier: row["tier"], attributes: attributes)
            }
        }
    }

    /// Keys of the actions table with their status.
    static func actions(_ database: PlaybookDatabase) throws -> [String: String] {
        try queue(database).read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, status FROM actions").map {
                    ($0["key"] as String, $0["status"] as String)
                })
        }
    }
}
