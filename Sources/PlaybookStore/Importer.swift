import Foundation
import GRDB
import PlaybookCore

/// `playbook import customers|orders|events FILE.csv` (SPEC §2): checks every row, then upserts
/// by id in one transaction — nothing from a file with any error unless bad rows are skipped.
public struct Importer {
    /// What an import did.
    public struct Report: Sendable {
        public var imported = 0
        public var skipped = 0
        public var issues: [ImportIssue] = []
        /// What the import went on despite (columns it ignored).
        public var warnings: [ImportIssue] = []

        /// An empty report.
        public init() {}
    }

    let database: PlaybookDatabase

    /// Creates an importer.
    public init(database: PlaybookDatabase) { self.database = database }

    /// Imports a file. Throws ``ImportFailure`` when any row is bad and `skipBadRows` is false.
    /// One thread parses and checks the file while this one upserts the checked rows, all in one
    /// transaction; `progress` is called with the rows checked so far, every 50,000.
    public func importFile(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings = ImportSettings(),
        customerAttributes: [String] = [], now: Instant = .now,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws -> Report {
        let blocks = try CSVBlocks(path: path, encoding: settings.encoding)
        let headerNames = HeaderNames(table: table, settings: settings, customerAttributes: customerAttributes)
        return try database.writeInBulk { db in
            let suspended = try DueMarkSuspension.suspendIfIndexIsEmpty(on: table, db)
            let stream = RowStream(
                path: path, table: table, now: now, known: try knownIDs(db, table: table),
                created: try existingCreationTimes(db, table: table), headerNames: headerNames,
                dateOrder: settings.dateOrder)
            // Room for a window's worth of chunks: checking goes on while a window is stored.
            let pipe = RowPipe(capacity: Self.rowsPerWindow / Self.rowsPerChunk + 8)
            let checking = BackgroundTask { try Self.check(blocks, with: stream, into: pipe, progress: progress) }
            var imported = 0
            do {
                var upserts: [Int: FastStatement] = [:]
                func upsert(_ chunk: RowChunk, inOrder order: [Int]?) throws {
                    try chunk.withBinder { bind in
                        var start = 0
                        while start < chunk.count {
                            let count = chunk.count - start >= Self.rowsPerUpsert ? Self.rowsPerUpsert : 1
                            var statement =
                                try upserts[count]
                                ?? Self.upsertStatement(columns: table.storedColumns, rows: count, table: table, db: db)
                            for row in start..<start + count { bind(order?[row] ?? row, &statement) }
                            try statement.execute()
                            upserts[count] = statement
                            imported += count
                            start += count
                        }
                    }
                }
                // Rows in key order are stored as they come. From the first chunk out of order on
                // (an export sorted by date or order id), rows are gathered into windows and each
                // window stored in key order: random inserts into a table larger than the cache
                // made a shuffled 3M-line orders file 4.4 times slower than a sorted one.
                var window = RowChunk(width: table.storedColumns.count)
                var windowing = false
                while let chunk = pipe.receive() {
                    if !windowing && chunk.followsKeyOrder {
                        try upsert(chunk, inOrder: nil)
                        continue
                    }
                    windowing = true
                    window.append(contentsOf: chunk)
                    if window.count >= Self.rowsPerWindow {
                        try upsert(window, inOrder: window.rowsInKeyOrder(table.keyColumns))
                        window = RowChunk(width: table.storedColumns.count)
                    }
                }
                try upsert(window, inOrder: window.rowsInKeyOrder(table.keyColumns))
            } catch {
                pipe.cancel()
                _ = try? checking.wait()
                if let error = error as? DatabaseError, error.resultCode == .SQLITE_TOOBIG {
                    throw StoreError(
                        message: "\(path): a cell is too large to store (SQLite takes at most 1 GB in one cell); "
                            + "shorten it; nothing was imported")
                }
                throw error
            }
            let checked: RowStream
            do {
                checked = try checking.wait()
            } catch let error as CSVReader.SyntaxError {
                let message = error.invalidUTF8 ? Self.notUTF8(blocks.head) : error.message
                throw ImportFailure(issues: [ImportIssue(file: path, line: error.line, column: nil, message: message)])
            }
            guard checked.sawHeader else {
                throw ImportFailure(issues: [
                    ImportIssue(file: path, line: 1, column: nil, message: "the file is empty; it needs a header row")
                ])
            }
            let issues = checked.issues
            if !issues.isEmpty && !skipBadRows { throw ImportFailure(issues: issues) }
            if suspended { try DueMarkSuspension.restore(on: table, db) }
            var report = Report()
            report.imported = imported
            report.skipped = Set(issues.map(\.line)).count
            report.issues = issues
            report.warnings = checked.warnings
            return report
        }
    }

    /// Parses and checks a file, sending the rows to store through `pipe` in chunks; returns the
    /// stream with what it found. Closes the pipe however it ends.
    private static func check(
        _ blocks: CSVBlocks, with start: RowStream, into pipe: RowPipe, progress: (Int) -> Void
    ) throws -> RowStream {
        defer { pipe.close() }
        var stream = start
        var status = stat()
        if stat(blocks.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            stream.reserve(rows: min(Int(status.st_size) / 40, 20_000_000))
        }
        let width = start.table.storedColumns.count
        let keyColumns = start.table.keyColumns
        var chunk = RowChunk(width: width, reservingRows: rowsPerChunk)
        var lastKey: [[UInt8]]?
        var inOrder = true
        func send() throws {
            inOrder = inOrder && chunk.isInKeyOrder(keyColumns, after: lastKey)
            chunk.followsKeyOrder = inOrder
            lastKey = chunk.lastKey(keyColumns) ?? lastKey
            try pipe.send(chunk)
            // The next chunk is about as large as this one.
            chunk = RowChunk(width: width, reservingRows: rowsPerChunk, bytes: chunk.byteCount + chunk.byteCount / 8)
        }
        var delimiter: UInt8?
        while let block = try blocks.next() {
            let separator = delimiter ?? Self.delimiter(path: blocks.path, bytes: block.bytes)
            delimiter = separator
            try CSVReader.parse(block.bytes, delimiter: separator, firstLine: block.firstLine) { record in
                if let row = try stream.take(record) { chunk.append(row.values) }
                if chunk.count >= rowsPerChunk { try send() }
                if stream.rows > 0 && stream.rows % 50_000 == 0 { progress(stream.rows) }
            }
        }
        try send()
        return stream
    }

    /// The header's problems, and a warning naming the columns of an orders or events file that
    /// the format does not know (they are ignored: a shop's export has many).
    static func checkHeader(_ names: [String], table: ImportTable, file: String, line: Int)
        -> (problems: [ImportIssue], ignored: [ImportIssue])
    {
        var issues: [ImportIssue] = []
        var unknown: [String] = []
        for column in table.required where !names.contains(column) {
            issues.append(
                ImportIssue(
                    file: file, line: line, column: column,
                    message: "the header has no '\(column)' column\(Suggestions.didYouMean(column, in: names)); add it")
            )
        }
        var seen: Set<String> = []
        for name in names {
            if !seen.insert(name).inserted {
                issues.append(
                    ImportIssue(file: file, line: line, column: name, message: "the header names '\(name)' twice"))
            }
            if name.isEmpty {
                issues.append(
                    ImportIssue(file: file, line: line, column: nil, message: "the header has an empty column name"))
            } else if table != .customers && !table.columns.contains(name) {
                unknown.append(name)
            }
        }
        guard !unknown.isEmpty else { return (issues, []) }
        let names = unknown.map { name in
            "'\(name)'" + (name.allSatisfy(\.isASCII) ? Suggestions.didYouMean(name, in: table.columns) : "")
        }
        let warning = ImportIssue(
            file: file, line: line, column: nil,
            message: "ignored the column\(unknown.count == 1 ? "" : "s") \(names.joined(separator: ", ")): "
                + "\(table.rawValue) take \(table.columns.joined(separator: ", ")); map a shop's own names in "
                + "team.yaml (columns: { \(table.rawValue): { 品項: sku } })")
        return (issues, [warning])
    }

    /// The field separator (SPEC §7): a tab for `.tsv` and `.txt` files (Excel's "Unicode text"),
    /// and for a file whose header row holds tabs but no comma; else a comma.
    static func delimiter(path: String, bytes: [UInt8]) -> UInt8 {
        let name = path.lowercased()
        if name.hasSuffix(".tsv") || name.hasSuffix(".txt") { return UInt8(ascii: "\t") }
        let header = bytes.prefix { $0 != 0x0A }
        let tabbed = header.contains(UInt8(ascii: "\t")) && !header.contains(UInt8(ascii: ","))
        return tabbed ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// What to say of a file that is not UTF-8: the encoding it most likely has, and how to read it.
    static func notUTF8(_ bytes: [UInt8]) -> String {
        let advice =
            "pass --encoding big5 or --encoding gb18030 (or set import: { encoding: … } in team.yaml), "
            + "or save it from Excel as \"CSV UTF-8 (comma delimited)\""
        switch EncodedText.likelyEncoding(of: bytes) {
        case .big5?:
            return "the file is not UTF-8; it looks like Big5 (Traditional Chinese, as Excel saves it in Taiwan): "
                + "import it with --encoding big5, or save it from Excel as \"CSV UTF-8 (comma delimited)\""
        case .gb18030?:
            return "the file is not UTF-8; it looks like GB18030/GBK (Simplified Chinese): import it with "
                + "--encoding gb18030, or save it from Excel as \"CSV UTF-8 (comma delimited)\""
        default:
            return "the file is not UTF-8; " + advice
        }
    }

    /// `created_at` of the customers already stored: re-importing a row without one keeps it.
    private func existingCreationTimes(_ db: Database, table: ImportTable) throws -> [BytewiseText: String] {
        guard table == .customers else { return [:] }
        var times: [BytewiseText: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, created_at FROM customers")
        while let row = try rows.next() { times[BytewiseText(row[0])] = row[1] }
        return times
    }

    /// The ids of the stored customers, which an order line or event must name byte for byte.
    private func knownIDs(_ db: Database, table: ImportTable) throws -> Set<BytewiseText> {
        guard table != .customers else { return [] }
        var ids = Set<BytewiseText>(minimumCapacity: try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0)
        let rows = try FastQuery(db, sql: "SELECT id FROM customers")
        while try rows.next() { ids.insert(BytewiseText(rows.string(0))) }
        return ids
    }

    /// Rows the checking thread hands over at a time.
    static let rowsPerChunk = 2_000

    /// Rows gathered and sorted by key before they are stored, once a file is out of key order:
    /// with windows of 200,000 rows the 3M order lines of the 1M benchmark import in 20 s in date
    /// order (94 s before) against 12 s in key order, holding about 50 MB of rows at a time.
    static let rowsPerWindow = 200_000

    /// Rows stored by one upsert statement (the rest of a chunk one by one): starting and ending a
    /// statement for every row cost about as much as storing the row. Ids are unique within a file,
    /// so rows of one statement never conflict with each other.
    static let rowsPerUpsert = 32

    /// The upsert statement of `rows` rows for a table's stored columns.
    static func upsertStatement(columns: [String], rows: Int, table: ImportTable, db: Database) throws
        -> FastStatement
    {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let updates = columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return try FastStatement(
            db,
            sql: """
                INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", ")))
                VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
                ON CONFLICT(id) DO UPDATE SET \(updates)
                """)
    }
}

/// Every problem of a failed import; nothing was stored.
public struct ImportFailure: Error, Sendable {
    public var issues: [ImportIssue]

    /// A failure with these problems.
    public init(issues: [ImportIssue]) { self.issues = issues }
}
