import Foundation

/// Decodes the team file `team.yaml` (SPEC §3).
public enum TeamDecoder {
    static let keys = ["timezone", "max_per_customer_per_day", "customer_attributes", "import", "columns"]

    /// Decodes the team file's tree.
    public static func decode(_ root: YAMLNode, file: String) -> (TeamSyntax, [Diagnostic]) {
        var reader = ScalarDecoding()
        var team = TeamSyntax()
        team.file = file
        guard let map = reader.mapping(root, "the team file", allowed: keys) else { return (team, reader.bag.all) }
        team.timezone = map["timezone"].flatMap { reader.string($0.value, "timezone") }
        if let node = map["max_per_customer_per_day"]?.value, let cap = reader.int(node, "max_per_customer_per_day") {
            if cap.value < 1 {
                reader.bag.error(
                    "invalid-value", "max_per_customer_per_day must be at least 1", at: cap.location,
                    help: "remove the line for no cap")
            } else {
                team.maxPerCustomerPerDay = cap.value
            }
        }
        if let node = map["customer_attributes"]?.value {
            team.customerAttributes = reader.stringList(node, "customer_attributes")
            var declared: Set<String> = []
            for attribute in team.customerAttributes {
                if CustomerFields.core.contains(attribute.value) {
                    reader.bag.error(
                        "invalid-value", "'\(attribute.value)' is a core customer field, not a custom attribute",
                        at: attribute.location, help: "remove it from customer_attributes")
                } else if !declared.insert(attribute.value).inserted {
                    reader.bag.error(
                        "invalid-value", "custom attribute '\(attribute.value)' is listed twice",
                        at: attribute.location, help: "remove the second '\(attribute.value)'")
                }
            }
        }
        if let node = map["import"]?.value { team.importSettings = decodeImport(node, reader: &reader) }
        if let node = map["columns"]?.value {
            team.importSettings.columns = decodeColumns(
                node, attributes: team.customerAttributes.map(\.value), reader: &reader)
        }
        return (team, reader.bag.all)
    }

    /// `import: { encoding: big5, date_order: mdy }`.
    private static func decodeImport(_ node: YAMLNode, reader: inout ScalarDecoding) -> ImportSettings {
        var settings = ImportSettings()
        guard let map = reader.mapping(node, "import", allowed: ["encoding", "date_order"]) else { return settings }
        if let value = map["encoding"]?.value, let name = reader.string(value, "import.encoding") {
            if let encoding = TextEncoding(name: name.value) {
                settings.encoding = encoding
            } else {
                reader.bag.error(
                    "invalid-value", "'\(name.value)' is not an encoding playbook reads", at: name.location,
                    help: "use \(TextEncoding.acceptedNames)")
            }
        }
        if let value = map["date_order"]?.value {
            settings.dateOrder = reader.enumValue(value, "import.date_order", DateOrder.self)?.value
        }
        return settings
    }

    /// `columns: { customers: { 客戶編號: id, … }, orders: {…}, events: {…} }`: each shop header
    /// names a SPEC column of its file kind (for customers also a declared custom attribute), and
    /// no column is named twice.
    private static func decodeColumns(_ node: YAMLNode, attributes: [String], reader: inout ScalarDecoding)
        -> [String: [String: String]]
    {
        var result: [String: [String: String]] = [:]
        guard let kinds = reader.mapping(node, "columns", allowed: ImportSettings.fileKinds) else { return result }
        for kind in ImportSettings.fileKinds {
            guard let pairs = kinds[kind]?.value else { continue }
            guard let entries = pairs.pairs else {
                _ = reader.mapping(pairs, "columns.\(kind)", allowed: [])
                continue
            }
            let targets = ImportSettings.specColumns(of: kind) + (kind == "customers" ? attributes : [])
            var mapping: [String: String] = [:]
            var claimed: [String: String] = [:]
            for pair in entries {
                guard let header = reader.string(pair.key, "a column name"),
                    let target = reader.string(pair.value, "columns.\(kind).\(header.value)")
                else { continue }
                guard targets.contains(target.value) else {
                    reader.bag.error(
                        "unknown-column",
                        "'\(target.value)' is not a column of \(kind)\(Suggestions.didYouMean(target.value, in: targets))",
                        at: target.location, help: "\(kind) take \(targets.joined(separator: ", "))")
                    continue
                }
                if let other = claimed[target.value] {
                    reader.bag.error(
                        "duplicate-column", "'\(header.value)' and '\(other)' both map to '\(target.value)'",
                        at: target.location, help: "map each column of the file to a different name")
                    continue
                }
                claimed[target.value] = header.value
                mapping[ColumnName.normalized(header.value)] = target.value
            }
            result[kind] = mapping
        }
        return result
    }
}

/// How a header cell is compared: trimmed of spaces (full-width ones too) and lower-cased.
public enum ColumnName {
    /// The header as compared.
    public static func normalized(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// The field names of the data model (SPEC §2).
public enum CustomerFields {
    /// Core customer columns.
    public static let core = [
        "id", "name", "phone", "line_id", "wechat_id", "email", "tier", "birthday", "tags", "owner", "opted_out",
        "created_at",
    ]
    /// Event columns.
    public static let event = ["id", "customer_id", "kind", "at", "note", "order_id"]
    /// Order line columns.
    public static let order = [
        "id", "customer_id", "sku", "quantity", "ordered_at", "paid_at", "shipped_at", "delivered_at", "carrier",
        "tracking_no", "amount",
    ]
    /// Product fields.
    public static let product = ["sku", "name"]
}
