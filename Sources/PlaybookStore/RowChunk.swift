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

    /// An empty chunk of rows of `width` values.
    init(width: Int) { self.width = width }

    /// Rows held.
    var count: Int { width == 0 ? 0 : spans.count / width }

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
