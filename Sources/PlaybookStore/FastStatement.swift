import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API: GRDB's `StatementArguments`
/// box every value, which made binding most of the cost of recording a large run or import.
struct FastStatement {
    private let statement: Statement
    private let db: Database
    private var index: Int32 = 0
    private var bindingFailure = SQLITE_OK
    /// The bytes of the text and BLOB values bound for the next execution, and where each lies:
    /// SQLite reads them in place (`SQLITE_STATIC`) while the statement runs, where copying each
    /// (`SQLITE_TRANSIENT`) cost an allocation per value, a quarter of a run's allocations. Both
    /// buffers keep their capacity from row to row.
    private var valueBytes: [UInt8] = []
    private var boundValues: [BoundValue] = []

    /// A text or BLOB value waiting in ``valueBytes``.
    private struct BoundValue {
        var parameter: Int32
        var start: Int
        var count: Int
        var isBlob: Bool
    }

    /// Prepares (or reuses) `sql` on `db`.
    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Binds the next parameter to text, or NULL.
    mutating func bind(_ text: String?) {
        index += 1
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        let start = valueBytes.count
        text.withUTF8 { valueBytes.append(contentsOf: $0) }
        boundValues.append(BoundValue(parameter: index, start: start, count: valueBytes.count - start, isBlob: false))
    }

    /// Binds the next parameter to UTF-8 text that SQLite reads where it lies (`SQLITE_STATIC`):
    /// the bytes must stay valid until the statement is executed.
    mutating func bind(borrowing text: UnsafeBufferPointer<UInt8>) {
        index += 1
        check(bindText(text, at: index))
    }

    /// Binds the next parameter to bytes (a BLOB).
    mutating func bind(blob bytes: [UInt8]) {
        index += 1
        let start = valueBytes.count
        valueBytes.append(contentsOf: bytes)
        boundValues.append(BoundValue(parameter: index, start: start, count: bytes.count, isBlob: true))
    }

    /// Binds text that SQLite reads where it lies; returns SQLite's result code.
    private func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at parameter: Int32) -> Int32 {
        guard let base = UnsafeRawPointer(bytes.baseAddress), !bytes.isEmpty else {
            return sqlite3_bind_text(handle, parameter, "", 0, Self.transient)
        }
        guard let count = Int32(exactly: bytes.count) else { return SQLITE_TOOBIG }
        return sqlite3_bind_text(handle, parameter, base.assumingMemoryBound(to: CChar.self), count, nil)
    }

    /// Binds the values waiting in ``valueBytes`` where they lie in `buffer` (its bytes); returns
    /// the first failure, or `SQLITE_OK`.
    private func bindWaitingValues(in buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
        var failure = SQLITE_OK
        for value in boundValues {
            let bytes = UnsafeBufferPointer(rebasing: buffer[value.start..<value.start + value.count])
            let code: Int32
            if !value.isBlob {
                code = bindText(bytes, at: value.parameter)
            } else if let count = Int32(exactly: value.count) {
                // A NULL pointer would bind NULL, so an empty BLOB is bound as one of no bytes.
                code =
                    bytes.isEmpty
                    ? sqlite3_bind_zeroblob(handle, value.parameter, 0)
                    : sqlite3_bind_blob(handle, value.parameter, bytes.baseAddress, count, nil)
            } else {
                code = SQLITE_TOOBIG
            }
            if failure == SQLITE_OK { failure = code }
        }
        return failure
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
            index = 0
            bindingFailure = SQLITE_OK
            valueBytes.removeAll(keepingCapacity: true)
            boundValues.removeAll(keepingCapacity: true)
        }
        let earlierFailure = bindingFailure
        try valueBytes.withUnsafeBufferPointer { buffer in
            // The bindings point into `buffer`: they are cleared before it goes.
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            let failure = bindWaitingValues(in: buffer)
            try step(bindingFailure: earlierFailure != SQLITE_OK ? earlierFailure : failure)
        }
    }

    /// Steps the bound statement to its end, or throws its binding or execution failure.
    private func step(bindingFailure: Int32) throws {
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
