import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API: GRDB's `StatementArguments`
/// box every value, which made binding most of the cost of recording a large run or import.
struct FastStatement {
    private let statement: Statement
    private let db: Database
    private var index: Int32 = 0
    private var bindingFailure = SQLITE_OK

    /// Prepares (or reuses) `sql` on `db`.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Binds the next parameter to text, or NULL.
    mutating func bind(_ text: String?) {
        guard var text else {
            index += 1
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in bindText(bytes, destructor: Self.transient) }
    }

    /// Binds the next parameter to UTF-8 text that SQLite reads where it lies (`SQLITE_STATIC`):
    /// the bytes must stay valid until the statement is executed.
    mutating func bind(borrowing text: UnsafeBufferPointer<UInt8>) {
        bindText(text, destructor: nil)
    }

    /// Binds the next parameter to bytes (a BLOB).
    mutating func bind(blob bytes: [UInt8]) {
        index += 1
        guard let count = length(bytes.count) else { return }
        bytes.withUnsafeBytes { buffer in
            check(sqlite3_bind_blob(handle, index, buffer.baseAddress, count, Self.transient))
        }
    }

    private mutating func bindText(_ bytes: UnsafeBufferPointer<UInt8>, destructor: sqlite3_destructor_type?) {
        index += 1
        guard let base = UnsafeRawPointer(bytes.baseAddress), !bytes.isEmpty else {
            check(sqlite3_bind_text(handle, index, "", 0, Self.transient))
            return
        }
        guard let count = length(bytes.count) else { return }
        check(sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), count, destructor))
    }

    /// A length SQLite's binding takes, or nil (a value over 2 GiB: recorded as too big).
    private mutating func length(_ count: Int) -> Int32? {
        guard let length = Int32(exactly: count) else {
            check(SQLITE_TOOBIG)
            return nil
        }
        return length
    }

    /// Keeps the first failed binding: ``execute()`` reports it rather than store a value as NULL.
    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK && bindingFailure == SQLITE_OK { bindingFailure = code }
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ value: Int) { bind(Int64(value)) }

    /// Runs the statement with the parameters bound so far, then clears them for the next row.
    mutating func execute() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
            bindingFailure = SQLITE_OK
        }
        guard bindingFailure == SQLITE_OK else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: bindingFailure),
                message: bindingFailure == SQLITE_TOOBIG
                    ? "a value is too large to store (SQLite takes at most 1 GB in one cell); split or shorten it"
                    : String(cString: sqlite3_errstr(bindingFailure)),
                sql: statement.sql)
        }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
        }
    }

    /// SQLite's `SQLITE_TRANSIENT`: copy the bound bytes now.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
