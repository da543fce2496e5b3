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
