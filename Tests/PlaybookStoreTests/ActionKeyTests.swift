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

    /// SPEC §5: ids are printable text without `/` (customer `A/B` with order `O1` and customer `A`
    /// with order `B/O1` would build the same key) or control characters: the import refuses
    /// them, naming the line and the column, and stores nothing.
    @Test func idsWithSlashesOrControlCharactersAreRefusedAtImport() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let importer = Importer(database: try workspace.database())
        let customers = "id,name\nA/B,AB\nA,A\nE\u{1B}[31m,Red\n"
        let file = workspace.directory.appendingPathComponent("customers.csv")
        try Data(customers.utf8).write(to: file)
        let failure = #expect(throws: ImportFailure.self) {
            try importer.importFile(file.path, into: .customers, skipBadRows: false)
        }
        let issues = failure?.issues ?? []
        #expect(issues.map(\.line) == [2, 4])
        #expect(issues.allSatisfy { $0.column == "id" })
        #expect(issues.first?.message.contains("'/'") == true)
        #expect(issues.last?.message.contains("control character") == true)
        let orders = "id,customer_id,sku,ordered_at\nB/O1,A,cream,2026-03-01\n"
        try Data(orders.utf8).write(to: file)
        #expect(throws: ImportFailure.self) { try importer.importFile(file.path, into: .orders, skipBadRows: false) }
    }
}
