/// A calendar date with no time zone, the unit of day arithmetic (SPEC §2). Kept as its day
/// number: a run turns instants into dates, compares them and adds days hundreds of times per
/// customer, and converting between day numbers and (year, month, day) at each step was a twentieth
/// of a run's instructions; year, month and day are computed when asked for.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int

    /// Creates a date; use ``init(validating:month:day:)`` for untrusted numbers.
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        dayNumber = era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Year, month (1–12) and day of the month, computed together.
    public var components: (year: Int, month: Int, day: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year.
    public var year: Int { components.year }
    /// The month, 1–12.
    public var month: Int { components.month }
    /// The day of the month.
    public var day: Int { components.day }

    /// A date, or nil when the numbers name no real day.
    public init?(validating year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) { self.init(isoText: text) }

    /// Parses `YYYY-MM-DD` (the common case, a `String`: called from another module, the generic
    /// form ran unspecialized, looking up type metadata for every date of an import).
    public init?(iso text: String) { self.init(isoText: text) }

    private init?(isoText text: some StringProtocol) {
        // The usual form, ten ASCII bytes, is read by byte (imports and runs read millions of
        // dates); anything else takes the general path below, which decides the unusual forms.
        if let (year, month, day) = Self.digitFields(text.utf8, widths: 4, 2, 2) {
            self.init(validating: year, month: month, day: day)
            return
        }
        // The general path accepts ten one-byte characters only (`Int` takes ASCII digits): a
        // longer text (an instant, which due times of hourly steps are) is no date, and splitting
        // it cost as much as reading its ledger row.
        guard text.utf8.count == 10 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(validating: year, month: month, day: day)
    }

    /// The month and day of `MM-DD` (ASCII digits; a real day in a leap year), else nil.
    public static func monthDay(_ text: some StringProtocol) -> (month: Int, day: Int)? { monthDay(of: text) }

    /// The month and day of `MM-DD`, for a `String` (see `init(iso:)`).
    public static func monthDay(_ text: String) -> (month: Int, day: Int)? { monthDay(of: text) }

    private static func monthDay(of text: some StringProtocol) -> (month: Int, day: Int)? {
        guard let (month, day, _) = digitFields(text.utf8, widths: 2, 2),
            LocalDate(validating: 2000, month: month, day: day) != nil
        else { return nil }
        return (month, day)
    }

    /// The numbers of text made of ASCII digit groups of the given widths joined by `-`
    /// (`YYYY-MM-DD`; `MM-DD` with a third width of 0, its number then 0), or nil for any other text.
    static func digitFields(_ utf8: some Collection<UInt8>, widths first: Int, _ second: Int, _ third: Int = 0)
        -> (Int, Int, Int)?
    {
        guard utf8.count == first + second + third + (third == 0 ? 1 : 2) else { return nil }
        var numbers = (0, 0, 0)
        var group = 0
        var width = 0
        for byte in utf8 {
            if width == (group == 0 ? first : group == 1 ? second : third) {
                guard byte == UInt8(ascii: "-") else { return nil }
                group += 1
                width = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch group {
            case 0: numbers.0 = numbers.0 * 10 + digit
            case 1: numbers.1 = numbers.1 * 10 + digit
            default: numbers.2 = numbers.2 * 10 + digit
            }
            width += 1
        }
        return numbers
    }

    /// `YYYY-MM-DD`.
    public var description: String { ISOText.format(self) }

    /// Day arithmetic stops this many days either side of 1970-01-01 (about 11 million years): a
    /// date that far out is never due and never reached, and every later step (to an instant in
    /// seconds, adding another offset) stays far from overflowing.
    static let farthestDayNumber = 4_000_000_000

    /// This date plus `days` days, stopping at ``farthestDayNumber``.
    public func adding(days: Int) -> LocalDate {
        let bound = Self.farthestDayNumber
        let moved = dayNumber + min(max(days, -2 * bound), 2 * bound)
        return LocalDate(dayNumber: min(max(moved, -bound), bound))
    }

    /// This date plus `months` months, keeping the day of the month clamped to the month's end,
    /// stopping at ``farthestDayNumber``.
    public func adding(months: Int) -> LocalDate {
        let bound = Self.farthestDayNumber / 28
        let (year, month, day) = components
        let total = year * 12 + (month - 1) + min(max(months, -bound), bound)
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let moved = LocalDate(
            year: newYear, month: newMonth, day: min(day, LocalDate.daysIn(month: newMonth, year: newYear)))
        return abs(moved.dayNumber) > Self.farthestDayNumber ? adding(days: moved.dayNumber - dayNumber) : moved
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// The number of days in a month.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Gregorian leap year.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }
}
