/// A customer as stored (SPEC §2).
public struct Customer: Sendable, Hashable {
    public var id: String
    public var name: String
    public var phone: String?
    public var lineID: String?
    public var wechatID: String?
    public var email: String?
    public var tier: String
    public var birthday: String?
    public var tags: [String]
    public var owner: String?
    public var optedOut: Bool
    public var createdAt: Timestamp
    public var attributes: [String: String]

    /// Creates a customer.
    public init(
        id: String, name: String, phone: String? = nil, lineID: String? = nil, wechatID: String? = nil,
        email: String? = nil, tier: String = "regular", birthday: String? = nil, tags: [String] = [],
        owner: String? = nil, optedOut: Bool = false, createdAt: Timestamp, attributes: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.phone = phone
        self.lineID = lineID
        self.wechatID = wechatID
        self.email = email
        self.tier = tier
        self.birthday = birthday
        self.tags = tags
        self.owner = owner
        self.optedOut = optedOut
        self.createdAt = createdAt
        self.attributes = attributes
    }

    /// The value of a core field or custom attribute as text (nil when missing).
    public func field(_ name: String) -> String? {
        switch name {
        case "id": return id
        case "name": return name.isEmpty ? nil : self.name
        case "phone": return phone
        case "line_id": return lineID
        case "wechat_id": return wechatID
        case "email": return email
        case "tier": return tier
        case "birthday": return birthday
        case "tags": return tags.isEmpty ? nil : tags.joined(separator: ";")
        case "owner": return owner
        case "opted_out": return optedOut ? "true" : "false"
        case "created_at": return createdAt.description
        default: return attributes[name]
        }
    }
}

/// One purchased product line.
public struct OrderLine: Sendable, Hashable {
    public var id: String
    public var customerID: String
    public var sku: String
    public var quantity: Int
    public var orderedAt: Timestamp
    public var paidAt: Timestamp?
    public var shippedAt: Timestamp?
    public var deliveredAt: Timestamp?
    public var carrier: String?
    public var trackingNo: String?
    /// The amount as written (a decimal).
    public var amount: String?

    /// Creates an order line.
    public init(
        id: String, customerID: String, sku: String, quantity: Int = 1, orderedAt: Timestamp, paidAt: Timestamp? = nil,
        shippedAt: Timestamp? = nil, deliveredAt: Timestamp? = nil, carrier: String? = nil, trackingNo: String? = nil,
        amount: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.sku = sku
        self.quantity = quantity
        self.orderedAt = orderedAt
        self.paidAt = paidAt
        self.shippedAt = shippedAt
        self.deliveredAt = deliveredAt
        self.carrier = carrier
        self.trackingNo = trackingNo
        self.amount = amount
    }

    /// The value of a column as text (nil when missing).
    public func field(_ name: String) -> String? {
        switch name {
        case "id": return id
        case "customer_id": return customerID
        case "sku": return sku
        case "quantity": return String(quantity)
        case "ordered_at": return orderedAt.description
        case "paid_at": return paidAt?.description
        case "shipped_at": return shippedAt?.description
        case "delivered_at": return deliveredAt?.description
        case "carrier": return carrier
        case "tracking_no": return trackingNo
        case "amount": return amount
        default: return nil
        }
    }
}

/// Something that happened to a customer: a reply, a complaint, an opt-out…
public struct CustomerEvent: Sendable, Hashable {
    public var id: String
    public var customerID: String
    public var kind: String
    public var at: Timestamp
    public var note: String?
    public var orderID: String?

    /// Creates an event.
    public init(
        id: String, customerID: String, kind: String, at: Timestamp, note: String? = nil, orderID: String? = nil
    ) {
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.at = at
        self.note = note
        self.orderID = orderID
    }
}

/// Everything stored about one customer: what the evaluator reads. A value type whose fields live
/// in one shared box (copied on write): the evaluator hands the facts to many small resolvers and
/// closures, and copying a dozen strings and arrays each time was a large part of its cost.
public struct CustomerFacts: Sendable {
    private final class Storage: @unchecked Sendable {
        // Mutated only through `CustomerFacts`' setters, after a copy unless uniquely referenced.
        var customer: Customer
        var orders: [OrderLine]
        var events: [CustomerEvent]

        init(customer: Customer, orders: [OrderLine], events: [CustomerEvent]) {
            self.customer = customer
            self.orders = orders
            self.events = events
        }

        func copy() -> Storage { Storage(customer: customer, orders: orders, events: events) }
    }

    private var storage: Storage

    /// Creates the facts of one customer.
    public init(customer: Customer, orders: [OrderLine], events: [CustomerEvent]) {
        storage = Storage(customer: customer, orders: orders, events: events)
    }

    public var customer: Customer {
        get { storage.customer }
        set { unique().customer = newValue }
    }

    public var orders: [OrderLine] {
        get { storage.orders }
        set { unique().orders = newValue }
    }

    public var events: [CustomerEvent] {
        get { storage.events }
        set { unique().events = newValue }
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }
}
