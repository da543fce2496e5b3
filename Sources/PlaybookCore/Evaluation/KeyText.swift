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
            var written = copy(a, into: buffer, at: 0)
            buffer[written] = UInt8(ascii: "/")
            written = copy(b, into: buffer, at: written + 1)
            buffer[written] = UInt8(ascii: "/")
            written = copy(c, into: buffer, at: written + 1)
            if let d {
                buffer[written] = UInt8(ascii: "/")
                written = copy(d, into: buffer, at: written + 1)
            }
            if let suffix { written = copy(suffix, into: buffer, at: written) }
            return written
        }
    }

    /// Copies the UTF-8 of `text` into `buffer` at `start`; returns where it ends.
    private static func copy(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[start..<start + bytes.count]).initialize(from: bytes)
            return start + bytes.count
        }
    }
}
