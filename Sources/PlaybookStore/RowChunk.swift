import Foundation

/// Checked rows on their way from the checking thread to the upserting one, as one buffer of
/// bytes and the place of each value in it: the upserting thread binds the values where they lie
/// (SQLite copies nothing) and frees two arrays per chunk rather than a string per cell. Both
/// were a third of that thread's work, and it is the slower half of an import.
struct RowChunk: Sendable {
    /// Where one value lies in ``bytes``; a negative count is NULL.
    private struct Span {
        var start: Int
        var count: Int
    }

    private var bytes: [UInt8] = []
    private var spans: [Span] = []
    /// Values per row.
    let width: Int
    /// Set by the checking thread: the rows are in key order and follow the previous chunk's, so
    /// they can be stored as they come (see ``Importer``).
    var followsKeyOrder = false

    /// An empty chunk of rows of `width` values, with room for `rows` rows of `bytes` bytes in all
    /// (growing the buffers value by value was a tenth of an import's checking).
    init(width: Int, reservingRows rows: Int = 0, bytes byteCount: Int = 0) {
        self.width = width
        spans.reserveCapacity(rows * width)
        bytes.reserveCapacity(byteCount)
    }

    /// Rows held.
    var count: Int { width == 0 ? 0 : spans.count / width }

    /// Bytes of the values held.
    var byteCount: Int { bytes.count }

    /// Appends a row of `width` values.
    mutating func append(_ values: [String?]) {
        assert(values.count == width, "a checked row has one value per stored column")
        for value in values {
            guard var value else {
                spans.append(Span(start: 0, count: -1))
                continue
            }
            let start = bytes.count
            value.withUTF8 { bytes.append(contentsOf: $0) }
            spans.append(Span(start: start, count: bytes.count - start))
        }
    }

    /// Appends every row of `other` (of the same width).
    mutating func append(contentsOf other: RowChunk) {
        let offset = bytes.count
        bytes.append(contentsOf: other.bytes)
        spans.append(contentsOf: other.spans.lazy.map { Span(start: $0.start + offset, count: $0.count) })
    }

    /// The key of the last row (the values of `keyColumns`), or nil for an empty chunk.
    func lastKey(_ keyColumns: [Int]) -> [[UInt8]]? {
        guard count > 0 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in keyColumns.map { Array(value(count - 1, $0, buffer)) } }
    }

    /// True when the rows are in ascending order of `keyColumns`, the first not below `previous`.
    func isInKeyOrder(_ keyColumns: [Int], after previous: [[UInt8]]?) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            if let previous, count > 0 {
                for (index, column) in keyColumns.enumerated() {
                    let order = previous[index].withUnsafeBufferPointer { Self.compare($0, value(0, column, buffer)) }
                    if order < 0 { break }
                    if order > 0 { return false }
                }
            }
            return count < 2 || (1..<count).allSatisfy { compare($0 - 1, $0, keyColumns, buffer) <= 0 }
        }
    }

    /// The row numbers in ascending order of `keyColumns` (SQLite's BINARY order: bytes, then length).
    func rowsInKeyOrder(_ keyColumns: [Int]) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            (0..<count).sorted { compare($0, $1, keyColumns, buffer) < 0 }
        }
    }

    private func compare(_ a: Int, _ b: Int, _ keyColumns: [Int], _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        for column in keyColumns {
            let order = Self.compare(value(a, column, buffer), value(b, column, buffer))
            if order != 0 { return order }
        }
        return 0
    }

    private func value(_ row: Int, _ column: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let span = spans[row * width + column]
        guard span.count > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: buffer[span.start..<span.start + span.count])
    }

    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = Int(memcmp(left, right, common))
            if order != 0 { return order }
        }
        return a.count - b.count
    }

    /// Calls `body` with a binder for this chunk's values: `bind(row, statement)` binds row
    /// `row`'s values to `statement` in order. The bound bytes stay valid only inside `body`, so
    /// the statements must be executed (and so reset) there.
    func withBinder<T>(_ body: (_ bind: (_ row: Int, _ statement: inout FastStatement) -> Void) throws -> T) rethrows
        -> T
    {
        try bytes.withUnsafeBufferPointer { buffer in
            try body { row, statement in
                for span in spans[row * width..<(row + 1) * width] {
                    guard span.count >= 0 else {
                        statement.bind(nil)
                        continue
                    }
                    let end = span.start + span.count
                    statement.bind(borrowing: UnsafeBufferPointer(rebasing: buffer[span.start..<end]))
                }
            }
        }
    }
}
