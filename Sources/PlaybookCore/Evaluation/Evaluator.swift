/// What the ledger holds for one customer before a run.
public struct CustomerLedger: Sendable {
    /// Every record of the customer, by key.
    public var records: [String: ActionRecord]
    /// Decisions taken but not yet recorded (an `if:` decided true, then held by the daily cap),
    /// and journey enrolment decisions, by key.
    public var decisions: [String: Bool]

    /// Digests of the customer's stored listing rows, by key (see ``OpenLine``): a run renders
    /// again only the lines whose digest changed.
    public var storedLines: [String: Int64]

    /// Creates a ledger view.
    public init(
        records: [String: ActionRecord] = [:], decisions: [String: Bool] = [:], storedLines: [String: Int64] = [:]
    ) {
        self.records = records
        self.decisions = decisions
        self.storedLines = storedLines
    }
}

/// What a run changes for one customer, and what it lists.
public struct CustomerOutcome: Sendable {
    /// Records to insert.
    public var newRecords: [ActionRecord] = []
    /// Keys of pending records to mark withdrawn.
    public var withdrawn: [String] = []
    /// Decisions to store.
    public var newDecisions: [String: Bool] = [:]
    /// Every record of the customer after the run, by key, withdrawn ones included: the run's
    /// working copy of the ledger, handed over whole (copying out the live ones was a tenth of a
    /// daily run's evaluation).
    public var recordsByKey: [String: ActionRecord] = [:]
    /// Every live (not withdrawn) record of the customer after the run (for listing).
    public var records: LazyFilterSequence<Dictionary<String, ActionRecord>.Values> {
        recordsByKey.values.lazy.filter { $0.status != .withdrawn }
    }
    /// Playbooks paused for this customer by an open complaint.
    public var pausedPlaybooks: Set<String> = []
    /// The earliest time a later run could record something new without new data (nil: never);
    /// the run service skips the customer until then.
    public var nextCheck: Instant?
    /// The step that falls due next without new data (earliest, then by playbook and step id).
    public var nextUpcoming: UpcomingStep?
    /// True when the daily cap held back an action that was due.
    public var capped = false
    /// Occurrences that fell due after the previous run and expired before this one, never recorded.
    public var expiredUnseen = 0
}

/// A step of a journey that will fall due at a known time.
public struct UpcomingStep: Sendable, Hashable {
    public var playbook: String
    public var step: String
    public var journey: String
    /// When it falls due (a date counts from its local midnight).
    public var at: Instant
}

/// The evaluator: a pure function of (rule graph, one customer's facts, ledger, T) (SPEC §3).
public struct Evaluator: Sendable {
    /// The compiled playbooks and team settings.
    public let graph: RuleGraph
    /// Each playbook's steps in dependency order, at the playbook's place in `graph.playbooks`.
    private let stepOrder: [[CompiledStep]]
    /// By playbook (its place in `graph.playbooks`), then by step id: the places in ``stepOrder``
    /// of the steps that wait for it.
    private let waitingSteps: [[String: [Int]]]
    private let playbooksByID: [String: CompiledPlaybook]
    /// The team's zone and every playbook's: bare data times are read in each.
    private let zones: [Zone]
    /// The playbooks an open complaint pauses (all but those enrolled on `event: complaint`),
    /// made once: a quarter of the benchmark's customers have one open, and building the set for
    /// each cost more than finding it open.
    private let pausedByComplaint: Set<String>

