/// A time value as written in the data (SPEC §2): an instant when it has a UTC offset, else a
/// bare date or bare local date-time read in the evaluating playbook's zone.
public enum Timestamp: Sendable, Hashable, CustomStringConvertible {
    case instant(Instant)
    case date(LocalDate)
    case local(LocalDate, secondsIntoDay: Int)

    /// Parses `2026-11-19`, `2026-11-19 22:30`, `2026-11-19T22:30:00`, and the same with `Z`,
    /// `+08:00` or `+0800` (fractions of a second are dropped). Returns nil for anything else.
    public init?(parsing raw: String) {
        var raw = raw
        guard let value = raw.withUTF8({ Self.parse($0) }) else { return nil }
        self = value
    }

    /// Parses the UTF-8 bytes of a time value as ``init(parsing:)`` does, without making a string
    /// (a run reads several million of them from the database).
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = Self.parse(bytes) else { return nil }
        self = value
    }

    private static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var lower = 0
        var upper = raw.count
        while upper > lower, raw[upper - 1] == 0x20 { upper -= 1 }
        while lower < upper, raw[lower] == 0x20 { lower += 1 }
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x54 || byte == 0x74 || byte == 0x20 }
        // A one-digit hour, as spreadsheets write it (9:30), reads as if it had its leading zero.
        let padded = upper - lower >= 15 && isSeparator(raw[lower + 10]) && raw[lower + 12] == 0x3A
        let count = upper - lower + (padded ? 1 : 0)
        func byte(_ index: Int) -> UInt8 {
            guard padded, index >= 11 else { return raw[lower + index] }
            return index == 11 ? 0x30 : raw[lower + index - 1]
        }
        func number(_ start: Int, _ digits: Int) -> Int? {
            guard start + digits <= count else { return nil }
            var value = 0
            for index in start..<start + digits {
                let digit = byte(index)
                guard digit >= 0x30, digit <= 0x39 else { return nil }
                value = value * 10 + Int(digit - 0x30)
            }
            return value
        }
        guard count >= 10, let year = number(0, 4), byte(4) == 0x2D, let month = number(5, 2), byte(7) == 0x2D,
            let day = number(8, 2), let date = LocalDate(validating: year, month: month, day: day)
        else { return nil }
        if count == 10 { return .date(date) }
        guard count >= 16, isSeparator(byte(10)), let hour = number(11, 2), byte(13) == 0x3A,
            let minute = number(14, 2), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < count, byte(index) == 0x3A {
            guard let value = number(index + 1, 2), value < 61 else { return nil }
            second = min(value, 59)
            index += 3
            if index < count, byte(index) == 0x2E {
                index += 1
                while index < count, byte(index) >= 0x30, byte(index) <= 0x39 { index += 1 }
            }
        }
        let secondsIntoDay = hour * 3600 + minute * 60 + second
        guard index < count else { return .local(date, secondsIntoDay: secondsIntoDay) }
        let offsetSeconds: Int
        switch byte(index) {
        case 0x5A, 0x7A:
            guard index + 1 == count else { return nil }
            offsetSeconds = 0
        case 0x2B, 0x2D:
            // `+08:00`, `+0800` or `+08`: two or four digits once colons are set aside.
            var digits = 0
            var hours = 0
            var minutes = 0
            for position in (index + 1)..<count where byte(position) != 0x3A {
                let digit = byte(position)
                guard digit >= 0x30, digit <= 0x39, digits < 4 else { return nil }
                if digits < 2 {
                    hours = hours * 10 + Int(digit - 0x30)
                } else {
                    minutes = minutes * 10 + Int(digit - 0x30)
                }
                digits += 1
            }
            guard digits == 2 || digits == 4, hours <= 18, minutes < 60 else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (byte(index) == 0x2D ? -1 : 1)
        default:
            return nil
        }
        let wall = Int64(date.dayNumber) * 86_400 + Int64(secondsIntoDay)
        return .instant(Instant(seconds: wall - Int64(offsetSeconds)))
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

    /// The canonical stored text (``description``) of this value parsed from `text`, made from
    /// `text`'s bytes where it is already canonical or a bare `YYYY-MM-DD HH:MM` (the form shops
    /// export): formatting it from the calendar was a tenth of an orders import's checking.
    public func description(reusing text: String) -> String {
        var text = text
        let count = text.utf8.count
        let reusable = text.withUTF8 { bytes -> Bool? in
            let canonicalSeconds =
                count >= 19 && bytes[10] == UInt8(ascii: "T") && bytes[16] == UInt8(ascii: ":")
                && bytes[17] < UInt8(ascii: "6")
            switch self {
            case .date: return count == 10
            case .local:
                if count == 16 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
                    && bytes[13] == UInt8(ascii: ":")
                {
                    return nil
                }
                return count == 19 && canonicalSeconds
            case .instant: return count == 20 && canonicalSeconds && bytes[19] == UInt8(ascii: "Z")
            }
        }
        switch reusable {
        case true?: return text
        case false?: return description
        case nil:
            // `YYYY-MM-DD HH:MM` (or with `T`): the date, `T`, the hour and minute, `:00`.
            return text.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: 19) { buffer in
                    for index in 0..<16 { buffer[index] = bytes[index] }
                    buffer[10] = UInt8(ascii: "T")
                    buffer[16] = UInt8(ascii: ":")
                    buffer[17] = UInt8(ascii: "0")
                    buffer[18] = UInt8(ascii: "0")
                    return 19
                }
            }
        }
    }

    /// The canonical stored text: an instant as UTC `...Z`, a bare value as written.
    public var description: String {
        switch self {
        case .instant(let instant):
            let date = Zone.utc.localDate(of: instant)
            return ISOText.format(
                date, secondsIntoDay: Int(instant.seconds - Int64(date.dayNumber) * 86_400), suffix: .zulu)
        case .date(let date): return date.description
        case .local(let date, let seconds): return ISOText.format(date, secondsIntoDay: seconds)
        }
    }
}
