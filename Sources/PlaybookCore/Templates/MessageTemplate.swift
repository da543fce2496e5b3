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
