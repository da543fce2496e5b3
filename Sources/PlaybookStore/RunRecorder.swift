import GRDB
import PlaybookCore

/// Writes what a run found for each customer: new ledger records, withdrawals, `if:` decisions,
/// the next-check index entry and the customer's listing. Statements are prepared once per run
/// and bound through SQLite's C API: a first run over a large database writes millions of rows.
struct RunRecorder {
    private var indexEntry: FastStatement
    private var newRecord: FastStatement
    private var withdrawal: FastStatement
    private var decision: FastStatement
    private var listingDelete: FastStatement
    private var listingInsert: ListingInsert
    private let asOf: Instant
    /// Zones by name: looking one up asks ICU, too slow to do for every record.
    private var zones: [String: Zone] = [:]
    /// Listing rows to insert, held until ``flushListing()``: the listing is kept in output
    /// order (due date first), so a batch's rows land all over its B-tree; stored sorted, they go
    /// in one sweep.
    private var listingRows: [OpenLine] = []

    /// Prepares the statements for a run at `asOf`.
    init(_ db: Database, asOf: Instant) throws {
        self.asOf = asOf
        indexEntry = try FastStatement(
            db,
            sql: "INSERT OR REPLACE INTO customer_index (customer_id, next_check, checked_at) VALUES (?, ?, ?)")
        newRecord = try FastStatement(
            db,
            sql: """
                INSERT OR IGNORE INTO actions (key, playbook, step, customer_id, journey, order_id, sku, occurrence, due,
                    status, skipped_by_rule, zone, recorded_at, closed_at, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        withdrawal = try FastStatement(
            db,
            sql: """
                UPDATE actions SET status = 'withdrawn', withdrawn_at = ?
                WHERE customer_id = ? AND key = ? AND status = 'pending'
                """)
        decision = try FastStatement(
            db, sql: "INSERT OR REPLACE INTO decisions (key, customer_id, outcome) VALUES (?, ?, ?)")
        listingDelete = try FastStatement(
            db, sql: "DELETE FROM listing WHERE customer_id = ? AND digest = ? AND key = ?")
        listingInsert = try ListingInsert(db)
    }

    /// Records one evaluated customer.
    mutating func record(_ run: CustomerRun) throws {
        let outcome = run.outcome
        indexEntry.bind(run.customerID)
        indexEntry.bind(outcome.nextCheck?.seconds ?? Int64.max)
        indexEntry.bind(asOf.seconds)
        try indexEntry.execute()
        for record in outcome.newRecords { try insert(record) }
        for key in outcome.withdrawn {
            withdrawal.bind(asOf.seconds)
            withdrawal.bind(run.customerID)
            withdrawal.bind(key)
            try withdrawal.execute()
        }
        for (key, holds) in outcome.newDecisions {
            decision.bind(key)
            decision.bind(run.customerID)
            decision.bind(holds ? 1 : 0)
            try decision.execute()
        }
        try replaceListing(of: run.customerID, with: run.openLines, stored: run.storedLines)
    }

    private mutating func insert(_ record: ActionRecord) throws {
        let zone = zones[record.zone] ?? Zone(identifier: record.zone) ?? .utc
        zones[record.zone] = zone
        newRecord.bind(record.key)
        newRecord.bind(record.playbook)
        newRecord.bind(record.step)
        newRecord.bind(record.customerID)
        newRecord.bind(record.journey)
        newRecord.bind(record.orderID)
        newRecord.bind(record.sku)
        newRecord.bind(record.occurrence)
        newRecord.bind(record.due.text(in: zone))
        newRecord.bind(record.status.rawValue)
        newRecord.bind(record.skippedByRule ? 1 : 0)
        newRecord.bind(record.zone)
        newRecord.bind(record.recordedAt.seconds)
        newRecord.bind(record.closedAt?.description)
        newRecord.bind(record.message)
        try newRecord.execute()
    }

    /// Brings a customer's listing rows (see ``ListingStore``) to their open (pending or waiting)
    /// actions, touching only rows that changed: most customers a daily run looks at keep most of
    /// their listing, and rewriting it all made the run's writes several times larger. `stored`
    /// holds the digests of the rows before the run (read with the customer's ledger).
    private mutating func replaceListing(of customer: String, with lines: [OpenLine], stored: [String: Int64])
        throws
    {
        for open in lines {
            let key = open.place.key
            let old = stored[key]
            if old == open.digest { continue }
            if let old { try deleteListing(customer: customer, key: key, digest: old) }
            try insertListing(open)
        }
        guard !stored.isEmpty else { return }
        let open = Set(lines.map(\.place.key))
        for (key, digest) in stored where !open.contains(key) {
            try deleteListing(customer: customer, key: key, digest: digest)
        }
    }

    private mutating func deleteListing(customer: String, key: String, digest: Int64) throws {
        listingDelete.bind(customer)
        listingDelete.bind(digest)
        listingDelete.bind(key)
        try listingDelete.execute()
    }

    /// Queues one open action's listing row for ``flushListing()``.
    private mutating func insertListing(_ open: OpenLine) throws {
        guard open.line != nil else {
            // The evaluation found this row current in the same transaction: it cannot be missing.
            throw StoreError(
                message: "the stored listing of customer \(open.place.customer) changed during the run; "
                    + "run `playbook run` again")
        }
        listingRows.append(open)
    }

    /// Stores the queued listing rows in the listing's key order. Call it after the customers of
    /// a batch are recorded (each customer's stale rows are deleted by then) and before the run
    /// reads the listing.
    mutating func flushListing() throws {
        // The rows' places are sorted, not the rows (moving whole rows was most of the sort's
        // cost), and the rows are read in place: copying one out retains each of its texts.
        try listingRows.withUnsafeBufferPointer { rows in
            let order = rows.indices.sorted { rows[$0].place < rows[$1].place }
            for index in order {
                guard let line = rows[index].line else { continue }
                try listingInsert.insert(at: rows[index].place, line: line, digest: rows[index].digest)
            }
        }
        listingRows.removeAll(keepingCapacity: true)
    }
}
