import PlaybookCore

/// What every command needs of a customer database, whatever holds it (SPEC §6): SQLite for one
/// seller, PostgreSQL for a team. Shaped by what the engine does in bulk — run, import — and by the
/// seller's few single-row answers; every backend gives the same output for the same data.
public protocol PlaybookBackend {
    /// The database as messages name it (a file path, or a URL without its password).
    var location: String { get }

    /// Runs as of `options.asOf` (SPEC §3.6, §4), handing each listed action to `each` in output order.
    func run(graph: RuleGraph, options: RunService.Options, each: (ListedAction) throws -> Void) throws
        -> RunService.Summary

    /// Runs like ``run(graph:options:each:)``, writing SPEC §4 JSONL.
    func runJSONL(graph: RuleGraph, options: RunService.Options, write: ([UInt8]) throws -> Void) throws
        -> RunService.Summary

    /// Imports a CSV file (SPEC §2, §7): nothing unless every row is good or bad rows are skipped.
    func importFile(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings,
        customerAttributes: [String], progress: @escaping @Sendable (Int) -> Void
    ) throws -> Importer.Report

    /// Marks actions done or skipped (see ``LedgerService/close(keys:as:at:replied:replyNote:render:)``).
    func close(
        keys: [String], as status: RecordStatus, at time: Timestamp, replied: Bool, replyNote: String?,
        render: (ActionRecord, CustomerFacts) -> String?
    ) throws

    /// Records an event for a customer; returns its id.
    func log(customer: String, kind: String, at time: Timestamp, note: String?) throws -> String

    /// The keys meant by what a seller typed (keys, or short refs).
    func resolveKeys(_ references: [String]) throws -> [String]

    /// The action with that key, or nil.
    func action(key: String) throws -> ActionRecord?

    /// One customer's data, or nil when there is no such customer.
    func facts(customer id: String) throws -> CustomerFacts?

    /// One customer's recorded actions and decisions.
    func ledger(customer id: String) throws -> CustomerLedger

    /// The seller ids customers have as their owner, in order.
    func owners() throws -> [String]

    /// Customers whose id, name, phone, LINE or WeChat id or email contains `text`.
    func findCustomers(_ text: String, limit: Int) throws -> [CustomerMatch]

    /// Counts into `builder` every customer with an action due in its query's dates.
    func count(into builder: inout ReportBuilder) throws

    /// Every customer who has an action due from `dueFrom` to `dueTo` (the local date its due text
    /// starts with), with all their records and at least the data a report reads (owner, order
    /// lines' sku, time and amount, events' kind and time), in id order (the report).
    func forEachCustomerWithActions(
        dueFrom: LocalDate, dueTo: LocalDate, batchSize: Int, _ body: (CustomerFacts, [ActionRecord]) throws -> Void)
        throws
}

extension PlaybookBackend {
    /// Customers matching `text`, at most 50.
    public func findCustomers(_ text: String) throws -> [CustomerMatch] { try findCustomers(text, limit: 50) }

    /// Counts into `builder` every customer with an action due in its query's dates, 20,000 at a
    /// time on one thread.
    public func count(into builder: inout ReportBuilder) throws {
        try forEachCustomerWithActions(dueFrom: builder.query.from, dueTo: builder.query.to, batchSize: 20_000) {
            builder.add($0, records: $1)
        }
    }
}

extension PlaybookDatabase: PlaybookBackend {
    public var location: String { path }

    public func run(graph: RuleGraph, options: RunService.Options, each: (ListedAction) throws -> Void) throws
        -> RunService.Summary
    {
        try RunService(database: self, graph: graph).run(options, each: each)
    }

    public func runJSONL(graph: RuleGraph, options: RunService.Options, write: ([UInt8]) throws -> Void) throws
        -> RunService.Summary
    {
        try RunService(database: self, graph: graph).run(options, jsonl: write)
    }

    public func importFile(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings,
        customerAttributes: [String], progress: @escaping @Sendable (Int) -> Void
    ) throws -> Importer.Report {
        try Importer(database: self).importFile(
            path, into: table, skipBadRows: skipBadRows, settings: settings, customerAttributes: customerAttributes,
            progress: progress)
    }

    public func close(
        keys: [String], as status: RecordStatus, at time: Timestamp, replied: Bool, replyNote: String?,
        render: (ActionRecord, CustomerFacts) -> String?
    ) throws {
        try LedgerService(database: self).close(
            keys: keys, as: status, at: time, replied: replied, replyNote: replyNote, render: render)
    }

    public func log(customer: String, kind: String, at time: Timestamp, note: String?) throws -> String {
        try LedgerService(database: self).log(customer: customer, kind: kind, at: time, note: note)
    }
}
