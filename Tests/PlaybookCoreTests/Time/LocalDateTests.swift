import PlaybookCore
import Testing

/// A date is kept as its day number; year, month and day are computed from it. Both ways must
/// agree with the proleptic Gregorian calendar everywhere a run can reach.
struct LocalDateTests {
    /// Walking day by day from 1899-12-01 to 2201-01-31, each date's components are the calendar's
    /// next day after the previous one, and building the date back from them gives the same day.
    @Test func dayNumbersWalkTheCalendarDayByDay() throws {
        var expected = (year: 1899, month: 12, day: 1)
        let first = LocalDate(year: 1899, month: 12, day: 1).dayNumber
        let last = LocalDate(year: 2201, month: 1, day: 31).dayNumber
        for number in first...last {
            let date = LocalDate(dayNumber: number)
            let (year, month, day) = date.components
            #expect(year == expected.year && month == expected.month && day == expected.day)
            #expect(LocalDate(year: year, month: month, day: day) == date)
            if expected.day < LocalDate.daysIn(month: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
        #expect(LocalDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(LocalDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
    }

    /// Order, equality and text follow the calendar, far out included.
    @Test(arguments: [
        ("2024-02-29", "2024-03-01"), ("1999-12-31", "2000-01-01"), ("0001-01-01", "1969-12-31"),
        ("2026-11-23", "9999-12-31"),
    ])
    func orderAndTextFollowTheCalendar(_ earlier: String, _ later: String) throws {
        let a = try #require(LocalDate(iso: earlier))
        let b = try #require(LocalDate(iso: later))
        #expect(a < b && !(b < a) && a != b)
        #expect(a.description == earlier && b.description == later)
        #expect(a.adding(days: a.days(until: b)) == b)
    }
}
