/// A time value as written in the data (SPEC §2): an instant when it has a UTC offset, else a
/// bare date or bare local date-time read in the evaluating playbook's zone.
public enum Timestamp: Sendable, Hashable, CustomStringConvertible {
    case instant(Instant)
    case date(LocalDate)
    case local(LocalDate, secondsIntoDay: Int)

    /// Parses `2026-11-19`, `2026-11-19 22:30`, `2026-11-19T22:30:00`, and the same with `Z`,
    /// `+08:00` or `+0800`. Returns nil for anything else.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let date = LocalDate(iso: text) {
            self = .date(date)
            return
        }
        guard text.count >= 16 else { return nil }
        let datePart = text.prefix(10)
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        guard separator == "T" || separator == " " || separator == "t", let date = LocalDate(iso: datePart) else {
            return nil
        }
        var rest = Substring(text.dropFirst(11))
        var offsetSeconds: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offsetSeconds = 0
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offsetText = rest[rest.index(after: signIndex)...].replacingOccurrences(of: ":", with: "")
            guard offsetText.count == 4 || offsetText.count == 2, let value = Int(offsetText) else { return nil }
            let hours = offsetText.count == 4 ? value / 100 : value
            let minutes = offsetText.count == 4 ? value % 100 : 0
            guard hours <= 18, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (rest[signIndex] == "-" ? -1 : 1)
            rest = rest[..<signIndex]
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 || $0.contains(".") }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), hour < 24, minute < 60
        else { return nil }
        var second = 0
        if clock.count == 3 {
            guard let value = Double(clock[2]), value >= 0, value < 61 else { return nil }
            second = Int(value)
        }
        let secondsIntoDay = hour * 3600 + minute * 60 + min(second, 59)
        if let offsetSeconds {
            let wall = Int64(date.dayNumber) * 86_400 + Int64(secondsIntoDay)
            self = .instant(Instant(seconds: wall - Int64(offsetSeconds)))
        } else {
            self = .local(date, secondsIntoDay: secondsIntoDay)
        }
    }

    /// The instant this value names when read in `zone`.
    public func instant(in zone: Zone) -> Instant {
        switch self {
        case .instant(let instant): return instant
        case .date(let date): return zone.startOfDay(date)
        case .local(let date, let seconds): return zone.instant(of: date, secondsIntoDay: seconds)
        }
    }

    /// The local calendar date of this value in `zone`.
    public func localDate(in zone: Zone) -> LocalDate {
        switch self {
        case .instant(let instant): return zone.localDate(of: instant)
        case .date(let date), .local(let date, _): return date
        }
    }

    /// The canonical stored text: an instant as UTC `...Z`, a bare value as written.
    public var description: String {
        switch self {
        case .instant(let instant): return Zone.utc.iso8601(instant).replacingOccurrences(of: "+00:00", with: "Z")
        case .date(let date): return date.description
        case .local(let date, let seconds):
            let hours = seconds / 3600
            let minutes = seconds / 60 % 60
            let secs = seconds % 60
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(date)T\(two(hours)):\(two(minutes)):\(two(secs))"
        }
    }
}
