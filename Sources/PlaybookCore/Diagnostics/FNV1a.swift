/// FNV-1a, a small stable 64-bit hash: ids for events imported without one, and the fingerprint of
/// a playbooks folder. Not for security.
public struct FNV1a: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of nothing yet.
    public init() {}

    /// Mixes in bytes.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { mix(byte) }
    }

    /// Mixes in bytes from memory (not generic: other modules call it in hot loops).
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { mix(byte) }
    }

    /// Mixes in an optional string, its length first: ("ab", "c") and ("a", "bc") differ, and nil
    /// differs from every string.
    public mutating func combine(field text: String?) {
        guard var text else {
            combine(number: -1)
            return
        }
        text.withUTF8 { bytes in
            combine(number: Int64(bytes.count))
            combine(UnsafeRawBufferPointer(bytes))
        }
    }

    /// Mixes in a number.
    public mutating func combine(number: Int64) {
        withUnsafeBytes(of: number) { combine($0) }
    }

    private mutating func mix(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }

    /// The hash as a signed 64-bit integer (as a database's integer column holds it).
    public var value: Int64 { Int64(bitPattern: hash) }

    /// The hash as lowercase hex.
    public var hex: String { String(hash, radix: 16) }

    /// The hash of several optional fields, each followed by a separator (nil hashes as U+0001).
    public static func hex(_ fields: [String?]) -> String { of(fields).hex }

    /// The hash of several optional fields, as ``hex(_:)`` computes it.
    public static func of(_ fields: [String?]) -> FNV1a {
        var hasher = FNV1a()
        for field in fields {
            hasher.combine((field ?? "\u{1}").utf8)
            hasher.combine(CollectionOfOne(0x1F))
        }
        return hasher
    }
}
