import Testing

@testable import PlaybookCore

/// The latest due occurrence of an `every` step, found by search, is the one a step-by-step count
/// finds: over every unit, month ends and Feb 29, instants in a zone with daylight saving, `times`
/// up to the largest integer and `until` (an instant or a whole date) before, near and far from the
/// start.
struct EveryScheduleTests {
    @Test(arguments: PlaybookDuration.Unit.allCases)
    func searchFindsTheSameOccurrenceAsCounting(_ unit: PlaybookDuration.Unit) throws {
        let zone = try #require(Zone(identifier: "America/New_York"))
        let firsts: [DueTime] = [
            .date(LocalDate(year: 2024, month: 1, day: 31)), .date(LocalDate(year: 2024, month: 2, day: 29)),
            .instant(zone.instant(of: LocalDate(year: 2025, month: 3, day: 8), secondsIntoDay: 9_000)),
        ]
        for amount in [1, 2, 7, 13] {
            let interval = PlaybookDuration(amount: amount, unit: unit)
            for first in firsts {
                let start = first.sortInstant(in: zone)
                let untils = [-86_400, 864_000, 34_560_000].flatMap { offset in
                    let until = start.adding(seconds: Int64(offset))
                    return [DueTime.instant(until), .date(zone.localDate(of: until))]
                }
                let ends: [(limit: Int?, until: DueTime?)] =
                    [(1, nil), (5, nil), (Int.max, nil)] + untils.map { (nil, $0) }
                for end in ends {
                    var schedule = EverySchedule(first: first, interval: interval, zone: zone)
                    schedule.limit = end.limit
                    schedule.until = end.until
                    for days in [-1, 0, 3, 40, 800] {
                        let asOf = start.adding(seconds: Int64(days) * 86_400)
                        #expect(
                            schedule.latest(dueAt: asOf) == Self.counted(schedule, asOf: asOf),
                            "every \(amount)\(unit.rawValue) from \(first), \(end), \(days) days on")
                    }
                }
            }
        }
    }

    /// The highest k due and within bounds, counting up from 1.
    static func counted(_ schedule: EverySchedule, asOf: Instant) -> Int? {
        var k = 0
        while schedule.isWithinBounds(k + 1), schedule.due(k + 1).isDue(asOf: asOf, zone: schedule.zone) { k += 1 }
        return k == 0 ? nil : k
    }
}
