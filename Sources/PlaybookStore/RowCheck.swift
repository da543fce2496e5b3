import Foundation
import PlaybookCore

/// The checked values of one CSV row, ready to store: one per ``ImportTable/storedColumns``.
struct RowValues: Sendable {
    var id: String
    var generatedID: Bool
    var values: [String?]
}

/// Checks one row of a CSV file against its format. Made once per file: the header's column
/// positions are looked up once, and each row's cells are read by position.
struct RowCheck: Sendable {
    let table: ImportTable
    let file: String
    let header: [String]
    let now: Instant
    /// `created_at` of customers already stored, kept when a re-imported row leaves it empty.
    let existingCreatedAt: [BytewiseText: String]
    /// Header positions of the columns a row's checks read by name, looked up once per file (a
    /// lookup by name in every row was a tenth of an import's checking).
    private let named: NamedPositions
    /// Columns of a customers file that the format does not know: custom attributes, sorted.
    private let attributeColumns: [(name: String, index: Int)]
    /// Header positions of the required columns, of the columns holding times (in a fixed order)
    /// and of the stored columns after `id`, looked up once rather than by name in every row.
    private let requiredPositions: [(name: String, index: Int?)]
    private let timePositions: [(name: String, index: Int)]
    /// Header positions of the columns holding ids (SPEC §5: printable, without `/`).
    private let identifierPositions: [(name: String, index: Int)]
    private let storedPositions: [(column: StoredColumn, index: Int?)]

    /// How year-last dates are read (team.yaml `import: { date_order: … }`).
    let dateOrder: DateOrder?

    init(
        table: ImportTable, file: String, header: [String], now: Instant, existingCreatedAt: [BytewiseText: String],
        dateOrder: DateOrder? = nil
    ) {
        self.dateOrder = dateOrder
        self.table = table
        self.file = file
        self.header = header
        self.now = now
        self.existingCreatedAt = existingCreatedAt
        var position: [String: Int] = [:]
        for (index, name) in header.enumerated() where position[name] == nil { position[name] = index }
        named = NamedPositions(position)
        attributeColumns =
            table == .customers
            ? position.filter { !table.columns.contains($0.key) }.map { (name: $0.key, index: $0.value) }
                .sorted { $0.name < $1.name } : []
        requiredPositions = table.required.map { (name: $0, index: position[$0]) }
        timePositions = table.timeColumns.sorted().compactMap { name in position[name].map { (name: name, index: $0) } }
        identifierPositions = ["id", "customer_id", "order_id"].compactMap { name in
            position[name].map { (name: name, index: $0) }
        }
        storedPositions = table.columns.dropFirst().map { (column: StoredColumn($0), index: position[$0]) }
    }

