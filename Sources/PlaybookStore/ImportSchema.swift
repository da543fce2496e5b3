import PlaybookCore

/// The three CSV formats of SPEC §2 and how each cell is checked.
public enum ImportTable: String, Sendable, CaseIterable {
    case customers, orders, events

    /// Columns the format knows.
    var columns: [String] {
        switch self {
        case .customers: return CustomerFields.core
        case .orders: return CustomerFields.order
        case .events: return CustomerFields.event
        }
    }

    /// Columns an import stores, in the order of ``RowValues/values``: the known ones, and for
    /// customers the custom attributes as one JSON object.
    var storedColumns: [String] { self == .customers ? columns + ["attributes"] : columns }

    /// Positions in ``storedColumns`` of the table's primary key, in key order: the order SQLite
    /// keeps the rows in (`orders` and `events` are clustered by customer).
    var keyColumns: [Int] {
        let names = self == .customers ? ["id"] : ["customer_id", "id"]
        return names.compactMap { storedColumns.firstIndex(of: $0) }
    }

    /// Columns that must be present in the header and filled in every row.
    var required: [String] {
        switch self {
        case .customers: return ["id", "name"]
        case .orders: return ["id", "customer_id", "sku", "ordered_at"]
        case .events: return ["customer_id", "kind", "at"]
        }
    }

    /// Columns holding times.
    var timeColumns: Set<String> {
        switch self {
        case .customers: return ["created_at"]
        case .orders: return ["ordered_at", "paid_at", "shipped_at", "delivered_at"]
        case .events: return ["at"]
        }
    }
}

/// One problem in an imported file.
public struct ImportIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: String?
    public var message: String

    /// `file:line: column 'x': message`.
    public var description: String {
        "\(file):\(line): " + (column.map { "column '\($0)': " } ?? "") + message
    }
}

/// Checks single cells.
enum CellRules {
    /// A time value, or a message saying how to write it.
    static func time(_ text: String) -> Result<Timestamp, CellError> {
        guard let value = Timestamp(parsing: text) else {
            return .failure(
                CellError(
                    "'\(text)' is not a date or time; write 2026-11-19, 2026-11-19 22:30 or 2026-11-19T22:30:00+08:00"))
        }
        // The year as written (a bare value) or in UTC (an instant): no time zone to copy for
        // the millions of bare values of a large file.
        let year: Int
        switch value {
        case .date(let date), .local(let date, _): year = date.year
        case .instant: year = value.localDate(in: .utc).year
        }
        guard (1900...2200).contains(year) else {
            return .failure(CellError("'\(text)' is outside the years 1900–2200; check the year"))
        }
        return .success(value)
    }

    /// SPEC §5: an id is printable text without `/` (it would make two action keys alike) and
    /// without control characters.
    static func identifier(_ text: String) -> CellError? {
        if text.utf8.contains(UInt8(ascii: "/")) {
            return CellError(
                "'\(TerminalText.safe(text))' contains '/', which ids may not hold; use another character such as '-'")
        }
        if text.unicodeScalars.contains(where: { TerminalText.isUnsafe($0, keepingLineFeeds: false) }) {
            return CellError("'\(TerminalText.safe(text))' contains a control character; ids must be printable text")
        }
        return nil
    }

    /// SPEC §2: `YYYY-MM-DD` or `MM-DD`, a real day (Feb 29 allowed without a year).
    static func birthday(_ text: String) -> CellError? {
        if LocalDate(iso: text) != nil || LocalDate.monthDay(text) != nil { return nil }
        return CellError("'\(text)' is not a birthday; write YYYY-MM-DD or MM-DD")
    }

    static func boolean(_ text: String) -> Result<Bool, CellError> {
        switch text.lowercased() {
        case "true": return .success(true)
        case "false": return .success(false)
        default: return .failure(CellError("'\(text)' is not true or false"))
        }
    }

    static func quantity(_ text: String) -> Result<Int, CellError> {
        guard let value = Int(text), value >= 1 else {
            return .failure(CellError("'\(text)' is not a whole number of at least 1"))
        }
        return .success(value)
    }

    /// A decimal: an optional leading `-`, digits with at most one `.` among them, at least one
    /// digit (what `Double` accepts of those characters; read by byte, as `Double` took a tenth
    /// of an orders import's checking).
    static func amount(_ text: String) -> CellError? {
        var text = text
        let isDecimal = text.withUTF8 { bytes -> Bool in
            var digits = 0
            var sawPoint = false
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
                case UInt8(ascii: "."):
                    if sawPoint { return false }
                    sawPoint = true
                case UInt8(ascii: "-") where index == 0: continue
                default: return false
                }
            }
            return digits > 0
        }
        return isDecimal ? nil : CellError("'\(text)' is not a decimal amount such as 1280.50")
    }

    static func tier(_ text: String) -> CellError? {
        ["potential", "regular", "vip"].contains(text)
            ? nil
            : CellError(
                "'\(text)' is not a tier\(Suggestions.didYouMean(text, in: ["potential", "regular", "vip"])); use potential, regular or vip"
            )
    }
}

/// A cell's problem.
struct CellError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
