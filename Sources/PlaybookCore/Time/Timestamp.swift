/// A time value as written in the data (SPEC §2): an instant when it has a UTC offset, else a
/// bare date or bare local date-time read in the evaluating playbook's zone.
public enum Timestamp: Sendable, Hashable, CustomStringConvertible {
    case instant(Instant)
    case date(LocalDate)
    case local(LocalDate, secondsIntoDay: Int)

    /// Parses `2026-11-19`, `2026-11-19 22:30`, `2026-11-19T22:30:00`, and the same with `Z`,
    /// `+08:00` or `+0800` (fractions of a second are dropped). Returns nil for anything else.
    public init?(parsing raw: String) {
        var bytes = Array(raw.utf8)
        while bytes.last == 0x20 { bytes.removeLast() }
        while bytes.first == 0x20 { bytes.removeFirst() }
        guard bytes.count >= 10, let year = Self.number(bytes, 0, 4), bytes[4] == 0x2D,
            let month = Self.number(bytes, 5, 2), bytes[7] == 0x2D, let day = Self.number(bytes, 8, 2),
            let date = LocalDate(validating: year, month: month, day: day)
        else { return nil }
        if bytes.count == 10 {
            self = .date(date)
            return
        }
        if bytes.count >= 15, [0x54, 0x74, 0x20].contains(bytes[10]), bytes[12] == 0x3A {
            bytes.insert(0x30, at: 11)  // a one-digit hour, as spreadsheets write it: 9:30
        }
        guard bytes.count >= 16, [0x54, 0x74, 0x20].contains(bytes[10]), let hour = Self.number(bytes, 11, 2),
            bytes[13] == 0x3A, let minute = Self.number(bytes, 14, 2), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let value = Self.number(bytes, index + 1, 2), value < 61 else { return nil }
            second = min(value, 59)
            index += 3
            if index < bytes.count, bytes[index] == 0x2E {
                index += 1
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            }
        }
        let secondsIntoDay = hour * 3600 + minute * 60 + second
        guard index < bytes.count else {
            self = .local(date, secondsIntoDay: secondsIntoDay)
            return
        }
        let offsetSeconds: Int
        switch bytes[index] {
        case 0x5A, 0x7A:
            guard index + 1 == bytes.count else { return nil }
            offsetSeconds = 0
        case 0x2B, 0x2D:
            let rest = Array(bytes[(index + 1)...]).filter { $0 != 0x3A }
            guard rest.count == 2 || rest.count == 4, let hours = Self.number(rest, 0, 2) else { return nil }
            let minutes = rest.count == 4 ? Self.number(rest, 2, 2) : 0
            guard let minutes, hours <= 18, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (bytes[index] == 0x2D ? -1 : 1)
        default:
            return nil
        }
        let wall = Int64(date.dayNumber) * 86_400 + Int64(secondsIntoDay)
        self = .instant(Instant(seconds: wall - Int64(offsetSeconds)))
    }

    /// The decimal number in `count` ASCII digits at `start`, or nil.
    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
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
