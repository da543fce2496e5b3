import Foundation
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
    /// A time value and the text to store it from, or a message saying how to write it: SPEC §2's
    /// forms as they are, a shop's forms (SPEC §7, ``ShopDates``) made canonical first.
    static func time(_ text: String, order: DateOrder? = nil) -> Result<(Timestamp, String), CellError> {
        var written = text
        var parsed = Timestamp(parsing: text)
        if parsed == nil {
            switch ShopDates.canonical(text, order: order) {
            case .success(let canonical):
                written = canonical
                parsed = Timestamp(parsing: canonical)
            case .failure(let error): return .failure(error)
            }
        }
        guard let value = parsed else {
            return .failure(CellError("'\(text)' is not a date or time; write 2026-11-19 or 2026-11-19 22:30"))
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
        return .success((value, written))
    }

    /// SPEC §2 `YYYY-MM-DD` or `MM-DD` (a real day, Feb 29 allowed without a year), and the shop
    /// forms of SPEC §7 (`5/20`, `5-20`, `5月20日`, `1990/5/20`), as the canonical text.
    static func birthday(_ text: String) -> Result<String, CellError> {
        if LocalDate(iso: text) != nil || LocalDate.monthDay(text) != nil { return .success(text) }
        if let canonical = ShopDates.birthday(text) { return .success(canonical) }
        return .failure(CellError("'\(text)' is not a birthday; write YYYY-MM-DD, MM-DD, 5/20 or 5月20日"))
    }

    /// `true`/`false` in any case, and `1`/`0`, `是`/`否`, `Y`/`N`, `yes`/`no` (SPEC §7).
    static func boolean(_ text: String) -> Result<Bool, CellError> {
        switch text.lowercased() {
        case "true", "1", "是", "y", "yes": return .success(true)
        case "false", "0", "否", "n", "no": return .success(false)
        default: return .failure(CellError("'\(text)' is not true or false (also 1/0, 是/否, Y/N)"))
        }
    }

    static func quantity(_ text: String) -> Result<Int, CellError> {
        guard let value = Int(text), value >= 1 else {
            return .failure(CellError("'\(text)' is not a whole number of at least 1"))
        }
        guard value <= 1_000_000 else {
            return .failure(CellError("'\(text)' is more than 1,000,000; check the quantity"))
        }
        return .success(value)
    }

    /// A decimal as stored: an optional leading `-`, digits with at most one `.` among them. A
    /// shop's currency sign (`NT$`, `$`, `¥`, `￥`, `元`…) and thousands separators are set aside
    /// first (SPEC §7: `NT$1,280` is 1280).
    static func amount(_ text: String) -> Result<String, CellError> {
        if isDecimal(text) { return .success(text) }
        var value = text.trimmingCharacters(in: .whitespaces)
        var negative = false
        if value.hasPrefix("-") {
            negative = true
            value.removeFirst()
        }
        for sign in currencySigns where value.uppercased().hasPrefix(sign) {
            value = String(value.dropFirst(sign.count))
            break
        }
        for sign in currencySigns where value.uppercased().hasSuffix(sign) {
            value = String(value.dropLast(sign.count))
            break
        }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("-") && !negative {
            negative = true
            value.removeFirst()
        }
        let groups = value.split(separator: ".", omittingEmptySubsequences: false)
        let whole = groups.first.map(String.init) ?? ""
        let parts = whole.split(separator: ",", omittingEmptySubsequences: false)
        let grouped =
            parts.count == 1
            || (parts.dropFirst().allSatisfy { $0.count == 3 } && (1...3).contains(parts[0].count))
        value = value.replacingOccurrences(of: ",", with: "")
        guard grouped, groups.count <= 2, isDecimal(value), !value.hasPrefix("-") else {
            return .failure(CellError("'\(text)' is not an amount; write 1280.50, 1,280 or NT$1,280"))
        }
        return .success((negative ? "-" : "") + value)
    }

    /// Currency signs and codes an amount may carry, longest first.
    private static let currencySigns = [
        "NT$", "US$", "HK$", "RMB", "CNY", "TWD", "NTD", "USD", "HKD", "$", "¥", "￥", "元", "€", "£",
    ]

    /// An optional leading `-`, digits with at most one `.` among them, at least one digit (read by
    /// byte: `Double` took a tenth of an orders import's checking).
    private static func isDecimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
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
            return digits > 0 && digits <= 30
        }
    }

    /// SPEC §5: an id is printable text without `/` (it would make two action keys alike) and
    /// without control characters.
    static func identifier(_ text: String) -> CellError? {
        if isPlainASCIIWithoutSlash(text) { return nil }
        if text.utf8.contains(UInt8(ascii: "/")) {
            return CellError(
                "'\(TerminalText.safe(text))' contains '/', which ids may not hold; use another character such as '-'")
        }
        if text.unicodeScalars.contains(where: { TerminalText.isUnsafe($0, keepingLineFeeds: false) }) {
            return CellError("'\(TerminalText.safe(text))' contains a control character; ids must be printable text")
        }
        return nil
    }

    /// Whether every byte of `text` is printable ASCII other than `/`: the usual id, checked in one
    /// pass over its bytes (the general checks walk its Unicode scalars).
    private static func isPlainASCIIWithoutSlash(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte > 0x7E || byte == UInt8(ascii: "/") { return false }
            return true
        }
    }

    /// A tier in any case (`VIP`), stored lower-case.
    static func tier(_ text: String) -> Result<String, CellError> {
        let tiers = ["potential", "regular", "vip"]
        let value = text.lowercased()
        guard tiers.contains(value) else {
            return .failure(
                CellError(
                    "'\(text)' is not a tier\(Suggestions.didYouMean(value, in: tiers)); use potential, regular or vip")
            )
        }
        return .success(value)
    }
}

/// A cell's problem.
struct CellError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
