import GRDB
import GRDBSQLite
import PlaybookCore

/// A query stepped through SQLite's C API, its columns read by index: reading a run's customers,
/// orders, events, ledger and listing through GRDB rows spent more time boxing values than
/// SQLite spent finding them.
struct FastQuery {
    private let statement: Statement

    /// Prepares `sql` with `arguments`; a `cached` statement is compiled once per connection (for
    /// queries run once per customer; step them to the end before running them again).
    init(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(), cached: Bool = false)
        throws
    {
        statement = try cached ? db.cachedStatement(sql: sql) : db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Moves to the next row; false after the last one.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errstr(code)),
            sql: statement.sql)
    }

    /// The text of a column of the current row, or nil for NULL.
    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The time value of a column of the current row, or nil for NULL or unreadable text: parsed
    /// from SQLite's bytes without making a string first.
    func timestamp(_ column: Int32) -> Timestamp? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Timestamp(utf8: UnsafeBufferPointer(start: bytes, count: count))
    }

    /// The bytes of a BLOB column of the current row, or nil for NULL; valid until the next step.
    func blob(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let bytes = sqlite3_column_blob(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// The text of a NOT NULL column (empty if NULL after all).
    func string(_ column: Int32) -> String { text(column) ?? "" }

    /// The integer of a column of the current row, or nil for NULL.
    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}
