import Foundation
import GRDB
import PlaybookCore

/// The customer database: one SQLite file in WAL mode, with migrations.
public struct PlaybookDatabase: Sendable {
    /// The GRDB writer; the only place GRDB is used is this module.
    let writer: DatabasePool
    /// The file path.
    public let path: String
    /// Whether the file was opened for reading only (see ``init(readingOnlyIfNeeded:)``).
    public let isReadOnly: Bool

    /// Opens (creating if needed) the database at `path`, waiting up to 10 s for a lock.
    public init(path: String) throws {
        try self.init(path: path, readOnly: false)
    }

    /// Opens the database at `path` for a command that only looks (`run --dry-run`, `explain`,
    /// `simulate`, `customer`, `report`): like ``init(path:)`` when the file and its folder may be
    /// written, else for reading only, without migrating or writing anything.
    public init(readingOnlyIfNeeded path: String) throws {
        try self.init(path: path, readOnly: !ReadOnlyFile.isWritable(path))
    }

    private init(path: String, readOnly: Bool) throws {
        StoreError.opening(path)
        try DatabaseFileCheck.check(path)
        if readOnly { try ReadOnlyFile.checkExists(path) }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(Self.lockTimeout)
        configuration.prepareDatabase { db in
            // Before SQLite's log is switched on (which writes to the file): another program's
            // database is refused, a damaged one reported.
            if !db.configuration.readonly {
                try Self.checkOwnership(db, path: path)
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            // Readers scan (a batch's facts, the listing): each page is read once, and a large
            // cache only costs the memory it fills. The writer revisits pages as it records.
            try db.execute(sql: "PRAGMA cache_size = \(db.configuration.readonly ? -4096 : -65536)")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            writer =
                readOnly
                ? try ReadOnlyFile.openPool(path: path, configuration: configuration)
                : try Self.openPool(path: ReadOnlyFile.plainName(path), configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(
                message: "\(path) is not a playbook database (SQLite: file is not a database); check the --db "
                    + "path (default: playbook.sqlite in this folder)")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw Self.lockedError(path)
        } catch let error as DatabaseError {
            throw StoreError.explaining(error, path: path)
        }
        self.path = path
        self.isReadOnly = readOnly
        do {
            // A file a newer playbook has migrated must not be written under an older schema.
            if try writer.read({ try Self.migrator.hasBeenSuperseded($0) }) {
                throw StoreError(
                    message: "\(path) was written by a newer version of playbook; upgrade playbook to use it")
            }
            if readOnly {
                try writer.read { try ReadOnlyFile.checkMigrated($0, migrator: Self.migrator, path: path) }
            } else if try !writer.read({ try Self.migrator.hasCompletedMigrations($0) }) {
                // Migrating takes the write lock even when there is nothing to do: a file already
                // up to date is only read (the web app opens the database for every request, and
                // each open waited behind the runs holding the lock).
                try Self.migrator.migrate(writer)
            }
            try writer.read { try Self.checkTables($0, path: path) }
        } catch let error as DatabaseError {
            throw StoreError.explaining(error, path: path)
        }
    }

    /// The tables every migrated playbook database has.
    static let requiredTables = [
        "customers", "orders", "events", "actions", "decisions", "listing", "customer_index", "index_meta", "runs",
        "users",
    ]

    /// Refuses a database of another program (tables, but not playbook's migrations table) and
    /// reports a small file that fails SQLite's quick check as damaged.
    private static func checkOwnership(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if !tables.isEmpty && !tables.contains("grdb_migrations") {
            let names = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw StoreError(
                message: "\(path) is an SQLite database of another program (tables \(names)), not a playbook "
                    + "database; nothing was written to it. Pass --db with a new file or a playbook database")
        }
        // The quick check reads every page: affordable on small files, where a damaged file is most
        // likely (a copy cut short, a file edited by hand); larger ones are checked as they are read.
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let pageBytes = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        if pages * pageBytes <= quickCheckBytes {
            let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
            if verdict != ["ok"] {
                let findings = verdict.flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix("***") }
                throw StoreError.damaged(path, detail: "SQLite's check: " + findings.prefix(2).joined(separator: "; "))
            }
        }
    }

    /// Files up to this size are quick-checked when opened (about 0.1 s at 64 MiB).
    static let quickCheckBytes = 64 << 20

    /// Reports a table dropped by hand as damage, before a command fails halfway on it.
    private static func checkTables(_ db: Database, path: String) throws {
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        if let missing = requiredTables.first(where: { !tables.contains($0) }) {
            throw StoreError.damaged(path, detail: "its table '\(missing)' is missing")
        }
    }

    /// Opens the connection pool. While another program imports through the rollback journal
    /// (``writeInBulk(_:)``), putting the file in WAL mode fails at once as busy, without SQLite's
    /// wait for locks: the opening is tried again for up to ``lockTimeout``, as a write waits.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date(timeIntervalSinceNow: lockTimeout)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction: all of it is stored, or nothing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try explainingLocks { try writeTransaction(body) }
    }

