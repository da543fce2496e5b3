import GRDB
import PlaybookCore
import Testing

@testable import PlaybookStore

/// A run reads customers, order lines and events as three queries in id order and merges them:
/// each customer gets exactly the rows that name their id, byte for byte, as SQLite keys them.
struct CustomerGroupsTests {
    @Test func eachCustomerGetsExactlyTheirOwnRows() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let importer = Importer(database: database)
        // "é" composed and decomposed: one text to Swift's `==`, two ids to SQLite.
        let composed = "C-\u{E9}"
        let decomposed = "C-e\u{301}"
        // One file refuses the second as a repeated id (Swift's view); two files store both.
        _ = try importer.importFile(
            try workspace.write("c.csv", "id,name\n\(composed),A\nC1,C\nC3,D\n"), into: .customers, skipBadRows: false)
        _ = try importer.importFile(
            try workspace.write("d.csv", "id,name\n\(decomposed),B\n"), into: .customers, skipBadRows: false)
        _ = try importer.importFile(
            try workspace.write(
                "o.csv",
                "id,customer_id,sku,ordered_at\nO1,\(composed),serum,2026-11-01\nO2,\(decomposed),toner,2026-11-02\n"
                    + "O3,C3,cream,2026-11-03\nO4,C3,serum,2026-11-04\nO5,C1,serum,2026-11-05\n"),
            into: .orders, skipBadRows: false)
        _ = try importer.importFile(
            try workspace.write(
                "e.csv", "id,customer_id,kind,at\nE1,C3,reply,2026-11-06\nE2,\(decomposed),reply,2026-11-07\n"),
            into: .events, skipBadRows: false)
        let facts = try ImportProbe.queue(database).read { db in
            try FactStore.facts(db, scope: .all)
        }
        let byCustomer = facts.map { facts in
            "\(facts.customer.name): \(facts.orders.map(\.id).joined(separator: " ")) | "
                + facts.events.map(\.id).joined(separator: " ")
        }
        #expect(byCustomer.sorted() == ["A: O1 | ", "B: O2 | E2", "C: O5 | ", "D: O3 O4 | E1"])
        // Within the scope of one customer, and of none.
        let one = try ImportProbe.queue(database).read { db in try FactStore.facts(db, scope: .ids(["C3"])) }
        #expect(one.map { $0.orders.map(\.id) } == [["O3", "O4"]])
        let none = try ImportProbe.queue(database).read { db in try FactStore.facts(db, scope: .ids(["C9"])) }
        #expect(none.isEmpty)
    }

    /// An order line or event naming a customer in another Unicode normalization names no stored
    /// customer: it is a row error, not a row stored where no run would ever read it.
    @Test func aCustomerIdMustMatchByteForByte() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let importer = Importer(database: database)
        _ = try importer.importFile(
            try workspace.write("c.csv", "id,name,created_at\nC-\u{E9},A,2026-01-01\n"), into: .customers,
            skipBadRows: false)
        let orders = try workspace.write(
            "o.csv", "id,customer_id,sku,ordered_at\nO1,C-\u{E9},serum,2026-11-01\nO2,C-e\u{301},toner,2026-11-02\n")
        let failure = #expect(throws: ImportFailure.self) {
            try importer.importFile(orders, into: .orders, skipBadRows: false)
        }
        #expect(
            failure?.issues.map(\.description) == [
                "\(orders):3: column 'customer_id': no customer 'C-e\u{301}'; import customers first"
            ])
        let events = try workspace.write("e.csv", "id,customer_id,kind,at\nE1,C-e\u{301},reply,2026-11-06\n")
        let skipped = try importer.importFile(events, into: .events, skipBadRows: true)
        #expect(skipped.imported == 0 && skipped.skipped == 1)
        #expect(try ImportProbe.count(database, "orders") == 0)
        // A new customer in the other spelling gets its own creation time, not the stored one's.
        _ = try importer.importFile(
            try workspace.write("d.csv", "id,name\nC-e\u{301},B\n"), into: .customers, skipBadRows: false,
            now: Instant(seconds: 1_800_000_000))
        let created = try ImportProbe.queue(database).read { db in
            try String.fetchAll(db, sql: "SELECT created_at FROM customers ORDER BY id")
        }
        #expect(created == ["2027-01-15T08:00:00Z", "2026-01-01"], "ids in byte order: the decomposed one first")
    }

    /// Two customers whose ids differ only in normalization have one birthday journey each, and
    /// their action keys are one text to Swift: each keeps their own ledger, so a run that
    /// evaluates both again lists both actions, each under its own customer.
    @Test func customersEqualOnlyUnderNormalizationKeepTheirOwnLedgers() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let importer = Importer(database: database)
        for (file, id, name) in [("a.csv", "C-\u{E9}", "A"), ("b.csv", "C-e\u{301}", "B")] {
            _ = try importer.importFile(
                try workspace.write(file, "id,name,birthday,created_at\n\(id),\(name),11-20,2026-01-01\n"),
                into: .customers, skipBadRows: false)
        }
        let graph = try TempWorkspace.shippedGraph()
        let service = RunService(database: database, graph: graph)
        var options = RunService.Options(asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23)))
        let first = try service.run(options)
        let listed = { (result: RunService.Result) in
            result.actions.map { "\($0.customerName) \(Array($0.customer.utf8).count) \($0.step)" }.sorted()
        }
        #expect(listed(first) == ["A 4 birthday-greeting", "B 5 birthday-greeting"])
        options.useIndex = false
        let again = try service.run(options)
        #expect(again.recorded == 0)
        #expect(listed(again) == listed(first))
    }

    @Test(arguments: [("a", "b", -1), ("b", "a", 1), ("ab", "a", 1), ("", "", 0), ("\u{E9}", "e\u{301}", 1)])
    func binaryOrderIsSQLitesOrder(_ a: String, _ b: String, _ sign: Int) {
        #expect(String.binaryOrder(a, b).signum() == sign)
    }
}
