/// The part of a source line a diagnostic quotes: at most ``reach`` characters either side of the
/// column, with control characters escaped, and the padding that puts a caret under the column.
/// Quoting whole lines made lint's output grow with the square of a file's longest line.
enum SourceExcerpt {
    /// Characters shown on each side of the column.
    static let reach = 60

    /// The excerpt of `line` around the 1-based `column` (in Unicode scalars) and the caret's padding.
    static func around(_ line: Substring, column: Int) -> (excerpt: String, padding: String) {
        let scalars = Array(line.unicodeScalars.filter { $0 != "\r" })
        let caret = min(max(column - 1, 0), scalars.count)
        let start = max(0, caret - reach)
        let end = min(scalars.count, caret + reach)
        var excerpt = start > 0 ? "…" : ""
        var padding = start > 0 ? " " : ""
        for index in start..<end {
            let shown = TerminalText.safe(String(scalars[index]), keepingLineFeeds: false)
            excerpt += shown
            if index < caret {
                padding += scalars[index] == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(shown))
            }
        }
        if end < scalars.count { excerpt += "…" }
        return (excerpt, padding)
    }
}
