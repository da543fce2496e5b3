/// Values dated after T: invisible now, they change what a later run sees without any new import.
enum FutureData {
    /// The earliest time after T at which a future-dated value of the customer becomes visible in
    /// any of `zones` (a bare date or local time is read in each zone that evaluates it), or nil.
    static func earliest(in facts: CustomerFacts, after asOf: Instant, zones: [Zone]) -> Instant? {
        var earliest: Instant?
        func consider(_ time: Timestamp?) {
            guard let time else { return }
            for zone in zones {
                let instant = time.instant(in: zone)
                if instant > asOf, earliest.map({ instant < $0 }) ?? true { earliest = instant }
                if case .instant = time { break }
            }
        }
        consider(facts.customer.createdAt)
        for order in facts.orders {
            consider(order.orderedAt)
            consider(order.paidAt)
            consider(order.shippedAt)
            consider(order.deliveredAt)
        }
        for event in facts.events { consider(event.at) }
        return earliest
    }
}
