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

extension TimestampTextTests {
    /// Twenty thousand time texts put together at random from the pieces a spreadsheet writes.
    @Test func randomTimeTextsGiveTheirCanonicalText() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func pick<T>(_ choices: [T]) -> T {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return choices[Int((state >> 33) % UInt64(choices.count))]
        }
        var parsed = 0
        for _ in 0..<20_000 {
            var text = pick(["", "", " "]) + pick(["2026", "1999", "2200"]) + "-" + pick(["01", "02", "12", "1"])
            text += "-" + pick(["01", "28", "29", "31", "9"])
            if pick([true, false]) {
                text +=
                    pick([" ", "T", "t"]) + pick(["00", "09", "9", "23", "24"]) + ":" + pick(["00", "30", "59", "5"])
                text += pick(["", "", ":00", ":59", ":60", ":5"]) + pick(["", "", ".5", ".123"])
                text += pick(["", "", "Z", "z", "+08:00", "-0330", "+08", "+8"])
            }
            text += pick(["", "", " "])
            guard let value = Timestamp(parsing: text) else { continue }
            parsed += 1
            #expect(value.description(reusing: text) == value.description, "\(text)")
        }
        #expect(parsed > 2_000)
    }
}

extension String {
    /// A number of at most two digits, padded with a zero.
    fileprivate init(format2 number: Int) { self = (number < 10 ? "0" : "") + String(number) }
}
