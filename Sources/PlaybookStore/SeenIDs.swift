import Foundation
import GRDB

/// The ids of a file's rows so far, with the line each first appeared on, to report a repeated id.
/// Most exports list ids in ascending order: those are kept in an array, and a new one is checked
/// against the last alone. Only ids out of that order are hashed (hashing every id of a 3M-line file
/// into a table far larger than the cache was a tenth of an import's checking).
///
/// Memory stays bounded whatever the file's length: at ``spillAfter`` ids in memory, they move
/// to a scratch SQLite file in TMPDIR (deleted afterwards), which a new id is looked up in only when
/// it could be there — an id below the ascending ones, or any id once ids out of order were moved.
struct SeenIDs: Sendable {
    /// Ids that came in ascending order, with their lines.
    private var ascending: [(id: String, line: Int)] = []
    /// The greatest ascending id so far (also after the array moved to the scratch file).
    private var lastAscending: String?
    /// The other ids, with their lines.
    private var others: [String: Int] = [:]
    /// Ids moved out of memory, whether any of them came out of order, and a filter of them that
    /// answers most lookups of an id that is not there without reading the file.
    private var spill: SpilledIDs?
    private var spilledOthers = false
    private var filter = IDFilter()
    /// How many ids are kept in memory before they move to the scratch file.
    let spillAfter: Int

    /// An empty set that keeps up to `spillAfter` ids in memory (24–60 bytes each: 4M by default, so
    /// the 3M order lines of a 1M-customer shop never move).
    init(spillAfter: Int = 1 << 22) { self.spillAfter = max(1, spillAfter) }

    /// Makes room for about `count` ids.
    mutating func reserve(_ count: Int) { ascending.reserveCapacity(min(count, spillAfter)) }

    /// Records `id`, first seen on `line`; when it was seen before, returns the line it first
    /// appeared on and keeps that one.
    mutating func insert(_ id: String, line: Int) throws -> Int? {
        if lastAscending.map({ $0 < id }) ?? true {
            if let first = others.isEmpty ? nil : others[id] { return first }
            if spilledOthers, filter.mayContain(id), let first = try spill?.line(of: id) { return first }
            ascending.append((id, line))
            lastAscending = id
            if ascending.count >= spillAfter { try moveAscending() }
            return nil
        }
        if let first = lineInAscending(id) { return first }
        if let first = others[id] { return first }
        if spill != nil, filter.mayContain(id), let first = try spill?.line(of: id) { return first }
        others[id] = line
        if others.count >= spillAfter { try moveOthers() }
        return nil
    }

    /// The line of `id` among the ascending ids in memory, by binary search.
    private func lineInAscending(_ id: String) -> Int? {
        var lower = 0
        var upper = ascending.count
        while lower < upper {
            let middle = lower + (upper - lower) / 2
            if ascending[middle].id < id { lower = middle + 1 } else { upper = middle }
        }
        return lower < ascending.count && ascending[lower].id == id ? ascending[lower].line : nil
    }

    private mutating func moveAscending() throws {
        try scratch().add(ascending)
        for (id, _) in ascending { filter.insert(id) }
        ascending.removeAll(keepingCapacity: true)
    }

    private mutating func moveOthers() throws {
        try scratch().add(others.map { ($0.key, $0.value) })
        for id in others.keys { filter.insert(id) }
        others.removeAll(keepingCapacity: true)
        spilledOthers = true
    }

    private mutating func scratch() throws -> SpilledIDs {
        if let spill { return spill }
        let created = try SpilledIDs()
        spill = created
        return created
    }
}

/// A Bloom filter of the ids moved to the scratch file: 32 MiB, made when the first ids move, with
/// four probes per id; an id it has not seen is almost always answered "no" without a read (at 14M
/// ids about 0.2 % of lookups read the file needlessly). Its size does not grow with the file.
struct IDFilter: Sendable {
    private var words: [UInt64] = []
    private static let wordCount = 1 << 22

    /// Notes `id`.
    mutating func insert(_ id: String) {
        if words.isEmpty { words = Array(repeating: 0, count: Self.wordCount) }
        let (first, second) = Self.hashes(of: id)
        for probe in 0..<Self.probes {
            let bit = Self.bit(probe, first, second)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    /// False when `id` was certainly never inserted.
    func mayContain(_ id: String) -> Bool {
        guard !words.isEmpty else { return false }
        let (first, second) = Self.hashes(of: id)
        for probe in 0..<Self.probes {
            let bit = Self.bit(probe, first, second)
            if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    private static let probes = 4

    /// Two 64-bit hashes of `id` for double hashing.
    private static func hashes(of id: String) -> (UInt64, UInt64) {
        let first = UInt64(bitPattern: Int64(id.hashValue))
        return (first, (first >> 29 | first << 35) &* 0x9E37_79B9_7F4A_7C15 | 1)
    }

    /// The bit of probe `probe`.
    private static func bit(_ probe: Int, _ first: UInt64, _ second: UInt64) -> Int {
        Int((first &+ UInt64(probe) &* second) % UInt64(wordCount * 64))
    }
}

/// Ids kept in a scratch SQLite file for ``SeenIDs``, deleted when the last copy goes.
final class SpilledIDs: Sendable {
    private let queue: DatabaseQueue
    private let path: String

    init() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("playbook-ids-\(ProcessInfo.processInfo.processIdentifier)-\(UUID()).sqlite").path
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        queue = try Self.explaining(path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE ids (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
            }
            return queue
        }
    }

    /// A failure of the scratch file in words: it is TMPDIR's, not the database's.
    private static func explaining<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError(
                message: "the ids of a long file could not be kept in the scratch file \(path) (\(error)); nothing "
                    + "was imported. Check that TMPDIR exists, may be written and has room")
        }
    }

    deinit {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Adds ids with their lines (an id already there keeps its line).
    func add(_ ids: [(id: String, line: Int)]) throws {
        try Self.explaining(path) {
            try queue.write { db in
                let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO ids (id, line) VALUES (?, ?)")
                for (id, line) in ids { try statement.execute(arguments: [id, line]) }
            }
        }
    }

    /// The line `id` first appeared on, or nil.
    func line(of id: String) throws -> Int? {
        try Self.explaining(path) {
            try queue.read { db in
                try Int.fetchOne(db.cachedStatement(sql: "SELECT line FROM ids WHERE id = ?"), arguments: [id])
            }
        }
    }
}