    /// Prepares a graph for evaluation (steps sorted so that a step comes after what it waits for).
    public init(graph: RuleGraph) {
        self.graph = graph
        stepOrder = graph.playbooks.map { Self.dependencyOrder($0.steps) }
        waitingSteps = stepOrder.map { steps in
            var waiting: [String: [Int]] = [:]
            for (place, step) in steps.enumerated() {
                for target in Set(Self.dependencies(of: step)) { waiting[target, default: []].append(place) }
            }
            return waiting
        }
        var zones = [graph.team.zone]
        for playbook in graph.playbooks where !zones.contains(playbook.zone) { zones.append(playbook.zone) }
        self.zones = zones
        playbooksByID = Dictionary(graph.playbooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        pausedByComplaint = Set(graph.playbooks.filter { $0.enroll != .event("complaint") }.map(\.id))
    }

    /// The playbook with that id.
    public func playbook(_ id: String) -> CompiledPlaybook? { playbooksByID[id] }

    /// The stable key of a step occurrence in a journey.
    public static func key(playbook: String, step: String, customer: String, journey: String, occurrence: Int) -> String
    {
        KeyText.join(playbook, step, customer, journey, suffix: occurrence == 0 ? nil : "#" + String(occurrence))
    }

    /// Evaluates one customer at `asOf` with an optional daily cap; `previousRun` (the time of the
    /// run before, when there was one) lets the outcome count what expired unseen since.
    public func evaluate(
        _ facts: CustomerFacts, ledger: CustomerLedger, asOf: Instant, cap: Int?, previousRun: Instant? = nil
    ) -> CustomerOutcome {
        let state = RunState(records: ledger.records, decisions: ledger.decisions)
        let teamZone = graph.team.zone
        let visibility = Visibility(asOf: asOf)
        if isOptedOut(facts, asOf: asOf) {
            state.withdraw { _ in true }
            return state.outcome(paused: [], nextCheck: FutureData.earliest(in: facts, after: asOf, zones: zones))
        }
        state.withdraw { record in
            guard let playbook = playbooksByID[record.playbook] else { return true }
            return playbook.step(record.step) == nil
        }
        let paused = pausedPlaybooks(facts, asOf: asOf)
        // Each active journey with its playbook's place in `graph.playbooks` (its step order):
        // looking the order up by playbook id cost a hashed text per journey and pass.
        var active: [(CompiledPlaybook, Journey, place: Int)] = []
        active.reserveCapacity(graph.playbooks.count * (facts.orders.count + facts.events.count + 1))
        var journeys: [Journey] = []
        for (place, playbook) in graph.playbooks.enumerated() where !paused.contains(playbook.id) {
            journeys.removeAll(keepingCapacity: true)
            JourneyFinder.collect(of: playbook, facts: facts, visibility: visibility, into: &journeys)
            for journey in journeys {
                if journey.isReplaced {
                    state.withdrawJourney(playbook: playbook.id, journey: journey.ref)
                    continue
                }
                if enrolls(playbook, journey, facts: facts, visibility: visibility, state: state) {
                    active.append((playbook, journey, place))
                }
            }
        }
        let runDay = teamZone.localDate(of: asOf)
        var recordedToday = 0
        for record in state.records.values
        where !record.skippedByRule && record.status != .heldOut && teamZone.localDate(of: record.recordedAt) == runDay
        {
            recordedToday += 1
        }
        var capped = false
        // One finder per journey for every pass and for the next check: it reads the run's state
        // live, so it stays right as records are added.
        let finders = active.map { playbook, journey, _ in
            occurrenceFinder(
                playbook, journey, facts: facts, visibility: visibility, state: state, previousRun: previousRun)
        }
        // Passes until nothing changes (a recorded step can make its dependents due). A journey's
        // due occurrences depend only on its own records, so a pass looks again only at the
        // journeys the previous pass changed, and there only at the steps that wait for a step it
        // recorded: the others are due as they were, and what the cap held back stays held within
        // this run (a chain of 12,000 steps took 12,000 passes over every step).
        var recordedSteps: [Int: Set<String>]? = nil
        var due: [Occurrence] = []
        while recordedSteps.map({ !$0.isEmpty }) ?? true {
            var changed: [Int: Set<String>] = [:]
            var candidates: [Candidate] = []
            for (index, (playbook, journey, place)) in active.enumerated() {
                let steps = stepOrder[place]
                due.removeAll(keepingCapacity: true)
                if let recordedSteps {
                    guard let recorded = recordedSteps[index] else { continue }
                    let waiting = waitingSteps[place]
                    for place in Set(recorded.flatMap { waiting[$0] ?? [] }).sorted() {
                        finders[index].collectOccurrences(of: steps[place], into: &due)
                    }
                } else {
                    for step in steps { finders[index].collectOccurrences(of: step, into: &due) }
                }
                for occurrence in due {
                    let key = Self.key(
                        playbook: playbook.id, step: occurrence.step.id, customer: facts.customer.id,
                        journey: journey.ref, occurrence: occurrence.occurrence)
                    let record = makeRecord(key, playbook, journey, occurrence, asOf: asOf, facts: facts)
                    if state.decisions[key] == nil, occurrence.step.condition != nil || occurrence.replied != nil {
                        let holds = decide(occurrence, anchors: finders[index].anchors, visibility: visibility)
                        state.decisions[key] = holds
                        if !holds {
                            var skipped = record
                            skipped.status = .skipped
                            skipped.skippedByRule = true
                            state.insert(skipped)
                            // SPEC §3.6: recording the latest occurrence withdraws the older
                            // pending ones, and "false records the occurrence as skipped".
                            if case .every = occurrence.step.trigger { state.withdrawEarlierOccurrences(than: skipped) }
                            changed[index, default: []].insert(occurrence.step.id)
                            continue
                        }
                        state.undecidedTrue.insert(key)
                    }
                    candidates.append(
                        Candidate(
                            record: record, playbook: playbook, step: occurrence.step, journey: journey,
                            journeyIndex: index))
                }
            }
            candidates.sort(by: Candidate.capOrder)
            for candidate in candidates {
                // SPEC §8: a held-out customer's action is recorded as held out, outside the cap.
                if candidate.playbook.holdsOut(customer: facts.customer.id) {
                    var heldOut = candidate.record
                    heldOut.status = .heldOut
                    state.insert(heldOut)
                    state.undecidedTrue.remove(heldOut.key)
                    changed[candidate.journeyIndex, default: []].insert(candidate.step.id)
                    continue
                }
                if let cap, recordedToday >= cap {
                    capped = true
                    break
                }
                state.insert(candidate.record)
                state.undecidedTrue.remove(candidate.record.key)
                recordedToday += 1
                changed[candidate.journeyIndex, default: []].insert(candidate.step.id)
                if case .every = candidate.step.trigger { state.withdrawEarlierOccurrences(than: candidate.record) }
            }
            recordedSteps = changed
        }
        var upcoming: UpcomingStep?
        for (index, (playbook, journey, _)) in active.enumerated() {
            for step in playbook.steps {
                guard let due = finders[index].nextDue(of: step) else { continue }
                if let first = upcoming, (first.at, first.playbook, first.step) <= (due, playbook.id, step.id) {
                    continue
                }
                upcoming = UpcomingStep(playbook: playbook.id, step: step.id, journey: journey.ref, at: due)
            }
        }
        var nextCheck = FutureData.earliest(in: facts, after: asOf, zones: zones)
        if capped {
            // What the cap held back can be recorded from the next local day on; until then a run
            // with the same cap would find today's quota used up again.
            let tomorrow = teamZone.startOfDay(runDay.adding(days: 1))
            if nextCheck.map({ tomorrow < $0 }) ?? true { nextCheck = tomorrow }
        }
        if let first = upcoming, nextCheck.map({ first.at < $0 }) ?? true { nextCheck = first.at }
        var outcome = state.outcome(paused: paused, nextCheck: nextCheck)
        outcome.nextUpcoming = upcoming
        outcome.capped = capped
        outcome.expiredUnseen = finders.reduce(0) { $0 + $1.expiredUnseen.count }
        return outcome
    }

    /// SPEC §2: the `opted_out` column holds always; an `opt_out` event from its `at` on (team zone).
    public func isOptedOut(_ facts: CustomerFacts, asOf: Instant) -> Bool {
        facts.customer.optedOut
            || facts.events.contains { $0.kind == "opt_out" && $0.at.instant(in: graph.team.zone) <= asOf }
    }

    /// Playbooks paused for a customer at T by an open complaint (SPEC §3.5): all but those
    /// enrolled on `event: complaint`. Opt-outs and complaints are read in the team's zone.
    public func pausedPlaybooks(_ facts: CustomerFacts, asOf: Instant) -> Set<String> {
        let teamZone = graph.team.zone
        guard EventQueries.isOpen("complaint", in: facts.events, zone: teamZone, asOf: asOf) else { return [] }
        return pausedByComplaint
    }

    /// `enroll.if`, decided once per journey at the first run that sees it.
    private func enrolls(
        _ playbook: CompiledPlaybook, _ journey: Journey, facts: CustomerFacts, visibility: Visibility,
        state: RunState
    ) -> Bool {
        guard let condition = playbook.enrollCondition else { return true }
        let key = KeyText.join(playbook.id, facts.customer.id, journey.ref, suffix: "#enroll")
        if let decided = state.decisions[key] { return decided }
        let resolver = resolverFor(playbook, journey, facts: facts, visibility: visibility, state: state)
        let decided = ConditionEvaluator(anchors: resolver, visibility: visibility).isTrue(condition)
        state.decisions[key] = decided
        state.newDecisions[key] = decided
        return decided
    }

    private func resolverFor(
        _ playbook: CompiledPlaybook, _ journey: Journey, facts: CustomerFacts, visibility: Visibility, state: RunState
    ) -> AnchorResolver {
        AnchorResolver(playbook: playbook, facts: facts, journey: journey, visibility: visibility, records: state)
    }

    private func occurrenceFinder(
        _ playbook: CompiledPlaybook, _ journey: Journey, facts: CustomerFacts, visibility: Visibility, state: RunState,
        previousRun: Instant? = nil
    ) -> OccurrenceFinder {
        OccurrenceFinder(
            anchors: resolverFor(playbook, journey, facts: facts, visibility: visibility, state: state),
            visibility: visibility, previousRun: previousRun)
    }

    private func decide(_ occurrence: Occurrence, anchors: AnchorResolver, visibility: Visibility) -> Bool {
        if occurrence.replied == true { return false }
        guard let condition = occurrence.step.condition else { return true }
        return ConditionEvaluator(anchors: anchors, visibility: visibility).isTrue(condition)
    }

    private func makeRecord(
        _ key: String, _ playbook: CompiledPlaybook, _ journey: Journey, _ occurrence: Occurrence, asOf: Instant,
        facts: CustomerFacts
    ) -> ActionRecord {
        ActionRecord(
            key: key, playbook: playbook.id, step: occurrence.step.id, customerID: facts.customer.id,
            journey: journey.ref, orderID: journey.order?.id, sku: journey.order?.sku,
            occurrence: occurrence.occurrence,
            due: occurrence.due, status: .pending, skippedByRule: false, zone: playbook.zone.identifier,
            recordedAt: asOf)
    }

    /// Steps sorted so that each comes after the steps it waits for; file order otherwise. The
    /// order is that of sweeping the file again and again, placing each step whose steps are all
    /// placed (steps caught in a cycle last, in file order), computed in one pass over the graph:
    /// sweeping took a sweep per link of a chain, and a chain of thousands of steps never ended.
    static func dependencyOrder(_ steps: [CompiledStep]) -> [CompiledStep] {
        let position = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let waitsFor = steps.map { dependencies(of: $0).compactMap { position[$0] } }
        var dependents = Array(repeating: [Int](), count: steps.count)
        for (index, targets) in waitsFor.enumerated() {
            for target in targets { dependents[target].append(index) }
        }
        var unplaced = waitsFor.map(\.count)
        var ready = steps.indices.filter { unplaced[$0] == 0 }
        var sweep = Array(repeating: 0, count: steps.count)
        var placed: [Int] = []
        while let index = ready.popLast() {
            // Placed in the first sweep after its last step's, or in the same sweep when that step
            // comes earlier in the file.
            sweep[index] = waitsFor[index].reduce(1) { latest, target in
                max(latest, target < index ? sweep[target] : sweep[target] + 1)
            }
            placed.append(index)
            for dependent in dependents[index] {
                unplaced[dependent] -= 1
                if unplaced[dependent] == 0 { ready.append(dependent) }
            }
        }
        placed.sort { (sweep[$0], $0) < (sweep[$1], $1) }
        let isPlaced = Set(placed)
        return placed.map { steps[$0] } + steps.indices.filter { !isPlaced.contains($0) }.map { steps[$0] }
    }

    private static func dependencies(of step: CompiledStep) -> [String] {
        var result: [String] = step.after.map { [$0] } ?? []
        switch step.trigger {
        case .noReply(_, let after): result.append(after)
        case .at(let expression):
            if case .step(let id) = expression.anchor { result.append(id) }
        case .every(_, let from, let end):
            if case .step(let id) = from.anchor { result.append(id) }
            if case .until(let until) = end, case .step(let id) = until.anchor { result.append(id) }
        }
        return result
    }
}

/// A due occurrence waiting for the daily cap.
private struct Candidate {
    var record: ActionRecord
    var playbook: CompiledPlaybook
    var step: CompiledStep
    var journey: Journey
    /// The journey's place in the run's list of active journeys.
    var journeyIndex: Int

