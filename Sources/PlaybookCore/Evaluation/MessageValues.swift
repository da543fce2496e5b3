/// The values one message shows, each group in a fixed order: a context is built from them, and
/// their digest tells whether a stored message is still current.
struct MessageValues {
    /// Present (non-empty) values by field name.
    typealias Fields = RenderContext.Fields

    var customer: Fields
    /// Nil when the journey has no order line.
    var order: Fields?
    var product: Fields?
    var vars: Fields
    var due: String

    /// The Mustache context of these values (a missing value renders empty and is falsy).
    var context: RenderContext {
        RenderContext(customer: customer, order: order, product: product, vars: vars, due: due)
    }

    /// Mixes every value into `hasher`, group by group.
    func hash(into hasher: inout FNV1a) {
        for group in [customer, order ?? [], product ?? [], vars] {
            hasher.combine(number: Int64(group.count))
            for (name, value) in group {
                hasher.combine(field: name)
                hasher.combine(field: value)
            }
        }
        hasher.combine(number: order == nil ? 0 : 1)
        hasher.combine(field: due)
    }

    /// The fields of `names` whose value is present, in that order.
    static func present(_ names: [String], _ value: (String) -> String?) -> Fields {
        var fields: Fields = []
        for name in names {
            if let text = value(name), !text.isEmpty, !fields.contains(where: { $0.name == name }) {
                fields.append((name, text))
            }
        }
        return fields
    }
}

/// A customer's template values, computed once for all of their actions (and not at all for a
/// customer with nothing to render).
final class RenderValues {
    private let lister: ActionLister
    private let facts: CustomerFacts
    private let visibility: Visibility
    private var varsByPlaybook: [String: MessageValues.Fields] = [:]

    init(lister: ActionLister, facts: CustomerFacts, asOf: Instant) {
        self.lister = lister
        self.facts = facts
        visibility = Visibility(asOf: asOf)
    }

    /// The values a template reads for one action.
    func message(_ reads: TemplateReads, playbook: CompiledPlaybook, order: OrderLine?, due: String) -> MessageValues {
        var orderFields: MessageValues.Fields?
        var product: MessageValues.Fields?
        if let order {
            orderFields = MessageValues.present(reads.fields(of: "order", among: CustomerFields.order)) { field in
                self.visibility.orderField(field, of: order, zone: playbook.zone)
            }
            product = MessageValues.present(CustomerFields.product) { field in playbook.product(field, of: order) }
        }
        return MessageValues(
            customer: customer(reads), order: orderFields, product: product, vars: vars(of: playbook), due: due)
    }

    private func customer(_ reads: TemplateReads) -> MessageValues.Fields {
        if reads.everything { return allCustomerFields }
        return MessageValues.present(reads.fields(of: "customer", among: lister.customerFields)) { field in
            self.facts.customer.field(field)
        }
    }

    private lazy var allCustomerFields: MessageValues.Fields = MessageValues.present(lister.customerFields) { field in
        self.facts.customer.field(field)
    }

    private func vars(of playbook: CompiledPlaybook) -> MessageValues.Fields {
        if let vars = varsByPlaybook[playbook.id] { return vars }
        let vars = MessageValues.present(playbook.vars.keys.sorted()) { name in playbook.vars[name]?.text }
        varsByPlaybook[playbook.id] = vars
        return vars
    }
}
