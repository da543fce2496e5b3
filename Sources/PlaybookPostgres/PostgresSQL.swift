import Logging
import PostgresNIO

/// Text-in, text-out statements: every value is bound as text (or NULL) and cast in the SQL where the
/// column is a number, and every selected column is read as text, so the rows are the
/// ``PlaybookStore/TextRecords`` cells every backend shares.
extension PostgresConnection {
    /// Runs `sql` with `binds` ($1, $2, …) and returns every row's cells.
    func rows(_ sql: String, _ binds: [String?] = [], logger: Logger) async throws -> [[String?]] {
        let sequence = try await query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(binds)), logger: logger)
        var result: [[String?]] = []
        for try await row in sequence { result.append(try row.map { try $0.decode(String?.self) }) }
        return result
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ binds: [String?] = [], logger: Logger) async throws {
        let sequence = try await query(PostgresQuery(unsafeSQL: sql, binds: Self.bindings(binds)), logger: logger)
        for try await _ in sequence {}
    }

    private static func bindings(_ values: [String?]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { bindings.append(value) } else { bindings.appendNull() }
        }
        return bindings
    }
}

/// Builders of statements over many rows.
enum SQLText {
    /// `($1::text, $2::integer), ($3::text, $4::integer)` for `rows` rows of `types`, from `$first`.
    static func values(rows: Int, types: [String], first: Int = 1) -> String {
        var parameter = first
        return (0..<rows).map { _ in
            "("
                + types.map { type in
                    defer { parameter += 1 }
                    return "$\(parameter)::\(type)"
                }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }

    /// At most this many bound values per statement (PostgreSQL takes 65,535).
    static let maxBinds = 30_000

    /// Rows per statement for rows of `width` values.
    static func rowsPerStatement(width: Int) -> Int { max(1, maxBinds / max(width, 1)) }
}