    /// SPEC §3.5: highest priority, earliest due, playbook id, step position, ordered_at, order id
    /// (texts by their bytes, as the listing sorts them).
    static func capOrder(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
        if lhs.step.priority != rhs.step.priority { return lhs.step.priority > rhs.step.priority }
        let lhsDue = lhs.record.due.sortInstant(in: lhs.playbook.zone)
        let rhsDue = rhs.record.due.sortInstant(in: rhs.playbook.zone)
        if lhsDue != rhsDue { return lhsDue < rhsDue }
        let playbook = String.binaryOrder(lhs.playbook.id, rhs.playbook.id)
        if playbook != 0 { return playbook < 0 }
        if lhs.step.position != rhs.step.position { return lhs.step.position < rhs.step.position }
        let lhsOrdered = lhs.journey.order?.orderedAt.instant(in: lhs.playbook.zone)
        let rhsOrdered = rhs.journey.order?.orderedAt.instant(in: rhs.playbook.zone)
        if lhsOrdered != rhsOrdered {
            return (lhsOrdered?.seconds ?? Int64.max) < (rhsOrdered?.seconds ?? Int64.max)
        }
        let order = String.binaryOrder(lhs.record.orderID ?? "", rhs.record.orderID ?? "")
        if order != 0 { return order < 0 }
        return String.binaryOrder(lhs.record.key, rhs.record.key) < 0
    }
}

/// The working copy of one customer's ledger during a run: one object per evaluation, shared by
/// reference with the resolvers and finders that read it (each is used at once, never kept past a
/// change), since copying its dictionaries into every closure was a large part of the evaluator's cost.
private final class RunState: JourneyRecords {
    var records: [String: ActionRecord]
    var decisions: [String: Bool]
    var newRecords: [String] = []
    var withdrawnKeys: [String] = []
    var newDecisions: [String: Bool] = [:]
    var undecidedTrue: Set<String> = []

