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
    /// Who to contact and how (SPEC §7): the customer's owner, phone, LINE, WeChat and email.
    public var contact = Contact()

    /// The customer's contact fields as listed with each action.
    public struct Contact: Sendable, Hashable {
        public var owner: String?
        public var phone: String?
        public var lineID: String?
        public var wechatID: String?
        public var email: String?

        /// Creates contact fields.
        public init(
            owner: String? = nil, phone: String? = nil, lineID: String? = nil, wechatID: String? = nil,
            email: String? = nil
        ) {
            self.owner = owner
            self.phone = phone
            self.lineID = lineID
            self.wechatID = wechatID
            self.email = email
        }

        /// The contact fields of a customer.
        public init(_ customer: Customer) {
            self.init(
                owner: customer.owner, phone: customer.phone, lineID: customer.lineID, wechatID: customer.wechatID,
                email: customer.email)
        }
    }

    /// The short reference `done`, `skip` and `explain` accept instead of the key.
    public var ref: String { ActionRef.of(key: key) }

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
        line.add(plainKey: "key", key)
        line.add(plainKey: "playbook", playbook)
        line.add(plainKey: "step", step)
        line.add(plainKey: "customer", customer)
        line.add(plainKey: "customer_name", customerName)
        line.add(plainKey: "order", order)
        line.add(plainKey: "sku", sku)
        line.add(plainKey: "due", dueText)
        line.add(plainKey: "channel", channel.rawValue)
        line.add(plainKey: "kind", kind.rawValue)
        line.add(plainKey: "message", message)
        line.add(plainKey: "status", status)
        if status == "waiting" { line.add("missing", missing) }
        line.add(plainKey: "ref", ref)
        line.add(plainKey: "owner", contact.owner)
        line.add(plainKey: "phone", contact.phone)
        line.add(plainKey: "line_id", contact.lineID)
        line.add(plainKey: "wechat_id", contact.wechatID)
        line.add(plainKey: "email", contact.email)
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

    /// ``outputKey`` as a value: computed once per action when sorting many. Texts compare by
    /// their bytes (``Swift/String/binaryOrder(_:_:)``), the order of the stored listing.
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

        @inlinable public static func < (lhs: OutputKey, rhs: OutputKey) -> Bool { order(lhs, rhs) < 0 }

        @inlinable public static func == (lhs: OutputKey, rhs: OutputKey) -> Bool { order(lhs, rhs) == 0 }

        /// The sign of the SPEC §4 order of two keys.
        @inlinable static func order(_ lhs: OutputKey, _ rhs: OutputKey) -> Int {
            if lhs.day != rhs.day { return lhs.day < rhs.day ? -1 : 1 }
            if lhs.instant != rhs.instant { return lhs.instant < rhs.instant ? -1 : 1 }
            let customer = String.binaryOrder(lhs.customer, rhs.customer)
            if customer != 0 { return customer }
            let playbook = String.binaryOrder(lhs.playbook, rhs.playbook)
            if playbook != 0 { return playbook }
            if lhs.position != rhs.position { return lhs.position < rhs.position ? -1 : 1 }
            let order = String.binaryOrder(lhs.order, rhs.order)
            if order != 0 { return order }
            return String.binaryOrder(lhs.key, rhs.key)
        }
    }

    /// Actions in SPEC §4 order, computing each sort key once.
    public static func sortedForOutput(_ actions: [ListedAction]) -> [ListedAction] {
        let keys = actions.map(\.outputKey)
        return actions.indices.sorted { keys[$0] < keys[$1] }.map { actions[$0] }
    }
}
