/// One cell of the CSV a seller opens in Excel or Google Sheets (SPEC §7, output safety).
enum CSVCell {
    /// The cell as written: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets
    /// a leading `'`, so a spreadsheet shows it instead of running it as a formula; a cell holding a
    /// comma, a quote or a line break (CR, LF or both, checked by scalar: `"\r\n"` is a single
    /// `Character`) is quoted, with its quotes doubled.
    static func safe(_ field: String) -> String {
        var field = field
        if let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            field = "'" + field
        }
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
