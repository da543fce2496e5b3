import PlaybookCore
import Testing

/// Edge cases around hours, event journeys, `after:` within one run and the cap's order.
struct EvaluationEdgeTests {
    static let complaint = """
        playbook: complaint
        enroll: { event: complaint }
        defaults: { channel: phone }
        steps:
          - id: call
            at: event + 2h
            expires: 3h
            message: "回電"
          - id: check-parcel
            at: delivered + 1d
            message: "{{order.tracking_no}}"
        """

    @Test func hourExpiryIsCountedInHours() throws {
        var atNoon = try Scenario([Self.complaint], customers: [customer("C1")])
        atNoon.log("C1", "complaint", at: "2026-11-10 09:00")
        let noon = try #require(Timestamp(parsing: "2026-11-10T12:00:00+08:00")).instant(in: .utc)
        #expect(atNoon.memory.run(asOf: noon).map(\.dueText) == ["2026-11-10T11:00:00+08:00"])
        var endOfDay = try Scenario([Self.complaint], customers: [customer("C1")])
        endOfDay.log("C1", "complaint", at: "2026-11-10 09:00")
        #expect(endOfDay.run("2026-11-10").isEmpty, "11:00 + 3h = 14:00 has passed by the end of the day")
    }

    @Test func eventJourneyUsesTheOrderTheEventNames() throws {
        var scenario = try Scenario([Self.complaint], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cream", at: "2026-11-01", delivered: "2026-11-05")
        scenario.facts[0].orders[0].trackingNo = "TW1"
        scenario.log("C1", "complaint", at: "2026-11-03 09:00", order: "O1")
        let listed = scenario.run("2026-11-06")
        #expect(listed.map(\.step) == ["check-parcel"])
        #expect(listed.first?.message == "TW1")
        #expect(listed.first?.order == "O1")
    }

    @Test func afterCountsAnActionRecordedEarlierInTheSameRun() throws {
        let playbook = """
            playbook: chain
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: second
                at: purchase + 1d
                after: first
                message: null
              - id: first
                at: purchase + 1d
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-02").map(\.step) == ["second", "first"], "listed in file order")
    }

    @Test func notEqualIsTheNegationOfEqualEvenForAMissingValue() throws {
        let playbook = """
            playbook: outside
            enroll: { customers: all }
            defaults: { channel: line }
            steps:
              - id: not-taipei
                at: enrolled + 1d
                if: 'customer.city != "Taipei"'
                message: null
              - id: before-taipei
                at: enrolled + 1d
                if: 'customer.city < "Taipei"'
                message: null
            """
        var withoutCity = customer("C1")
        withoutCity.customer.attributes = [:]
        var inTaipei = customer("C2")
        inTaipei.customer.attributes = ["city": "Taipei"]
        var inHualien = customer("C3")
        inHualien.customer.attributes = ["city": "Hualien"]
        var scenario = try Scenario([playbook], customers: [withoutCity, inTaipei, inHualien])
        let listed = scenario.run("2026-01-02").map { "\($0.customer) \($0.step)" }
        #expect(listed == ["C1 not-taipei", "C3 not-taipei", "C3 before-taipei"])
    }

    @Test func capOrderCountsADateAsItsLocalMidnight() throws {
        let playbook = """
            playbook: two
            enroll: { event: complaint }
            defaults: { channel: phone }
            steps:
              - id: hour
                at: event + 1h
                message: null
              - id: day
                at: event + 1d
                message: null
            """
        var scenario = try Scenario([playbook], cap: 1, customers: [customer("C1")])
        scenario.log("C1", "complaint", at: "2026-11-09 23:30")
        let listed = scenario.run("2026-11-10")
        #expect(listed.map(\.step) == ["day"], "due 11-10 (midnight) comes before 11-10T00:30")
        #expect(scenario.run("2026-11-11").map(\.step) == ["day", "hour"])
    }

    @Test func birthdayWithExpiresRecordsEachYearInItsWindow() throws {
        let playbook = """
            playbook: birthday
            enroll: { customers: all }
            defaults: { channel: line }
            steps:
              - id: soon
                at: birthday - 3d
                expires: 5d
                message: "{{due}}"
            """
        var scenario = try Scenario([playbook], customers: [customer("C1", created: "2025-01-01", birthday: "03-10")])
        #expect(scenario.run("2025-03-09").map(\.message) == ["2025-03-07"])
        #expect(scenario.run("2025-03-20").map(\.message) == ["2025-03-07"], "stays pending once recorded")
        #expect(scenario.run("2026-03-20").map(\.message) == ["2025-03-07"], "2026-03-07 + 5d has passed")
        #expect(scenario.run("2027-03-07").map(\.message) == ["2025-03-07", "2027-03-07"])
    }

    /// A step whose trigger changed from `every` to `at`: the `at` occurrence of journey `O1#2`
    /// has the key of journey `O1`'s second `every` occurrence (`…/O1#2`), so it counts as recorded,
    /// as the ledger's primary key has it; journey `O1`'s own `at` occurrence is new.
    @Test func anOccurrenceIsRecordedWhenItsKeyIs() throws {
        let every = """
            playbook: care
            enroll: { products: [cream] }
            defaults: { channel: line }
            steps:
              - id: check
                every: 1d
                from: purchase
                times: 2
                message: "check"
            """
        var scenario = try Scenario([every], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cream", at: "2026-11-01")
        #expect(scenario.run("2026-11-05").map(\.key) == ["care/check/C1/O1#2"])
        scenario.graph = try Scenario(
            [
                every.replacingOccurrences(of: "every: 1d", with: "at: purchase + 1d")
                    .replacingOccurrences(of: "    from: purchase\n", with: "").replacingOccurrences(
                        of: "    times: 2\n", with: "")
            ],
            customers: []
        ).graph
        scenario.order("O1#2", "C1", sku: "cream", at: "2026-11-01")
        #expect(scenario.run("2026-11-06").map(\.key).sorted() == ["care/check/C1/O1", "care/check/C1/O1#2"])
        #expect(scenario.records.filter { $0.key == "care/check/C1/O1#2" }.map(\.occurrence) == [2])
    }
}

/// Astronomical numbers from data or playbooks: arithmetic stops far out instead of overflowing.
struct FarOutTimeTests {
    @Test func aHugeQuantityAndHugeDurationsAreNeverDueAndDoNotCrash() throws {
        let playbook = """
            playbook: far
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            products:
              cleanser: { use_cycle: 999999y }
            steps:
              - id: reminder
                at: runout - 7d
                message: null
              - id: yearly
                every: 999999y
                from: purchase
                times: 9223372036854775807
                message: null
              - id: hourly
                every: 1h
                from: purchase
                until: runout + 999999y
                message: null
              - id: long-ago
                at: purchase - 999999y
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01", quantity: Int.max)
        let listed = scenario.run("2026-11-02")
        #expect(listed.map(\.step) == ["long-ago", "hourly"])
        #expect(listed.first?.dueText == "-997973-11-01")
        #expect(listed.last?.key == "far/hourly/C1/O1#47", "the latest hour of 2026-11-02 in Taipei")
    }

    @Test func aProductOfDurationsStopsAtTheLargestAmount() {
        let year = PlaybookDuration(amount: 999_999, unit: .years)
        #expect(year.times(Int.max).amount == 1_000_000_000)
        #expect(year.times(Int.min).amount == -1_000_000_000)
        #expect(year.negated.times(Int.max).amount == -1_000_000_000)
        #expect(year.times(3).amount == 2_999_997)
        let farthest = LocalDate(year: 2026, month: 11, day: 1).adding(months: 12 * 1_000_000_000)
        #expect(farthest == LocalDate(dayNumber: 4_000_000_000))
        #expect(LocalDate(year: 2026, month: 11, day: 1).adding(days: -Int.max) == LocalDate(dayNumber: -4_000_000_000))
    }
}
