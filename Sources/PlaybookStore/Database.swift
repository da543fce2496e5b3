import Foundation
import GRDB
import PlaybookCore

/// The customer database: one SQLite file in WAL mode, with migrations.
public struct PlaybookDatabase: Sendable {
    /// The GRDB writer; the only place GRDB is used is this module.
    let writer: DatabasePool
    /// The file path.
    public let path: String

    /// Opens (creating if needed) the database at `path`, waiting up to 10 s for a lock.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        writer = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try Self.migrator.migrate(writer)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customers (
                        id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT, line_id TEXT, wechat_id TEXT, email TEXT,
                        tier TEXT NOT NULL, birthday TEXT, tags TEXT, owner TEXT, opted_out INTEGER NOT NULL,
                        created_at TEXT NOT NULL, attributes TEXT NOT NULL DEFAULT '{}');
                    CREATE TABLE orders (
                        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
                        ordered_at TEXT NOT NULL, paid_at TEXT, shipped_at TEXT, delivered_at TEXT, carrier TEXT,
                        tracking_no TEXT, amount TEXT);
                    CREATE INDEX orders_by_customer ON orders(customer_id);
                    CREATE TABLE events (
                        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, note TEXT,
                        order_id TEXT);
                    CREATE INDEX events_by_customer ON events(customer_id);
                    CREATE TABLE actions (
                        key TEXT PRIMARY KEY, playbook TEXT NOT NULL, step TEXT NOT NULL, customer_id TEXT NOT NULL,
                        journey TEXT NOT NULL, order_id TEXT, sku TEXT, occurrence INTEGER NOT NULL, due TEXT NOT NULL,
                        status TEXT NOT NULL, skipped_by_rule INTEGER NOT NULL, zone TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL, closed_at TEXT, message TEXT);
                    CREATE INDEX actions_by_customer ON actions(customer_id);
                    CREATE TABLE decisions (key TEXT PRIMARY KEY, customer_id TEXT NOT NULL, outcome INTEGER NOT NULL);
                    CREATE INDEX decisions_by_customer ON decisions(customer_id);
                    """)
        }
        migrator.registerMigration("v2-next-check-index") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customer_index (
                        customer_id TEXT PRIMARY KEY, next_check INTEGER NOT NULL, checked_at INTEGER NOT NULL,
                        graph TEXT NOT NULL);
                    CREATE INDEX customer_index_by_next_check ON customer_index(next_check);
                    CREATE INDEX actions_by_status ON actions(status, customer_id);
                    """)
        }
        // v3: the listing table; data and ledger tables clustered by customer (WITHOUT ROWID,
        // keyed by customer and id or key, with a unique index on the id or key: a customer's rows
        // share pages, so a run reads and writes a few pages per customer instead of one per row); the next-check index without per-row graph (one `index_meta` row says
        // what the index was computed under) and kept by triggers: any change to a customer's
        // data drops their entry, so an import re-evaluates only the customers it touched.
        migrator.registerMigration("v3-listing") { db in
            try db.execute(
                sql: """
                    CREATE TABLE listing (
                        day INTEGER NOT NULL, instant INTEGER NOT NULL, customer_id TEXT NOT NULL,
                        playbook TEXT NOT NULL, position INTEGER NOT NULL, order_id TEXT NOT NULL, key TEXT NOT NULL,
                        line BLOB NOT NULL, digest INTEGER NOT NULL,
                        PRIMARY KEY (day, instant, customer_id, playbook, position, order_id, key)) WITHOUT ROWID;
                    CREATE INDEX listing_by_customer ON listing(customer_id, digest);
                    DROP TABLE customer_index;
                    CREATE TABLE customer_index (
                        customer_id TEXT PRIMARY KEY, next_check INTEGER NOT NULL, checked_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX customer_index_by_next_check ON customer_index(next_check);
                    CREATE TABLE index_meta (
                        id INTEGER PRIMARY KEY CHECK (id = 1), graph TEXT NOT NULL, latest_check INTEGER NOT NULL);
                    CREATE TABLE actions_v3 (
                        key TEXT NOT NULL, playbook TEXT NOT NULL, step TEXT NOT NULL, customer_id TEXT NOT NULL,
                        journey TEXT NOT NULL, order_id TEXT, sku TEXT, occurrence INTEGER NOT NULL, due TEXT NOT NULL,
                        status TEXT NOT NULL, skipped_by_rule INTEGER NOT NULL, zone TEXT NOT NULL,
                        recorded_at INTEGER NOT NULL, closed_at TEXT, message TEXT,
                        PRIMARY KEY (customer_id, key)) WITHOUT ROWID;
                    INSERT INTO actions_v3 SELECT key, playbook, step, customer_id, journey, order_id, sku, occurrence,
                        due, status, skipped_by_rule, zone, recorded_at, closed_at, message FROM actions;
                    DROP TABLE actions;
                    ALTER TABLE actions_v3 RENAME TO actions;
                    CREATE UNIQUE INDEX actions_by_key ON actions(key);
                    CREATE TABLE decisions_v3 (
                        key TEXT NOT NULL, customer_id TEXT NOT NULL, outcome INTEGER NOT NULL,
                        PRIMARY KEY (customer_id, key)) WITHOUT ROWID;
                    INSERT INTO decisions_v3 SELECT key, customer_id, outcome FROM decisions;
                    DROP TABLE decisions;
                    ALTER TABLE decisions_v3 RENAME TO decisions;
                    CREATE TABLE customers_v3 (
                        id TEXT PRIMARY KEY, name TEXT NOT NULL, phone TEXT, line_id TEXT, wechat_id TEXT, email TEXT,
                        tier TEXT NOT NULL, birthday TEXT, tags TEXT, owner TEXT, opted_out INTEGER NOT NULL,
                        created_at TEXT NOT NULL, attributes TEXT NOT NULL DEFAULT '{}') WITHOUT ROWID;
                    INSERT INTO customers_v3 SELECT id, name, phone, line_id, wechat_id, email, tier, birthday, tags,
                        owner, opted_out, created_at, attributes FROM customers;
                    DROP TABLE customers;
                    ALTER TABLE customers_v3 RENAME TO customers;
                    CREATE TABLE orders_v3 (
                        id TEXT NOT NULL, customer_id TEXT NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
                        ordered_at TEXT NOT NULL, paid_at TEXT, shipped_at TEXT, delivered_at TEXT, carrier TEXT,
                        tracking_no TEXT, amount TEXT, PRIMARY KEY (customer_id, id)) WITHOUT ROWID;
                    INSERT INTO orders_v3 SELECT id, customer_id, sku, quantity, ordered_at, paid_at, shipped_at,
                        delivered_at, carrier, tracking_no, amount FROM orders;
                    DROP TABLE orders;
                    ALTER TABLE orders_v3 RENAME TO orders;
                    CREATE UNIQUE INDEX orders_by_id ON orders(id);
                    CREATE TABLE events_v3 (
                        id TEXT NOT NULL, customer_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, note TEXT,
                        order_id TEXT, PRIMARY KEY (customer_id, id)) WITHOUT ROWID;
                    INSERT INTO events_v3 SELECT id, customer_id, kind, at, note, order_id FROM events;
                    DROP TABLE events;
                    ALTER TABLE events_v3 RENAME TO events;
                    CREATE UNIQUE INDEX events_by_id ON events(id);
                    """)
            for (table, column) in [("customers", "id"), ("orders", "customer_id"), ("events", "customer_id")] {
                try db.execute(sql: indexTriggers(table: table, customerColumn: column))
            }
        }
        return migrator
    }

    /// Triggers that drop a customer's next-check index entry whenever a row of `table` about them
    /// is inserted, updated (both the old and the new customer) or deleted.
    private static func indexTriggers(table: String, customerColumn column: String) -> String {
        """
        CREATE TRIGGER \(table)_inserted AFTER INSERT ON \(table) BEGIN
            DELETE FROM customer_index WHERE customer_id = NEW.\(column); END;
        CREATE TRIGGER \(table)_updated AFTER UPDATE ON \(table) BEGIN
            DELETE FROM customer_index WHERE customer_id IN (OLD.\(column), NEW.\(column)); END;
        CREATE TRIGGER \(table)_deleted AFTER DELETE ON \(table) BEGIN
            DELETE FROM customer_index WHERE customer_id = OLD.\(column); END;
        """
    }

    /// Runs `body` in one IMMEDIATE write transaction: all of it is stored, or nothing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try explainingLocks { try writeTransaction(body) }
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

    /// SQLite's default: a commit that leaves a log of more pages than this copies them back.
    private static let autocheckpointPages = 1000

    /// Turns SQLite's busy and locked errors into an error a user can act on.
    private func explainingLocks<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw StoreError(
                message: "the database \(path) is locked by another program for more than 10 s; "
                    + "wait for the other playbook command to finish and try again")
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction that is rolled back: a rehearsal (`run
    /// --dry-run`) that sees its own writes and leaves nothing behind.
    func rehearse<T>(_ body: (Database) throws -> T) throws -> T {
        try explainingLocks { try writeTransaction(body, ending: .rollback) }
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
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return completion
            }
            guard let result else { throw StoreError(message: "the transaction produced no result") }
            return result
        }
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
