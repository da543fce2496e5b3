/// FNV-1a, a small stable 64-bit hash: ids for events imported without one, and the fingerprint of
/// a playbooks folder. Not for security.
public struct FNV1a: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of nothing yet.
    public init() {}

    /// Mixes in bytes.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
    }

    /// The hash as lowercase hex.
    public var hex: String { String(hash, radix: 16) }

    /// The hash of several optional fields, each followed by a separator (nil hashes as U+0001).
    public static func hex(_ fields: [String?]) -> String {
        var hasher = FNV1a()
        for field in fields { hasher.combine(Array((field ?? "\u{1}").utf8) + [0x1F]) }
        return hasher.hex
    }
}
