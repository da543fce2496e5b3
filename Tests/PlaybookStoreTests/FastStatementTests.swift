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
}
