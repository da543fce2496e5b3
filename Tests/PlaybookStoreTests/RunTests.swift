import Foundation
import PlaybookCore
import PlaybookStore
import Testing

/// `playbook run`, `done`, `skip` and `log` against a real SQLite file.
struct RunTests {
    static func zoneEnd(_ date: String, _ graph: RuleGraph) -> Instant {
        graph.team.zone.endOfDay(LocalDate(iso: date) ?? LocalDate(year: 2026, month: 1, day: 1))
    }

    @Test func rerunPrintsTheSameActionsAndNeverDuplicates() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let service = RunService(database: database, graph: graph)
        let options = RunService.Options(asOf: Self.zoneEnd("2026-11-23", graph))
        let first = try service.run(options)
        #expect(first.recorded > 0)
        let second = try service.run(options)
        #expect(second.recorded == 0)
        #expect(second.actions.map(\.jsonLine) == first.actions.map(\.jsonLine))
        #expect(Set(first.actions.map(\.key)).count == first.actions.count)
    }

    @Test func dryRunRecordsNothing() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        var options = RunService.Options(asOf: Self.zoneEnd("2026-11-23", graph))
        options.dryRun = true
        let result = try RunService(database: database, graph: graph).run(options)
        #expect(!result.actions.isEmpty)
        #expect(try ImportProbe.count(database, "actions") == 0)
    }

    @Test func doneAndSkipRefuseUnknownKeysAndCorrectClosedOnes() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let result = try RunService(database: database, graph: graph).run(
            .init(asOf: Self.zoneEnd("2026-11-23", graph)))
        let key = try #require(result.actions.first?.key)
        let ledger = LedgerService(database: database)
        let before = try ImportProbe.actions(database)
        #expect(throws: StoreError.self) {
            try ledger.close(
                keys: [key, "no/such/key"], as: .done, at: .date(LocalDate(year: 2026, month: 11, day: 23)))
        }
        #expect(try ImportProbe.actions(database) == before, "one bad key: nothing changes")
        try ledger.close(keys: [key], as: .skipped, at: .date(LocalDate(year: 2026, month: 11, day: 23)))
        #expect(try ImportProbe.actions(database)[key] == "skipped")
        try ledger.close(keys: [key], as: .skipped, at: .date(LocalDate(year: 2026, month: 11, day: 23)))
        try ledger.close(keys: [key], as: .done, at: .date(LocalDate(year: 2026, month: 11, day: 24)))
        #expect(try ImportProbe.actions(database)[key] == "done", "a skipped action can be corrected to done")
    }

    @Test func loggedOptOutWithdrawsPendingActions() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let service = RunService(database: database, graph: graph)
        let first = try service.run(.init(asOf: Self.zoneEnd("2026-11-23", graph)))
        let customer = try #require(first.actions.first?.customer)
        let ledger = LedgerService(database: database)
        try ledger.log(
            customer: customer, kind: "opt_out", at: .date(LocalDate(year: 2026, month: 11, day: 23)), note: nil)
        let second = try service.run(.init(asOf: Self.zoneEnd("2026-11-23", graph)))
        #expect(!second.actions.contains { $0.customer == customer })
        #expect(second.withdrawn > 0)
        let withdrawnKey = try #require(first.actions.first?.key)
        #expect(throws: StoreError.self) {
            try ledger.close(keys: [withdrawnKey], as: .done, at: .date(LocalDate(year: 2026, month: 11, day: 23)))
        }
        #expect(throws: StoreError.self) {
            try ledger.log(
                customer: "nobody", kind: "reply", at: .date(LocalDate(year: 2026, month: 11, day: 23)), note: nil)
        }
        let events = try ImportProbe.count(database, "events")
        #expect(throws: StoreError.self) {
            try ledger.log(
                customer: customer, kind: " ", at: .date(LocalDate(year: 2026, month: 11, day: 23)), note: nil)
        }
        #expect(try ImportProbe.count(database, "events") == events, "an event needs a kind, as in events.csv")
    }

    @Test func ownerRunsListTheirCustomersOnlyAndLeaveTheOthersIntact() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        let (referenceWorkspace, reference, _) = try TempWorkspace.demo()
        defer {
            workspace.remove()
            referenceWorkspace.remove()
        }
        let asOf = Self.zoneEnd("2026-11-23", graph)
        let full = try RunService(database: reference, graph: graph).run(.init(asOf: asOf)).actions
        var owners: [String: String] = [:]
        for customer in Set(full.map(\.customer)) {
            owners[customer] = try database.facts(customer: customer)?.customer.owner
        }
        var scoped = RunService.Options(asOf: asOf)
        scoped.owner = "S01"
        let owned = try RunService(database: database, graph: graph).run(scoped).actions
        #expect(!owned.isEmpty)
        #expect(owned.map(\.jsonLine) == full.filter { owners[$0.customer] == "S01" }.map(\.jsonLine))
        let everyone = try RunService(database: database, graph: graph).run(.init(asOf: asOf)).actions
        #expect(everyone.map(\.jsonLine) == full.map(\.jsonLine))
        scoped.owner = "S02"
        let second = try RunService(database: database, graph: graph).run(scoped)
        #expect(second.customers == 0, "everyone was evaluated by the full run")
        #expect(second.actions.map(\.jsonLine) == full.filter { owners[$0.customer] == "S02" }.map(\.jsonLine))
    }

    @Test func editedMessageShowsAtOnceInASameDayRerun() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let asOf = Self.zoneEnd("2026-11-23", graph)
        let before = try RunService(database: database, graph: graph).run(.init(asOf: asOf)).actions
        #expect(before.contains { $0.message?.contains("三個月的心得") == true })
        let folder = workspace.directory.appendingPathComponent("playbooks")
        try FileManager.default.copyItem(
            at: TempWorkspace.packageRoot.appendingPathComponent("playbooks"), to: folder)
        let file = folder.appendingPathComponent("follow-up-333.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "三個月的心得", with: "三個月以來的心得").write(
            to: file, atomically: true, encoding: .utf8)
        let edited = try ProjectLoader.load(paths: [folder.path]).graph
        let after = try RunService(database: database, graph: edited).run(.init(asOf: asOf)).actions
        #expect(after.map(\.key) == before.map(\.key), "the same actions, none recorded again")
        #expect(!after.contains { $0.message?.contains("三個月的心得") == true })
        #expect(after.contains { $0.message?.contains("三個月以來的心得") == true })
    }
}
