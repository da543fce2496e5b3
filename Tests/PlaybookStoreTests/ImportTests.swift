import Foundation
import GRDB
import PlaybookCore
import PlaybookStore
import Testing

/// SPEC §2 imports: row errors name file:line and column, nothing is imported from a bad file,
/// re-importing updates by id.
struct ImportTests {
    static let customers =
        "\u{FEFF}id,name,tier,birthday,skin_type\r\nC1,王小美,vip,1990-05-01,乾性\r\nC2,\"林, 大明\",,05-20,\r\n"

    @Test func importsWithBOMCRLFQuotesAndCustomColumns() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let report = try Importer(database: database).importFile(
            try workspace.write("c.csv", Self.customers), into: .customers, skipBadRows: false)
        #expect(report.imported == 2)
        let facts = try ImportProbe.customers(database)
        #expect(facts.map(\.name) == ["王小美", "林, 大明"])
        #expect(facts.first?.attributes["skin_type"] == "乾性")
        #expect(facts.last?.tier == "regular", "empty tier defaults to regular")
        #expect(facts.last?.attributes["skin_type"] == nil, "an empty optional cell is missing")
    }

    /// An import into an empty next-check index runs without the per-row triggers that mark
    /// entries due (there is nothing to mark) and leaves them exactly as the migrations made them,
    /// whether it succeeds or fails.
    @Test func importsIntoAnEmptyIndexLeaveTheTriggersAsTheyWere() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        func triggers() throws -> [String] {
            try ImportProbe.queue(database).read { db in
                try String.fetchAll(
                    db, sql: "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")
            }
        }
        let migrated = try triggers()
        #expect(migrated.count == 9)
        try TempWorkspace.importDemo(into: database)
        #expect(try triggers() == migrated)
        let bad = try workspace.write("bad.csv", "id,customer_id,sku,ordered_at\nX1,C001,serum,not a date\n")
        #expect(throws: ImportFailure.self) {
            try Importer(database: database).importFile(bad, into: .orders, skipBadRows: false)
        }
        #expect(try triggers() == migrated)
    }

    /// A new workspace whose database holds ``customers``, and its importer.
    static func withCustomers() throws -> (TempWorkspace, PlaybookDatabase, Importer) {
        let workspace = try TempWorkspace()
        let database = try workspace.database()
        let importer = Importer(database: database)
        _ = try importer.importFile(try workspace.write("c.csv", customers), into: .customers, skipBadRows: false)
        return (workspace, database, importer)
    }

    @Test func oneBadRowImportsNothingAndNamesLineAndColumn() throws {
        let (workspace, database, importer) = try Self.withCustomers()
        defer { workspace.remove() }
        let orders =
            "id,customer_id,sku,quantity,ordered_at\nO1,C1,cleanser,1,2026-11-01\nO2,C1,toner,zero,2026-11-02\nO3,C9,toner,1,2026-13-01\n"
        let path = try workspace.write("o.csv", orders)
        let failure = #expect(throws: ImportFailure.self) {
            try importer.importFile(path, into: .orders, skipBadRows: false)
        }
        let lines = failure?.issues.map(\.description) ?? []
        #expect(lines.contains("\(path):3: column 'quantity': 'zero' is not a whole number of at least 1"))
        #expect(lines.contains { $0.hasPrefix("\(path):4: column 'customer_id': no customer 'C9'") })
        #expect(lines.contains { $0.hasPrefix("\(path):4: column 'ordered_at': '2026-13-01' is not a real date") })
        #expect(try ImportProbe.count(database, "orders") == 0)
        let skipped = try importer.importFile(path, into: .orders, skipBadRows: true)
        #expect(skipped.imported == 1 && skipped.skipped == 2)
    }

    /// An amount is a decimal: digits, at most one point, an optional leading minus; a currency
    /// sign and thousands separators in groups of three are set aside (SPEC §7).
    @Test func amountsAreDecimals() throws {
        let (workspace, database, importer) = try Self.withCustomers()
        defer { workspace.remove() }
        let amounts = [
            "1280.50", "-3", ".5", "5.", "-.5", "1e5", "1.2.3", "--1", "1-2", "-", ".", "1 280", "12,80", "NT$100",
            "\"NT$1,280\"", "¥640", "$640.50", "\"1,234,567.5\"", "-$5",
        ]
        var csv = "id,customer_id,sku,ordered_at,amount\n"
        for (index, amount) in amounts.enumerated() { csv += "O\(index),C1,toner,2026-11-01,\(amount)\n" }
        let path = try workspace.write("o.csv", csv)
        let failure = #expect(throws: ImportFailure.self) {
            try importer.importFile(path, into: .orders, skipBadRows: false)
        }
        #expect(failure?.issues.map(\.line) == Array(7...14))
        #expect(failure?.issues.first?.message == "'1e5' is not an amount; write 1280.50, 1,280 or NT$1,280")
        #expect(try ImportProbe.count(database, "orders") == 0)
        _ = try importer.importFile(path, into: .orders, skipBadRows: true)
        let stored = try ImportProbe.queue(database).read { db in
            try String.fetchAll(
                db, sql: "SELECT amount FROM orders WHERE id IN ('O13','O14','O15','O16','O17','O18') ORDER BY id")
        }
        #expect(stored == ["100", "1280", "640", "640.50", "1234567.5", "-5"])
    }

    @Test func birthdaysAreFullDatesOrMonthAndDay() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let csv =
            "id,name,birthday\nC1,A,1992-02-29\nC2,B,02-29\nC3,C,13-01\nC4,D,12-05-\nC5,E,2-5\nC6,F,1993-02-29\n"
            + "C7,G,5/20\nC8,H,5月20日\nC9,I,1990/5/20\nC10,J,2/30\n"
        let path = try workspace.write("c.csv", csv)
        let database = try workspace.database()
        let failure = #expect(throws: ImportFailure.self) {
            try Importer(database: database).importFile(path, into: .customers, skipBadRows: false)
        }
        #expect(failure?.issues.map(\.line) == [4, 5, 7, 11])
        #expect(failure?.issues.allSatisfy { $0.column == "birthday" } == true)
        #expect(failure?.issues.first?.message == "'13-01' is not a birthday; write YYYY-MM-DD, MM-DD, 5/20 or 5月20日")
        _ = try Importer(database: database).importFile(path, into: .customers, skipBadRows: true)
        let stored = try ImportProbe.queue(database).read { db in
            try String.fetchAll(db, sql: "SELECT birthday FROM customers WHERE id IN ('C5','C7','C8','C9') ORDER BY id")
        }
        #expect(stored == ["02-05", "05-20", "05-20", "1990-05-20"])
    }

    @Test func reimportWithoutCreatedAtKeepsTheFirstImportTime() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let path = try workspace.write("c.csv", Self.customers)
        _ = try Importer(database: database).importFile(
            path, into: .customers, skipBadRows: false, now: Instant(seconds: 1_000_000))
        let before = try ImportProbe.snapshot(database)
        _ = try Importer(database: database).importFile(
            path, into: .customers, skipBadRows: false, now: Instant(seconds: 2_000_000))
        #expect(try ImportProbe.snapshot(database) == before)
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        try TempWorkspace.importDemo(into: database)
        let before = try ImportProbe.snapshot(database)
        try TempWorkspace.importDemo(into: database)
        #expect(try ImportProbe.snapshot(database) == before)
        #expect(try ImportProbe.count(database, "customers") == 32)
        #expect(try ImportProbe.count(database, "orders") >= 60)
        #expect(try ImportProbe.count(database, "events") >= 40)
    }

    @Test(arguments: [
        ("id,name\nC1,A,extra\n", "the row has 3 fields but the header has 2"),
        ("id,name,phone\nC1\n", "the row has 1 field but the header has 3"),
        ("id,name\nC1,\"A\0\"\n", "NUL byte"),
        ("id,name\nC1,\"open\n", "a quoted field is never closed"),
        ("name\nA\n", "the header has no 'id' column"),
        ("id,name,created_at\nC1,A,9999-01-01\n", "outside the years 1900–2200"),
        ("id,name,tier\nC1,A,gold\n", "'gold' is not a tier"),
        ("id,name\nC1,A\nC1,B\n", "already appears on line 2"),
        // Repeats out of ascending order, of an id that came in order and of one that did not.
        ("id,name\nC1,A\nC3,B\nC2,C\nC3,D\n", "id 'C3' already appears on line 3"),
        ("id,name\nC2,A\nC1,B\nC3,C\nC1,D\n", "id 'C1' already appears on line 3"),
        ("id,name\nC2,A\nC1,B\nC1,C\n", "id 'C1' already appears on line 3"),
        // Cells are trimmed of spaces and tabs, quoted or not; a line of spaces is a row.
        ("id,name\n C1 ,A\n\"C1\t\",B\n", "id 'C1' already appears on line 2"),
        ("id,name\nC1,A\n   \n", "the row has 1 field but the header has 2"),
        // Empty lines (an empty quoted field too) are skipped, and lines still count.
        ("id,name\nC1,A\n\n\"\"\nC1,B\n", ":5: column 'id': id 'C1' already appears on line 2"),
    ])
    func hostileCSVIsRefusedWithAClearMessage(_ csv: String, _ expected: String) throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let failure = #expect(throws: ImportFailure.self) {
            try Importer(database: database).importFile(
                try workspace.write("x.csv", csv), into: .customers, skipBadRows: false)
        }
        #expect(failure?.issues.contains { $0.description.contains(expected) } == true, "\(failure?.issues ?? [])")
        #expect(try ImportProbe.count(database, "customers") == 0)
    }

    @Test func identicalEventsWithoutIDsAreBothKeptAndReimportIsIdempotent() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let importer = Importer(database: database)
        _ = try importer.importFile(try workspace.write("c.csv", Self.customers), into: .customers, skipBadRows: false)
        let events = try workspace.write("e.csv", "customer_id,kind,at\nC1,reply,2026-11-01\nC1,reply,2026-11-01\n")
        #expect(try importer.importFile(events, into: .events, skipBadRows: false).imported == 2)
        _ = try importer.importFile(events, into: .events, skipBadRows: false)
        #expect(try ImportProbe.count(database, "events") == 2)
    }

    /// A file larger than one read block (4 MiB) is read in blocks of whole records: a quoted cell
    /// with line breaks and commas is never cut, and an error far down names its true line.
    @Test func largeFilesAreReadInBlocksOfWholeRecords() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        var csv = "id,name,note\n"
        var line = 2
        for index in 0..<110_000 {
            csv += "C\(index),\"名字\(index)\",\"one\ntwo, \"\"three\"\" \(index)\"\n"
            line += 2
        }
        csv += "C-bad,,note\n"
        let path = try workspace.write("big.csv", csv)
        let database = try workspace.database()
        let failure = #expect(throws: ImportFailure.self) {
            try Importer(database: database).importFile(path, into: .customers, skipBadRows: false)
        }
        #expect(failure?.issues.map(\.line) == [line])
        let report = try Importer(database: database).importFile(path, into: .customers, skipBadRows: true)
        #expect(report.imported == 110_000)
        #expect(csv.utf8.count > 4 << 20, "more than one block")
        let note = try ImportProbe.queue(database).read { db in
            try String.fetchOne(db, sql: "SELECT attributes FROM customers WHERE id = 'C109999'")
        }
        #expect(note == #"{"note":"one\ntwo, \"three\" 109999"}"#)
    }

    @Test func invalidUTF8IsRefused() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let url = workspace.directory.appendingPathComponent("bad.csv")
        try Data([0x69, 0x64, 0x2C, 0x6E, 0x61, 0x6D, 0x65, 0x0A, 0x43, 0x31, 0x2C, 0xFF, 0x0A]).write(to: url)
        let failure = #expect(throws: ImportFailure.self) {
            try Importer(database: try workspace.database()).importFile(url.path, into: .customers, skipBadRows: false)
        }
        #expect(failure?.issues.first?.description.contains(":2: the file is not UTF-8") == true)
    }
}
