import Foundation
import GRDB
import Testing

@testable import PlaybookStore

/// An import writes through SQLite's rollback journal while no other program reads the file, and
/// through the write-ahead log otherwise; either way the file is left in the log's mode.
struct ImportJournalTests {
    @Test func anImportLeavesTheFileInTheLogsModeWithoutAJournal() throws {
        let (workspace, database, _) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let mode = try DatabaseQueue(path: database.path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(!FileManager.default.fileExists(atPath: database.path + "-journal"))
        #expect(try ImportProbe.count(database, "orders") == 63)
    }

    @Test func theSameProcessReadsRightAfterAnImport() throws {
        let (workspace, database, _) = try ImportTests.withCustomers()
        defer { workspace.remove() }
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM customers") } == 2)
    }

    @Test func anImportGoesThroughTheLogWhileAnotherConnectionReads() throws {
        let (workspace, database, importer) = try ImportTests.withCustomers()
        defer { workspace.remove() }
        let orders = try workspace.write(
            "orders.csv", "id,customer_id,sku,quantity,ordered_at\nO1,C1,cleanser,1,2026-11-01\n")
        let reader = try DatabaseQueue(path: database.path)
        try reader.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") == 2)
            let report = try importer.importFile(orders, into: .orders, skipBadRows: false)
            #expect(report.imported == 1)
            // The reader keeps its snapshot, as the log allows.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") == 0)
        }
        #expect(try ImportProbe.count(database, "orders") == 1)
    }
}
