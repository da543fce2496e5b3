import Foundation

extension String {
    /// The bytewise order of two texts, as a sign: their UTF-8 bytes, then their lengths (the
    /// order of code points, as every backend keys ids). Swift's `<` and `==` compare canonical
    /// forms instead, so texts that differ only in Unicode normalization would be equal to it, and
    /// text not in NFC would sort apart from the stored keys.
    @inlinable public static func binaryOrder(_ a: String, _ b: String) -> Int {
        // Both texts' bytes in place (a native or small string has them contiguous), else copied.
        let inPlace = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in order(left, right) }
        }
        if let inPlace, let order = inPlace { return order }
        return Array(a.utf8).withUnsafeBufferPointer { left in
            Array(b.utf8).withUnsafeBufferPointer { right in order(left, right) }
        }
    }

    /// ``binaryOrder(_:_:)`` of two texts' bytes.
    @usableFromInline static func order(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int
    {
        let common = Swift.min(left.count, right.count)
        if common > 0, let l = left.baseAddress, let r = right.baseAddress {
            let order = Int(memcmp(l, r, common))
            if order != 0 { return order }
        }
        return left.count - right.count
    }
}
