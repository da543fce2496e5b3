import Foundation
import Logging
import PlaybookStore
import PostgresNIO

/// The team database's tables (SPEC §6): text compared byte for byte (`COLLATE "C"`, whatever the
/// server's locale), `customer_id` first in every per-customer primary key so that the tables can be
/// distributed by customer, and a version that a newer playbook raises in one transaction.
enum PostgresSchema {
    /// The schema this build writes.
    static let version = 2

    /// Column types of each table, by column (text unless listed), for casts in statements.
    static let numericColumns: [String: [String: String]] = [
        "customers": ["opted_out": "integer"],
        "orders": ["quantity": "integer"],
        "actions": [
            "occurrence": "integer", "skipped_by_rule": "integer", "recorded_at": "bigint", "withdrawn_at": "bigint",
        ],
        "decisions": ["outcome": "integer"],
        "runs": ["as_of": "bigint", "ran_at": "bigint", "recorded": "integer", "withdrawn": "integer"],
    ]

    /// The SQL types of `columns` of `table`.
    static func types(_ table: String, _ columns: [String]) -> [String] {
        columns.map { numericColumns[table]?[$0] ?? "text" }
    }

    static let tables = """
        CREATE TABLE customers (
            id text COLLATE "C" PRIMARY KEY, name text NOT NULL, phone text, line_id text, wechat_id text, email text,
            tier text NOT NULL, birthday text, tags text, owner text COLLATE "C", opted_out integer NOT NULL,
            created_at text NOT NULL, attributes text NOT NULL DEFAULT '{}');
        CREATE INDEX customers_by_owner ON customers (owner);
        CREATE TABLE orders (
            customer_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, sku text COLLATE "C" NOT NULL,
            quantity integer NOT NULL, ordered_at text NOT NULL, paid_at text, shipped_at text, delivered_at text,
            carrier text, tracking_no text, amount text, PRIMARY KEY (customer_id, id));
        CREATE UNIQUE INDEX orders_by_id ON orders (id);
        CREATE TABLE events (
            customer_id text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL,
            at text NOT NULL, note text, order_id text COLLATE "C", PRIMARY KEY (customer_id, id));
        CREATE UNIQUE INDEX events_by_id ON events (id);
        CREATE TABLE actions (
            customer_id text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, playbook text COLLATE "C" NOT NULL,
            step text COLLATE "C" NOT NULL, journey text COLLATE "C" NOT NULL, order_id text COLLATE "C",
            sku text COLLATE "C", occurrence integer NOT NULL, due text NOT NULL, status text NOT NULL,
            skipped_by_rule integer NOT NULL, zone text NOT NULL, recorded_at bigint NOT NULL, closed_at text,
            message text, withdrawn_at bigint, PRIMARY KEY (customer_id, key));
        CREATE INDEX actions_by_key ON actions (key);
        CREATE INDEX actions_pending ON actions (playbook) WHERE status = 'pending';
        CREATE TABLE decisions (
            customer_id text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, outcome integer NOT NULL,
            PRIMARY KEY (customer_id, key));
        CREATE TABLE runs (
            as_of bigint NOT NULL, ran_at bigint NOT NULL, owner text, recorded integer NOT NULL,
            withdrawn integer NOT NULL);
        \(users)
        """

    /// Version 2: web accounts (SPEC §9).
    static let users = """
        CREATE TABLE users (
            id text COLLATE "C" PRIMARY KEY, role text NOT NULL, owner text COLLATE "C", password_hash text NOT NULL);
        """

    /// Creates the tables in an empty database, or checks the version of a playbook database; a
    /// database of another program, or of a newer playbook, is refused.
    static func prepare(_ connection: PostgresConnection, logger: Logger, url: PostgresURL) async throws {
        let encoding = try await connection.rows("SHOW server_encoding", logger: logger).first?.first ?? nil
        guard encoding == "UTF8" else {
            throw StoreError(
                message: "the database \(url) stores text as \(encoding ?? "?"), not UTF8; create it with "
                    + "ENCODING 'UTF8' (createdb -E UTF8 -T template0)")
        }
        try await connection.run("BEGIN", logger: logger)
        do {
            try await connection.run("SELECT pg_advisory_xact_lock(hashtext('playbook-schema'))", logger: logger)
            let tables = try await connection.rows(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
                logger: logger
            ).compactMap { $0.first ?? nil }
            if tables.isEmpty {
                for statement in Self.tables.split(separator: ";")
                where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await connection.run(String(statement), logger: logger)
                }
                try await connection.run("CREATE TABLE playbook_schema (version integer NOT NULL)", logger: logger)
                try await connection.run("INSERT INTO playbook_schema VALUES (\(version))", logger: logger)
            } else if !tables.contains("playbook_schema") {
                let names = tables.sorted().prefix(5).joined(separator: ", ")
                throw StoreError(
                    message: "\(url) holds tables of another program (\(names)), not a playbook database; nothing "
                        + "was written. Give playbook a database of its own")
            } else {
                let found = try await connection.rows("SELECT max(version)::text FROM playbook_schema", logger: logger)
                let stored = (found.first?.first ?? nil).flatMap { Int($0) } ?? 0
                if stored > version {
                    throw StoreError(
                        message: "\(url) was written by a newer version of playbook (schema \(stored)); upgrade "
                            + "playbook to use it")
                }
                if stored < 2 {
                    try await connection.run(Self.users, logger: logger)
                    try await connection.run("UPDATE playbook_schema SET version = 2", logger: logger)
                }
            }
            try await connection.run("COMMIT", logger: logger)
        } catch {
            try? await connection.run("ROLLBACK", logger: logger)
            throw error
        }
    }
}
