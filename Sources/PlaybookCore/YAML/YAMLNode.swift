/// A YAML node read with the core schema, carrying where it starts in the file.
public struct YAMLNode: Sendable {
    /// How a scalar was written, which decides its type under the core schema.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// A scalar's text with its style.
    public struct Scalar: Sendable, Hashable {
        /// The text after YAML unescaping and folding.
        public var text: String
        /// How it was written.
        public var style: ScalarStyle
        /// An explicit core tag such as `!!str`, if one was given.
        public var tag: String?
    }

    /// The shape of the node.
    public enum Content: Sendable {
        case scalar(Scalar)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    /// One key/value entry of a mapping, in file order.
    public struct Pair: Sendable {
        public var key: YAMLNode
        public var value: YAMLNode
    }

    /// The node's content.
    public var content: Content
    /// Where the node starts.
    public var location: SourceLocation

    /// The core-schema value of a scalar; nil for collections.
    public var coreValue: CoreValue? {
        guard case .scalar(let scalar) = content else { return nil }
        return CoreValue.resolve(scalar)
    }

    /// The scalar text, whatever its core type; nil for collections.
    public var scalarText: String? {
        if case .scalar(let scalar) = content { return scalar.text }
        return nil
    }

    /// The mapping's entries, or nil when the node is not a mapping.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The sequence's items, or nil when the node is not a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// A short description of the node's kind for error messages ("a mapping", "the string "x"").
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch coreValue {
            case .null, .none: return "null"
            case .bool(let value): return "the boolean \(value)"
            case .int(let value): return "the integer \(value)"
            case .float(let value): return "the number \(value)"
            case .string(let value): return "the string \"\(value)\""
            }
        }
    }
}

/// A scalar's value under the YAML 1.2 core schema.
public enum CoreValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    /// Resolves a scalar: only plain scalars get implicit types; `yes`, `on`, `no` stay strings.
    static func resolve(_ scalar: YAMLNode.Scalar) -> CoreValue {
        if let tag = scalar.tag {
            switch tag {
            case "tag:yaml.org,2002:str": return .string(scalar.text)
            case "tag:yaml.org,2002:null": return .null
            default: break
            }
        }
        guard scalar.style == .plain else { return .string(scalar.text) }
        let text = scalar.text
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let int = parseInt(text) { return .int(int) }
        if isFloat(text), let double = Double(text) { return .float(double) }
        return .string(text)
    }

    private static func parseInt(_ text: String) -> Int? {
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func isFloat(_ text: String) -> Bool {
        var sawDigit = false
        var sawDot = false
        for (index, character) in text.enumerated() {
            switch character {
            case "+",
                "-" where index == 0:
                continue
            case "0"..."9": sawDigit = true
            case ".":
                if sawDot { return false }
                sawDot = true
            case "e", "E": return sawDigit
            default: return false
            }
        }
        return sawDigit && sawDot
    }
}
