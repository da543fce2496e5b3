/// A small, fast JSON object writer with fields in the order they are added, building UTF-8 bytes
/// directly (JSONSerialization with sorted keys, then String appends, dominated `run --format
/// jsonl` time).
public struct JSONLine {
    /// The object so far, without its closing brace.
    private var bytes: [UInt8]
    private var first = true

    /// An empty object.
    public init() {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(512)
    }

    /// Adds a string field (nil writes `null`).
    public mutating func add(_ key: String, _ value: String?) {
        appendKey(key)
        appendValue(value)
    }

    /// Adds a string field (nil writes `null`) under a key of this program's own, written as it
    /// is: a listing line's thirteen keys were a third of the time spent writing it.
    public mutating func add(plainKey key: StaticString, _ value: String?) {
        appendSeparator()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: Self.keyEnd)
        appendValue(value)
    }

    private static let keyEnd: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: ":")]

    /// Adds an array of strings.
    public mutating func add(_ key: String, _ values: [String]) {
        appendKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The finished object.
    public var string: String { String(decoding: utf8, as: UTF8.self) }

    /// The finished object as UTF-8 bytes.
    public var utf8: [UInt8] { bytes + [UInt8(ascii: "}")] }

    /// The finished object and a newline, as one line of JSONL (built in place: no copy).
    public consuming func finishedLine() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private static let null = Array("null".utf8)

    private mutating func appendSeparator() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    private mutating func appendKey(_ key: String) {
        appendSeparator()
        Self.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendValue(_ value: String?) {
        if let value { Self.appendQuoted(value, to: &bytes) } else { bytes += Self.null }
    }

    /// Appends `value` as a JSON string literal (RFC 8259 escaping; non-ASCII written as is).
    public static func appendQuoted(_ value: String, to output: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal to UTF-8 bytes.
    public static func appendQuoted(_ value: String, to output: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendQuoted(utf8: $0, to: &output) }
    }

    /// Appends UTF-8 text as a JSON string literal (RFC 8259 escaping; non-ASCII written as is).
    static func appendQuoted(utf8 units: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var clean = units.startIndex
        for index in units.indices {
            let unit = units[index]
            guard unit < 0x20 || unit == 0x22 || unit == 0x5C else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: units[clean..<index]))
            clean = index + 1
            switch unit {
            case 0x22: output += [0x5C, 0x22]
            case 0x5C: output += [0x5C, 0x5C]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            default:
                let hex = Array("0123456789abcdef".utf8)
                output += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(unit >> 4)], hex[Int(unit & 0xF)]]
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: units[clean...]))
        output.append(UInt8(ascii: "\""))
    }
}
