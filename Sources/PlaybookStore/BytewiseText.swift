import PlaybookCore

/// A text that is equal to another only when their UTF-8 bytes are, as SQLite compares keys.
/// Swift's `String` equality treats canonically equivalent spellings (an NFC and an NFD `é`) as
/// one text, where the database holds two ids: a set of these answers what the database would.
struct BytewiseText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: Self, rhs: Self) -> Bool { String.binaryOrder(lhs.text, rhs.text) == 0 }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
