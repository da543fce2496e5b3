/// A playbook duration: `Nh`, `Nd`, `Nw`, `Nmo`, `Ny` (SPEC §3.2).
public struct PlaybookDuration: Sendable, Hashable, CustomStringConvertible {
    /// The unit of a duration.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case hours = "h"
        case days = "d"
        case weeks = "w"
        case months = "mo"
        case years = "y"
    }

    public var amount: Int
    public var unit: Unit

    /// Creates a duration.
    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// The duration in days when it is counted in days or weeks, else nil.
    public var wholeDays: Int? {
        switch unit {
        case .days: return amount
        case .weeks: return amount * 7
        default: return nil
        }
    }

    /// Parses `3d`, `12h`, `2w`, `3mo`, `1y`. Nil for anything else.
    public init?(parsing text: some StringProtocol) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 6, let amount = Int(digits),
            let unit = Unit(rawValue: String(text.dropFirst(digits.count)))
        else { return nil }
        self.init(amount: amount, unit: unit)
    }

    /// Why `text` is not a duration, for a diagnostic: too many digits, or not a duration at all.
    public static func rejection(of text: some StringProtocol) -> String {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if digits.count > 6, Unit(rawValue: String(text.dropFirst(digits.count))) != nil {
            return "'\(text)' is too long a duration: at most 999999 of a unit"
        }
        return "'\(text)' is not a duration"
    }

    /// True for `h`: the action is due at an instant rather than on a date.
    public var isHours: Bool { unit == .hours }

    /// The most units a computed duration holds (about 2.7 million years in days). A product beyond
    /// it stops there instead of overflowing: an order line's quantity is any whole number, and
    /// `quantity × use_cycle` or the k-th occurrence of an `every:` step may be astronomically far.
    static let largestAmount = 1_000_000_000

    /// This duration repeated `times` times, at most ``largestAmount`` units either way.
    public func times(_ factor: Int) -> PlaybookDuration {
        let (product, overflow) = amount.multipliedReportingOverflow(by: factor)
        let bound = Self.largestAmount
        let negative = overflow ? (amount < 0) != (factor < 0) : product < 0
        let clamped = overflow ? (negative ? -bound : bound) : min(max(product, -bound), bound)
        return PlaybookDuration(amount: clamped, unit: unit)
    }

    /// Negated.
    public var negated: PlaybookDuration { PlaybookDuration(amount: -amount, unit: unit) }

    /// A date moved by this (whole-day) duration; hours move by whole days rounded down.
    public func add(to date: LocalDate) -> LocalDate {
        switch unit {
        case .hours: return date.adding(days: amount / 24)
        case .days: return date.adding(days: amount)
        case .weeks: return date.adding(days: amount * 7)
        case .months: return date.adding(months: amount)
        case .years: return date.adding(months: amount * 12)
        }
    }

    /// Approximate length in days, for ordering and comparisons in expressions.
    public var approximateDays: Double {
        switch unit {
        case .hours: return Double(amount) / 24
        case .days: return Double(amount)
        case .weeks: return Double(amount * 7)
        case .months: return Double(amount) * 30.436875
        case .years: return Double(amount) * 365.2425
        }
    }

    /// `3d`.
    public var description: String { "\(amount)\(unit.rawValue)" }
}