    /// Runs `body` like ``write(_:)``, through SQLite's rollback journal instead of the
    /// write-ahead log while no other program reads the file (else through the log, like any
    /// write). An import mostly adds pages, which the journal does not copy: they are written
    /// once, where the log wrote each twice (into the log, then back into the file) and looked
    /// every page up in its index. Three 1M-customer imports took 17.0–18.8 s instead of
    /// 21.0–22.0 s. A write killed midway leaves a `-journal` file that the next open rolls back.
    func writeInBulk<T>(_ body: (Database) throws -> T) throws -> T {
        // This process's idle readers would keep the file in the log's mode.
        writer.invalidateReadOnlyConnections()
        return try explainingLocks {
            try writer.writeWithoutTransaction { db in
                // Asked without waiting: when another connection reads the file, SQLite refuses
                // (busy) and the import goes through the log.
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                let journal = (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) ?? "wal"
                try db.execute(sql: "PRAGMA busy_timeout = \(Int(Self.lockTimeout * 1000))")
                defer { if journal != "wal" { _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") } }
                return try Self.transaction(db, body)
            }
        }
    }

    /// Runs `body` like ``write(_:)``, but leaves the copy of its pages from the write-ahead log into
    /// the database file (the checkpoint, which SQLite otherwise does while committing) to the
    /// returned task, which runs it on the writer connection while the caller reads: a first run
    /// writes about a gigabyte at 1M customers, and copying it took as long as listing it. A
    /// checkpoint that fails or is cut short only leaves the log to the next commit to copy.
    func writeThenCheckpoint<T>(_ body: (Database) throws -> T) throws -> (T, BackgroundTask<Void>) {
        let result = try explainingLocks { try writeTransaction(body, checkpointing: false) }
        let pool = writer
        let checkpoint = BackgroundTask { try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) } }
        return (result, checkpoint)
    }

    /// The page size of a new database file, in bytes (SQLite's default is 4,096). Runs read and
    /// write a customer's rows and list actions in key order; with 16 KiB pages a first run at 1M
    /// customers took 8 % less time, the next day's 18 % less and a same-day rerun 0.69 → 0.42 s
    /// (docs/performance.md). An existing file keeps the page size it was created with.
    static let pageSize = 16384

    /// How long a command waits for another program's lock on the file, in seconds.
    static let lockTimeout: TimeInterval = 10

    /// SQLite's default: a commit that leaves a log of more pages than this copies them back.
    private static let autocheckpointPages = 1000

    /// Turns SQLite's busy and locked errors into an error a user can act on.
    private func explainingLocks<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw Self.lockedError(path)
        }
    }

    /// The error of a lock held longer than ``lockTimeout``.
    private static func lockedError(_ path: String) -> StoreError {
        StoreError(
            message: "the database \(path) is locked by another program for more than \(Int(lockTimeout)) s; "
                + "wait for the other playbook command to finish and try again")
    }

    /// Runs `body` in one IMMEDIATE write transaction that is rolled back: a rehearsal (`run
    /// --dry-run`) that sees its own writes and leaves nothing behind.
    /// A database opened for reading only rehearses on a scratch copy of itself.
    func rehearse<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly {
            return try ReadOnlyFile.withScratchCopy(of: writer) { try Self.transaction($0, ending: .rollback, body) }
        }
        return try explainingLocks { try writeTransaction(body, ending: .rollback) }
    }

    private func writeTransaction<T>(
        _ body: (Database) throws -> T, ending completion: Database.TransactionCompletion = .commit,
        checkpointing: Bool = true
    ) throws -> T {
        try writer.writeWithoutTransaction { db in
            if !checkpointing { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
            defer {
                if !checkpointing { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)") }
            }
            return try Self.transaction(db, ending: completion, body)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction on `db`, ended by `completion`.
    private static func transaction<T>(
        _ db: Database, ending completion: Database.TransactionCompletion = .commit, _ body: (Database) throws -> T
    ) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return completion
        }
        guard let result else { throw StoreError(message: "the transaction produced no result") }
        return result
    }

    /// Runs `body` on a consistent read snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}

/// A store problem a user can act on.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }

    /// Creates an error.
    public init(message: String) { self.message = message }
}