    func values(_ record: CSVReader.Record, knownCustomers: Set<BytewiseText>)
        -> Result<RowValues, RowIssues>
    {
        var issues: [ImportIssue] = []
        func issue(_ column: String?, _ message: String) {
            issues.append(ImportIssue(file: file, line: record.line, column: column, message: message))
        }
        guard record.fields.count == header.count else {
            issue(
                nil,
                "the row has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s") but the header has "
                    + "\(header.count); check for a stray comma or an unquoted value"
            )
            return .failure(RowIssues(issues: issues))
        }
        var cells = record.fields.map { value -> String? in value.isEmpty ? nil : value }
        func cell(at index: Int?) -> String? { index.flatMap { cells[$0] } }
        for (column, index) in requiredPositions where cell(at: index) == nil && !(table == .events && column == "id") {
            issue(column, "is empty; it is required")
        }
        for (column, index) in identifierPositions {
            if let text = cells[index], let error = CellRules.identifier(text) { issue(column, error.message) }
        }
        for (column, index) in timePositions {
            guard let text = cells[index] else { continue }
            switch CellRules.time(text, order: dateOrder) {
            case .success(let (value, written)): cells[index] = value.description(reusing: written)
            case .failure(let error): issue(column, error.message)
            }
        }
        switch table {
        case .customers:
            if let index = named.tier, let tier = cells[index] {
                switch CellRules.tier(tier) {
                case .success(let value): cells[index] = value
                case .failure(let error): issue("tier", error.message)
                }
            }
            if let index = named.birthday, let birthday = cells[index] {
                switch CellRules.birthday(birthday) {
                case .success(let value): cells[index] = value
                case .failure(let error): issue("birthday", error.message)
                }
            }
            if let index = named.optedOut, let flag = cells[index] {
                switch CellRules.boolean(flag) {
                case .success(let value): cells[index] = value ? "true" : "false"
                case .failure(let error): issue("opted_out", error.message)
                }
            }
        case .orders:
            if let quantity = cell(at: named.quantity), case .failure(let error) = CellRules.quantity(quantity) {
                issue("quantity", error.message)
            }
            if let index = named.amount, let amount = cells[index] {
                switch CellRules.amount(amount) {
                case .success(let value): cells[index] = value
                case .failure(let error): issue("amount", error.message)
                }
            }
            if let customer = cell(at: named.customerID), !knownCustomers.contains(BytewiseText(customer)) {
                issue("customer_id", "no customer '\(customer)'; import customers first")
            }
        case .events:
            if let customer = cell(at: named.customerID), !knownCustomers.contains(BytewiseText(customer)) {
                issue("customer_id", "no customer '\(customer)'; import customers first")
            }
        }
        guard issues.isEmpty else { return .failure(RowIssues(issues: issues)) }
        var generated = false
        var id = cell(at: named.id) ?? ""
        if table == .events && id.isEmpty {
            generated = true
            id =
                "ev-"
                + FNV1a.hex([
                    cell(at: named.customerID), cell(at: named.kind), cell(at: named.at), cell(at: named.note),
                    cell(at: named.orderID),
                ])
        }
        // Room first: an array made from `[id]` and then enlarged was allocated twice.
        var values: [String?] = []
        values.reserveCapacity(table.columns.count + 1)
        values.append(id)
        switch table {
        case .customers:
            for (column, index) in storedPositions {
                let value = cell(at: index)
                switch column {
                case .tier: values.append(value ?? "regular")
                case .optedOut: values.append((value?.lowercased() == "true") ? "1" : "0")
                case .createdAt:
                    values.append(value ?? existingCreatedAt[BytewiseText(id)] ?? Timestamp.instant(now).description)
                case .quantity, .other: values.append(value)
                }
            }
            var json = JSONLine()
            for (name, index) in attributeColumns {
                if let value = cells[index] { json.add(name, value) }
            }
            values.append(json.string)
        case .orders:
            for (column, index) in storedPositions {
                values.append(column == .quantity ? (cell(at: index) ?? "1") : cell(at: index))
            }
        case .events:
            for (_, index) in storedPositions { values.append(cell(at: index)) }
        }
        return .success(RowValues(id: id, generatedID: generated, values: values))
    }
}

/// A stored column with a default or a conversion, told apart once per file: comparing every
/// column's name in every row was a third of the checks of a customers file.
private enum StoredColumn {
    case tier, optedOut, createdAt, quantity, other

    init(_ name: String) {
        switch name {
        case "tier": self = .tier
        case "opted_out": self = .optedOut
        case "created_at": self = .createdAt
        case "quantity": self = .quantity
        default: self = .other
        }
    }
}

/// Header positions of the columns that ``RowCheck`` reads by name (nil: not in the header).
private struct NamedPositions: Sendable {
    let id, customerID, kind, at, note, orderID, quantity, amount, tier, birthday, optedOut: Int?

    init(_ position: [String: Int]) {
        id = position["id"]
        customerID = position["customer_id"]
        kind = position["kind"]
        at = position["at"]
        note = position["note"]
        orderID = position["order_id"]
        quantity = position["quantity"]
        amount = position["amount"]
        tier = position["tier"]
        birthday = position["birthday"]
        optedOut = position["opted_out"]
    }
}

/// The problems of one row.
struct RowIssues: Error {
    var issues: [ImportIssue]
}
