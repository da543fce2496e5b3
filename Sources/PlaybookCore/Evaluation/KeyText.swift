/// Builds ledger keys: parts joined by `/`, then an optional suffix, written in one pass into a
/// string of the exact size (appending part by part grew and copied the string several times, for
/// every occurrence a run looks at).
enum KeyText {
    /// `a/b/c`, then `/d` when given, then `suffix`.
    static func join(_ a: String, _ b: String, _ c: String, _ d: String? = nil, suffix: String?) -> String {
        let count =
            a.utf8.count + b.utf8.count + c.utf8.count + 2 + (d.map { $0.utf8.count + 1 } ?? 0)
            + (suffix?.utf8.count ?? 0)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            func put(_ text: String, after separator: Bool) {
                if separator {
                    buffer[written] = UInt8(ascii: "/")
                    written += 1
                }
                var text = text
                text.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[written..<written + bytes.count]).initialize(
                        from: bytes)
                    written += bytes.count
                }
            }
            put(a, after: false)
            put(b, after: true)
            put(c, after: true)
            if let d { put(d, after: true) }
            if let suffix { put(suffix, after: false) }
            return written
        }
    }
}
