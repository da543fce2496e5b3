import Foundation
import PlaybookCore
import PlaybookStore
import Testing

/// The demo data (32 customers, 63 order lines, 45 events) run every day from 2026-07-01 to
/// 2026-11-23 (146 days) with the shipped playbooks, in two scenarios, compared with golden JSONL:
/// each day lists the actions that appear for the first time that day.
struct DayByDayTests {
    static let firstDay = LocalDate(year: 2026, month: 7, day: 1)
    static let lastDay = LocalDate(year: 2026, month: 11, day: 23)

    /// Runs every day; with `markDone`, marks every listed action done that same day.
    static func simulate(markDone: Bool) throws -> (golden: String, appeared: [String: ListedAction]) {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let service = RunService(database: database, graph: graph)
        let ledger = LedgerService(database: database)
        var seen: [String: ListedAction] = [:]
        var golden = ""
        var day = firstDay
        while day <= lastDay {
            let result = try service.run(.init(asOf: graph.team.zone.endOfDay(day)))
            let fresh = result.actions.filter { seen[$0.key] == nil }
            golden += "== \(day): \(result.actions.count) listed, \(fresh.count) new\n"
            for action in fresh {
                golden += action.jsonLine
                seen[action.key] = action
            }
            if markDone && !result.actions.isEmpty {
                try ledger.close(
                    keys: result.actions.map(\.key), as: .done,
                    at: .instant(graph.team.zone.instant(of: day, secondsIntoDay: 18 * 3600)))
            }
            day = day.adding(days: 1)
        }
        return (golden, seen)
    }

    static func goldenURL(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    static func check(_ actual: String, _ name: String) -> Bool {
        let url = goldenURL(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return true
        }
        return (try? String(contentsOf: url, encoding: .utf8)) == actual
    }

    @Test func sellerMarksEverythingDoneTheSameDay() throws {
        let (golden, appeared) = try Self.simulate(markDone: true)
        #expect(Self.check(golden, "day-by-day-done.jsonl"), "differs from Fixtures/day-by-day-done.jsonl")
        try Self.handChecked(appeared)
    }

    @Test func sellerNeverMarksAnythingDone() throws {
        let (golden, appeared) = try Self.simulate(markDone: false)
        #expect(Self.check(golden, "day-by-day-never.jsonl"), "differs from Fixtures/day-by-day-never.jsonl")
        try Self.handChecked(appeared)
    }

    /// Actions worked out by hand from examples/demo and playbooks/ (see each comment).
    static func handChecked(_ appeared: [String: ListedAction]) throws {
        func due(_ key: String) -> String? { appeared[key]?.dueText }
        // C014 bought cream (O0028) on 2026-07-21 14:05, shipped 07-23, delivered 07-24 with a tracking number.
        #expect(due("shipping-unboxing/shipping-notice/C014/O0028") == "2026-07-23")
        #expect(due("follow-up-333/week-3/C014/O0028") == "2026-08-11", "07-21 + 3w")
        #expect(due("follow-up-333/month-3/C014/O0028") == "2026-10-21", "07-21 + 3mo")
        // Day 3 (07-24, expires 2d) falls inside C014's complaint (07-24 14:30 to 07-28): deferred, then expired.
        #expect(appeared["follow-up-333/day-3/C014/O0028"] == nil)
        // The unboxing check (delivered + 1d = 07-25, expires 3d) is deferred by the complaint and recorded late.
        #expect(due("shipping-unboxing/unboxing-check/C014/O0028") == "2026-07-25")
        // The complaint E0033 at 07-24 14:30 local: the call is due at event + 2h.
        #expect(due("complaint-care/answer-now/C014/E0033") == "2026-07-24T16:30:00+08:00")
        // Still open on 07-26 (resolved 07-28): escalation due; after-care on 07-31 (resolved by then).
        #expect(due("complaint-care/escalate/C014/E0033") == "2026-07-26")
        #expect(due("complaint-care/after-care/C014/E0033") == "2026-07-31")
        // C014 is VIP and never bought serum: offer at purchase + 30d; no reply after 08-20, so the nudge on 08-24.
        #expect(due("vip-cross-sell/serum-offer/C014/O0028") == "2026-08-20")
        #expect(due("vip-cross-sell/serum-nudge/C014/O0028") == "2026-08-24")
        // Cream use_cycle 80d from delivery 07-24 → runout 10-12; reminder 7 days before.
        #expect(due("repurchase/runout-reminder/C014/O0028") == "2026-10-05")
        // C001 bought serum (O0001, no tracking number) and cleanser on 09-02: the serum's shipping notice waits.
        let waiting = appeared["shipping-unboxing/shipping-notice/C001/O0001"]
        #expect(waiting?.status == "waiting" && waiting?.missing == ["order.tracking_no"])
        // C001 already bought serum: the VIP offer is skipped, so no nudge follows it.
        #expect(appeared["vip-cross-sell/serum-nudge/C001/O0002"] == nil)
        // C012 opted out on 2026-10-15 and C031 has opted_out = true.
        #expect(!appeared.values.contains { $0.customer == "C031" })
    }
}
