/// When an action is due: a local date, or an instant for hour-based steps.
public enum DueTime: Sendable, Hashable {
    case date(LocalDate)
    case instant(Instant)

    /// The JSON `due` text: `YYYY-MM-DD`, or ISO-8601 with seconds and the zone's offset.
    public func text(in zone: Zone) -> String {
        switch self {
        case .date(let date): return date.description
        case .instant(let instant): return zone.iso8601(instant)
        }
    }

    /// Parses what ``text(in:)`` wrote.
    public init?(text: String) {
        if let date = LocalDate(iso: text) {
            self = .date(date)
        } else if case .instant(let instant)? = Timestamp(parsing: text) {
            self = .instant(instant)
        } else {
            return nil
        }
    }

    /// The local date of the due time.
    public func localDate(in zone: Zone) -> LocalDate {
        switch self {
        case .date(let date): return date
        case .instant(let instant): return zone.localDate(of: instant)
        }
    }

    /// The instant used to order actions: a date counts as its local midnight.
    public func sortInstant(in zone: Zone) -> Instant {
        switch self {
        case .date(let date): return zone.startOfDay(date)
        case .instant(let instant): return instant
        }
    }

    /// True when the action is due at `asOf`.
    public func isDue(asOf: Instant, zone: Zone) -> Bool {
        switch self {
        case .date(let date): return date <= zone.localDate(of: asOf)
        case .instant(let instant): return instant <= asOf
        }
    }

    /// True when `expires` has passed at `asOf` (the action may be recorded through due + N).
    public func hasExpired(_ expires: PlaybookDuration?, asOf: Instant, zone: Zone) -> Bool {
        guard let expires else { return false }
        if expires.isHours {
            let limit = sortInstant(in: zone).adding(seconds: Int64(expires.amount) * 3600)
            return asOf > limit
        }
        return zone.localDate(of: asOf) > expires.add(to: localDate(in: zone))
    }
}

/// The stored state of an action in the ledger.
public enum RecordStatus: String, Sendable, Hashable, Codable {
    case pending, done, skipped, withdrawn
    /// Recorded for a customer held out of the playbook (SPEC §8): never listed but by `run --all`,
    /// never capped, never marked done, anchoring nothing.
    case heldOut = "held_out"
}

/// One recorded occurrence of a step in a journey.
public struct ActionRecord: Sendable, Hashable {
    public var key: String
    public var playbook: String
    public var step: String
    public var customerID: String
    /// The journey's reference: the order line id, the event id or the customer id.
    public var journey: String
    public var orderID: String?
    public var sku: String?
    public var occurrence: Int
    public var due: DueTime
    public var status: RecordStatus
    /// True when the occurrence was recorded as skipped because `if:` or `no_reply` decided so.
    public var skippedByRule: Bool
    /// The zone of the playbook at recording time.
    public var zone: String
    /// The evaluation time of the run that recorded it.
    public var recordedAt: Instant
    /// When it was marked done or skipped (a value as given to `--at`).
    public var closedAt: Timestamp?
    /// The message frozen when marked done, or the last rendering.
    public var message: String?
    /// When a run withdrew it (that run's evaluation time), for the report (SPEC §8).
    public var withdrawnAt: Instant?

    /// Creates a record.
    public init(
        key: String, playbook: String, step: String, customerID: String, journey: String, orderID: String?,
        sku: String?, occurrence: Int, due: DueTime, status: RecordStatus, skippedByRule: Bool, zone: String,
        recordedAt: Instant, closedAt: Timestamp? = nil, message: String? = nil
    ) {
        self.key = key
        self.playbook = playbook
        self.step = step
        self.customerID = customerID
        self.journey = journey
        self.orderID = orderID
        self.sku = sku
        self.occurrence = occurrence
        self.due = due
        self.status = status
        self.skippedByRule = skippedByRule
        self.zone = zone
        self.recordedAt = recordedAt
        self.closedAt = closedAt
        self.message = message
    }

    /// The action's time (SPEC §3.1): the local date it was marked done, else the local date of
    /// the run that recorded it.
    public func actionDate(in zone: Zone) -> LocalDate {
        if status == .done, let closedAt { return closedAt.localDate(in: zone) }
        return zone.localDate(of: recordedAt)
    }
}
