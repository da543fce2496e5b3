import Foundation
import PlaybookCore
import Testing

@testable import PlaybookStore

/// The report's reader: counting the customers in two halves on two cores gives the same report as
/// counting them on one, and only the customers with an action due in the report's dates are read.
struct ReportReaderTests {
    @Test func twoCoresGiveTheSameReportAsOne() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let zone = graph.team.zone
        _ = try RunService(database: database, graph: graph).run(
            RunService.Options(asOf: zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23))))
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

    @Test func onlyCustomersWithAnActionDueInTheDatesAreRead() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let zone = graph.team.zone
        _ = try RunService(database: database, graph: graph).run(
            RunService.Options(asOf: zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23))))
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
