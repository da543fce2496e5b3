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
            let order = String.binaryOrder(customer(row), id)
            if order > 0 { break }
            if order == 0 { found.append(row) }
            next = nil
        }
        return found
    }

    /// The next row, read if need be; nil at the end.
    private mutating func peek() throws -> Row? {
        while next == nil && !exhausted {
            if try rows.next() { next = read(rows) } else { exhausted = true }
        }
        return next
    }
}
