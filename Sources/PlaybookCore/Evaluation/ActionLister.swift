/// Turns a customer's records into listed actions, rendering messages anew for pending ones.
public struct ActionLister: Sendable {
    public let evaluator: Evaluator
    /// The customer fields a template can read: the core ones and the team's attributes.
    let customerFields: [String]

    /// Creates a lister for a graph.
    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
        customerFields = CustomerFields.core + evaluator.graph.team.customerAttributes
    }

    /// Lists the pending (and with `all`, done and skipped) actions of one customer.
    public func list(_ outcome: CustomerOutcome, facts: CustomerFacts, asOf: Instant, all: Bool) -> [ListedAction] {
        let values = RenderValues(lister: self, facts: facts, asOf: asOf)
        return outcome.recordsByKey.values.compactMap { record in
            guard record.status == .pending || (all && [.done, .skipped, .heldOut].contains(record.status)),
                !outcome.pausedPlaybooks.contains(record.playbook) || record.status != .pending,
                let playbook = evaluator.playbook(record.playbook), let step = playbook.step(record.step)
            else { return nil }
            return listed(record, playbook: playbook, step: step, facts: facts, asOf: asOf, values: values)
        }
    }

    /// The open (pending and waiting) actions of one customer as stored lines. A line whose digest
    /// equals the one in `stored` (the customer's stored rows, by key) is current: it is neither
    /// rendered nor built again, since the digest covers every value the line is made of.
    public func openLines(_ outcome: CustomerOutcome, facts: CustomerFacts, asOf: Instant, stored: [String: Int64])
        -> [OpenLine]
    {
        let values = RenderValues(lister: self, facts: facts, asOf: asOf)
        var lines: [OpenLine] = []
        for record in outcome.records
        where record.status == .pending && !outcome.pausedPlaybooks.contains(record.playbook) {
            guard let playbook = evaluator.playbook(record.playbook), let step = playbook.step(record.step) else {
                continue
            }
            var (action, order) = unrendered(record, playbook: playbook, step: step, facts: facts, asOf: asOf)
            let message = step.text.map { template in
                (template, values.message(template.reads, playbook: playbook, order: order, due: action.dueText))
            }
            let place = action.outputKey
            var hasher = FNV1a()
            OpenLine.hashFields(of: action, place: place, into: &hasher)
            if let (template, inputs) = message {
                hasher.combine(number: template.sourceDigest)
                inputs.hash(into: &hasher)
            } else {
                hasher.combine(field: nil)
            }
            let digest = hasher.value
            if stored[record.key] == digest {
                lines.append(OpenLine(place: place, line: nil, digest: digest))
                continue
            }
            action.message = message.map { template, inputs in template.render(inputs.context) }
            lines.append(OpenLine(place: place, line: action.jsonLineUTF8, digest: digest))
        }
        return lines
    }

    /// One record as listed; the message is rendered now unless it was frozen when marked done.
    public func listed(
        _ record: ActionRecord, playbook: CompiledPlaybook, step: CompiledStep, facts: CustomerFacts, asOf: Instant
    ) -> ListedAction {
        listed(
            record, playbook: playbook, step: step, facts: facts, asOf: asOf,
            values: RenderValues(lister: self, facts: facts, asOf: asOf))
    }

    private func listed(
        _ record: ActionRecord, playbook: CompiledPlaybook, step: CompiledStep, facts: CustomerFacts, asOf: Instant,
        values: RenderValues
    ) -> ListedAction {
        var (action, order) = unrendered(record, playbook: playbook, step: step, facts: facts, asOf: asOf)
        if record.status == .done, let frozen = record.message {
            action.message = frozen
        } else {
            action.message = render(step, playbook: playbook, order: order, dueText: action.dueText, values: values)
        }
        return action
    }

    /// A record as listed but without its message, and the journey's order line (for the message).
    private func unrendered(
        _ record: ActionRecord, playbook: CompiledPlaybook, step: CompiledStep, facts: CustomerFacts, asOf: Instant
    ) -> (ListedAction, OrderLine?) {
        let order = record.orderID.flatMap { id in facts.orders.first { $0.id == id } }
        let dueText = record.due.text(in: playbook.zone)
        var missing: [String] = []
        var status = record.status.rawValue
        if record.status == .pending {
            missing = step.require.filter {
                value(of: $0, facts: facts, order: order, playbook: playbook, asOf: asOf) == nil
            }
            if !missing.isEmpty { status = "waiting" }
        }
        var action = ListedAction(
            key: record.key, playbook: record.playbook, step: record.step, stepPosition: step.position,
            customer: record.customerID, customerName: facts.customer.name, order: record.orderID, sku: record.sku,
            due: record.due, dueText: dueText, channel: step.channel, kind: step.kind, message: nil, status: status,
            missing: missing, zone: playbook.zone)
        action.contact = ListedAction.Contact(facts.customer)
        return (action, order)
    }

    /// The message to freeze when `record` is marked done at `time` (SPEC §3.6): rendered on the data
    /// of that moment, or nil when its playbook or step is gone (the last rendering is kept then).
    public func frozenMessage(for record: ActionRecord, facts: CustomerFacts, at time: Timestamp) -> String? {
        guard let playbook = evaluator.playbook(record.playbook), let step = playbook.step(record.step) else {
            return nil
        }
        let order = record.orderID.flatMap { id in facts.orders.first { $0.id == id } }
        return render(
            step, playbook: playbook, facts: facts, order: order, dueText: record.due.text(in: playbook.zone),
            asOf: time.instant(in: evaluator.graph.team.zone))
    }

    /// The rendered text of a step for a journey, or nil when the step has no text.
    public func render(
        _ step: CompiledStep, playbook: CompiledPlaybook, facts: CustomerFacts, order: OrderLine?, dueText: String,
        asOf: Instant
    ) -> String? {
        render(
            step, playbook: playbook, order: order, dueText: dueText,
            values: RenderValues(lister: self, facts: facts, asOf: asOf))
    }

    private func render(
        _ step: CompiledStep, playbook: CompiledPlaybook, order: OrderLine?, dueText: String, values: RenderValues
    ) -> String? {
        guard let template = step.text else { return nil }
        return template.render(values.message(template.reads, playbook: playbook, order: order, due: dueText).context)
    }

    private func value(
        of path: String, facts: CustomerFacts, order: OrderLine?, playbook: CompiledPlaybook, asOf: Instant
    )
        -> String?
    {
        let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let visibility = Visibility(asOf: asOf)
        let result: String?
        switch parts[0] {
        case "customer": result = facts.customer.field(parts[1])
        case "order":
            guard let order else { return nil }
            result = visibility.orderField(parts[1], of: order, zone: playbook.zone)
        case "product": result = order.map { playbook.product(parts[1], of: $0) }
        case "vars": result = playbook.vars[parts[1]]?.text
        default: result = nil
        }
        guard let result, !result.isEmpty else { return nil }
        return result
    }
}
