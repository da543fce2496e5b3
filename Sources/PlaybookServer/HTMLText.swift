import Foundation
import PlaybookCore

/// HTML escaping for every value a page shows from the database, and percent-encoding for links.
enum HTMLText {
    /// `text` with `& < > " '` escaped.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// `text` percent-encoded for a URL's path segment or query (everything but unreserved characters).
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A form body's fields (`a=1&b=two+words`).
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
