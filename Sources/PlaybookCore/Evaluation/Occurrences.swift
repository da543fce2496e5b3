/// A step occurrence that is due at T and not recorded yet.
struct Occurrence {
    var step: CompiledStep
    var occurrence: Int
    var due: DueTime
    /// For `no_reply` steps: whether the customer replied since the awaited action.
    var replied: Bool?
}

/// Finds the due, unrecorded, unexpired occurrence(s) of a step in a journey (SPEC §3.2, §3.6).
/// A class: the evaluator keeps one per journey for a whole evaluation, and copying its resolver
/// (facts, journey, closures) at each use was a measurable part of the run.
final class OccurrenceFinder {
    let anchors: AnchorResolver
    let visibility: Visibility
    /// The time of the previous run: occurrences that fell due after it and expired before this
    /// run without being recorded are gathered in ``expiredUnseen``.
    let previousRun: Instant?
    /// Steps and occurrences (`step#occurrence`) that expired unseen since ``previousRun``.
    private(set) var expiredUnseen: Set<String> = []

    init(anchors: AnchorResolver, visibility: Visibility, previousRun: Instant?) {
        self.anchors = anchors
        self.visibility = visibility
        self.previousRun = previousRun
    }

    /// Whether the occurrence of a step in this journey is recorded.
    func isRecorded(_ step: String, _ occurrence: Int) -> Bool {
        anchors.records.isRecorded(
            playbook: anchors.playbook.id, step: step, customer: anchors.facts.customer.id,
            journey: anchors.journey.ref, occurrence: occurrence)
    }

    private var zone: Zone { anchors.zone }
    private var asOf: Instant { visibility.asOf }

    /// Appends the due, unrecorded, unexpired occurrences of `step` to `result` (a buffer the
    /// caller reuses: most steps have none or one, and an array per step cost more than finding them).
    func collectOccurrences(of step: CompiledStep, into result: inout [Occurrence]) {
        if let after = step.after, anchors.latestRecord(after) == nil { return }
        switch step.trigger {
        case .at(let expression) where expression.anchor == .birthday:
            for occurrence in birthdayOccurrences(step, expression) { keep(occurrence, in: &result) }
        case .at(let expression):
            guard let due = anchors.due(expression) else { return }
            keep(Occurrence(step: step, occurrence: 0, due: due), in: &result)
        case .every(let interval, let from, let end):
            guard let occurrence = latestEvery(step, interval: interval, from: from, end: end) else { return }
            keep(occurrence, in: &result)
        case .noReply(let wait, let afterID):
            guard let record = anchors.latestRecord(afterID) else { return }
            let since = record.actionDate(in: zone)
            let due = AnchorResolver.due(.date(since), offset: wait, zone: zone)
            let replied = EventQueries.hasReply(onOrAfter: since, in: anchors.facts.events, zone: zone, asOf: asOf)
            keep(Occurrence(step: step, occurrence: record.occurrence, due: due, replied: replied), in: &result)
        }
    }

    /// Appends `occurrence` when it is due, not recorded and not expired; notes it in
    /// ``expiredUnseen`` when it expired after falling due since the previous run.
    private func keep(_ occurrence: Occurrence, in result: inout [Occurrence]) {
        let step = occurrence.step
        guard occurrence.due.isDue(asOf: asOf, zone: zone), !isRecorded(step.id, occurrence.occurrence) else { return }
        guard occurrence.due.hasExpired(step.expires, asOf: asOf, zone: zone) else {
            result.append(occurrence)
            return
        }
        if let previousRun, previousRun < occurrence.due.sortInstant(in: zone) {
            expiredUnseen.insert(step.id + "#" + String(occurrence.occurrence))
        }
    }

    /// Without `expires`, only the latest past birthday; with it, every birthday still in its window.
    private func birthdayOccurrences(_ step: CompiledStep, _ expression: AnchorOffset) -> [Occurrence] {
        let start = anchors.journey.start.localDate(in: zone)
        let due = anchors.birthdays(from: start).map { birthday in
            Occurrence(
                step: step, occurrence: birthday.year,
                due: AnchorResolver.due(.date(birthday), offset: expression.offset, zone: zone))
        }.filter { $0.due.isDue(asOf: asOf, zone: zone) }
        if step.expires == nil { return due.last.map { [$0] } ?? [] }
        return due
    }

    /// The latest occurrence of an `every` step due at T, within its `until`/`times` bound.
    private func latestEvery(_ step: CompiledStep, interval: PlaybookDuration, from: AnchorOffset, end: EveryEnd)
        -> Occurrence?
    {
        guard let schedule = everySchedule(interval: interval, from: from, end: end),
            let k = schedule.latest(dueAt: asOf)
        else { return nil }
        return Occurrence(step: step, occurrence: k, due: schedule.due(k))
    }

    /// The occurrences of an `every` step in this journey, or nil when `from` does not exist yet.
    private func everySchedule(interval: PlaybookDuration, from: AnchorOffset, end: EveryEnd) -> EverySchedule? {
        guard let base = anchors.time(of: from.anchor) else { return nil }
        var first = AnchorResolver.due(base, offset: from.offset, zone: zone)
        if interval.isHours, case .date = first {
            first = Self.advance(.instant(base.instant(in: zone)), by: from.offset ?? interval.times(0), zone: zone)
        }
        var schedule = EverySchedule(first: first, interval: interval, zone: zone)
        switch end {
        case .times(let count): schedule.limit = count
        case .until(let expression): schedule.until = anchors.due(expression)
        }
        return schedule
    }

