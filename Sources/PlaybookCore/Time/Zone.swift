import Foundation

/// An IANA time zone used to turn instants into local dates and back (SPEC §2: the machine's own
/// zone never matters).
public struct Zone: Sendable, Hashable {
    public static func == (lhs: Zone, rhs: Zone) -> Bool { lhs.identifier == rhs.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// The IANA identifier, such as `Asia/Taipei`.
    public let identifier: String
    private let timeZone: TimeZone
    /// The zone's offset when it has had no transition since 2000 (Asia/Taipei, Asia/Shanghai, UTC…):
    /// asking ICU for every instant dominated evaluation time.
    private let fixedOffsetSince2000: Int?

    /// UTC.
    public static let utc = Zone(checked: TimeZone(identifier: "UTC") ?? TimeZone.gmt)

    private init(checked: TimeZone) {
        self.timeZone = checked
        self.identifier = checked.identifier
        let since = Date(timeIntervalSince1970: TimeInterval(Self.fixedFrom))
        fixedOffsetSince2000 =
            checked.nextDaylightSavingTimeTransition(after: since) == nil
            ? checked.secondsFromGMT(for: since) : nil
    }

    /// 2000-01-01T00:00:00Z.
    private static let fixedFrom: Int64 = 946_684_800

    /// The zone with that IANA name, or nil when the name is unknown.
    public init?(identifier: String) {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(checked: zone)
    }

    /// Every IANA name this machine knows, for suggestions.
    public static var knownIdentifiers: [String] { TimeZone.knownTimeZoneIdentifiers }

    /// Offset from UTC in seconds at an instant.
    public func offset(at instant: Instant) -> Int {
        if let fixedOffsetSince2000, instant.seconds >= Self.fixedFrom { return fixedOffsetSince2000 }
        return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
    }

    /// The local date at an instant.
    public func localDate(of instant: Instant) -> LocalDate {
        let local = instant.seconds + Int64(offset(at: instant))
        return LocalDate(dayNumber: Int(floorDiv(local, 86_400)))
    }

    /// The instant of a local wall-clock time (a time in a DST gap moves forward).
    public func instant(of date: LocalDate, secondsIntoDay: Int = 0) -> Instant {
        let wall = Int64(date.dayNumber) * 86_400 + Int64(secondsIntoDay)
        let guess = Instant(seconds: wall - Int64(offset(at: Instant(seconds: wall))))
        let corrected = Instant(seconds: wall - Int64(offset(at: guess)))
        return corrected
    }

    /// The local midnight that starts a date.
    public func startOfDay(_ date: LocalDate) -> Instant { instant(of: date) }

    /// The last instant of a date (one second before the next midnight).
    public func endOfDay(_ date: LocalDate) -> Instant {
        Instant(seconds: startOfDay(date.adding(days: 1)).seconds - 1)
    }

    /// ISO-8601 text with seconds and this zone's offset: `2026-10-11T20:00:00+08:00`.
    public func iso8601(_ instant: Instant) -> String {
        let offset = offset(at: instant)
        let local = instant.seconds + Int64(offset)
        let date = LocalDate(dayNumber: Int(floorDiv(local, 86_400)))
        let secondOfDay = Int(local - Int64(date.dayNumber) * 86_400)
        return ISOText.format(date, secondsIntoDay: secondOfDay, suffix: .offset(offset))
    }
}

/// Floor division for possibly negative numbers.
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
public struct Instant: Sendable, Hashable, Comparable, Codable {
    public var seconds: Int64

    /// Creates an instant.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Now, from the system clock.
    public static var now: Instant { Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }

    /// This instant moved by `seconds`.
    public func adding(seconds delta: Int64) -> Instant { Instant(seconds: seconds + delta) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }
}
