import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

/// `playbook import` into the team database: the shared checks (``CheckedImport``), then upserts by
/// id in one transaction, so a file with a bad row stores nothing unless bad rows are skipped.
enum PostgresImport {
    static func run(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings,
        customerAttributes: [String], _ connection: PostgresConnection, logger: Logger,
        progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Importer.Report {
        try await connection.run("BEGIN", logger: logger)
        do {
            let report = try await store(
                path, into: table, skipBadRows: skipBadRows, settings: settings,
                customerAttributes: customerAttributes, connection, logger: logger, progress: progress)
            try await connection.run("COMMIT", logger: logger)
            return report
        } catch {
            try? await connection.run("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func store(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings,
        customerAttributes: [String], _ connection: PostgresConnection, logger: Logger,
        progress: @escaping @Sendable (Int) -> Void
    ) async throws -> Importer.Report {
        var known: [String] = []
        var created: [String: String] = [:]
        let customers = try await connection.rows("SELECT id, created_at FROM customers", logger: logger)
        for row in customers {
            guard let id = row[0] else { continue }
            known.append(id)
            if table == .customers, let time = row[1] { created[id] = time }
        }
        let reader = try CheckedImport(
            path, into: table, settings: settings, customerAttributes: customerAttributes, known: known,
            created: created)
        let columns = CheckedImport.columns(of: table)
        let updates = columns.filter { $0 != "id" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        var imported = 0
        var reported = 0
        while let rows = try reader.nextRows() {
            try await PostgresRows.insert(
                rows, into: table.rawValue, columns: columns, onConflict: "(id) DO UPDATE SET \(updates)",
                connection, logger: logger)
            imported += rows.count
            if reader.rowsRead / 50_000 > reported {
                reported = reader.rowsRead / 50_000
                progress(reader.rowsRead)
            }
        }
        if !reader.issues.isEmpty && !skipBadRows { throw ImportFailure(issues: reader.issues) }
        var report = Importer.Report()
        report.imported = imported
        report.skipped = Set(reader.issues.map(\.line)).count
        report.issues = reader.issues
        report.warnings = reader.warnings
        return report
    }
}
