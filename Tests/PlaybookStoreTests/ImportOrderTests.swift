import Foundation
import PlaybookCore
import Testing

@testable import PlaybookStore

/// Rows out of key order are stored in key order, a window at a time, with the same outcome.
struct ImportOrderTests {
    /// A chunk of rows whose key is (customer_id, id), as for orders and events.
    static func chunk(_ rows: [(String, String)]) -> RowChunk {
        var chunk = RowChunk(width: 3)
        for (customer, id) in rows { chunk.append([id, customer, "x"]) }
        return chunk
    }

    @Test func keyOrderIsSQLiteBinaryOrder() {
        let chunk = Self.chunk([("C2", "O1"), ("C10", "O3"), ("C1", "O9"), ("C1", "O10"), ("C", "O1")])
        let keyColumns = ImportTable.orders.keyColumns
        #expect(keyColumns == [1, 0])
        #expect(chunk.rowsInKeyOrder(keyColumns) == [4, 3, 2, 1, 0], "bytes first, then the shorter value")
        #expect(!chunk.isInKeyOrder(keyColumns, after: nil))
        let sorted = Self.chunk([("C1", "O1"), ("C1", "O2"), ("C2", "O1")])
        #expect(sorted.isInKeyOrder(keyColumns, after: nil))
        #expect(sorted.isInKeyOrder(keyColumns, after: [Array("C1".utf8), Array("O0".utf8)]))
        #expect(sorted.isInKeyOrder(keyColumns, after: [Array("C1".utf8), Array("O1".utf8)]), "an equal key follows")
        #expect(!sorted.isInKeyOrder(keyColumns, after: [Array("C1".utf8), Array("O3".utf8)]))
        #expect(sorted.lastKey(keyColumns) == [Array("C2".utf8), Array("O1".utf8)])
    }

    @Test func aShuffledFileStoresWhatTheSortedOneStores() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        var customers = "id,name,created_at\n"
        var lines: [String] = []
        for number in 0..<300 {
            customers += "C\(number),客戶\(number),2025-01-01\n"
            for line in 0..<20 {
                lines.append("O\(number)-\(line),C\(number),cleanser,1,2026-0\(1 + line % 9)-1\(line % 10) 10:00")
            }
        }
        var random = SystemRandomNumberGenerator()
        let header = "id,customer_id,sku,quantity,ordered_at\n"
        let sortedPath = try workspace.write("sorted.csv", header + lines.joined(separator: "\n") + "\n")
        let shuffledPath = try workspace.write(
            "shuffled.csv", header + lines.shuffled(using: &random).joined(separator: "\n") + "\n")
        let customersPath = try workspace.write("customers.csv", customers)
        var snapshots: [[String]] = []
        for (name, path) in [("a.sqlite", sortedPath), ("b.sqlite", shuffledPath)] {
            let database = try workspace.database(name)
            let importer = Importer(database: database)
            _ = try importer.importFile(customersPath, into: .customers, skipBadRows: false)
            let report = try importer.importFile(path, into: .orders, skipBadRows: false)
            #expect(report.imported == 6_000)
            // Again over the stored rows: every row is an update.
            _ = try importer.importFile(path, into: .orders, skipBadRows: false)
            snapshots.append(try ImportProbe.snapshot(database))
        }
        #expect(snapshots[0] == snapshots[1])
        #expect(snapshots[0].filter { $0.hasPrefix("orders:") }.count == 6_000)
    }
}
