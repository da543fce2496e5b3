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
        /// True when the problem is a byte sequence that is not UTF-8 (the file has another encoding).
        public var invalidUTF8 = false
    }

    /// Parses UTF-8 text (an optional BOM is dropped; LF, CRLF or CR line ends), handing each
    /// record to `body` as soon as it is complete, each field without the spaces and tabs at its
    /// ends (inside quotes too: a cell is its text). Throws ``SyntaxError`` for malformed CSV.
    /// Works on bytes: every delimiter is ASCII, which never occurs inside a multi-byte UTF-8
    /// sequence, so fields are cut as byte ranges and each is decoded once.
    /// `firstLine` is the line `bytes` start on (a later block of a file read in blocks of whole
    /// records); a byte order mark is dropped only on line 1.
    public static func parse(
        _ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), firstLine: Int = 1, _ body: (Record) throws -> Void
    ) throws {
        let start = firstLine == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let nul = bytes[start...].firstIndex(of: 0) {
            let line = bytes[start..<nul].reduce(firstLine) { $1 == 0x0A ? $0 + 1 : $0 }
            throw SyntaxError(line: line, message: "the file contains a NUL byte; it is not a text CSV file")
        }
        try withoutActuallyEscaping(body) { body in
            try bytes.withUnsafeBufferPointer { buffer in
                var parser = ByteParser(
                    bytes: UnsafeBufferPointer(rebasing: buffer[start...]), delimiter: delimiter, body: body)
                parser.line = firstLine
                parser.recordLine = firstLine
                try parser.run()
            }
        }
    }

    /// The state of one parse.
    private struct ByteParser {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The field separator: a comma, or a tab.
        let delimiter: UInt8
        let body: (Record) throws -> Void
        var fields: [String] = []
        /// Where the current unquoted field starts, or the unescaped bytes of a quoted one.
        var fieldStart = 0
        var quoted: [UInt8] = []
        var quotedField = false
        /// Whether the current field has a byte outside ASCII: an ASCII field is valid UTF-8 as it
        /// stands, and only the others go through the (much slower) validating decoder.
        var fieldHasNonASCII = false
        var line = 1
        var recordLine = 1
        /// Whether the record's first field was empty before trimming: a record of one such field
        /// is a blank line (one of spaces is a row, and the row's check names its missing fields).
        var firstFieldWasEmpty = false

        init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, body: @escaping (Record) throws -> Void) {
            self.bytes = bytes
            self.delimiter = delimiter
            self.body = body
        }

        mutating func run() throws {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard index == fieldStart && !quotedField else {
                        throw SyntaxError(
                            line: line,
                            message: quotedField
                                ? "text after a closing quote; put the whole field inside the quotes"
                                : "a quote inside an unquoted field; wrap the field in quotes and double the quote")
                    }
                    index = try readQuoted(from: index + 1)
                    continue
                case delimiter:
                    try endField(at: index)
                    fieldStart = index + 1
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    try endField(at: index)
                    try endRecord()
                    if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                        index += 1
                    }
                    line += 1
                    recordLine = line
                    fieldStart = index + 1
                default:
                    if quotedField {
                        throw SyntaxError(
                            line: line, message: "text after a closing quote; put the whole field inside the quotes")
                    }
                    if byte >= 0x80 { fieldHasNonASCII = true }
                }
                index += 1
            }
            if fieldStart < bytes.count || !fields.isEmpty || quotedField {
                try endField(at: bytes.count)
                try body(Record(line: recordLine, fields: fields))
            }
        }

        /// Reads a quoted field's bytes up to its closing quote; returns the index after it.
        private mutating func readQuoted(from first: Int) throws -> Int {
            quotedField = true
            quoted.removeAll(keepingCapacity: true)
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") else { return index + 1 }
                    index += 1
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                } else if byte >= 0x80 {
                    fieldHasNonASCII = true
                }
                quoted.append(byte)
                index += 1
            }
            throw SyntaxError(line: recordLine, message: "a quoted field is never closed")
        }

        private mutating func endField(at end: Int) throws {
            let validating = fieldHasNonASCII
            func decode(_ field: UnsafeBufferPointer<UInt8>) -> String? {
                validating ? String(validating: field, as: UTF8.self) : String(decoding: field, as: UTF8.self)
            }
            if fields.isEmpty { firstFieldWasEmpty = quotedField ? quoted.isEmpty : end == fieldStart }
            let text =
                quotedField
                ? quoted.withUnsafeBufferPointer { decode(Self.trimmed($0)) }
                : decode(Self.trimmed(UnsafeBufferPointer(rebasing: bytes[fieldStart..<end])))
            guard let text else {
                throw SyntaxError(
                    line: line, message: "the file is not valid UTF-8; save it as UTF-8 CSV", invalidUTF8: true)
            }
            fields.append(text)
            quotedField = false
            fieldHasNonASCII = false
        }

        /// A field's bytes without the spaces and tabs at either end (trimmed here, on bytes, rather
        /// than as text afterwards: that took a tenth of an import's checking).
        private static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            var lower = 0
            var upper = field.count
            while lower < upper, isBlank(field[lower]) { lower += 1 }
            while upper > lower, isBlank(field[upper - 1]) { upper -= 1 }
            return UnsafeBufferPointer(rebasing: field[lower..<upper])
        }

        private mutating func endRecord() throws {
            if !(fields.count == 1 && firstFieldWasEmpty) {
                try body(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The text without leading and trailing spaces and tabs (for the parts of a `tags` cell).
    var trimmedCell: String {
        // Most cells have no space or tab at either end: the end bytes tell, without breaking the
        // text into characters (a space or tab is one byte, and never part of a longer sequence).
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return String(self) }
        return String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
