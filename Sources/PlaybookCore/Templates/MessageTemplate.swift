import Mustache

/// A compiled message template, rendered as plain text (no HTML escaping: SPEC §3.4).
public struct MessageTemplate: Sendable {
    private let template: MustacheTemplate

    /// Compiles `source`; nil when swift-mustache rejects it (lint reports why).
    public init?(source: String) {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE:TEXT}}" + source) else { return nil }
        self.template = template
    }

    /// Renders with the values of one action. Values are inserted as text and never parsed.
    public func render(_ context: RenderContext) -> String {
        template.render(context.dictionary)
    }
}

/// The values a message can show: customer, order, product, vars and due.
public struct RenderContext {
    var dictionary: [String: Any]

    /// Builds the context; a nil value is missing: it renders empty and is falsy in sections.
    public init(
        customer: [String: String?], order: [String: String?]?, product: [String: String?]?, vars: [String: String?],
        due: String
    ) {
        func present(_ values: [String: String?]) -> [String: Any] {
            var result: [String: Any] = [:]
            for (key, value) in values {
                if let value, !value.isEmpty { result[key] = value }
            }
            return result
        }
        var dictionary: [String: Any] = ["customer": present(customer), "vars": present(vars), "due": due]
        if let order { dictionary["order"] = present(order) }
        if let product { dictionary["product"] = present(product) }
        self.dictionary = dictionary
    }
}
