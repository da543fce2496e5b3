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
    }

    let database: PlaybookDatabase

    /// Creates an importer.
    public init(database: PlaybookDatabase) { self.database = database }

    /// Imports a file. Throws ``ImportFailure`` when any row is bad and `skipBadRows` is false.
    public func importFile(
        _ path: String, into table: ImportTable, skipBadRows: Bool, now: Instant = .now,
        progress: (Int) -> Void = { _ in }
    ) throws -> Report {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(message: "\(path): cannot read the file; check the path")
        }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse([UInt8](data))
        } catch {
            throw ImportFailure(issues: [ImportIssue(file: path, line: error.line, column: nil, message: error.message)]
            )
        }
        guard let header = records.first else {
            throw ImportFailure(issues: [
                ImportIssue(file: path, line: 1, column: nil, message: "the file is empty; it needs a header row")
            ])
        }
        let names = header.fields.map(\.trimmedCell)
        var issues = checkHeader(names, table: table, file: path, line: header.line)
        if !issues.isEmpty { throw ImportFailure(issues: issues) }
        return try database.write { db in
            let known = try knownIDs(db, table: table)
            let created = try existingCreationTimes(db, table: table)
            var rows: [RowValues] = []
            var seen: [String: Int] = [:]
            for (index, record) in records.dropFirst().enumerated() {
                if index % 50_000 == 0 && index > 0 { progress(index) }
                let check = RowCheck(table: table, file: path, header: names, now: now, existingCreatedAt: created)
                switch check.values(record, knownCustomers: known) {
                case .success(var row):
                    if let first = seen[row.id] {
                        if table == .events && row.generatedID {
                            row.id += "-\(record.line)"
                        } else {
                            let issue = ImportIssue(
                                file: path, line: record.line, column: "id",
                                message: "id '\(row.id)' already appears on line \(first); ids must be unique")
                            issues.append(issue)
                            continue
                        }
                    }
                    seen[row.id] = record.line
                    rows.append(row)
                case .failure(let rowIssues):
                    issues += rowIssues.issues
                }
            }
            if !issues.isEmpty && !skipBadRows { throw ImportFailure(issues: issues) }
            if let first = rows.first {
                try IndexReset.everyone(db)
                let statement = try upsertStatement(columns: first.columns.map(\.0), table: table, db: db)
                for row in rows {
                    try statement.execute(
                        arguments: StatementArguments(row.columns.map { $0.1?.databaseValue ?? .null }))
                }
            }
            var report = Report()
            report.imported = rows.count
            report.skipped = Set(issues.map(\.line)).count
            report.issues = issues
            return report
        }
    }

    private func checkHeader(_ names: [String], table: ImportTable, file: String, line: Int) -> [ImportIssue] {
        var issues: [ImportIssue] = []
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
                issues.append(
                    ImportIssue(
                        file: file, line: line, column: name,
                        message: "unknown column\(Suggestions.didYouMean(name, in: table.columns)); "
                            + "\(table.rawValue) take \(table.columns.joined(separator: ", "))"))
            }
        }
        return issues
    }

    /// `created_at` of the customers already stored: re-importing a row without one keeps it.
    private func existingCreationTimes(_ db: Database, table: ImportTable) throws -> [String: String] {
        guard table == .customers else { return [:] }
        var times: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, created_at FROM customers")
        while let row = try rows.next() { times[row[0]] = row[1] }
        return times
    }

    private func knownIDs(_ db: Database, table: ImportTable) throws -> Set<String> {
        guard table != .customers else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT id FROM customers"))
    }

    /// The upsert statement for a table's columns (all rows of a table share them).
    private func upsertStatement(columns: [String], table: ImportTable, db: Database) throws -> Statement {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let updates = columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return try db.makeStatement(
            sql: """
                INSERT INTO \(table.rawValue) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))
                ON CONFLICT(id) DO UPDATE SET \(updates)
                """)
    }
}

/// Every problem of a failed import; nothing was stored.
public struct ImportFailure: Error, Sendable {
    public var issues: [ImportIssue]
}