    /// Every record by journey, then by step: for ``latest(playbook:journey:step:)``, for
    /// ``isRecorded(playbook:step:customer:journey:occurrence:)``, for withdrawing a replaced
    /// journey and for an `every` step's older occurrences.
    private var recordsByJourney: [JourneyKey: [String: [IndexedRecord]]] = [:]
    /// Whether some record's journey id holds a `#`: then a key can name two occurrences (see
    /// ``isRecorded(playbook:step:customer:journey:occurrence:)``).
    private var hasJourneyWithHashMark = false

    private struct JourneyKey: Hashable {
        var playbook: String
        var journey: String
    }

    /// A record's key and occurrence, as indexed by journey and step.
    private struct IndexedRecord {
        var key: String
        var occurrence: Int
    }

    init(records: [String: ActionRecord], decisions: [String: Bool]) {
        self.records = records
        self.decisions = decisions
        // A customer with no decisions yet (a first run) takes two or three at once: room for
        // them, since growing a table one decision at a time hashed every key again. A customer
        // with decisions mostly takes none (a daily run), and reserving room copied their table.
        if decisions.isEmpty {
            self.decisions.reserveCapacity(Self.newDecisionsRoom)
            newDecisions.reserveCapacity(Self.newDecisionsRoom)
        }
        for record in records.values { index(record) }
    }

