/// Decodes a `*.test.yaml` file, reporting every problem with its line and column.
public enum PlaybookTestDecoder {
    static let topKeys = ["playbooks", "customers", "orders", "events", "run", "expect"]
    static let runKeys = ["from", "to", "mark_done"]
    static let expectKeys = [
        "on", "step", "customer", "order", "due", "status", "channel", "message_contains", "nothing", "never",
    ]
    static let customerKeys = CustomerFields.core + ["attributes"]
    static let eventKeys = ["id", "customer_id", "kind", "at", "note", "order_id"]

    /// The most days a test may run: one run per day, so a span of centuries never ends.
    static let longestRun = 3_660

    /// `run.to` must not come before `run.from`, and the span must stay within ``longestRun`` days.
    private static func checkSpan(
        from: LocalDate, to: LocalDate, at location: SourceLocation, reader: inout ScalarDecoding
    ) {
        let days = from.days(until: to) + 1
        if days < 1 {
            reader.bag.error(
                "invalid-value", "run.to \(to) is before run.from \(from)", at: location,
                help: "swap the two dates")
        } else if days > longestRun {
            reader.bag.error(
                "invalid-value", "the test runs on \(days) days; at most \(longestRun) (ten years)", at: location,
                help: "test a shorter span: the test runs the playbooks once per day")
        }
    }

    /// Decodes the tree of a test file.
    public static func decode(_ root: YAMLNode, file: String) -> (PlaybookTestFile?, [Diagnostic]) {
        var reader = ScalarDecoding()
        guard let top = reader.mapping(root, "the test file", allowed: topKeys) else { return (nil, reader.bag.all) }
        let playbooks = top["playbooks"].map { reader.stringList($0.value, "playbooks").map(\.value) } ?? []
        var from: LocalDate?
        var to: LocalDate?
        var markDone = false
        if let node = top["run"]?.value, let run = reader.mapping(node, "run", allowed: runKeys) {
            from = run["from"].flatMap { date($0.value, "run.from", reader: &reader) }
            to = run["to"].flatMap { date($0.value, "run.to", reader: &reader) }
            markDone = run["mark_done"].flatMap { reader.bool($0.value, "run.mark_done")?.value } ?? false
            if let start = from, let end = to, let location = run["to"]?.value.location {
                checkSpan(from: start, to: end, at: location, reader: &reader)
            }
        }
        if from == nil || to == nil {
            reader.bag.error(
                "missing-key", "the test needs `run: { from: DATE, to: DATE }`", at: root.location,
                help: "for example `run: { from: 2026-11-01, to: 2026-12-31 }`")
        }
        var customers: [Customer] = []
        for item in top["customers"]?.value.items ?? [] {
            if let customer = decodeCustomer(item, reader: &reader) { customers.append(customer) }
        }
        let known = Set(customers.map(\.id))
        var orders: [OrderLine] = []
        for item in top["orders"]?.value.items ?? [] {
            guard let order = decodeOrder(item, reader: &reader) else { continue }
            checkCustomer(order.customerID, known: known, at: item.location, reader: &reader)
            orders.append(order)
        }
        var events: [CustomerEvent] = []
        for (index, item) in (top["events"]?.value.items ?? []).enumerated() {
            guard let event = decodeEvent(item, index: index, reader: &reader) else { continue }
            checkCustomer(event.customerID, known: known, at: item.location, reader: &reader)
            events.append(event)
        }
        var expectations: [PlaybookTestFile.Expectation] = []
        for item in top["expect"]?.value.items ?? [] {
            if let expectation = decodeExpectation(item, reader: &reader) { expectations.append(expectation) }
        }
        if expectations.isEmpty {
            reader.bag.error("missing-key", "the test has no `expect:` entries", at: root.location)
        }
        guard let from, let to, !reader.bag.hasErrors else { return (nil, reader.bag.all) }
        let facts = customers.map { customer in
            CustomerFacts(
                customer: customer, orders: orders.filter { $0.customerID == customer.id },
                events: events.filter { $0.customerID == customer.id })
        }
        let test = PlaybookTestFile(
            file: file, playbooks: playbooks, facts: facts, from: from, to: to, markDone: markDone,
            expectations: expectations)
        return (test, reader.bag.all)
    }

    private static func checkCustomer(
        _ id: String, known: Set<String>, at location: SourceLocation, reader: inout ScalarDecoding
    ) {
        guard !known.contains(id) else { return }
        reader.bag.error(
            "unknown-customer", "no customer '\(id)' in `customers:`\(Suggestions.didYouMean(id, in: known))",
            at: location, help: "add the customer under `customers:`")
    }

    private static func date(_ node: YAMLNode, _ what: String, reader: inout ScalarDecoding) -> LocalDate? {
        guard let text = reader.string(node, what) else { return nil }
        if let date = LocalDate(iso: text.value) { return date }
        reader.bag.error(
            "invalid-value", "\(what) '\(text.value)' is not a date", at: text.location, help: "write YYYY-MM-DD")
        return nil
    }

