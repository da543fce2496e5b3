import Foundation

extension String {
    /// SQLite's binary order of two texts, as a sign: their UTF-8 bytes, then their lengths (the
    /// order of code points). Swift's `<` and `==` compare canonical forms instead, so texts that
    /// differ only in Unicode normalization would be equal to it, and text not in NFC would sort
    /// apart from the database's keys.
    public static func binaryOrder(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                let common = Swift.min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = Int(memcmp(l, r, common))
                    if order != 0 { return order }
                }
                return left.count - right.count
            }
        }
    }
}
