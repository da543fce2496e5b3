import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import PlaybookStore

/// A value SQLite refuses to bind is an error when the statement runs, never a silent NULL.
struct FastStatementTests {
    @Test func aValueTooLargeToBindFailsTheStatementAndStoresNothing() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT)")
            // SQLite's per-connection limit stands in for its 1 GB maximum.
            sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, 100)
            var statement = try FastStatement(db, sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            statement.bind("short")
            statement.bind(String(repeating: "x", count: 200))
            let error = #expect(throws: DatabaseError.self) { try statement.execute() }
            #expect(error?.resultCode == .SQLITE_TOOBIG)
            #expect(error?.message?.contains("too large to store") == true)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0)
            statement.bind("next")
            statement.bind("row")
            try statement.execute()
            #expect(try String.fetchAll(db, sql: "SELECT a || b FROM t") == ["nextrow"])
        }
    }

    /// Text and BLOB values wait in one buffer until the statement runs and are read in place: each
    /// row stores exactly what was bound, also when the buffer grows while a row is bound.
    @Test func boundValuesAreStoredExactlyRowAfterRow() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT, c BLOB, d BLOB, e TEXT, n INTEGER)")
            var statement = try FastStatement(db, sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
            let rows: [(String?, String, [UInt8], [UInt8], String)] = [
                ("王小美", "", [1, 2, 3], [], String(repeating: "長", count: 5_000)),
                (nil, "short", Array(repeating: 7, count: 70_000), [0], "x"),
                ("a", String(repeating: "b", count: 100_000), [], [9], ""),
            ]
            for (number, row) in rows.enumerated() {
                statement.bind(row.0)
                statement.bind(row.1)
                statement.bind(blob: row.2)
                statement.bind(blob: row.3)
                statement.bind(row.4)
                statement.bind(number)
                try statement.execute()
            }
            let stored = try Row.fetchAll(db, sql: "SELECT a, b, c, d, e, typeof(c), typeof(d) FROM t ORDER BY n")
            #expect(stored.count == rows.count)
            for (row, expected) in zip(stored, rows) {
                #expect(row[0] as String? == expected.0)
                #expect(row[1] as String == expected.1)
                #expect([UInt8](row[2] as Data) == expected.2)
                #expect([UInt8](row[3] as Data) == expected.3)
                #expect(row[4] as String == expected.4)
                #expect(row[5] as String == "blob" && row[6] as String == "blob", "an empty BLOB is not NULL")
            }
        }
    }
}