    private static func time(_ node: YAMLNode?, _ what: String, reader: inout ScalarDecoding) -> Timestamp? {
        guard let node, node.coreValue != .null, let text = reader.string(node, what) else { return nil }
        if let time = Timestamp(parsing: text.value) { return time }
        reader.bag.error(
            "invalid-value", "\(what) '\(text.value)' is not a date or time", at: text.location,
            help: "write 2026-11-19, \"2026-11-19 22:30\" or 2026-11-19T22:30:00+08:00")
        return nil
    }

    private static func text(_ map: [String: YAMLNode.Pair], _ key: String, reader: inout ScalarDecoding) -> String? {
        guard let node = map[key]?.value, node.coreValue != .null else { return nil }
        return reader.string(node, key)?.value
    }

    private static func decodeCustomer(_ node: YAMLNode, reader: inout ScalarDecoding) -> Customer? {
        guard let map = reader.mapping(node, "a customer", allowed: customerKeys) else { return nil }
        guard let id = text(map, "id", reader: &reader), let name = text(map, "name", reader: &reader) else {
            reader.bag.error("missing-key", "a customer needs `id` and `name`", at: node.location)
            return nil
        }
        var attributes: [String: String] = [:]
        if let node = map["attributes"]?.value, let pairs = node.pairs {
            for pair in pairs {
                if let key = pair.key.scalarText, let value = pair.value.scalarText { attributes[key] = value }
            }
        }
        let tags = text(map, "tags", reader: &reader)?.split(separator: ";").map(String.init) ?? []
        return Customer(
            id: id, name: name, phone: text(map, "phone", reader: &reader),
            lineID: text(map, "line_id", reader: &reader), wechatID: text(map, "wechat_id", reader: &reader),
            email: text(map, "email", reader: &reader), tier: text(map, "tier", reader: &reader) ?? "regular",
            birthday: text(map, "birthday", reader: &reader), tags: tags, owner: text(map, "owner", reader: &reader),
            optedOut: map["opted_out"].flatMap { reader.bool($0.value, "opted_out")?.value } ?? false,
            createdAt: time(map["created_at"]?.value, "created_at", reader: &reader)
                ?? .date(LocalDate(year: 2000, month: 1, day: 1)),
            attributes: attributes)
    }

    private static func decodeOrder(_ node: YAMLNode, reader: inout ScalarDecoding) -> OrderLine? {
        guard let map = reader.mapping(node, "an order line", allowed: CustomerFields.order) else { return nil }
        guard let id = text(map, "id", reader: &reader), let customer = text(map, "customer_id", reader: &reader),
            let sku = text(map, "sku", reader: &reader),
            let ordered = time(map["ordered_at"]?.value, "ordered_at", reader: &reader)
        else {
            reader.bag.error(
                "missing-key", "an order line needs `id`, `customer_id`, `sku` and `ordered_at`", at: node.location)
            return nil
        }
        return OrderLine(
            id: id, customerID: customer, sku: sku,
            quantity: map["quantity"].flatMap { reader.int($0.value, "quantity")?.value } ?? 1, orderedAt: ordered,
            paidAt: time(map["paid_at"]?.value, "paid_at", reader: &reader),
            shippedAt: time(map["shipped_at"]?.value, "shipped_at", reader: &reader),
            deliveredAt: time(map["delivered_at"]?.value, "delivered_at", reader: &reader),
            carrier: text(map, "carrier", reader: &reader), trackingNo: text(map, "tracking_no", reader: &reader),
            amount: text(map, "amount", reader: &reader))
    }

    private static func decodeEvent(_ node: YAMLNode, index: Int, reader: inout ScalarDecoding) -> CustomerEvent? {
        guard let map = reader.mapping(node, "an event", allowed: eventKeys) else { return nil }
        guard let customer = text(map, "customer_id", reader: &reader), let kind = text(map, "kind", reader: &reader),
            let at = time(map["at"]?.value, "at", reader: &reader)
        else {
            reader.bag.error("missing-key", "an event needs `customer_id`, `kind` and `at`", at: node.location)
            return nil
        }
        return CustomerEvent(
            id: text(map, "id", reader: &reader) ?? "event-\(index + 1)", customerID: customer, kind: kind, at: at,
            note: text(map, "note", reader: &reader), orderID: text(map, "order_id", reader: &reader))
    }

    private static func decodeExpectation(_ node: YAMLNode, reader: inout ScalarDecoding)
        -> PlaybookTestFile.Expectation?
    {
        guard let map = reader.mapping(node, "an expectation", allowed: expectKeys) else { return nil }
        let expectation = PlaybookTestFile.Expectation(
            on: map["on"].flatMap { date($0.value, "on", reader: &reader) }, step: text(map, "step", reader: &reader),
            customer: text(map, "customer", reader: &reader), order: text(map, "order", reader: &reader),
            due: text(map, "due", reader: &reader), status: text(map, "status", reader: &reader),
            channel: text(map, "channel", reader: &reader),
            messageContains: text(map, "message_contains", reader: &reader),
            nothing: map["nothing"].flatMap { reader.bool($0.value, "nothing")?.value } ?? false,
            never: map["never"].flatMap { reader.bool($0.value, "never")?.value } ?? false, location: node.location)
        if expectation.on == nil && !expectation.never {
            reader.bag.error(
                "missing-key", "an expectation needs `on: DATE` (or `never: true`)", at: node.location,
                help: "for example `- { on: 2026-11-04, step: day-3, customer: C1 }`")
        }
        return expectation
    }
}