    /// About how many decisions a first run takes for one customer (two to three, in the benchmark data).
    private static let newDecisionsRoom = 8

    func insert(_ record: ActionRecord) {
        records[record.key] = record
        newRecords.append(record.key)
        index(record)
    }

    private func index(_ record: ActionRecord) {
        recordsByJourney[JourneyKey(playbook: record.playbook, journey: record.journey), default: [:]][
            record.step, default: []
        ].append(IndexedRecord(key: record.key, occurrence: record.occurrence))
        if !hasJourneyWithHashMark { hasJourneyWithHashMark = Self.holdsHashMark(record.journey) }
    }

    private static func holdsHashMark(_ text: String) -> Bool {
        // Through a buffer: walking the string's UTF-8 view cost a hundredth of a daily run.
        var text = text
        return text.withUTF8 { $0.contains(UInt8(ascii: "#")) }
    }

    /// Marks withdrawn the pending records of one journey (SPEC §3.6: a replaced journey's pending
    /// actions). Through the journey's keys: a customer with thousands of order lines has as many
    /// replaced journeys, and looking at every record for each of them was quadratic.
    func withdrawJourney(playbook: String, journey: String) {
        let steps = recordsByJourney[JourneyKey(playbook: playbook, journey: journey)] ?? [:]
        markWithdrawn(steps.values.flatMap { $0 }.map(\.key).filter { records[$0]?.status == .pending })
    }

