import Foundation

/// Decodes customers' custom attributes (a JSON object of strings), remembering recent texts:
/// customers share a few values (a city, a skin type), and JSONSerialization cost more than
/// everything else in reading a customer. Texts are remembered by their bytes: two spellings of a
/// value equal only under Unicode normalization each decode to their own bytes.
struct AttributeDecoder {
    private var recent: [BytewiseText: [String: String]] = [:]
    /// Texts remembered at most; the memory is cleared when full.
    private let capacity = 4_096

    /// The attributes in `text` (none for `{}` or text that is not such an object).
    mutating func decode(_ text: String) -> [String: String] {
        if text == "{}" { return [:] }
        let key = BytewiseText(text)
        if let known = recent[key] { return known }
        let attributes = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
        if recent.count >= capacity { recent.removeAll(keepingCapacity: true) }
        recent[key] = attributes
        return attributes
    }
}
