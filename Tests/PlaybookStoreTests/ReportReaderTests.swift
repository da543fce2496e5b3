import Foundation
import PlaybookCore
import Testing

@testable import PlaybookStore

/// The report's reader: counting the customers in two halves on two cores gives the same report as
/// counting them on one, and only the customers with an action due in the report's dates are read.
struct ReportReaderTests {
    /// The demo data with the shipped playbooks, run once as of 2026-11-23.
    static func demoRunOnce() throws -> (TempWorkspace, PlaybookDatabase, RuleGraph) {
        let (workspace, database, graph) = try TempWorkspace.demo()
        _ = try RunService(database: database, graph: graph).run(
            RunService.Options(asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23))))
        return (workspace, database, graph)
    }

    @Test func twoCoresGiveTheSameReportAsOne() throws {
        let (workspace, database, graph) = try Self.demoRunOnce()
        defer { workspace.remove() }
        let zone = graph.team.zone
        for by in [[ReportQuery.Key.step], [.owner, .week]] {
            let query = ReportQuery(
                from: LocalDate(year: 2026, month: 7, day: 1), to: LocalDate(year: 2026, month: 11, day: 23),
                asOf: zone.endOfDay(LocalDate(year: 2026, month: 11, day: 30)), by: by)
            var one = ReportBuilder(query: query, graph: graph)
            try database.count(into: &one, twoCoresFrom: .max)
            var two = ReportBuilder(query: query, graph: graph)
            try database.count(into: &two, twoCoresFrom: 2)
            let expected = ReportDocument(one, zone: zone)
            #expect(ReportDocument(two, zone: zone).json == expected.json, "by \(by)")
            #expect(expected.rows.contains { $0.counts.recorded > 0 }, "the report counts something")
        }
    }

    /// With goals that count purchases and events, the reader's few columns give the report that
    /// every customer's whole data gives, on one core and on two.
    @Test func theFewColumnsGiveTheReportOfTheWholeData() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let folder = workspace.directory.appendingPathComponent("playbooks")
        try FileManager.default.copyItem(
            at: TempWorkspace.packageRoot.appendingPathComponent("playbooks"), to: folder)
        for (file, goal) in [
            ("repurchase.yaml", "goal: { bought: same, within: 30d }"),
            ("vip-cross-sell.yaml", "goal: { bought: [serum], within: 60d }"),
            ("follow-up-333.yaml", "goal: { bought: any, within: 120d }"),
            ("complaint.yaml", "goal: { event: reply, within: 120d }"),
        ] {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data((goal + "\n" + text).utf8).write(to: url)
        }
        let loaded = try ProjectLoader.load(paths: [folder.path])
        #expect(!loaded.hasErrors)
        let graph = loaded.graph
        #expect(graph.playbooks.contains { $0.goal != nil })
        let database = try workspace.database()
        try TempWorkspace.importDemo(into: database)
        let zone = graph.team.zone
        // Everything listed on 1 August is done the next day; purchases after it count as goals.
        let august = try RunService(database: database, graph: graph).run(
            RunService.Options(asOf: zone.endOfDay(LocalDate(year: 2026, month: 8, day: 1))))
        try database.close(
            keys: august.actions.filter { $0.status == "pending" }.map(\.key), as: .done,
            at: .date(LocalDate(year: 2026, month: 8, day: 2)), replied: false, replyNote: nil
        ) { _, _ in nil }
        _ = try RunService(database: database, graph: graph).run(
            RunService.Options(asOf: zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23))))
        let query = ReportQuery(
            from: LocalDate(year: 2026, month: 6, day: 1), to: LocalDate(year: 2026, month: 11, day: 30),
            asOf: zone.endOfDay(LocalDate(year: 2026, month: 12, day: 31)), by: [.step])
        var whole = ReportBuilder(query: query, graph: graph)
        var customers: [String] = []
        try database.forEachCustomerWithActions(
            dueFrom: query.from, dueTo: query.to, batchSize: 1000
        ) { facts, _ in customers.append(facts.customer.id) }
        for id in customers {
            let facts = try #require(try database.facts(customer: id))
            whole.add(facts, records: Array(try database.ledger(customer: id).records.values))
        }
        let expected = ReportDocument(whole, zone: zone).json
        for twoCoresFrom in [Int.max, 2] {
            var read = ReportBuilder(query: query, graph: graph)
            try database.count(into: &read, twoCoresFrom: twoCoresFrom)
            #expect(ReportDocument(read, zone: zone).json == expected, "two cores from \(twoCoresFrom)")
        }
        #expect(whole.total.recorded > 0)
        #expect(whole.total.converted > 0, "purchases count toward the goals: \(whole.total)")
    }

    @Test func onlyCustomersWithAnActionDueInTheDatesAreRead() throws {
        let (workspace, database, graph) = try Self.demoRunOnce()
        defer { workspace.remove() }
        let zone = graph.team.zone
        let from = LocalDate(year: 2026, month: 11, day: 1)
        let to = LocalDate(year: 2026, month: 11, day: 23)
        var customers: [String] = []
        try database.forEachCustomerWithActions(dueFrom: from, dueTo: to, batchSize: 5) { facts, records in
            customers.append(facts.customer.id)
            #expect(records.contains { $0.due.localDate(in: zone) >= from && $0.due.localDate(in: zone) <= to })
        }
        #expect(!customers.isEmpty)
        #expect(customers == customers.sorted())
        var everyone = 0
        try database.forEachCustomerWithActions(
            dueFrom: LocalDate(year: 1900, month: 1, day: 1), dueTo: LocalDate(year: 2200, month: 1, day: 1),
            batchSize: 5
        ) { _, _ in everyone += 1 }
        #expect(customers.count < everyone, "customers with nothing due in November are passed over")
    }
}
