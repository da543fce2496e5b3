import Foundation

/// Explains why a step of a customer's journeys was, or was not, recorded at T (`playbook explain`).
public struct Explainer: Sendable {
    let evaluator: Evaluator

    /// Creates an explainer over a graph.
    public init(evaluator: Evaluator) { self.evaluator = evaluator }

    /// One line per journey of the step's playbook, saying what holds the step or what happened.
    public func explain(
        playbook playbookID: String, step stepID: String, facts: CustomerFacts, ledger: CustomerLedger, asOf: Instant
    ) -> [String] {
        guard let playbook = evaluator.playbook(playbookID), let step = playbook.step(stepID) else {
            return ["\(playbookID)/\(stepID): no such playbook step in the playbooks folder"]
        }
        var lines = ["\(playbook.id)/\(step.id) (\(step.location)): \(describe(step.trigger))"]
        if let condition = step.condition { lines.append("  if: \(condition.source)") }
        if let expires = step.expires { lines.append("  expires: \(expires) after due") }
        let teamZone = evaluator.graph.team.zone
        let visibility = Visibility(asOf: asOf)
        if evaluator.isOptedOut(facts, asOf: asOf) {
            return lines + ["  \(facts.customer.id) is opted out: no action, pending ones withdrawn"]
        }
        if let goal = playbook.goal { lines.append("  goal: \(goal.summary)") }
        if playbook.holdsOut(customer: facts.customer.id) {
            let percent = playbook.holdout.formatted()
            lines.append(
                "  \(facts.customer.id) is held out of \(playbook.id): \(percent) % holdout; due actions are recorded as "
                    + "held_out, never listed, to measure the playbook")
        }
        if evaluator.pausedPlaybooks(facts, asOf: asOf).contains(playbook.id) {
            lines.append("  an open complaint pauses this playbook: due steps wait (expires still applies)")
        }
        let journeys = JourneyFinder.journeys(of: playbook, facts: facts, visibility: visibility)
        if journeys.isEmpty {
            lines.append("  \(facts.customer.id) has no journey in this playbook at \(teamZone.iso8601(asOf))")
        }
        let outcome = evaluator.evaluate(
            facts, ledger: ledger, asOf: asOf, cap: evaluator.graph.team.maxPerCustomerPerDay)
        let records = outcome.recordsByKey.filter { $0.value.status != .withdrawn }
        let fresh = Set(outcome.newRecords.map(\.key))
        for journey in journeys {
            lines.append(
                "  journey \(journey.ref)" + (journey.order.map { " (order \($0.id), \($0.sku))" } ?? "") + ":")
            lines += explainJourney(
                journey, step: step, playbook: playbook, facts: facts, ledger: ledger, records: records,
                fresh: fresh, asOf: asOf
            ).map { "    " + $0 }
        }
        return lines
    }

    private func explainJourney(
        _ journey: Journey, step: CompiledStep, playbook: CompiledPlaybook, facts: CustomerFacts,
        ledger: CustomerLedger, records: [String: ActionRecord], fresh: Set<String>, asOf: Instant
    ) -> [String] {
        let zone = playbook.zone
        if journey.isReplaced {
            return ["replaced by a newer order line of \(journey.order?.sku ?? "the sku"): it records nothing more"]
        }
        let enrollKey = "\(playbook.id)/\(facts.customer.id)/\(journey.ref)#enroll"
        if ledger.decisions[enrollKey] == false {
            return ["enroll.if was false when the journey started: the journey is not followed"]
        }
        let prefix = "\(playbook.id)/\(step.id)/\(facts.customer.id)/\(journey.ref)"
        let found = records.values.filter { $0.key == prefix || $0.key.hasPrefix(prefix + "#") }
            .sorted { $0.occurrence < $1.occurrence }
        var lines = found.map { record in
            let when =
                fresh.contains(record.key)
                ? "a run now records it" : "recorded by the run of \(zone.localDate(of: record.recordedAt))"
            var line = "\(record.key): \(record.status.rawValue), due \(record.due.text(in: zone)), \(when)"
            if record.skippedByRule { line += " (its condition or the no-reply test decided against it)" }
            if let closed = record.closedAt, record.status == .done {
                line += ", done on \(closed.localDate(in: zone))"
            }
            return line
        }
        let resolver = AnchorResolver(
            playbook: playbook, facts: facts, journey: journey, visibility: Visibility(asOf: asOf),
            records: RecordsAfterRun(records))
        func waiting(for after: String) -> String {
            let skipped = records.values.contains {
                $0.playbook == playbook.id && $0.journey == journey.ref && $0.step == after && $0.status == .skipped
            }
            return skipped
                ? "step \(after) was skipped, so this step never follows it"
                : "waits for step \(after), which has no action yet"
        }
        if let after = step.after, resolver.latestRecord(after) == nil {
            lines.append(waiting(for: after))
            return lines
        }
        for anchor in GraphChecks.anchors(of: step.trigger) where resolver.time(of: anchor) == nil {
            lines.append(
                "anchor '\(anchor)' does not exist yet\(missingHint(anchor, journey: journey, playbook: playbook))")
        }
        if case .noReply(_, let after) = step.trigger, resolver.latestRecord(after) == nil {
            lines.append(waiting(for: after))
        }
        let finder = OccurrenceFinder(anchors: resolver, visibility: Visibility(asOf: asOf), previousRun: nil)
        if let next = finder.nextDue(of: step) {
            lines.append("next falls due on \(zone.localDate(of: next))")
        } else if found.isEmpty && lines.isEmpty {
            if case .at(let at) = step.trigger, let due = resolver.due(at),
                due.hasExpired(step.expires, asOf: asOf, zone: zone)
            {
                lines.append(
                    "fell due \(due.text(in: zone)) and expired before any run could record it "
                        + "(no run in time, a complaint pause, or the daily cap)")
            } else {
                lines.append("nothing due at \(zone.iso8601(asOf)): past its expiry, or its `times`/`until` are over")
            }
        }
        return lines
    }

    private func missingHint(_ anchor: Anchor, journey: Journey, playbook: CompiledPlaybook) -> String {
        switch anchor {
        case .paid, .shipped, .delivered: return " (order \(journey.order?.id ?? "?") has no \(anchor)_at at this time)"
        case .runout:
            return playbook.useCycleFrom == .delivered ? " (needs delivered_at)" : " (needs the sku's use_cycle)"
        case .birthday: return " (no birthday, or none on or after the journey's start yet)"
        case .step(let id): return " (step \(id) has no action yet)"
        default: return ""
        }
    }

    private func describe(_ trigger: Trigger) -> String {
        switch trigger {
        case .at(let at): return "at \(at)"
        case .every(let interval, let from, let end):
            switch end {
            case .times(let count): return "every \(interval) from \(from), \(count) times"
            case .until(let until): return "every \(interval) from \(from) until \(until)"
            }
        case .noReply(let wait, let after): return "no reply \(wait) after \(after)"
        }
    }
}
