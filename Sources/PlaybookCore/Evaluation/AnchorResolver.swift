/// Resolves anchors of one journey to times, and anchor expressions to due times.
struct AnchorResolver {
    let playbook: CompiledPlaybook
    let facts: CustomerFacts
    let journey: Journey
    let visibility: Visibility
    /// The customer's actions (including this run's).
    let records: any JourneyRecords

    var zone: Zone { playbook.zone }

    /// The latest live action of a step in this journey.
    func latestRecord(_ step: String) -> ActionRecord? {
        records.latest(playbook: playbook.id, journey: journey.ref, step: step)
    }

    /// The anchor's time, or nil when it does not exist (yet). `birthday` resolves to the latest
    /// birthday on or before T; steps use ``birthdays(from:)``.
    func time(of anchor: Anchor) -> Timestamp? {
        // Each field read from the journey's order line, not the line copied (its strings
        // retained and released) for every anchor of every step.
        switch anchor {
        case .purchase: return journey.order?.orderedAt
        case .paid: return visibility.visible(journey.order?.paidAt, zone: zone)
        case .shipped: return visibility.visible(journey.order?.shippedAt, zone: zone)
        case .delivered: return visibility.visible(journey.order?.deliveredAt, zone: zone)
        case .runout: return runout().map { .date($0) }
        case .event: return journey.event?.at
        case .enrolled: return journey.start
        case .birthday:
            let today = zone.localDate(of: visibility.asOf)
            return birthdays(from: journey.start.localDate(in: zone)).last { $0 <= today }.map { .date($0) }
        case .step(let id): return latestRecord(id).map { .date($0.actionDate(in: zone)) }
        }
    }

    /// The local date the journey's product runs out: start + quantity × use_cycle.
    func runout() -> LocalDate? {
        guard let order = journey.order, let cycle = playbook.catalog[order.sku]?.useCycle else { return nil }
        let base: Timestamp?
        switch playbook.useCycleFrom {
        case .purchase: base = order.orderedAt
        case .delivered: base = visibility.visible(order.deliveredAt, zone: zone)
        }
        guard let base else { return nil }
        return cycle.times(max(1, order.quantity)).add(to: base.localDate(in: zone))
    }

    /// The due time of `anchor ± offset`, or nil when the anchor does not exist.
    func due(_ expression: AnchorOffset) -> DueTime? {
        guard let base = time(of: expression.anchor) else { return nil }
        return Self.due(base, offset: expression.offset, zone: zone)
    }

    /// An anchor time moved by an offset: a date for whole-day offsets, an instant for hours.
    static func due(_ base: Timestamp, offset: PlaybookDuration?, zone: Zone) -> DueTime {
        if let offset, offset.isHours {
            return .instant(base.instant(in: zone).adding(seconds: Int64(offset.amount) * 3600))
        }
        let date = base.localDate(in: zone)
        return .date(offset?.add(to: date) ?? date)
    }

    /// Yearly birthdays on or after `start`, up to `yearsAhead` years after T's (Feb 29 → Feb 28 in
    /// common years).
    func birthdays(from start: LocalDate, yearsAhead: Int = 1) -> [LocalDate] {
        guard let raw = facts.customer.birthday, let (month, day) = Self.monthDay(raw) else { return [] }
        let lastYear = zone.localDate(of: visibility.asOf).year + yearsAhead
        guard start.year <= lastYear else { return [] }
        return (start.year...lastYear).compactMap { year in
            let date = LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year)))
            return date >= start ? date : nil
        }
    }

    /// Month and day of `YYYY-MM-DD` or `MM-DD` (imports accept only these), or of an unpadded
    /// `M-D` as a playbook test file may write it.
    static func monthDay(_ text: String) -> (Int, Int)? {
        // `MM-DD` first: it is read by byte, while an `MM-DD` tried as a full date first went the
        // slow way through splitting (every birthday journey of a run reads it).
        if let (month, day) = LocalDate.monthDay(text) { return (month, day) }
        if let date = LocalDate(iso: text) { return (date.components.month, date.components.day) }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
            LocalDate(validating: 2000, month: month, day: day) != nil
        else { return nil }
        return (month, day)
    }
}
