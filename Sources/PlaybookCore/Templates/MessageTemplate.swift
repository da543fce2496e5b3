import Mustache

/// A compiled message template, rendered as plain text (no HTML escaping: SPEC §3.4).
public struct MessageTemplate: Sendable {
    private let template: MustacheTemplate
    /// The same template when it is only text and variables, rendered without swift-mustache.
    private let flat: FlatTemplate?
    /// The values the template reads: a context needs to hold only those.
    public let reads: TemplateReads
    /// A digest of the template's text: a stored message is current only under the same text.
    public let sourceDigest: Int64

    /// Compiles `source`; nil when swift-mustache rejects it (lint reports why).
    public init?(source: String) {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE:TEXT}}" + source) else { return nil }
        self.template = template
        flat = FlatTemplate(source: source)
        reads = TemplateReads(source: source)
        var hasher = FNV1a()
        hasher.combine(field: source)
        sourceDigest = hasher.value
    }

    /// Renders with the values of one action. Values are inserted as text and never parsed.
    public func render(_ context: RenderContext) -> String {
        flat?.render(context) ?? renderWithMustache(context)
    }

    /// Renders through swift-mustache, flat or not (``FlatTemplate`` is checked against it).
    func renderWithMustache(_ context: RenderContext) -> String {
        template.render(context.root)
    }

    /// Whether the template renders without swift-mustache.
    var isFlat: Bool { flat != nil }
}

/// The values a message can show: customer, order, product, vars and due.
public struct RenderContext {
    /// Present values by field name, in a group's order.
    public typealias Fields = [(name: String, value: String)]

    let root: RenderGroups

    /// Builds the context from present values only (a missing value renders empty and is falsy in
    /// sections); `order` and `product` are nil for a journey without an order line.
    public init(customer: Fields, order: Fields?, product: Fields?, vars: Fields, due: String) {
        root = RenderGroups(
            customer: RenderFields(customer), order: order.map(RenderFields.init),
            product: product.map(RenderFields.init), vars: RenderFields(vars), due: due)
    }
}

/// The top of a message's context as swift-mustache reads it. Classes with their own lookup, not
/// dictionaries: a message built four dictionaries, and swift-mustache's test of whether an `Any`
/// is a dictionary it can read (a conditional conformance) took a large part of each rendering.
final class RenderGroups: MustacheParent {
    let customer: RenderFields
    let order: RenderFields?
    let product: RenderFields?
    let vars: RenderFields
    let due: String

    init(customer: RenderFields, order: RenderFields?, product: RenderFields?, vars: RenderFields, due: String) {
        self.customer = customer
        self.order = order
        self.product = product
        self.vars = vars
        self.due = due
    }

    func child(named name: String) -> Any? {
        switch name {
        case "customer": return customer
        case "order": return order
        case "product": return product
        case "vars": return vars
        case "due": return due
        default: return nil
        }
    }
}

/// One group of values (`customer`, `order`…): a few fields, found by name. Shown whole (`{{.}}`
/// inside `{{#customer}}`), it is its values in order, separated by commas.
final class RenderFields: MustacheParent, CustomStringConvertible {
    let fields: RenderContext.Fields

    init(_ fields: RenderContext.Fields) { self.fields = fields }

    func child(named name: String) -> Any? { fields.first { $0.name == name }?.value }

    var description: String { fields.map(\.value).joined(separator: ", ") }
}

/// The fields a template reads by full name (`customer.name`), so that rendering computes only
/// those. A tag that reads a whole group (`{{#customer}}`), a bare name inside a section or
/// anything the scanner cannot follow makes it read everything.
public struct TemplateReads: Sendable {
    /// Fields read, by group (`customer`, `order`, `product`, `vars`).
    public private(set) var fields: [String: [String]] = [:]
    /// True when every value must be supplied.
    public private(set) var everything = false

    init(source: String) {
        let (tags, problems) = TemplateScanner.scan(source)
        if !problems.isEmpty { everything = true }
        for tag in tags where tag.kind == .variable || tag.kind == .section || tag.kind == .inverted {
            guard tag.name != "due" else { continue }
            let parts = tag.name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                everything = true
                continue
            }
            if !(fields[parts[0]]?.contains(parts[1]) ?? false) { fields[parts[0], default: []].append(parts[1]) }
        }
    }

    /// The fields of `group` to supply: those read, or all of `all` when the template reads everything.
    public func fields(of group: String, among all: [String]) -> [String] {
        if everything { return all }
        guard let read = fields[group] else { return [] }
        return all.filter { read.contains($0) }
    }
}
