import PlaybookCore
import Testing

/// Defaults, kinds and the arithmetic the compiler and evaluator rely on.
struct CompilerTests {
    static func playbook(_ steps: String) -> String {
        """
        playbook: demo
        enroll: { customers: all }
        defaults: { channel: line, priority: 2 }
        steps:
        \(steps)
        """
    }

    @Test func kindDefaultsFollowTheText() throws {
        let text = Self.playbook(
            """
              - id: a
                at: enrolled
                message: "hi"
              - id: b
                at: enrolled
                note: "do it"
              - id: c
                at: enrolled
                message: null
              - id: d
                at: enrolled
                priority: -1
                channel: sms
            """)
        let (compiled, diagnostics) = TestSupport.compile(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let steps = try #require(compiled).steps
        #expect(steps.map(\.kind) == [.message, .task, .task, .task])
        #expect(steps.map(\.priority) == [2, 2, 2, -1])
        #expect(steps.map(\.channel) == [.line, .line, .line, .sms])
    }

    /// An expiry in hours under a day warns on steps due on a date, wherever it is written (the
    /// step or `defaults:`), and not on hour-based triggers or an expiry of a day or more.
    @Test func hourExpiryWithinTheDueDayWarnsAtItsValue() throws {
        let text = """
            playbook: demo
            enroll: { customers: all }
            defaults: { channel: line, expires: 6h }
            steps:
              - id: daily
                every: 2d
                from: enrolled
                times: 3
              - id: hourly
                every: 12h
                from: enrolled
                times: 3
              - id: nudge
                no_reply: 1d
                after: daily
                expires: 23h
              - id: late
                at: enrolled + 1d
                expires: 24h
              - id: at-hour
                at: enrolled + 30h
            """
        let (_, diagnostics) = TestSupport.compile(text)
        let warnings = diagnostics.filter { $0.rule == "expires-within-due-day" }
        #expect(warnings.map(\.location.line) == [3, 16], "defaults' 6h for `daily`, then `nudge`'s 23h")
        #expect(warnings.map(\.location.column) == [37, 14])
        #expect(warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func expressionErrorsPointAtTheirColumn() throws {
        let text = Self.playbook(
            """
              - id: a
                at: enrolled
                if: 'customer.tier == "vip" and bougth("x")'
                message: hi
            """)
        let (_, diagnostics) = TestSupport.compile(text)
        let error = try #require(diagnostics.first { $0.rule == "expression-type" })
        #expect(error.location.line == 7)
        #expect(error.location.column == 37, "the 'b' of bougth: 10 + 27")
        #expect(error.message.contains("did you mean 'bought'"))
    }

    @Test(arguments: [
        ("2026-08-31", "3mo", "2026-11-30"),
        ("2024-02-29", "1y", "2025-02-28"),
        ("2026-01-31", "1mo", "2026-02-28"),
        ("2026-12-30", "2w", "2027-01-13"),
        ("2026-03-01", "0d", "2026-03-01"),
    ])
    func calendarArithmeticClampsToTheMonthEnd(_ start: String, _ duration: String, _ expected: String) throws {
        let date = try #require(LocalDate(iso: start))
        let offset = try #require(PlaybookDuration(parsing: duration))
        #expect(offset.add(to: date).description == expected)
    }

    @Test func timestampsReadBareValuesInThePlaybookZone() throws {
        let taipei = try #require(Zone(identifier: "Asia/Taipei"))
        let bare = try #require(Timestamp(parsing: "2026-11-19 22:30"))
        let instant = try #require(Timestamp(parsing: "2026-11-19T22:30:00+08:00"))
        #expect(bare.instant(in: taipei) == instant.instant(in: .utc))
        #expect(Timestamp(parsing: "2026-11-19T16:30:00Z")?.localDate(in: taipei).description == "2026-11-20")
        #expect(taipei.iso8601(instant.instant(in: .utc)) == "2026-11-19T22:30:00+08:00")
        #expect(Timestamp(parsing: "2026-11-19 9:30") == Timestamp(parsing: "2026-11-19 09:30"))
        #expect(Timestamp(parsing: "2026-11-19T22:30:00.250+0800") == instant)
        #expect(Timestamp(parsing: "2026-02-30") == nil)
        #expect(Timestamp(parsing: "yesterday") == nil)
    }

    @Test(arguments: [
        (" 2026-11-19 ", "2026-11-19"),
        ("2026-11-19 9:30", "2026-11-19T09:30:00"),
        ("2026-11-19t22:30:59", "2026-11-19T22:30:59"),
        ("2026-11-19T22:30:60", "2026-11-19T22:30:59"),
        ("2026-11-19T22:30:00.5z", "2026-11-19T22:30:00Z"),
        ("2026-11-19T22:30+08", "2026-11-19T14:30:00Z"),
        ("2026-11-19T22:30:00-05:30", "2026-11-20T04:00:00Z"),
        ("2026-11-19T9:30:00+0800", "2026-11-19T01:30:00Z"),
        ("2026-11-19T22:30:00+8:00", "nil"), ("2026-11-19T22:30:00+08:0", "nil"),
        ("2026-11-19T22:30:00+19:00", "nil"), ("2026-11-19T22:30:00Z ", "2026-11-19T22:30:00Z"),
        ("2026-11-19T22:30:00Zx", "nil"), ("2026-11-19T24:00", "nil"), ("2026-11-19T22:3", "nil"),
        ("2026-11-19T22:30:00+08:00:00", "nil"), ("2026-11-1", "nil"), ("2026/11/19", "nil"), ("", "nil"),
    ])
    func timestampsParseTheSameFromTextAndFromBytes(_ text: String, _ expected: String) {
        let parsed = Timestamp(parsing: text)
        #expect((parsed?.description ?? "nil") == expected)
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { Timestamp(utf8: $0) }
        #expect(fromBytes == parsed)
    }

    @Test(
        "Dates and birthdays: YYYY-MM-DD and MM-DD, real days only",
        arguments: [
            ("2026-11-19", "2026-11-19", "nil"), ("2024-02-29", "2024-02-29", "nil"), ("2026-02-29", "nil", "nil"),
            ("2026-13-01", "nil", "nil"), ("0000-01-01", "nil", "nil"), ("9999-12-31", "9999-12-31", "nil"),
            ("2026-1-19", "nil", "nil"), ("2026/11/19", "nil", "nil"), ("２０２６-11-19", "nil", "nil"),
            ("02-29", "nil", "2-29"), ("12-31", "nil", "12-31"), ("04-31", "nil", "nil"), ("13-01", "nil", "nil"),
            ("1231", "nil", "nil"), ("", "nil", "nil"), ("2026-11-19T20:00:00+08:00", "nil", "nil"),
            ("2026-11-19 ", "nil", "nil"), ("2026-11-1９", "nil", "nil"),
        ])
    func isoDatesAndMonthDays(_ text: String, _ date: String, _ monthDay: String) {
        #expect((LocalDate(iso: text)?.description ?? "nil") == date)
        #expect((LocalDate.monthDay(text).map { "\($0.month)-\($0.day)" } ?? "nil") == monthDay)
    }
}
