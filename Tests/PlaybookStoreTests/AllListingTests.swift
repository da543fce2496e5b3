import Foundation
import PlaybookCore
import Testing

@testable import PlaybookStore

/// `run --all` lists done and skipped actions of every customer; past a threshold the listing goes
/// through a temporary file instead of memory, and prints exactly the same.
struct AllListingTests {
    @Test func spilledListingPrintsWhatTheHeldOnePrints() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let service = RunService(database: database, graph: graph)
        let first = try service.run(.init(asOf: RunTests.zoneEnd("2026-11-23", graph)))
        let keys = first.actions.prefix(6).map(\.key)
        let ledger = LedgerService(database: database)
        let day = Timestamp.date(LocalDate(year: 2026, month: 11, day: 23))
        try ledger.close(keys: Array(keys.prefix(3)), as: .done, at: day)
        try ledger.close(keys: Array(keys.suffix(3)), as: .skipped, at: day)

        func listing(spill: Int, dryRun: Bool) throws -> (jsonl: String, actions: [String]) {
            var options = RunService.Options(asOf: RunTests.zoneEnd("2026-11-30", graph))
            options.all = true
            options.dryRun = dryRun
            options.allListingSpill = spill
            var bytes: [UInt8] = []
            try service.run(options) { bytes += $0 }
            var actions: [String] = []
            try service.run(options) { actions.append("\($0.key) \($0.status) \($0.dueText) \($0.message ?? "-")") }
            return (String(decoding: bytes, as: UTF8.self), actions)
        }
        let held = try listing(spill: AllListing.defaultSpillThreshold, dryRun: true)
        let spilled = try listing(spill: 7, dryRun: true)
        #expect(held.jsonl.contains(#""status":"done""#) && held.jsonl.contains(#""status":"skipped""#))
        #expect(held.jsonl.split(separator: "\n").count == held.actions.count)
        #expect(held.actions.count > 7 * 3, "the spilled listing goes through several spills")
        #expect(spilled.jsonl == held.jsonl)
        #expect(spilled.actions == held.actions)
        let recorded = try listing(spill: 7, dryRun: false)
        #expect(recorded.jsonl == held.jsonl, "a recording run lists what its rehearsal listed")
    }
}
