import GRDB

/// The database schema, migration by migration (v1 to v6).
extension PlaybookDatabase {
    /// The listing table (v3): each open action's JSONL line under its place in SPEC §4 order.
    static let listingTable = """
        CREATE TABLE listing (
            day INTEGER NOT NULL, instant INTEGER NOT NULL, customer_id TEXT NOT NULL,
            playbook TEXT NOT NULL, position INTEGER NOT NULL, order_id TEXT NOT NULL, key TEXT NOT NULL,
            line BLOB NOT NULL, digest INTEGER NOT NULL,
            PRIMARY KEY (day, instant, customer_id, playbook, position, order_id, key)) WITHOUT ROWID
        """

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
        // keyed by customer and id or key, with a unique index on the id or key, v5 drops the one
        // on keys: a customer's rows share pages, so a run reads and writes a few pages per
        // customer instead of one per row); the next-check index without per-row graph (one
        // `index_meta` row says what the index was computed under) and kept by triggers: any
        // change to a customer's data drops their entry, so an import re-evaluates only the
        // customers it touched.
        migrator.registerMigration("v3-listing") { db in
            try db.execute(
                sql: """
                    \(listingTable);
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
        // v4: a change to a customer's data marks their next-check entry due instead of dropping
        // it, so every customer keeps an entry and a run finds the changed ones through the index
        // on `next_check`; looking for customers without an entry scanned every customer (0.4 s
        // at 1M) in every run after an import, a `done` or a `log`.
        migrator.registerMigration("v4-due-marks") { db in
            for table in ["customers", "orders", "events"] {
                try db.execute(
                    sql: "DROP TRIGGER \(table)_inserted; DROP TRIGGER \(table)_updated; DROP TRIGGER \(table)_deleted;"
                )
            }
            try db.execute(sql: dueMarkTriggers)
        }
        // v5: no index on action keys alone. A key holds its customer's id, so `done` and `skip`
        // find an action through the primary key (customer, key); every run paid for keeping the
        // index (a million inserts in a first run at 1M customers, a quarter of the ledger's pages
        // rewritten by a next-day run) for lookups that a seller makes a few times a day.
        migrator.registerMigration("v5-no-key-index") { db in
            try db.execute(sql: "DROP INDEX actions_by_key")
        }
        // v6: while the next-check index holds any entry, every customer has one (a customer whose
        // id changes keeps one; those a file of v5 lacks, after a run for one seller's customers,
        // are marked due), so a run no longer counts both tables to look for customers without an
        // entry: the two counts read 110 MB at 1M customers, a fifth of a same-day rerun.
        migrator.registerMigration("v6-every-customer-indexed") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER IF EXISTS customers_updated;
                    \(customersUpdatedTrigger);
                    INSERT OR IGNORE INTO customer_index (customer_id, next_check, checked_at)
                        SELECT id, \(IndexReset.dueNow), 0 FROM customers WHERE EXISTS (SELECT 1 FROM customer_index);
                    """)
        }
        // v7: every recording run's time, so that a run far past the latest one is refused (SPEC §5).
        migrator.registerMigration("v7-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        as_of INTEGER NOT NULL, ran_at INTEGER NOT NULL, owner TEXT, recorded INTEGER NOT NULL,
                        withdrawn INTEGER NOT NULL);
                    """)
        }
        // v8: when each action was withdrawn (the withdrawing run's time), so that a report as of
        // a past time counts what was withdrawn by then (SPEC §8).
        migrator.registerMigration("v8-withdrawn-at") { db in
            try db.execute(sql: "ALTER TABLE actions ADD COLUMN withdrawn_at INTEGER")
        }
        // v9: web accounts (SPEC §9), kept with the data they give access to.
        migrator.registerMigration("v9-users") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                        id TEXT PRIMARY KEY, role TEXT NOT NULL, owner TEXT, password_hash TEXT NOT NULL);
                    """)
        }
        return migrator
    }

    /// v3's triggers: drop a customer's next-check entry whenever a row of `table` about them is
    /// inserted, updated (both the old and the new customer) or deleted.
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

    /// v4's triggers: mark the customer's next-check entry due (``IndexReset/dueNow``) whenever a
    /// row about them is inserted, updated or deleted. A new customer gets a due entry while the
    /// index holds any (an empty index means every customer is evaluated anyway); a deleted one, or
    /// the old id of a renamed one, loses theirs. Orders and events never create an entry: their
    /// customer has one already while the index holds any (v6).
    private static let dueMarkTriggers = ImportTable.allCases.map { dueMarkTriggers(on: $0) }.joined(separator: "\n")

    /// The names of a data table's v4 triggers.
    static func dueMarkTriggerNames(on table: ImportTable) -> [String] {
        ["inserted", "updated", "deleted"].map { "\(table.rawValue)_\($0)" }
    }

    /// The v4 triggers of one data table (named by ``dueMarkTriggerNames(on:)``).
    static func dueMarkTriggers(on table: ImportTable) -> String {
        guard table == .customers else { return dueMarks(table: table.rawValue) }
        return """
            CREATE TRIGGER customers_inserted AFTER INSERT ON customers BEGIN
                INSERT OR REPLACE INTO customer_index (customer_id, next_check, checked_at)
                    SELECT NEW.id, \(IndexReset.dueNow), 0 WHERE EXISTS (SELECT 1 FROM customer_index); END;
            \(customersUpdatedTrigger);
            CREATE TRIGGER customers_deleted AFTER DELETE ON customers BEGIN
                DELETE FROM customer_index WHERE customer_id = OLD.id; END;
            """
    }

    /// A changed customer's entry is marked due; a customer whose id changes moves to an entry
    /// under the new id (v6: every customer keeps one while the index holds any). No `OR IGNORE`:
    /// the upsert of an import that fires the trigger would impose its own conflict handling.
    private static let customersUpdatedTrigger = """
        CREATE TRIGGER customers_updated AFTER UPDATE ON customers BEGIN
            DELETE FROM customer_index WHERE customer_id = OLD.id AND OLD.id != NEW.id;
            UPDATE customer_index SET next_check = \(IndexReset.dueNow) WHERE customer_id = NEW.id;
            INSERT INTO customer_index (customer_id, next_check, checked_at)
                SELECT NEW.id, \(IndexReset.dueNow), 0 WHERE OLD.id != NEW.id
                    AND NOT EXISTS (SELECT 1 FROM customer_index WHERE customer_id = NEW.id)
                    AND EXISTS (SELECT 1 FROM customer_index); END
        """

    private static func dueMarks(table: String) -> String {
        """
        CREATE TRIGGER \(table)_inserted AFTER INSERT ON \(table) BEGIN
            UPDATE customer_index SET next_check = \(IndexReset.dueNow) WHERE customer_id = NEW.customer_id; END;
        CREATE TRIGGER \(table)_updated AFTER UPDATE ON \(table) BEGIN
            UPDATE customer_index SET next_check = \(IndexReset.dueNow)
                WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
        CREATE TRIGGER \(table)_deleted AFTER DELETE ON \(table) BEGIN
            UPDATE customer_index SET next_check = \(IndexReset.dueNow) WHERE customer_id = OLD.customer_id; END;
        """
    }
}
