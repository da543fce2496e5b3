import GRDB
import PlaybookCore

extension PlaybookDatabase {
    /// The action keys meant by what a seller typed: a key stays as it is; a short ref (SPEC §7) is
    /// looked up among the open actions first, then among all. A ref matching no action, or
    /// several, is an error that changes nothing.
    public func resolveKeys(_ references: [String]) throws -> [String] {
        let refs = Set(references.filter(ActionRef.isRef))
        guard !refs.isEmpty else { return references }
        let found = try read { db in
            var found = try Self.keys(matching: refs, db, openOnly: true)
            let missing = refs.subtracting(found.keys)
            if !missing.isEmpty {
                for (ref, keys) in try Self.keys(matching: missing, db, openOnly: false) { found[ref] = keys }
            }
            return found
        }
        return try ActionRefs.resolve(references, found: found)
    }

    /// The keys of the actions whose ref is one of `refs` (withdrawn ones left out).
    private static func keys(matching refs: Set<String>, _ db: Database, openOnly: Bool) throws -> [String: [String]] {
        let sql =
            openOnly
            ? "SELECT key FROM actions WHERE status = 'pending'" : "SELECT key FROM actions WHERE status != 'withdrawn'"
        let rows = try FastQuery(db, sql: sql)
        var found: [String: [String]] = [:]
        while try rows.next() {
            let key = rows.string(0)
            let ref = ActionRef.of(key: key)
            if refs.contains(ref) { found[ref, default: []].append(key) }
        }
        return found
    }
}

/// The backend-neutral half of resolving refs (SPEC §7).
public enum ActionRefs {
    /// `references` with each ref replaced by the one key `found` has for it; a ref with no key or
    /// several throws every such problem at once.
    public static func resolve(_ references: [String], found: [String: [String]]) throws -> [String] {
        var problems: [String] = []
        let keys = references.map { reference -> String in
            guard ActionRef.isRef(reference) else { return reference }
            let keys = found[reference] ?? []
            if keys.isEmpty {
                problems.append("\(reference): no action has this ref; copy it from `playbook run`")
            } else if keys.count > 1 {
                problems.append(
                    "\(reference): several actions share this ref (\(keys.joined(separator: ", "))); give the key")
            }
            return keys.first ?? reference
        }
        guard problems.isEmpty else { throw StoreError(message: problems.joined(separator: "\n")) }
        return keys
    }
}
