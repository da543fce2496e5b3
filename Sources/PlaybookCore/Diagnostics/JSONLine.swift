/// A small, fast JSON object writer with fields in the order they are added (JSONSerialization
/// with sorted keys dominated `run --format jsonl` time).
public struct JSONLine {
    private var text = "{"
    private var first = true

    /// An empty object.
    public init() {}

    /// Adds a string field (nil writes `null`).
    public mutating func add(_ key: String, _ value: String?) {
        appendKey(key)
        if let value { Self.appendQuoted(value, to: &text) } else { text += "null" }
    }

    /// Adds an array of strings.
    public mutating func add(_ key: String, _ values: [String]) {
        appendKey(key)
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            Self.appendQuoted(value, to: &text)
        }
        text += "]"
    }

    /// The finished object.
    public var string: String { text + "}" }

    private mutating func appendKey(_ key: String) {
        if !first { text += "," }
        first = false
        Self.appendQuoted(key, to: &text)
        text += ":"
    }

    /// Appends `value` as a JSON string literal (RFC 8259 escaping; non-ASCII written as is).
    public static func appendQuoted(_ value: String, to output: inout String) {
        output += "\""
        var needsEscape = false
        for unit in value.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
