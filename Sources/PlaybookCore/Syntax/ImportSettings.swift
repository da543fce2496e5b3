/// How a team's shop exports are read (SPEC §7): team.yaml's `import:` and `columns:`.
public struct ImportSettings: Sendable, Hashable {
    /// The text encoding of files that carry no byte order mark.
    public var encoding: TextEncoding?
    /// How to read year-last dates such as `11/3/2026`; nil refuses them as ambiguous.
    public var dateOrder: DateOrder?
    /// A shop's own column names, per file kind (`customers`, `orders`, `events`): the header as
    /// written (lower-cased, trimmed) → the SPEC column name.
    public var columns: [String: [String: String]]

    /// Settings with nothing set.
    public init(encoding: TextEncoding? = nil, dateOrder: DateOrder? = nil, columns: [String: [String: String]] = [:]) {
        self.encoding = encoding
        self.dateOrder = dateOrder
        self.columns = columns
    }

    /// The file kinds `columns:` may name.
    public static let fileKinds = ["customers", "orders", "events"]

    /// The SPEC columns of a file kind.
    public static func specColumns(of kind: String) -> [String] {
        switch kind {
        case "customers": return CustomerFields.core
        case "orders": return CustomerFields.order
        default: return CustomerFields.event
        }
    }
}

/// A text encoding an import reads (with `--encoding` or team.yaml `import: { encoding: … }`).
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case big5
    case gb18030

    /// Parses a name as a user writes it: `utf-8`/`utf8`, `utf-16`, `big5`/`cp950`,
    /// `gb18030`/`gbk`/`gb2312`, in any case.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16", "unicode": self = .utf16
        case "big5", "big-5", "cp950", "big5-hkscs": self = .big5
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }

    /// The names ``init(name:)`` takes, for messages.
    public static let acceptedNames = "utf-8, utf-16, big5 (or cp950), gb18030 (or gbk)"
}

/// The order of day, month and year in a date written year last.
public enum DateOrder: String, Sendable, Hashable, CaseIterable {
    /// Month first: `11/3/2026` is November 3.
    case mdy
    /// Day first: `11/3/2026` is March 11.
    case dmy
}
