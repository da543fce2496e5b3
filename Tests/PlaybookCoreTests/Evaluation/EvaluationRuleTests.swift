import PlaybookCore
import Testing

/// One focused test per rule of SPEC §3.6 (and the §3.5 rules it leans on).
struct EvaluationRuleTests {
    static let day3 = """
        playbook: care
        enroll: { products: [cleanser] }
        products: { cleanser: { name: 洗面乳, use_cycle: 80d } }
        defaults: { channel: line }
        steps:
          - id: day-3
            at: purchase + 3d
            message: "{{customer.name}} 用了{{product.name}}三天"
        """

    @Test func seesOnlyWhatExistedAtT() throws {
        var scenario = try Scenario([Self.day3], customers: [customer("C1"), customer("C2", created: "2026-12-01")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-10")
        scenario.order("O2", "C1", sku: "cleanser", at: "2026-11-20 09:00")
        scenario.order("O3", "C2", sku: "cleanser", at: "2026-11-10")
        let listed = scenario.run("2026-11-19", dryRun: true)
        #expect(listed.map(\.order) == ["O1"], "O2 is ordered after T; C2 is created after T")
    }

    @Test func asOfDateIsTheEndOfTheDayAndConditionsSeeTheWholeDay() throws {
        let playbook = """
            playbook: complaint
            enroll: { event: complaint }
            defaults: { channel: phone }
            steps:
              - id: late-call
                at: event + 9h
                if: 'has_event("reply")'
                message: "回電"
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.log("C1", "complaint", at: "2026-11-20 14:00")
        scenario.log("C1", "reply", at: "2026-11-20 22:30")
        let listed = scenario.run("2026-11-20")
        #expect(listed.summary == ["late-call@2026-11-20T23:00:00+08:00"])
    }

    @Test func overdueAtStepIsRecordedLateUnlessExpired() throws {
        let expiring = Self.day3.replacingOccurrences(
            of: "    at: purchase + 3d", with: "    at: purchase + 3d\n    expires: 2d")
        var late = try Scenario([Self.day3], customers: [customer("C1")])
        late.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(late.run("2026-11-20").summary == ["day-3@2026-11-04"])
        var expired = try Scenario([expiring], customers: [customer("C1")])
        expired.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(expired.run("2026-11-07").isEmpty, "due 11-04 + 2d = 11-06 is the last day")
        var lastDay = try Scenario([expiring], customers: [customer("C1")])
        lastDay.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(lastDay.run("2026-11-06").summary == ["day-3@2026-11-04"])
    }

    /// A greeting every two days from the purchase, seven times, with an optional `if:` line.
    static func greeting(_ condition: String = "") -> String {
        """
        playbook: greet
        enroll: { products: [cleanser] }
        defaults: { channel: line }
        steps:
          - id: every-2-days
            every: 2d
            from: purchase
            times: 7
            message: "早安"
        \(condition.isEmpty ? "" : "    if: '\(condition)'")
        """
    }

    @Test func everyStepRecordsOnlyTheLatestOccurrenceAndWithdrawsOlderPending() throws {
        var scenario = try Scenario([Self.greeting()], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-03").summary == ["every-2-days@2026-11-03"])
        let skippedWeek = scenario.run("2026-11-10")
        #expect(skippedWeek.summary == ["every-2-days@2026-11-09"], "one greeting, not four")
        let withdrawn = scenario.records.filter { $0.status == .withdrawn }.map(\.occurrence)
        #expect(withdrawn == [1])
        #expect(scenario.run("2026-12-31").summary == ["every-2-days@2026-11-15"], "times: 7 ends on 11-15")
    }

    /// "Recording it withdraws the older pending ones" holds when `if:` records the latest
    /// occurrence as skipped, too: a greeting superseded by one that no longer applies is stale.
    @Test func everyOccurrenceSkippedByItsConditionWithdrawsOlderPending() throws {
        var scenario = try Scenario([Self.greeting("not has_event(\"selfie\")")], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-03").summary == ["every-2-days@2026-11-03"])
        scenario.log("C1", "selfie", at: "2026-11-04 10:00")
        #expect(scenario.run("2026-11-05").isEmpty, "occurrence 2 is skipped, and occurrence 1 goes with it")
        let statuses = scenario.records.sorted { $0.occurrence < $1.occurrence }.map(\.status)
        #expect(statuses == [.withdrawn, .skipped])
    }

    @Test func everyUntilIsInclusive() throws {
        let playbook = """
            playbook: greet
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: weekly
                every: 1w
                from: purchase
                until: purchase + 2w
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-15").summary == ["weekly@2026-11-15"])
        #expect(scenario.run("2026-12-31").summary == ["weekly@2026-11-15"])
        #expect(scenario.run("2026-12-31").first?.kind == .task, "no text means a task")
    }

    /// An hourly step's `until` that is a date (a whole-day offset) takes in that whole local date,
    /// as a date due is due all day: every 12h from 2026-11-01 15:20 until purchase + 3d (11-04)
    /// ends with the occurrence of 11-04 15:20, the sixth.
    @Test func hourlyEveryUntilADateTakesInThatWholeDay() throws {
        let playbook = """
            playbook: greet
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: twice-a-day
                every: 12h
                from: purchase
                until: purchase + 3d
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01 15:20")
        _ = scenario.run("2026-11-04")
        #expect(scenario.records.map(\.occurrence) == [6])
        #expect(scenario.run("2026-12-31").summary == ["twice-a-day@2026-11-04T15:20:00+08:00"])
    }

    @Test func birthdayWithoutExpiresRecordsOnlyTheLatestPastBirthday() throws {
        let playbook = """
            playbook: birthday
            enroll: { customers: all }
            defaults: { channel: line }
            steps:
              - id: greet
                at: birthday
                message: "生日快樂"
            """
        var scenario = try Scenario(
            [playbook], customers: [customer("C1", created: "2023-01-01", birthday: "1992-02-29")])
        #expect(
            scenario.run("2026-11-23").summary == ["greet@2026-02-28"],
            "Feb 29 is Feb 28 in 2026; 2023–2025 are dropped")
        #expect(scenario.records.map(\.occurrence) == [2026])
    }

    @Test func conditionIsDecidedOnceAndFalseRecordsSkipped() throws {
        let playbook = Self.day3.replacingOccurrences(
            of: "    at: purchase + 3d", with: "    at: purchase + 3d\n    if: 'not has_event(\"reply\")'")
        var scenario = try Scenario([playbook], customers: [customer("C1"), customer("C2")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        scenario.order("O2", "C2", sku: "cleanser", at: "2026-11-01")
        scenario.log("C2", "reply", at: "2026-11-02")
        #expect(scenario.run("2026-11-04").map(\.customer) == ["C1"])
        scenario.log("C1", "reply", at: "2026-11-05")
        #expect(
            scenario.run("2026-11-05").map(\.customer) == ["C1"], "decided true once; a later reply changes nothing")
        let all = scenario.run("2026-11-05", all: true)
        #expect(all.map { "\($0.customer):\($0.status)" } == ["C1:pending", "C2:skipped"])
    }

    @Test func noReplyNudgeIsSkippedAfterAReplyAndStaysOnceRecorded() throws {
        let playbook = """
            playbook: nudge
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: offer
                at: purchase + 1d
                message: "試用品要嗎？"
              - id: nudge
                no_reply: 2d
                after: offer
                message: "還需要嗎？"
            """
        var scenario = try Scenario([playbook], customers: [customer("C1"), customer("C2")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        scenario.order("O2", "C2", sku: "cleanser", at: "2026-11-01")
        scenario.run("2026-11-02")
        scenario.done("nudge/offer/C1/O1", on: "2026-11-02")
        scenario.log("C2", "reply", at: "2026-11-03T10:00:00+08:00")
        let day4 = scenario.run("2026-11-04")
        #expect(day4.map { "\($0.customer):\($0.step)" } == ["C2:offer", "C1:nudge"])
        scenario.log("C1", "reply", at: "2026-11-05")
        #expect(
            scenario.run("2026-11-05").contains { $0.customer == "C1" && $0.step == "nudge" }, "a recorded nudge stays")
        #expect(
            scenario.run("2026-11-05", all: true).contains {
                $0.customer == "C2" && $0.step == "nudge" && $0.status == "skipped"
            })
    }

    @Test func repurchaseReplacesTheOlderJourney() throws {
        let playbook = """
            playbook: refill
            enroll: { products: [cleanser] }
            products: { cleanser: { use_cycle: 80d } }
            defaults: { channel: line }
            steps:
              - id: week-1
                at: purchase + 1w
                message: null
              - id: reminder
                at: runout - 7d
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-09-01")
        #expect(scenario.run("2026-09-08").summary == ["week-1@2026-09-08"])
        scenario.order("O2", "C1", sku: "cleanser", at: "2026-11-10")
        let after = scenario.run("2026-11-17")
        #expect(after.map(\.order) == ["O2"], "O1's pending week-1 is withdrawn, its reminder never recorded")
        #expect(scenario.records.first { $0.orderID == "O1" }?.status == .withdrawn)
        #expect(scenario.run("2027-01-22").map(\.step).contains("reminder"))
        #expect(scenario.records.filter { $0.step == "reminder" }.map(\.orderID) == ["O2"])
    }

    @Test func equalOrderTimesAndReplaceFalseKeepJourneysSideBySide() throws {
        var equal = try Scenario([Self.day3], customers: [customer("C1")])
        equal.order("O1", "C1", sku: "cleanser", at: "2026-11-01 10:00")
        equal.order("O2", "C1", sku: "cleanser", at: "2026-11-01 10:00")
        #expect(equal.run("2026-11-04").map(\.order) == ["O1", "O2"])
        let sideBySide = Self.day3.replacingOccurrences(of: "[cleanser] }", with: "[cleanser], replace: false }")
        var kept = try Scenario([sideBySide], customers: [customer("C1")])
        kept.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        kept.order("O2", "C1", sku: "cleanser", at: "2026-11-02")
        #expect(kept.run("2026-11-05").map(\.order) == ["O1", "O2"])
    }

    @Test func editingAPlaybookKeepsRecordsAndWithdrawsRemovedSteps() throws {
        var scenario = try Scenario([Self.day3], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-04").first?.message == "王小美 用了洗面乳三天")
        let fixed = Self.day3.replacingOccurrences(of: "用了", with: "使用")
        scenario.graph = try Scenario([fixed], customers: []).graph
        #expect(scenario.run("2026-11-05").first?.message == "王小美 使用洗面乳三天", "re-rendered on each run")
        let moved = fixed.replacingOccurrences(of: "purchase + 3d", with: "purchase + 5d")
        scenario.graph = try Scenario([moved], customers: []).graph
        #expect(scenario.run("2026-11-06").summary == ["day-3@2026-11-04"], "already recorded: never recorded again")
        let removed = moved.replacingOccurrences(of: "id: day-3", with: "id: day-5")
        scenario.graph = try Scenario([removed], customers: []).graph
        #expect(scenario.run("2026-11-06").summary == ["day-5@2026-11-06"])
        #expect(scenario.records.first { $0.step == "day-3" }?.status == .withdrawn)
    }

    @Test func optOutWithdrawsPendingActions() throws {
        var scenario = try Scenario([Self.day3], customers: [customer("C1"), customer("C2", optedOut: true)])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        scenario.order("O2", "C2", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-04").map(\.customer) == ["C1"])
        scenario.log("C1", "opt_out", at: "2026-11-05")
        #expect(scenario.run("2026-11-05").isEmpty)
        #expect(scenario.records.allSatisfy { $0.status == .withdrawn })
    }

    @Test func openComplaintPausesOtherPlaybooksUntilResolved() throws {
        let complaint = """
            playbook: complaint
            enroll: { event: complaint }
            defaults: { channel: phone }
            steps:
              - id: call
                at: event
                message: "致電"
            """
        let expiring = Self.day3.replacingOccurrences(
            of: "  - id: day-3",
            with: "  - id: week-1\n    at: purchase + 1w\n    expires: 1d\n    message: null\n  - id: day-3")
        var scenario = try Scenario([complaint, expiring], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        scenario.log("C1", "complaint", at: "2026-11-02")
        #expect(scenario.run("2026-11-04").summary == ["call@2026-11-02"], "day-3 is deferred")
        scenario.log("C1", "complaint_resolved", at: "2026-11-10")
        let resumed = scenario.run("2026-11-10")
        #expect(
            resumed.summary == ["call@2026-11-02", "day-3@2026-11-04"], "week-1 (due 11-08, expires 11-09) is dropped")
    }

    @Test func dailyCapKeepsTheHighestPriorityAndTheRestWait() throws {
        let playbook = """
            playbook: many
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: low
                at: purchase + 1d
                message: null
              - id: high
                at: purchase + 2d
                priority: 5
                message: null
              - id: early
                at: purchase
                message: null
            """
        var scenario = try Scenario([playbook], cap: 2, customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-05").map(\.step) == ["early", "high"], "priority first, then the earliest due")
        #expect(scenario.run("2026-11-05").map(\.step) == ["early", "high"], "the cap holds for the rest of the day")
        #expect(scenario.run("2026-11-06").map(\.step) == ["early", "low", "high"])
    }

    /// The cap's last tie-breaker, the order id, compares bytes: `O-e` + a combining accent sorts
    /// before `O-f` (Swift's `<` would put the accented id, `O-é` to it, after).
    @Test func dailyCapBreaksTiesByOrderIdBytes() throws {
        let playbook = """
            playbook: one
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: thanks
                at: purchase
                message: null
            """
        var scenario = try Scenario([playbook], cap: 1, customers: [customer("C1")])
        scenario.order("O-f", "C1", sku: "cleanser", at: "2026-11-01")
        scenario.order("O-e\u{301}", "C1", sku: "cleanser", at: "2026-11-01")
        let listed = scenario.run("2026-11-01").compactMap(\.order).map { Array($0.utf8) }
        #expect(listed == [Array("O-e\u{301}".utf8)])
    }

    @Test func requireHoldsTheActionAsWaiting() throws {
        let playbook = Self.day3.replacingOccurrences(
            of: "    at: purchase + 3d", with: "    at: purchase + 3d\n    require: [order.tracking_no, customer.phone]"
        )
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        let listed = scenario.run("2026-11-04")
        #expect(listed.map(\.status) == ["waiting"])
        #expect(listed.first?.missing == ["order.tracking_no", "customer.phone"])
    }

    @Test func runoutCountsQuantityFromDeliveryWithMonthClamping() throws {
        let playbook = """
            playbook: refill
            enroll: { products: [cream] }
            use_cycle_from: delivered
            products: { cream: { use_cycle: 3mo } }
            defaults: { channel: line }
            steps:
              - id: reminder
                at: runout
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cream", at: "2026-05-20", quantity: 2, delivered: "2026-05-31")
        #expect(scenario.run("2027-01-01").summary == ["reminder@2026-11-30"], "05-31 + 6mo = 11-30")
    }

    @Test func runStepAnchorsUseTheDoneDate() throws {
        let playbook = """
            playbook: chain
            enroll: { products: [cleanser] }
            defaults: { channel: line }
            steps:
              - id: first
                at: purchase + 1d
                message: null
              - id: second
                at: step:first + 2d
                message: null
            """
        var scenario = try Scenario([playbook], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        var pending = scenario
        pending.run("2026-11-02")
        #expect(pending.run("2026-11-04").summary == ["first@2026-11-02", "second@2026-11-04"], "run date 11-02 + 2d")
        scenario.run("2026-11-02")
        scenario.done("chain/first/C1/O1", on: "2026-11-03")
        #expect(scenario.run("2026-11-04").isEmpty)
        #expect(scenario.run("2026-11-05").summary == ["second@2026-11-05"], "done date 11-03 + 2d")
    }

    @Test func dataIsNeverParsedAsATemplate() throws {
        var hostile = customer("C1", name: "{{customer.phone}} <b>&</b>")
        hostile.customer.phone = "0912345678"
        var scenario = try Scenario([Self.day3], customers: [hostile])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        #expect(scenario.run("2026-11-04").first?.message == "{{customer.phone}} <b>&</b> 用了洗面乳三天")
    }
}
