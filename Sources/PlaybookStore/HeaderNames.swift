import PlaybookCore

/// The column names of a file's header row as the import knows them (SPEC §7): each header
/// trimmed and matched case-insensitively, after the team's own names (`columns:` in team.yaml) are
/// translated; a customers file's other columns keep their name, or the declared custom attribute
/// it matches in another case.
struct HeaderNames: Sendable {
    /// Shop header (normalized) → SPEC column, for this file kind.
    let mapping: [String: String]
    /// The declared custom attributes, by lower-cased name.
    let attributes: [String: String]
    let table: ImportTable

    init(table: ImportTable, settings: ImportSettings, customerAttributes: [String]) {
        self.table = table
        mapping = settings.columns[table.rawValue] ?? [:]
        var attributes: [String: String] = [:]
        for name in customerAttributes { attributes[name.lowercased()] = name }
        self.attributes = attributes
    }

    /// The name the import uses for one header cell.
    func name(of header: String) -> String {
        let normalized = ColumnName.normalized(header)
        if let mapped = mapping[normalized] { return mapped }
        if table.columns.contains(normalized) { return normalized }
        if table == .customers, let attribute = attributes[normalized] { return attribute }
        return header.trimmingCharacters(in: .whitespaces)
    }
}