    /// Marks every pending record matching `predicate` withdrawn.
    func withdraw(_ predicate: (ActionRecord) -> Bool) {
        // Keys first, then changes: changing the dictionary while iterating it would copy it.
        markWithdrawn(records.compactMap { key, record in record.status == .pending && predicate(record) ? key : nil })
    }

    /// Marks withdrawn the pending occurrences of `record`'s step in its journey that come before
    /// it (SPEC §3.6: recording an `every` step's latest occurrence withdraws the older ones).
    func withdrawEarlierOccurrences(than record: ActionRecord) {
        let indexed =
            recordsByJourney[JourneyKey(playbook: record.playbook, journey: record.journey)]?[record.step] ?? []
        markWithdrawn(
            indexed.filter { earlier in
                earlier.occurrence < record.occurrence && records[earlier.key]?.status == .pending
            }.map(\.key))
    }

    private func markWithdrawn(_ keys: [String]) {
        for key in keys {
            records[key]?.status = .withdrawn
            if !newRecords.contains(key) { withdrawnKeys.append(key) }
        }
    }

    /// The latest action of a step in a journey: pending or done, highest occurrence. Skipped and
    /// withdrawn occurrences never happened, so nothing waits on them (`after:`, `step:`, `no_reply`).
    func latest(playbook: String, journey: String, step: String) -> ActionRecord? {
        // No records yet (most journeys of a first run): no key to hash.
        guard !recordsByJourney.isEmpty,
            let indexed = recordsByJourney[JourneyKey(playbook: playbook, journey: journey)]?[step]
        else { return nil }
        var latest: ActionRecord?
        for entry in indexed {
            guard let record = records[entry.key], record.status == .pending || record.status == .done else {
                continue
            }
            if latest.map({ record.occurrence > $0.occurrence }) ?? true { latest = record }
        }
        return latest
    }

    /// Whether the record with the occurrence's key exists. Found through the journey's index,
    /// with no key built and hashed (a fifth of a daily run's evaluation), which answers the same:
    /// a customer's keys differ where their journey, step or occurrence does, except that when a
    /// journey id holds a `#`, journey `O1` occurrence 2 and journey `O1#2` share the key `…/O1#2`;
    /// then the key decides, as the ledger's primary key does.
    func isRecorded(playbook: String, step: String, customer: String, journey: String, occurrence: Int) -> Bool {
        // No records yet (most journeys of a first run): nothing to look up.
        if records.isEmpty { return false }
        guard hasJourneyWithHashMark || Self.holdsHashMark(journey) else {
            let indexed = recordsByJourney[JourneyKey(playbook: playbook, journey: journey)]?[step] ?? []
            return indexed.contains { $0.occurrence == occurrence }
        }
        let key = Evaluator.key(
            playbook: playbook, step: step, customer: customer, journey: journey, occurrence: occurrence)
        return records[key] != nil
    }

    func outcome(paused: Set<String>, nextCheck: Instant?) -> CustomerOutcome {
        var outcome = CustomerOutcome()
        outcome.nextCheck = nextCheck
        outcome.newRecords = newRecords.compactMap { records[$0] }
        outcome.withdrawn = withdrawnKeys
        outcome.newDecisions = newDecisions
        for key in undecidedTrue { outcome.newDecisions[key] = true }
        outcome.recordsByKey = records
        outcome.pausedPlaybooks = paused
        return outcome
    }
}
