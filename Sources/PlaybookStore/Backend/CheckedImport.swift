import PlaybookCore

/// The backend-neutral half of an import (SPEC §2, §7): reads a file a block at a time and checks
/// every row as ``Importer`` does, handing out the good rows of each block, each row's cells aligned
/// with ``columns(of:)``. The backend stores them in one transaction and keeps nothing when
/// ``issues`` is not empty and bad rows are not skipped.
public final class CheckedImport: @unchecked Sendable {  // used by one task at a time
    /// The stored columns of a file kind, in the order of each row's cells (customers end with
    /// `attributes`, a JSON object).
    public static func columns(of table: ImportTable) -> [String] { table.storedColumns }

    private let path: String
    private let blocks: CSVBlocks
    private var stream: RowStream
    private var delimiter: UInt8?

    /// Opens `path`; `known` are the stored customer ids (an order line or event must name one),
    /// `created` the stored customers' `created_at` (kept when a re-imported row has none).
    public init(
        _ path: String, into table: ImportTable, settings: ImportSettings, customerAttributes: [String],
        known: [String], created: [String: String], now: Instant = .now
    ) throws {
        self.path = path
        blocks = try CSVBlocks(path: path, encoding: settings.encoding)
        var createdTimes: [BytewiseText: String] = [:]
        for (id, time) in created { createdTimes[BytewiseText(id)] = time }
        stream = RowStream(
            path: path, table: table, now: now, known: Set(known.map(BytewiseText.init)), created: createdTimes,
            headerNames: HeaderNames(table: table, settings: settings, customerAttributes: customerAttributes),
            dateOrder: settings.dateOrder)
    }

    /// The good rows of the next block of the file (possibly none), or nil at its end.
    public func nextRows() throws -> [[String?]]? {
        guard let block = try blocks.next() else {
            guard stream.sawHeader else {
                throw ImportFailure(issues: [
                    ImportIssue(file: path, line: 1, column: nil, message: "the file is empty; it needs a header row")
                ])
            }
            return nil
        }
        let separator = delimiter ?? Importer.delimiter(path: path, bytes: block.bytes)
        delimiter = separator
        var rows: [[String?]] = []
        do {
            try CSVReader.parse(block.bytes, delimiter: separator, firstLine: block.firstLine) { record in
                if let row = try stream.take(record) { rows.append(row.values) }
            }
        } catch let error as CSVReader.SyntaxError {
            let message = error.invalidUTF8 ? Importer.notUTF8(blocks.head) : error.message
            throw ImportFailure(issues: [ImportIssue(file: path, line: error.line, column: nil, message: message)])
        }
        return rows
    }

    /// Data rows read so far (good or bad).
    public var rowsRead: Int { stream.rows }
    /// Every bad row's problems so far.
    public var issues: [ImportIssue] { stream.issues }
    /// What the import went on despite (ignored columns).
    public var warnings: [ImportIssue] { stream.warnings }
}
