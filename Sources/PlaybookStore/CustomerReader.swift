import GRDB
import PlaybookCore

extension PlaybookDatabase {
    /// One customer's data, or nil when there is no such customer.
    public func facts(customer id: String) throws -> CustomerFacts? {
        try read { db in try FactStore.facts(db, scope: .ids([id])).first }
    }

    /// One customer's recorded actions and decisions.
    public func ledger(customer id: String) throws -> CustomerLedger {
        try read { db in try FactStore.ledgers(db, scope: .ids([id]))[BytewiseText(id)] ?? CustomerLedger() }
    }

    /// The action with that key, or nil; an error when the key names actions of several customers.
    public func action(key: String) throws -> ActionRecord? {
        let matches = try read { db in try ActionRow.records(key: key, db) }
        guard matches.count <= 1 else { throw StoreError(message: LedgerService.sharedKeyProblem(key, matches)) }
        return matches.first
    }
}

extension PlaybookDatabase {
    /// The seller ids customers have as their owner, in order.
    public func owners() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT owner FROM customers WHERE owner IS NOT NULL ORDER BY owner")
        }
    }
}

/// A customer found by `playbook customers --find`.
public struct CustomerMatch: Sendable, Hashable {
    public var id: String
    public var name: String
    public var phone: String?
    public var owner: String?
    public var tier: String

    /// Creates a match.
    public init(id: String, name: String, phone: String?, owner: String?, tier: String) {
        self.id = id
        self.name = name
        self.phone = phone
        self.owner = owner
        self.tier = tier
    }
}

extension PlaybookDatabase {
    /// Customers whose id, name, phone, LINE or WeChat id or email contains `text` (any case), in
    /// id order, at most `limit`.
    public func findCustomers(_ text: String, limit: Int) throws -> [CustomerMatch] {
        let pattern =
            "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, name, phone, owner, tier FROM customers
                    WHERE id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' OR phone LIKE ?1 ESCAPE '\\'
                        OR line_id LIKE ?1 ESCAPE '\\' OR wechat_id LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'
                    ORDER BY id LIMIT ?2
                    """, arguments: [pattern, limit])
            return rows.map { row in
                CustomerMatch(id: row[0], name: row[1], phone: row[2], owner: row[3], tier: row[4])
            }
        }
    }
}
