import Foundation
import PlaybookCore
import Testing

@testable import PlaybookServer

/// Today lists: pages for one seller at the same moment share one run; a list older than its
/// freshness is made anew.
struct TodayListsTests {
    actor Counter {
        var runs = 0
        func add() -> Int {
            runs += 1
            return runs
        }
    }

    @Test func concurrentPagesOfOneSellerShareOneRun() async throws {
        let lists = TodayLists(freshness: 60)
        let counter = Counter()
        let day = LocalDate(year: 2026, month: 11, day: 23)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    _ = try await lists.list(for: "S01") {
                        _ = await counter.add()
                        try await Task.sleep(nanoseconds: 50_000_000)
                        return ([], day)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await counter.runs == 1)
        _ = try await lists.list(for: "S02") {
            _ = await counter.add()
            return ([], day)
        }
        #expect(await counter.runs == 2, "another seller has a run of their own")
    }

    @Test func aStaleListIsMadeAnew() async throws {
        let lists = TodayLists(freshness: 0)
        let counter = Counter()
        let day = LocalDate(year: 2026, month: 11, day: 23)
        for _ in 0..<3 {
            _ = try await lists.list(for: "S01") {
                _ = await counter.add()
                return ([], day)
            }
        }
        #expect(await counter.runs == 3)
    }
}
