import Mustache

/// A compiled message template, rendered as plain text (no HTML escaping: SPEC §3.4).
public struct MessageTemplate: Sendable {
    private let template: MustacheTemplate
    /// The values the template reads: a context needs to hold only those.
    public let reads: TemplateReads
    /// A digest of the template's text: a stored message is current only under the same text.
    public let sourceDigest: Int64

    /// Compiles `source`; nil when swift-mustache rejects it (lint reports why).
    public init?(source: String) {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE:TEXT}}" + source) else { return nil }
        self.template = template
        reads = TemplateReads(source: source)
        var hasher = FNV1a()
        hasher.combine(field: source)
        sourceDigest = hasher.value
    }

    /// Renders with the values of one action. Values are inserted as text and never parsed.
    public func render(_ context: RenderContext) -> String {
        template.render(context.dictionary)
    }
}

/// The values a message can show: customer, order, product, vars and due.
public struct RenderContext {
    var dictionary: [String: Any]

    /// Builds the context from present values only (a missing value renders empty and is falsy in
    /// sections); `order` and `product` are nil for a journey without an order line.
    public init(
        customer: [String: Any], order: [String: Any]?, product: [String: Any]?, vars: [String: Any], due: String
    ) {
        var dictionary: [String: Any] = ["customer": customer, "vars": vars, "due": due]
        if let order { dictionary["order"] = order }
        if let product { dictionary["product"] = product }
        self.dictionary = dictionary
    }
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
        everything ? all : all.filter { fields[group]?.contains($0) ?? false }
    }
}
