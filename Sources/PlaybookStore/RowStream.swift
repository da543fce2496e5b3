import GRDB
import PlaybookCore

/// Takes the records of one CSV file in order: checks the header, then checks and upserts each row
/// inside the import's transaction, so a large file is never held in memory twice.
struct RowStream {
    let path: String
    let table: ImportTable
    let now: Instant
    let db: Database
    let known: Set<String>
    let created: [String: String]
    let makeUpsert: (_ columns: [String], _ table: ImportTable, _ db: Database) throws -> FastStatement

    private var header: [String] = []
    private var check: RowCheck?
    private var statement: FastStatement?
    private var seen: [String: Int] = [:]
    /// Problems found so far.
    private(set) var issues: [ImportIssue] = []
    /// Data rows taken (good or bad).
    private(set) var rows = 0
    /// Rows stored.
    private(set) var imported = 0
    /// Whether the header row was read.
    var sawHeader: Bool { !header.isEmpty }

    init(
        path: String, table: ImportTable, now: Instant, db: Database, known: Set<String>, created: [String: String],
        upsert: @escaping (_ columns: [String], _ table: ImportTable, _ db: Database) throws -> FastStatement
    ) throws {
        self.path = path
        self.table = table
        self.now = now
        self.db = db
        self.known = known
        self.created = created
        self.makeUpsert = upsert
    }

    /// Takes the next record; a bad header throws ``ImportFailure`` at once.
    mutating func take(_ record: CSVReader.Record) throws {
        guard sawHeader else {
            header = record.fields.map(\.trimmedCell)
            let problems = Importer.checkHeader(header, table: table, file: path, line: record.line)
            if !problems.isEmpty { throw ImportFailure(issues: problems) }
            check = RowCheck(table: table, file: path, header: header, now: now, existingCreatedAt: created)
            return
        }
        rows += 1
        guard let check else { return }
        switch check.values(record, knownCustomers: known) {
        case .success(var row):
            if let first = seen[row.id] {
                guard table == .events && row.generatedID else {
                    issues.append(
                        ImportIssue(
                            file: path, line: record.line, column: "id",
                            message: "id '\(row.id)' already appears on line \(first); ids must be unique"))
                    return
                }
                row.id += "-\(record.line)"
                row.columns[0] = ("id", row.id)
            }
            seen[row.id] = record.line
            try store(row)
        case .failure(let rowIssues):
            issues += rowIssues.issues
        }
    }

    private mutating func store(_ row: RowValues) throws {
        var upsert = try statement ?? makeUpsert(row.columns.map(\.0), table, db)
        for (_, value) in row.columns { upsert.bind(value) }
        try upsert.execute()
        statement = upsert
        imported += 1
    }
}
