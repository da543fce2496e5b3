/// Checks a template's variables and sections against what a playbook can render (SPEC §3.4).
public struct TemplateVocabulary: Sendable {
    /// Every full variable name a template may use.
    public var names: Set<String>

    /// The core fields, the team's custom attributes and the playbook's vars.
    public init(customAttributes: [String], vars: [String]) {
        var names: Set<String> = ["due", "customer", "order", "product", "vars"]
        for field in CustomerFields.core + customAttributes { names.insert("customer.\(field)") }
        for field in CustomerFields.order { names.insert("order.\(field)") }
        for field in CustomerFields.product { names.insert("product.\(field)") }
        for name in vars { names.insert("vars.\(name)") }
        self.names = names
    }

    /// Sections open at once at most: swift-mustache parses them recursively, and a template of
    /// thousands of nested sections exhausted the stack. (As for YAML nesting.)
    static let maxSectionDepth = 100

    /// Template problems with their positions (0-based line and column inside the text).
    func check(_ text: String) -> [TemplateScanner.Problem] {
        let (tags, scanProblems) = TemplateScanner.scan(text)
        var problems = scanProblems
        var sections: [TemplateScanner.Tag] = []
        for tag in tags {
            switch tag.kind {
            case .partial:
                problems.append(
                    .init(
                        message: "partials and blocks ('\(tag.name)') are not supported", line: tag.line,
                        column: tag.column, help: "use `template:` to share whole messages"))
            case .pragma:
                problems.append(
                    .init(
                        message: "pragmas are not supported", line: tag.line, column: tag.column, help: "remove the tag"
                    ))
            case .variable, .section, .inverted:
                if !isKnown(tag.name, inside: sections) {
                    let suggestion = Suggestions.didYouMean(
                        tag.name, in: names.filter { $0.contains(".") || $0 == "due" })
                    problems.append(
                        .init(
                            message: "unknown variable '\(tag.name)'\(suggestion)", line: tag.line, column: tag.column,
                            help: "use customer.*, order.*, product.name, product.sku, vars.* or due; "
                                + "declare custom customer columns in team.yaml"))
                }
                guard tag.kind != .variable else { continue }
                sections.append(tag)
                if sections.count == Self.maxSectionDepth + 1 {
                    problems.append(
                        .init(
                            message: "sections nest deeper than \(Self.maxSectionDepth) levels", line: tag.line,
                            column: tag.column, help: "close some sections before opening more"))
                }
            case .close:
                guard let last = sections.popLast() else {
                    problems.append(
                        .init(
                            message: "closing tag '{{/\(tag.name)}}' has no open section", line: tag.line,
                            column: tag.column, help: "remove it or open the section with {{#\(tag.name)}}"))
                    continue
                }
                if last.name != tag.name {
                    problems.append(
                        .init(
                            message: "'{{/\(tag.name)}}' closes '{{#\(last.name)}}' opened at line \(last.line + 1)",
                            line: tag.line, column: tag.column, help: "close sections in the reverse order they open"))
                }
            }
        }
        for section in sections {
            problems.append(
                .init(
                    message: "section '\(section.name)' is never closed", line: section.line, column: section.column,
                    help: "add {{/\(section.name)}}"))
        }
        return problems
    }

    private func isKnown(_ name: String, inside sections: [TemplateScanner.Tag]) -> Bool {
        if name == "." || names.contains(name) { return true }
        return sections.contains { names.contains("\($0.name).\(name)") }
    }
}
