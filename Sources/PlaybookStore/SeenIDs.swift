/// The ids of a file's rows so far, with the line each first appeared on, to report a repeated id.
/// Most exports list ids in ascending order: those are kept in an array, and a new one is checked
/// against the last alone. Only ids out of that order are hashed (hashing every id of a 3M-line file
/// into a table far larger than the cache was a tenth of an import's checking).
struct SeenIDs {
    /// Ids that came in ascending order, with their lines.
    private var ascending: [(id: String, line: Int)] = []
    /// The other ids, with their lines.
    private var others: [String: Int] = [:]

    /// Makes room for about `count` ids.
    mutating func reserve(_ count: Int) { ascending.reserveCapacity(count) }

    /// Records `id`, first seen on `line`; when it was seen before, returns the line it first
    /// appeared on and keeps that one.
    mutating func insert(_ id: String, line: Int) -> Int? {
        if ascending.last.map({ $0.id < id }) ?? true {
            if let first = others.isEmpty ? nil : others[id] { return first }
            ascending.append((id, line))
            return nil
        }
        if let first = lineInAscending(id) { return first }
        guard let first = others.updateValue(line, forKey: id) else { return nil }
        others[id] = first
        return first
    }

    /// The line of `id` among the ascending ids, by binary search.
    private func lineInAscending(_ id: String) -> Int? {
        var lower = 0
        var upper = ascending.count
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if ascending[middle].id < id { lower = middle + 1 } else { upper = middle }
        }
        return lower < ascending.count && ascending[lower].id == id ? ascending[lower].line : nil
    }
}