    /// When the next occurrence of `step` not recorded yet falls due after T (the next-check index):
    /// nil when nothing can fall due without new data.
    func nextDue(of step: CompiledStep) -> Instant? {
        if let after = step.after, anchors.latestRecord(after) == nil { return nil }
        var next: (DueTime, Int)?
        switch step.trigger {
        case .at(let expression) where expression.anchor == .birthday:
            // The first birthday still to come that is not recorded: one can be recorded ahead of
            // its new due time when an edit moved the step later (`birthday - 7d` to `birthday + 3d`).
            let start = anchors.journey.start.localDate(in: zone)
            next = anchors.birthdays(from: start, yearsAhead: 2).lazy.map { birthday in
                (AnchorResolver.due(.date(birthday), offset: expression.offset, zone: self.zone), birthday.year)
            }.first { !$0.0.isDue(asOf: self.asOf, zone: self.zone) && !self.isRecorded(step.id, $0.1) }
        case .at(let expression):
            next = anchors.due(expression).map { ($0, 0) }
        case .every(let interval, let from, let end):
            guard let schedule = everySchedule(interval: interval, from: from, end: end) else { return nil }
            // The first occurrence to come that is not recorded: when `from` moved later (a
            // `step:` anchor marked done a day after it was recorded), the next ones may be
            // recorded already under the old schedule, and the one after them still falls due.
            var k = (schedule.latest(dueAt: asOf) ?? 0) + 1
            while schedule.isWithinBounds(k), isRecorded(step.id, k) { k += 1 }
            next = schedule.isWithinBounds(k) ? (schedule.due(k), k) : nil
        case .noReply(let wait, let afterID):
            guard let record = anchors.latestRecord(afterID) else { return nil }
            let due = AnchorResolver.due(.date(record.actionDate(in: zone)), offset: wait, zone: zone)
            next = (due, record.occurrence)
        }
        guard let (due, occurrence) = next, !due.isDue(asOf: asOf, zone: zone), !isRecorded(step.id, occurrence)
        else { return nil }
        return due.sortInstant(in: zone)
    }

    /// A due time moved by a duration: calendar arithmetic on dates, hours on instants.
    static func advance(_ due: DueTime, by duration: PlaybookDuration, zone: Zone) -> DueTime {
        switch due {
        case .date(let date):
            if duration.isHours {
                return .instant(zone.startOfDay(date).adding(seconds: Int64(duration.amount) * 3600))
            }
            return .date(duration.add(to: date))
        case .instant(let instant):
            if duration.isHours { return .instant(instant.adding(seconds: Int64(duration.amount) * 3600)) }
            let date = zone.localDate(of: instant)
            let secondsIntoDay = Int(instant.seconds - zone.startOfDay(date).seconds)
            return .instant(zone.instant(of: duration.add(to: date), secondsIntoDay: secondsIntoDay))
        }
    }
}

/// The occurrences of an `every` step: `first + k × interval` for k ≥ 1, within `times` or `until`.
struct EverySchedule {
    var first: DueTime
    var interval: PlaybookDuration
    var zone: Zone
    var limit: Int?
    var until: DueTime?

    func due(_ k: Int) -> DueTime { OccurrenceFinder.advance(first, by: interval.times(k), zone: zone) }

    /// Whether occurrence k exists: from the first, at most `limit`, and not after `until`
    /// (inclusive: an `until` that is a date takes in the whole of that local date, so an hourly
    /// step's occurrences that day still fall due, as a date due is due all day).
    func isWithinBounds(_ k: Int) -> Bool {
        guard k >= 1 else { return false }
        if let limit, k > limit { return false }
        switch until {
        case nil: return true
        case .date(let lastDate)?: return due(k).localDate(in: zone) <= lastDate
        case .instant(let last)?: return due(k).sortInstant(in: zone) <= last
        }
    }

    /// The highest k whose occurrence is due at `asOf`, or nil. Occurrences fall due in order of k
    /// and the bounds only cut the tail, so the valid k are 1 to some K: found from an estimate by
    /// doubling and halving, not by stepping (an `until` long past, with the estimate counting the
    /// steps from `from` to now, took a step per occurrence: 17,520 for hourly steps two years on).
    func latest(dueAt asOf: Instant) -> Int? {
        func isValid(_ k: Int) -> Bool { isWithinBounds(k) && due(k).isDue(asOf: asOf, zone: zone) }
        guard isValid(1) else { return nil }
        let elapsedDays = Double(asOf.seconds - first.sortInstant(in: zone).seconds) / 86_400
        // `valid` is due and within bounds; `beyond` is not, once the doubling stops.
        var valid = 1
        var beyond = max(2, Int(elapsedDays / max(interval.approximateDays, 1.0 / 24)))
        if let limit, limit < beyond { beyond = limit + 1 }
        while isValid(beyond) {
            valid = beyond
            beyond *= 2
        }
        while beyond - valid > 1 {
            let middle = valid + (beyond - valid) / 2
            if isValid(middle) { valid = middle } else { beyond = middle }
        }
        return valid
    }
}
