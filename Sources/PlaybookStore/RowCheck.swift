import Foundation
import PlaybookCore

/// The checked values of one CSV row, ready to store.
struct RowValues {
    var id: String
    var generatedID: Bool
    var columns: [(String, String?)]
}

/// Checks one row of a CSV file against its format.
struct RowCheck {
    let table: ImportTable
    let file: String
    let header: [String]
    let now: Instant
    /// `created_at` of customers already stored, kept when a re-imported row leaves it empty.
    var existingCreatedAt: [String: String] = [:]

    func values(_ record: CSVReader.Record, knownCustomers: Set<String>)
        -> Result<RowValues, RowIssues>
    {
        var issues: [ImportIssue] = []
        func issue(_ column: String?, _ message: String) {
            issues.append(ImportIssue(file: file, line: record.line, column: column, message: message))
        }
        guard record.fields.count == header.count else {
            issue(
                nil,
                "the row has \(record.fields.count) fields but the header has \(header.count); check for a stray comma or an unquoted value"
            )
            return .failure(RowIssues(issues: issues))
        }
        var cells: [String: String] = [:]
        for (name, value) in zip(header, record.fields) {
            let trimmed = value.trimmedCell
            if !trimmed.isEmpty { cells[name] = trimmed }
        }
        for column in table.required where cells[column] == nil && !(table == .events && column == "id") {
            issue(column, "is empty; it is required")
        }
        for column in table.timeColumns {
            guard let text = cells[column] else { continue }
            switch CellRules.time(text) {
            case .success(let value): cells[column] = value.description
            case .failure(let error): issue(column, error.message)
            }
        }
        var attributes: [String: String] = [:]
        switch table {
        case .customers:
            if let tier = cells["tier"], let error = CellRules.tier(tier) { issue("tier", error.message) }
            if let birthday = cells["birthday"], let error = CellRules.birthday(birthday) {
                issue("birthday", error.message)
            }
            if let flag = cells["opted_out"], case .failure(let error) = CellRules.boolean(flag) {
                issue("opted_out", error.message)
            }
            for (name, value) in cells where !table.columns.contains(name) { attributes[name] = value }
        case .orders:
            if let quantity = cells["quantity"], case .failure(let error) = CellRules.quantity(quantity) {
                issue("quantity", error.message)
            }
            if let amount = cells["amount"], let error = CellRules.amount(amount) { issue("amount", error.message) }
            if let customer = cells["customer_id"], !knownCustomers.contains(customer) {
                issue("customer_id", "no customer '\(customer)'; import customers first")
            }
        case .events:
            if let customer = cells["customer_id"], !knownCustomers.contains(customer) {
                issue("customer_id", "no customer '\(customer)'; import customers first")
            }
        }
        guard issues.isEmpty else { return .failure(RowIssues(issues: issues)) }
        var generated = false
        var id = cells["id"] ?? ""
        if table == .events && id.isEmpty {
            generated = true
            id =
                "ev-"
                + FNV1a.hex([cells["customer_id"], cells["kind"], cells["at"], cells["note"], cells["order_id"]])
        }
        var columns: [(String, String?)] = [("id", id)]
        switch table {
        case .customers:
            columns += CustomerFields.core.dropFirst().map { ($0, cells[$0]) }
            columns = columns.map { name, value in
                switch name {
                case "tier": return (name, value ?? "regular")
                case "opted_out": return (name, (value?.lowercased() == "true") ? "1" : "0")
                case "created_at":
                    return (name, value ?? existingCreatedAt[id] ?? Timestamp.instant(now).description)
                default: return (name, value)
                }
            }
            var json = JSONLine()
            for name in attributes.keys.sorted() { json.add(name, attributes[name]) }
            columns.append(("attributes", json.string))
        case .orders:
            columns += CustomerFields.order.dropFirst().map { name in
                (name, name == "quantity" ? (cells[name] ?? "1") : cells[name])
            }
        case .events:
            columns += ["customer_id", "kind", "at", "note", "order_id"].map { ($0, cells[$0]) }
        }
        return .success(RowValues(id: id, generatedID: generated, columns: columns))
    }
}

/// The problems of one row.
struct RowIssues: Error {
    var issues: [ImportIssue]
}
