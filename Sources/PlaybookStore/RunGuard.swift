import GRDB
import PlaybookCore

/// Keeps a typo in `--as-of` from rewriting the ledger (SPEC §5): a recording run whose time lies
/// more than ``maxDaysAhead`` days past both now and the latest recorded run is refused unless
/// forced. Every recording run is remembered in the `runs` table.
public enum RunGuard {
    /// How far ahead of now and of the latest run a recording run may look, in days.
    public static let maxDaysAhead: Int64 = 31

    /// Throws ``RunRefusal`` when a run at `asOf` is too far ahead; dates are named in `zone`.
    static func check(_ db: Database, asOf: Instant, now: Instant, force: Bool, zone: Zone) throws {
        guard !force else { return }
        guard asOf.seconds > now.seconds + maxDaysAhead * 86_400 else { return }
        try check(asOf: asOf, now: now, latest: try Int64.fetchOne(db, sql: "SELECT max(as_of) FROM runs"), zone: zone)
    }

    /// The check of ``check(_:asOf:now:force:zone:)`` given the latest recorded run's time (any backend).
    public static func check(asOf: Instant, now: Instant, latest: Int64?, zone: Zone) throws {
        let limit = maxDaysAhead * 86_400
        guard asOf.seconds > now.seconds + limit else { return }
        if let latest, asOf.seconds <= latest + limit { return }
        let day = { (instant: Instant) in zone.localDate(of: instant).description }
        let reference =
            latest.map { "the latest recorded run, as of \(day(Instant(seconds: $0)))" } ?? "no run recorded"
        throw RunRefusal(
            message: "refusing to record as of \(day(asOf)): more than \(maxDaysAhead) days after today "
                + "(\(day(now))) and \(reference); a mistyped --as-of would record months of actions for good. "
                + "Check the date, use --dry-run to look ahead, or pass --force")
    }

    /// The time of the latest recorded run at or before `asOf` that covered the customers of
    /// `owner` (a run for that owner or for everyone), or of everyone when `owner` is nil.
    static func previousRun(_ db: Database, asOf: Instant, owner: String?) throws -> Instant? {
        let seconds = try Int64.fetchOne(
            db,
            sql: "SELECT max(as_of) FROM runs WHERE as_of <= ? AND (owner IS NULL OR owner = ?)",
            arguments: [asOf.seconds, owner])
        return seconds.map(Instant.init(seconds:))
    }

    /// Remembers a recording run.
    static func remember(_ db: Database, options: RunService.Options, summary: RunService.Summary) throws {
        try db.execute(
            sql: "INSERT INTO runs (as_of, ran_at, owner, recorded, withdrawn) VALUES (?, ?, ?, ?, ?)",
            arguments: [options.asOf.seconds, options.now.seconds, options.owner, summary.recorded, summary.withdrawn])
    }
}

/// A run refused before it changed anything (exit 2).
public struct RunRefusal: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
