/// An RFC 4180 CSV reader that keeps the line each record starts on, so every import error can
/// name file:line. (CSV.swift and SwiftCSV report no positions, which SPEC §2 requires.)
public struct CSVReader: Sendable {
    /// One record with the 1-based line it starts on.
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    /// A malformed file.
    public struct SyntaxError: Error, Sendable {
        public var line: Int
        public var message: String
    }

    /// Parses UTF-8 text (an optional BOM is dropped; LF or CRLF line ends), handing each record to
    /// `body` as soon as it is complete. Throws ``SyntaxError`` for malformed CSV.
    public static func parse(_ bytes: [UInt8], _ body: (Record) throws -> Void) throws {
        var data = bytes[...]
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data = data.dropFirst(3) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw SyntaxError(
                line: firstInvalidLine(Array(data)), message: "the file is not valid UTF-8; save it as UTF-8 CSV")
        }
        if text.unicodeScalars.contains("\0") {
            let line = text.prefix { $0 != "\0" }.filter { $0 == "\n" || $0 == "\r\n" }.count + 1
            throw SyntaxError(line: line, message: "the file contains a NUL byte; it is not a text CSV file")
        }
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            quotedField = false
        }
        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                if field.isEmpty && !quotedField {
                    inQuotes = true
                    quotedField = true
                } else {
                    throw SyntaxError(
                        line: line,
                        message: "a quote inside an unquoted field; wrap the field in quotes and double the quote")
                }
            case ",":
                endField()
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    try body(Record(line: recordLine, fields: fields))
                }
                fields = []
                line += 1
                recordLine = line
            default:
                if quotedField {
                    throw SyntaxError(
                        line: line, message: "text after a closing quote; put the whole field inside the quotes")
                }
                field.append(scalar)
            }
        }
        if inQuotes { throw SyntaxError(line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedField {
            endField()
            try body(Record(line: recordLine, fields: fields))
        }
    }

    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar == "\n" { line += 1 }
        }
        return line
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (a fast path for CSV cells).
    var trimmedCell: String {
        guard let first = self.first, let last = self.last else { return "" }
        if first != " " && first != "\t" && last != " " && last != "\t" { return String(self) }
        return String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
