import Foundation
import GRDB
import PlaybookCore

/// The listing of `run --all`: every action of the evaluated customers, done and skipped ones
/// too, in SPEC §4 order. `--all` evaluates every customer, and held in memory to be sorted, the
/// actions of a million customers took 1.35 GB; so past ``defaultSpillThreshold`` actions they go
/// to a temporary SQLite file keyed like the listing table, which hands them back in order.
struct AllListing {
    /// Actions held in memory, unless told otherwise, before they go to the temporary file.
    static let defaultSpillThreshold = 100_000

    /// Actions held in memory before they go to the temporary file (tests lower it).
    let spillThreshold: Int
    private var held: [ListedAction] = []
    private var spill: Spill?
    /// Actions appended so far.
    private(set) var count = 0

    /// Creates an empty listing that spills past `spillThreshold` actions.
    init(spillThreshold: Int = Self.defaultSpillThreshold) { self.spillThreshold = max(1, spillThreshold) }

    /// Adds the actions of evaluated customers.
    mutating func append(contentsOf actions: [ListedAction]) throws {
        held += actions
        count += actions.count
        if held.count >= spillThreshold { try spillHeld() }
    }

    /// Hands every action to `each`, in SPEC §4 order.
    mutating func forEach(_ each: (ListedAction) throws -> Void, zone: (String) -> Zone) throws {
        guard let spill else {
            for action in ListedAction.sortedForOutput(held) { try each(action) }
            return
        }
        try spillHeld()
        try spill.queue.read { db in _ = try ListingStore.stream(db, scope: .all, zone: zone, each: each) }
    }

    /// Writes every action's JSONL line, in SPEC §4 order, in chunks of bytes.
    mutating func writeJSONL(_ write: ([UInt8]) throws -> Void) throws {
        guard let spill else {
            for action in ListedAction.sortedForOutput(held) { try write(action.jsonLineUTF8) }
            return
        }
        try spillHeld()
        try spill.queue.read { db in _ = try ListingStore.streamJSONL(db, scope: .all, write: write) }
    }

    private mutating func spillHeld() throws {
        let spill = try self.spill ?? Spill()
        self.spill = spill
        let rows = held.map { ($0.outputKey, $0) }.sorted { $0.0 < $1.0 }
        held.removeAll()
        try spill.queue.inTransaction { db in
            var insert = try ListingInsert(db)
            for (key, action) in rows { try insert.insert(at: key, line: action.jsonLineUTF8, digest: 0) }
            return .commit
        }
    }

    /// The temporary file: a folder of its own, removed with it.
    private final class Spill {
        let queue: DatabaseQueue
        private let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "playbook-all-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            do {
                queue = try DatabaseQueue(
                    path: folder.appendingPathComponent("listing.sqlite").path, configuration: configuration)
                try queue.write { db in try db.execute(sql: PlaybookDatabase.listingTable) }
            } catch {
                try? FileManager.default.removeItem(at: folder)
                let parent = folder.deletingLastPathComponent().path
                throw StoreError(
                    message: "could not write the temporary file of `run --all` in \(parent) (\(error)); "
                        + "free some disk space there or set TMPDIR to another folder")
            }
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }
}
