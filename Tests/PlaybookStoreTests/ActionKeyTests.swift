import Foundation
import GRDB
import PlaybookCore
import Testing

@testable import PlaybookStore

/// An action key names its customer (`playbook/step/customer/journey`): `done`, `skip` and
/// `explain` find the action through the ledger's primary key, also when ids contain `/`.
struct ActionKeyTests {
    @Test func customerIDsAKeyCanHold() {
        #expect(ActionRow.customerIDs(inKey: "follow-up-333/day-3/C001/O0001") == ["C001"])
        #expect(ActionRow.customerIDs(inKey: "habit-care/every-2-days/C001/O0001#3") == ["C001"])
        #expect(ActionRow.customerIDs(inKey: "p/s/A/B/O1") == ["A", "A/B"])
        #expect(ActionRow.customerIDs(inKey: "p/s//O1") == [""])
        #expect(ActionRow.customerIDs(inKey: "p/s/C001") == [], "no journey")
        #expect(ActionRow.customerIDs(inKey: "no/such") == [])
        let slashes = String(repeating: "/", count: 40)
        #expect(ActionRow.customerIDs(inKey: "p/s/A\(slashes)O1") == nil, "too many to try: the whole ledger")
    }

    /// Customer `A/B` with order `O1` and customer `A` with order `B/O1` build the same key: both
    /// actions are recorded, and marking the key done names both customers and changes nothing.
    /// Customer `X/Y` with order `Z` is found through the key, and so is a customer whose id holds
    /// more `/` than are tried one by one.
    @Test func idsWithSlashesAreFoundAndACollisionIsRefused() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let folder = workspace.directory.appendingPathComponent("playbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(
            """
            playbook: p
            enroll: { products: [cream] }
            defaults: { channel: line }
            steps:
              - id: s
                at: purchase + 1d
                message: "hi {{customer.name}}"
            """.utf8
        ).write(to: folder.appendingPathComponent("p.yaml"))
        let graph = try ProjectLoader.load(paths: [folder.path]).graph
        let database = try workspace.database()
        let importer = Importer(database: database)
        let deep = "D" + String(repeating: "/d", count: 40)
        let customers = """
            id,name,tier,created_at
            A/B,AB,regular,2026-01-01
            A,A,regular,2026-01-01
            X/Y,XY,regular,2026-01-01
            \(deep),Deep,regular,2026-01-01

            """
        let orders = """
            id,customer_id,sku,quantity,ordered_at
            O1,A/B,cream,1,2026-03-01
            B/O1,A,cream,1,2026-03-01
            Z,X/Y,cream,1,2026-03-01
            Z2,\(deep),cream,1,2026-03-01

            """
        let now = Instant(seconds: 0)
        _ = try importer.importFile(
            try workspace.write("customers.csv", customers), into: .customers, skipBadRows: false, now: now)
        _ = try importer.importFile(
            try workspace.write("orders.csv", orders), into: .orders, skipBadRows: false, now: now)

        let result = try RunService(database: database, graph: graph).run(
            .init(asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 3, day: 2))))
        #expect(result.actions.map(\.customer).sorted() == ["A", "A/B", deep, "X/Y"])
        #expect(try ImportProbe.count(database, "actions") == 4, "both colliding keys are recorded")

        let ledger = LedgerService(database: database)
        let day = Timestamp.date(LocalDate(year: 2026, month: 3, day: 2))
        let before = try ImportProbe.snapshot(database)
        #expect {
            try ledger.close(keys: ["p/s/A/B/O1"], as: .done, at: day)
        } throws: { error in
            "\(error)".contains("names actions of customers 'A', 'A/B'")
        }
        #expect(try ImportProbe.snapshot(database) == before, "an ambiguous key changes nothing")
        #expect(throws: StoreError.self) { try database.action(key: "p/s/A/B/O1") }

        try ledger.close(keys: ["p/s/X/Y/Z"], as: .done, at: day)
        let status = try ImportProbe.queue(database).read { db in
            try String.fetchOne(db, sql: "SELECT status FROM actions WHERE customer_id = 'X/Y'")
        }
        #expect(status == "done")
        #expect(try database.action(key: "p/s/X/Y/Z")?.customerID == "X/Y")
        try ledger.close(keys: ["p/s/\(deep)/Z2"], as: .skipped, at: day)
        #expect(try database.action(key: "p/s/\(deep)/Z2")?.status == .skipped)
    }
}
