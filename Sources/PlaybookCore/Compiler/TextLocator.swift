/// Maps a position inside a scalar's text back to the file.
enum TextLocator {
    /// The file location of scalar offset `offset` (Unicode scalars) in `text` starting at `base`.
    static func location(base: SourceLocation, text: String, offset: Int) -> SourceLocation {
        var line = 0
        var column = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
        }
        return location(base: base, line: line, column: column)
    }

    /// The file location of a 0-based line and column inside a scalar starting at `base`.
    static func location(base: SourceLocation, line: Int, column: Int) -> SourceLocation {
        if line == 0 { return base.advanced(by: column) }
        return SourceLocation(file: base.file, line: base.line + line, column: base.column + column)
    }
}
