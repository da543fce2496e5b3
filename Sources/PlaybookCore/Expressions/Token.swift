/// A token of the `if:` language with its offset (in Unicode scalars) inside the expression.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case string(String)
        case int(Int)
        case decimal(Double)
        case date(LocalDate)
        case duration(PlaybookDuration)
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int
}

/// A lexing or parsing problem at an offset inside the expression.
struct ExpressionError: Error, Sendable {
    var message: String
    var offset: Int
    var help: String?
}

/// Splits an expression into tokens.
enum Lexer {
    static func tokenize(_ text: String) throws(ExpressionError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                index += 1
                continue
            }
            let start = index
            if scalar == "\"" {
                tokens.append(Token(kind: .string(try string(scalars, &index)), offset: start))
            } else if isDigit(scalar) {
                tokens.append(Token(kind: try number(scalars, &index), offset: start))
            } else if isIdentifierStart(scalar) {
                while index < scalars.count, isIdentifierPart(scalars[index]) { index += 1 }
                tokens.append(
                    Token(kind: .identifier(String(String.UnicodeScalarView(scalars[start..<index]))), offset: start))
            } else if let symbol = symbol(scalars, index) {
                index += symbol.unicodeScalars.count
                tokens.append(Token(kind: .symbol(symbol), offset: start))
            } else {
                let help = scalar == "'" ? "strings use double quotes: \"vip\"" : nil
                throw ExpressionError(message: "unexpected character '\(scalar)'", offset: start, help: help)
            }
        }
        tokens.append(Token(kind: .end, offset: scalars.count))
        return tokens
    }

    private static func symbol(_ scalars: [Unicode.Scalar], _ index: Int) -> String? {
        let two = index + 1 < scalars.count ? String(scalars[index]) + String(scalars[index + 1]) : ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) { return two }
        let one = String(scalars[index])
        if ["<", ">", "(", ")", "[", "]", ",", "-", "!", "="].contains(one) { return one }
        return nil
    }

    private static func string(_ scalars: [Unicode.Scalar], _ index: inout Int) throws(ExpressionError) -> String {
        let start = index
        index += 1
        var result = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" {
                index += 1
                return String(result)
            }
            if scalar == "\\", index + 1 < scalars.count {
                index += 1
                let escaped = scalars[index]
                result.append(escaped == "n" ? "\n" : escaped)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        throw ExpressionError(message: "unterminated string", offset: start, help: "close it with a double quote")
    }

    private static func number(_ scalars: [Unicode.Scalar], _ index: inout Int) throws(ExpressionError) -> Token.Kind {
        let start = index
        while index < scalars.count, isDigit(scalars[index]) || scalars[index] == "-" || scalars[index] == "." {
            if scalars[index] == "-", !(index + 1 < scalars.count && isDigit(scalars[index + 1])) { break }
            if scalars[index] == "-", index - start != 4 && index - start != 7 { break }
            index += 1
        }
        let numberPart = String(String.UnicodeScalarView(scalars[start..<index]))
        var unitEnd = index
        while unitEnd < scalars.count, isLetter(scalars[unitEnd]) { unitEnd += 1 }
        let unit = String(String.UnicodeScalarView(scalars[index..<unitEnd]))
        if !unit.isEmpty {
            index = unitEnd
            if let duration = PlaybookDuration(parsing: numberPart + unit) { return .duration(duration) }
            throw ExpressionError(
                message: "'\(numberPart + unit)' is not a number or a duration", offset: start,
                help: "durations are written 12h, 3d, 2w, 3mo or 1y")
        }
        if numberPart.contains("-") {
            if let date = LocalDate(iso: numberPart) { return .date(date) }
            throw ExpressionError(
                message: "'\(numberPart)' is not a valid date", offset: start, help: "write YYYY-MM-DD")
        }
        if numberPart.contains(".") {
            if let value = Double(numberPart) { return .decimal(value) }
            throw ExpressionError(message: "'\(numberPart)' is not a number", offset: start)
        }
        if let value = Int(numberPart) { return .int(value) }
        throw ExpressionError(message: "'\(numberPart)' is too large", offset: start)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || scalar == "_" }
    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar) || scalar == "." || scalar == "-"
    }
}
