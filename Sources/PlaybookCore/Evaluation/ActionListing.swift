/// An action as the seller sees it: the JSONL object of SPEC §4.
public struct ListedAction: Sendable, Hashable {
    public var key: String
    public var playbook: String
    public var step: String
    /// The step's position in its file (output order).
    public var stepPosition: Int
    public var customer: String
    public var customerName: String
    public var order: String?
    public var sku: String?
    public var due: DueTime
    public var dueText: String
    public var channel: Channel
    public var kind: ActionKind
    public var message: String?
    /// `pending`, `waiting`, `done` or `skipped`.
    public var status: String
    /// Fields a `require:` still waits for.
    public var missing: [String]
    /// The zone that `due` is written in.
    public var zone: Zone

    /// Creates a listed action.
    public init(
        key: String, playbook: String, step: String, stepPosition: Int, customer: String, customerName: String,
        order: String?, sku: String?, due: DueTime, dueText: String, channel: Channel, kind: ActionKind,
        message: String?, status: String, missing: [String], zone: Zone
    ) {
        self.key = key
        self.playbook = playbook
        self.step = step
        self.stepPosition = stepPosition
        self.customer = customer
        self.customerName = customerName
        self.order = order
        self.sku = sku
        self.due = due
        self.dueText = dueText
        self.channel = channel
        self.kind = kind
        self.message = message
        self.status = status
        self.missing = missing
        self.zone = zone
    }

    /// The JSONL line of SPEC §4, ending in a newline.
    public var jsonLine: String { String(decoding: jsonLineUTF8, as: UTF8.self) }

    /// ``jsonLine`` as UTF-8 bytes, as written to the output.
    public var jsonLineUTF8: [UInt8] {
        var line = JSONLine()
        line.add("key", key)
        line.add("playbook", playbook)
        line.add("step", step)
        line.add("customer", customer)
        line.add("customer_name", customerName)
        line.add("order", order)
        line.add("sku", sku)
        line.add("due", dueText)
        line.add("channel", channel.rawValue)
        line.add("kind", kind.rawValue)
        line.add("message", message)
        line.add("status", status)
        if status == "waiting" { line.add("missing", missing) }
        return line.finishedLine()
    }

    /// SPEC §4 order: due (a date before any instant of that day), customer, playbook, step position, order.
    public static func outputOrder(_ lhs: ListedAction, _ rhs: ListedAction) -> Bool {
        lhs.outputKey < rhs.outputKey
    }

    /// The fields of the SPEC §4 order, compared in turn.
    public var outputKey: OutputKey {
        var instant = OutputKey.dateInstant
        if case .instant(let value) = due { instant = value.seconds }
        return OutputKey(
            day: due.localDate(in: zone).dayNumber, instant: instant, customer: customer, playbook: playbook,
            position: stepPosition, order: order ?? "", key: key)
    }

    /// ``outputKey`` as a value: computed once per action when sorting many.
    public struct OutputKey: Comparable, Sendable {
        /// The local due date as a day number.
        public var day: Int
        /// The due instant in seconds, ``dateInstant`` for a date (which sorts before any instant of
        /// its day).
        public var instant: Int64
        public var customer: String
        public var playbook: String
        public var position: Int
        /// The order id, empty for none.
        public var order: String
        public var key: String

        /// The `instant` of a date: below every instant, even one before 1970.
        public static let dateInstant = Int64.min

        public static func < (lhs: OutputKey, rhs: OutputKey) -> Bool {
            if lhs.day != rhs.day { return lhs.day < rhs.day }
            if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
            if lhs.customer != rhs.customer { return lhs.customer < rhs.customer }
            if lhs.playbook != rhs.playbook { return lhs.playbook < rhs.playbook }
            if lhs.position != rhs.position { return lhs.position < rhs.position }
            if lhs.order != rhs.order { return lhs.order < rhs.order }
            return lhs.key < rhs.key
        }
    }

    /// Actions in SPEC §4 order, computing each sort key once.
    public static func sortedForOutput(_ actions: [ListedAction]) -> [ListedAction] {
        let keys = actions.map(\.outputKey)
        return actions.indices.sorted { keys[$0] < keys[$1] }.map { actions[$0] }
    }
}

/// Turns a customer's records into listed actions, rendering messages anew for pending ones.
public struct ActionLister: Sendable {
    public let evaluator: Evaluator

    /// Creates a lister for a graph.
    public init(evaluator: Evaluator) { self.evaluator = evaluator }

