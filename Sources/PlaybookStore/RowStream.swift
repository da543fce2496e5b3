import PlaybookCore

/// Takes the records of one CSV file in order: checks the header, then checks each row and hands
/// back the ones to store. It touches no database, so an import checks on one thread while another
/// upserts.
struct RowStream: Sendable {
    let path: String
    let table: ImportTable
    let now: Instant
    let known: Set<BytewiseText>
    let created: [BytewiseText: String]
    /// How header cells are named (SPEC §7).
    let headerNames: HeaderNames
    /// How year-last dates are read.
    let dateOrder: DateOrder?

    private var header: [String] = []
    private var check: RowCheck?
    private var seen = SeenIDs()
    /// Problems found so far.
    private(set) var issues: [ImportIssue] = []
    /// Things the import went on despite (columns it ignored).
    private(set) var warnings: [ImportIssue] = []
    /// Data rows taken (good or bad).
    private(set) var rows = 0
    /// Whether the header row was read.
    var sawHeader: Bool { !header.isEmpty }

    init(
        path: String, table: ImportTable, now: Instant, known: Set<BytewiseText>, created: [BytewiseText: String],
        headerNames: HeaderNames, dateOrder: DateOrder?
    ) {
        self.headerNames = headerNames
        self.dateOrder = dateOrder
        self.path = path
        self.table = table
        self.now = now
        self.known = known
        self.created = created
    }

    /// Makes room for the ids of about `rows` rows (growing the table as they came cost a
    /// quarter of the checks of a large file).
    mutating func reserve(rows: Int) { seen.reserve(rows) }

    /// Takes the next record and returns the row to store, or nil for the header and for a bad
    /// row (its problems join ``issues``); a bad header throws ``ImportFailure`` at once.
    mutating func take(_ record: CSVReader.Record) throws -> RowValues? {
        guard sawHeader else {
            header = record.fields.map(headerNames.name(of:))
            let (problems, ignored) = Importer.checkHeader(header, table: table, file: path, line: record.line)
            if !problems.isEmpty { throw ImportFailure(issues: problems) }
            warnings += ignored
            check = RowCheck(
                table: table, file: path, header: header, now: now, existingCreatedAt: created, dateOrder: dateOrder)
            return nil
        }
        rows += 1
        guard let check else { return nil }
        switch check.values(record, knownCustomers: known) {
        case .success(var row):
            // A repeated id keeps its first line.
            guard let first = try seen.insert(row.id, line: record.line) else { return row }
            guard table == .events && row.generatedID else {
                issues.append(
                    ImportIssue(
                        file: path, line: record.line, column: "id",
                        message: "id '\(row.id)' already appears on line \(first); ids must be unique"))
                return nil
            }
            row.id += "-\(record.line)"
            row.values[0] = row.id
            _ = try seen.insert(row.id, line: record.line)
            return row
        case .failure(let rowIssues):
            issues += rowIssues.issues
            return nil
        }
    }
}
