import GRDB

/// The triggers that mark a customer's next-check entry due when their data changes (schema v4)
/// run once per imported row: 1.5 s of a 3M-line orders import. While the index is empty (before
/// the first run, or after the playbooks or the cap changed) they have nothing to mark, since the
/// next run evaluates every customer anyway. So an import into an empty index drops its table's
/// triggers inside its transaction and creates them again before it commits; a failed or killed
/// import rolls the drop back with everything else, and no other writer runs meanwhile.
enum DueMarkSuspension {
    /// Drops the triggers on `table` when the next-check index is empty; returns whether it did.
    static func suspendIfIndexIsEmpty(on table: ImportTable, _ db: Database) throws -> Bool {
        guard try IndexReset.indexIsEmpty(db) else { return false }
        for name in PlaybookDatabase.dueMarkTriggerNames(on: table) {
            try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)")
        }
        return true
    }

    /// Creates the triggers on `table` again, as migration v4 made them.
    static func restore(on table: ImportTable, _ db: Database) throws {
        try db.execute(sql: PlaybookDatabase.dueMarkTriggers(on: table))
    }
}