    /// Lists the pending (and with `all`, done and skipped) actions of one customer.
    public func list(_ outcome: CustomerOutcome, facts: CustomerFacts, asOf: Instant, all: Bool) -> [ListedAction] {
        let values = RenderValues(lister: self, facts: facts)
        return outcome.records.compactMap { record in
            guard record.status == .pending || (all && (record.status == .done || record.status == .skipped)),
                !outcome.pausedPlaybooks.contains(record.playbook) || record.status != .pending,
                let playbook = evaluator.playbook(record.playbook), let step = playbook.step(record.step)
            else { return nil }
            return listed(record, playbook: playbook, step: step, facts: facts, asOf: asOf, values: values)
        }
    }

    /// One record as listed; the message is rendered now unless it was frozen when marked done.
    public func listed(
        _ record: ActionRecord, playbook: CompiledPlaybook, step: CompiledStep, facts: CustomerFacts, asOf: Instant
    ) -> ListedAction {
        listed(
            record, playbook: playbook, step: step, facts: facts, asOf: asOf,
            values: RenderValues(lister: self, facts: facts))
    }

    private func listed(
        _ record: ActionRecord, playbook: CompiledPlaybook, step: CompiledStep, facts: CustomerFacts, asOf: Instant,
        values: RenderValues
    ) -> ListedAction {
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
        let message: String?
        if record.status == .done, let frozen = record.message {
            message = frozen
        } else {
            message = render(
                step, playbook: playbook, order: order, dueText: dueText, asOf: asOf, values: values)
        }
        return ListedAction(
            key: record.key, playbook: record.playbook, step: record.step, stepPosition: step.position,
            customer: record.customerID, customerName: facts.customer.name, order: record.orderID, sku: record.sku,
            due: record.due, dueText: dueText, channel: step.channel, kind: step.kind, message: message, status: status,
            missing: missing, zone: playbook.zone)
    }

    /// The rendered text of a step for a journey, or nil when the step has no text.
    public func render(
        _ step: CompiledStep, playbook: CompiledPlaybook, facts: CustomerFacts, order: OrderLine?, dueText: String,
        asOf: Instant
    ) -> String? {
        render(
            step, playbook: playbook, order: order, dueText: dueText, asOf: asOf,
            values: RenderValues(lister: self, facts: facts))
    }

    private func render(
        _ step: CompiledStep, playbook: CompiledPlaybook, order: OrderLine?, dueText: String, asOf: Instant,
        values: RenderValues
    ) -> String? {
        guard let template = step.text else { return nil }
        let reads = template.reads
        let visibility = Visibility(asOf: asOf)
        var orderValues: [String: String?]?
        var product: [String: String?]?
        if let order {
            var values: [String: String?] = [:]
            for field in reads.fields(of: "order", among: CustomerFields.order) {
                values[field] = visibility.orderField(field, of: order, zone: playbook.zone)
            }
            orderValues = values
            product = ["sku": order.sku, "name": playbook.catalog[order.sku]?.name ?? order.sku]
        }
        return template.render(
            RenderContext(
                customer: values.customer(reads), order: orderValues, product: product, vars: values.vars(of: playbook),
                due: dueText))
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
        case "product": result = order.map { parts[1] == "sku" ? $0.sku : (playbook.catalog[$0.sku]?.name ?? $0.sku) }
        case "vars": result = playbook.vars[parts[1]]?.text
        default: result = nil
        }
        guard let result, !result.isEmpty else { return nil }
        return result
    }
}

/// A customer's template values, computed once for all of their actions (and not at all for a
/// customer with nothing to render).
private final class RenderValues {
    private let lister: ActionLister
    private let facts: CustomerFacts
    private var varsByPlaybook: [String: [String: Any]] = [:]

    init(lister: ActionLister, facts: CustomerFacts) {
        self.lister = lister
        self.facts = facts
    }

    /// The customer's fields that a template reads, ready for a context (all of them computed
    /// at most once per customer).
    func customer(_ reads: TemplateReads) -> [String: Any] {
        if reads.everything { return allCustomerFields }
        var customer: [String: String?] = [:]
        for field in reads.fields(of: "customer", among: customerFields) {
            customer[field] = facts.customer.field(field)
        }
        return RenderContext.present(customer)
    }

    private var customerFields: [String] { CustomerFields.core + lister.evaluator.graph.team.customerAttributes }

    private lazy var allCustomerFields: [String: Any] = {
        var customer: [String: String?] = [:]
        for field in customerFields { customer[field] = facts.customer.field(field) }
        return RenderContext.present(customer)
    }()

    /// A playbook's `vars`, ready for a context.
    func vars(of playbook: CompiledPlaybook) -> [String: Any] {
        if let vars = varsByPlaybook[playbook.id] { return vars }
        let vars = RenderContext.present(playbook.vars.mapValues { $0.text })
        varsByPlaybook[playbook.id] = vars
        return vars
    }
}
