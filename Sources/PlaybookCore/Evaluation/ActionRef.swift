/// The short reference of an action (SPEC §7): seven characters a seller can type instead of the
/// key (`playbook done 4kx9m2q`), made from the key alone, so it never changes while the action
/// lives and the same action has the same ref in every listing, on every backend.
public enum ActionRef {
    /// Crockford's base-32 digits in lower case: no i, l, o or u to misread.
    private static let digits = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// How many characters a ref has (35 bits: two of a seller's open actions share one with a
    /// chance of about one in ten million).
    public static let length = 7

    /// The ref of an action key.
    public static func of(key: String) -> String {
        var hasher = FNV1a()
        hasher.combine(key.utf8)
        var value = UInt64(bitPattern: hasher.value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length {
            bytes.append(digits[Int(value & 31)])
            value >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True for text shaped like a ref (an action key always holds `/`).
    public static func isRef(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { digits.contains($0) }
    }
}
