import Mustache

/// A compiled message template, rendered as plain text (no HTML escaping: SPEC §3.4).
public struct MessageTemplate: Sendable {
    private let template: MustacheTemplate
    /// The values the template reads: a context needs to hold only those.
    public let reads: TemplateReads

    /// Compiles `source`; nil when swift-mustache rejects it (lint reports why).
    public init?(source: String) {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE:TEXT}}" + source) else { return nil }
        self.template = template
        reads = TemplateReads(source: source)
    }

    /// Renders with the values of one action. Values are inserted as text and never parsed.
    public func render(_ context: RenderContext) -> String {
        template.render(context.dictionary)
    }
}

/// The values a message can show: customer, order, product, vars and due.
public struct RenderContext {
    var dictionary: [String: Any]

    /// Builds the context from ``present(_:)``ed values (a customer's are computed once for all of
    /// their actions); a missing value renders empty and is falsy in sections.
    public init(
        customer: [String: Any], order: [String: String?]?, product: [String: String?]?, vars: [String: Any],
        due: String
    ) {
        var dictionary: [String: Any] = ["customer": customer, "vars": vars, "due": due]
        if let order { dictionary["order"] = Self.present(order) }
        if let product { dictionary["product"] = Self.present(product) }
        self.dictionary = dictionary
    }

    /// The values that are present (nil and empty ones left out), ready for a context.
    public static func present(_ values: [String: String?]) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in values {
            if let value, !value.isEmpty { result[key] = value }
        }
        return result
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
