import Foundation
import GRDB

/// The rows of a query ordered by `customer_id` (SQLite's binary order), handed out customer by
/// customer as the customers are read in the same order: a merge, with no dictionary of rows by
/// customer to fill and look up (two hashed inserts and lookups per customer and table). Ids are
/// compared byte for byte, as SQLite does: two ids that differ only in Unicode normalization
/// are two customers, which a dictionary keyed by `String` would have merged.
struct CustomerGroups<Row> {
    private let rows: FastQuery
    private let read: (FastQuery) -> Row?
    private let customer: (Row) -> String
    /// The first row not handed out yet, read ahead.
    private var next: Row?
    private var exhausted = false

    /// Rows of `rows`, each made by `read` (nil skips the row) and belonging to `customer`.
    init(_ rows: FastQuery, read: @escaping (FastQuery) -> Row?, customer: @escaping (Row) -> String) {
        self.rows = rows
        self.read = read
        self.customer = customer
    }

    /// The rows of customer `id`. Ids must be asked for in ascending order; rows of customers
    /// never asked for (skipped ones, or ones missing from the customers table) are passed over.
    mutating func rows(of id: String) throws -> [Row] {
        var found: [Row] = []
        while let row = try peek() {
            let order = Self.binaryOrder(customer(row), id)
            if order > 0 { break }
            if order == 0 { found.append(row) }
            next = nil
        }
        return found
    }

    /// SQLite's binary order of two texts: their UTF-8 bytes, then their lengths.
    static func binaryOrder(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                let common = min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = Int(memcmp(l, r, common))
                    if order != 0 { return order }
                }
                return left.count - right.count
            }
        }
    }

    /// The next row, read if need be; nil at the end.
    private mutating func peek() throws -> Row? {
        while next == nil && !exhausted {
            if try rows.next() { next = read(rows) } else { exhausted = true }
        }
        return next
    }
}
