import PlaybookCore
import Testing

/// An import stores each time in its canonical text; made from the cell's own bytes where it can
/// be, it must be exactly the text formatted from the parsed value.
struct TimestampTextTests {
    @Test(arguments: [
        "2026-11-19", "2026-11-19 22:30", "2026-11-19T22:30", "2026-11-19t22:30", "2026-11-19 9:30",
        " 2026-11-19 9:30", "2026-11-19 22:30 ", "2026-11-19 22:30:05", "2026-11-19T22:30:05", "2026-11-19T22:30:60",
        "2026-11-19T22:30:05Z", "2026-11-19T22:30:05z", "2026-11-19T22:30:60Z", "2026-11-19T22:30:05+08:00",
        "2026-11-19T22:30:05-0330", "2026-11-19T22:30:05.123", "2026-11-19T22:30:05.5Z", "2026-11-19 22:30Z",
        " 2026-11-19T9:30:00Z", "2026-11-19T22:30+0800", "2026-11-19 22:30+08", "1900-01-01 00:00", "2200-12-31 23:59",
    ])
    func reusedTextIsTheFormattedText(_ text: String) throws {
        let value = try #require(Timestamp(parsing: text))
        #expect(value.description(reusing: text) == value.description)
    }

    /// Every minute of a day and a spread of dates, written the way shops export them.
    @Test func exportedLocalTimesGiveTheirCanonicalText() throws {
        for day in stride(from: 1, through: 28, by: 9) {
            for minute in stride(from: 0, to: 24 * 60, by: 7) {
                let text =
                    "2026-02-" + (day < 10 ? "0" : "") + "\(day) " + String(format2: minute / 60) + ":"
                    + String(format2: minute % 60)
                let value = try #require(Timestamp(parsing: text))
                #expect(value.description(reusing: text) == value.description, "\(text)")
            }
        }
    }
}

extension String {
    /// A number of at most two digits, padded with a zero.
    fileprivate init(format2 number: Int) { self = (number < 10 ? "0" : "") + String(number) }
}
