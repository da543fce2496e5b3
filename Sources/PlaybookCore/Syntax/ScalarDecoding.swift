/// Reads typed scalars out of YAML nodes, emitting a diagnostic for every wrong type.
struct ScalarDecoding {
    var bag = DiagnosticBag()

    /// Where the text of a scalar starts (after an opening quote).
    static func contentLocation(_ node: YAMLNode) -> SourceLocation {
        if case .scalar(let scalar) = node.content, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            return node.location.advanced(by: 1)
        }
        if case .scalar(let scalar) = node.content, scalar.style == .literal || scalar.style == .folded {
            return SourceLocation(file: node.location.file, line: node.location.line + 1, column: 1)
        }
        return node.location
    }

    /// Checks that `node` is a mapping and reports keys outside `allowed` with a suggestion.
    mutating func mapping(_ node: YAMLNode, _ what: String, allowed: [String]) -> [String: YAMLNode.Pair]? {
        guard let pairs = node.pairs else {
            bag.error(
                "wrong-type", "\(what) must be a mapping, found \(node.kindDescription)", at: node.location,
                help: "write `key: value` entries, one per line")
            return nil
        }
        var result: [String: YAMLNode.Pair] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                bag.error(
                    "wrong-type", "keys must be plain text, found \(pair.key.kindDescription)", at: pair.key.location)
                continue
            }
            if allowed.contains(key) {
                if result[key] == nil { result[key] = pair }
            } else {
                bag.error(
                    "unknown-key", "unknown key '\(key)' in \(what)\(Suggestions.didYouMean(key, in: allowed))",
                    at: pair.key.location, help: "valid keys: \(allowed.joined(separator: ", "))")
            }
        }
        return result
    }

    /// A non-null scalar as text.
    mutating func string(_ node: YAMLNode, _ what: String) -> Located<String>? {
        switch node.coreValue {
        case .string(let text): return Located(text, at: Self.contentLocation(node))
        case .int, .float: return Located(node.scalarText ?? "", at: Self.contentLocation(node))
        case .bool(let value):
            bag.error(
                "wrong-type", "\(what) must be text, found the boolean \(value)", at: node.location,
                help: "quote it: \"\(node.scalarText ?? "")\"")
        case .null:
            bag.error("wrong-type", "\(what) must be text, found null", at: node.location, help: "give it a value")
        case .none:
            bag.error("wrong-type", "\(what) must be text, found \(node.kindDescription)", at: node.location)
        }
        return nil
    }

    /// An integer.
    mutating func int(_ node: YAMLNode, _ what: String) -> Located<Int>? {
        if case .int(let value) = node.coreValue { return Located(value, at: node.location) }
        if case .scalar(let scalar) = node.content, scalar.style == .plain, scalar.tag == nil,
            Self.isDigits(scalar.text)
        {
            bag.error(
                "invalid-value", "\(what) \(scalar.text) is out of range: from \(Int.min) to \(Int.max)",
                at: node.location, help: "write a smaller whole number")
            return nil
        }
        bag.error(
            "wrong-type", "\(what) must be an integer, found \(node.kindDescription)", at: node.location,
            help: "write a whole number such as 2")
        return nil
    }

    /// True for a whole number written in digits (with a sign): unquoted, one that did not fit.
    private static func isDigits(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `true` or `false`; `yes`/`no`/`on`/`off` get a specific hint.
    mutating func bool(_ node: YAMLNode, _ what: String) -> Located<Bool>? {
        if case .bool(let value) = node.coreValue { return Located(value, at: node.location) }
        if let text = node.scalarText, let meant = Self.booleanLike(text) {
            bag.error(
                "wrong-type", "\(what) must be true or false; '\(text)' is a string in YAML 1.2", at: node.location,
                help: "write \(meant)")
        } else {
            bag.error(
                "wrong-type", "\(what) must be true or false, found \(node.kindDescription)", at: node.location,
                help: "write true or false")
        }
        return nil
    }

    /// The boolean a YAML 1.1 word was probably meant as.
    static func booleanLike(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "on": return true
        case "no", "n", "off": return false
        default: return nil
        }
    }

    /// One value of an enumeration.
    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, _: E.Type)
        -> Located<E>? where E.RawValue == String
    {
        guard let text = string(node, what) else { return nil }
        if let value = E(rawValue: text.value) { return Located(value, at: text.location) }
        let names = E.allCases.map(\.rawValue)
        bag.error(
            "invalid-value",
            "'\(text.value)' is not a valid \(what)\(Suggestions.didYouMean(text.value, in: names))",
            at: text.location, help: "valid values: \(names.joined(separator: ", "))")
        return nil
    }

    /// A duration such as `3d`.
    mutating func duration(_ node: YAMLNode, _ what: String) -> Located<PlaybookDuration>? {
        guard let text = string(node, what) else { return nil }
        if let duration = PlaybookDuration(parsing: text.value) { return Located(duration, at: text.location) }
        bag.error(
            "invalid-duration", PlaybookDuration.rejection(of: text.value), at: text.location,
            help: "write a whole number and a unit: 12h, 3d, 2w, 3mo or 1y")
        return nil
    }

    /// A list of scalars (a single scalar counts as a list of one).
    mutating func stringList(_ node: YAMLNode, _ what: String) -> [Located<String>] {
        if let items = node.items { return items.compactMap { string($0, what) } }
        if node.scalarText != nil, let single = string(node, what) { return [single] }
        bag.error("wrong-type", "\(what) must be a list, found \(node.kindDescription)", at: node.location)
        return []
    }

    /// `<anchor> [+|- <duration>]`, with the column of each mistake.
    mutating func anchorOffset(_ node: YAMLNode, _ what: String) -> Located<AnchorOffset>? {
        guard let text = string(node, what) else { return nil }
        let source = text.value
        let scalars = Array(source.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index] == " " { index += 1 } }
        skipSpaces()
        let nameStart = index
        while index < scalars.count, scalars[index] != " ", scalars[index] != "+",
            !(scalars[index] == "-" && index > nameStart && !isStepName(scalars, nameStart))
        {
            index += 1
        }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        guard let anchor = Anchor(name: name) else {
            bag.error(
                "invalid-anchor",
                "'\(name)' is not an anchor\(Suggestions.didYouMean(name, in: Anchor.simpleNames))",
                at: text.location.advanced(by: nameStart),
                help: "anchors: \(Anchor.simpleNames.joined(separator: ", ")), step:<id>")
            return nil
        }
        skipSpaces()
        if index == scalars.count { return Located(AnchorOffset(anchor: anchor, offset: nil), at: text.location) }
        let sign = scalars[index]
        guard sign == "+" || sign == "-" else {
            bag.error(
                "invalid-anchor", "expected '+' or '-' after '\(name)'", at: text.location.advanced(by: index),
                help: "write it as `\(name) + 3d`")
            return nil
        }
        index += 1
        skipSpaces()
        let durationStart = index
        let durationText = String(String.UnicodeScalarView(scalars[index...])).trimmingCharacters(in: .whitespaces)
        guard let duration = PlaybookDuration(parsing: durationText) else {
            bag.error(
                "invalid-duration", PlaybookDuration.rejection(of: durationText),
                at: text.location.advanced(by: durationStart),
                help: "write a whole number and a unit: 12h, 3d, 2w, 3mo or 1y")
            return nil
        }
        let offset = sign == "-" ? duration.negated : duration
        return Located(AnchorOffset(anchor: anchor, offset: offset), at: text.location)
    }

    /// Inside `step:<id>` a '-' belongs to the id.
    private func isStepName(_ scalars: [Unicode.Scalar], _ start: Int) -> Bool {
        scalars.count >= start + 5 && String(String.UnicodeScalarView(scalars[start..<start + 5])) == "step:"
    }
}
