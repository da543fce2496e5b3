/// Recursive-descent parser for the `if:` language (SPEC §3.3).
struct ExprParser {
    /// Nesting allowed in a condition (parentheses, `not`, lists, a function's arguments): as in
    /// YAML, deeper nesting is refused before it can exhaust the stack of whatever walks it.
    static let maxDepth = 100
    /// Words and symbols allowed in a condition: `and` and `or` chains nest too, one level a link.
    static let maxTokens = 1_000

    private var tokens: [Token]
    private var position = 0
    private var depth = 0

    /// Parses a whole expression.
    static func parse(_ text: String) throws(ExpressionError) -> Expr {
        var parser = ExprParser(tokens: try Lexer.tokenize(text))
        if parser.tokens.count > maxTokens + 1 {
            throw ExpressionError(
                message:
                    "the condition is too long: \(parser.tokens.count - 1) words and symbols, at most \(maxTokens)",
                offset: parser.tokens[maxTokens].offset, help: "split it between steps, or use a vars: list with `in`")
        }
        if case .end = parser.current.kind {
            throw ExpressionError(
                message: "the condition is empty", offset: 0, help: "write a condition such as customer.tier == \"vip\""
            )
        }
        let expr = try parser.parseOr()
        guard case .end = parser.current.kind else {
            throw ExpressionError(
                message: "unexpected \(parser.describe(parser.current)) after a complete condition",
                offset: parser.current.offset, help: "join conditions with `and` or `or`")
        }
        return expr
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() { position += 1 }

    private func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind { return name == word }
        return false
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let value) = current.kind { return value == symbol }
        return false
    }

    private mutating func parseOr() throws(ExpressionError) -> Expr {
        var lhs = try parseAnd()
        while isKeyword("or") || isSymbol("||") {
            try rejectSymbolic("or")
            advance()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expr {
        var lhs = try parseNot()
        while isKeyword("and") || isSymbol("&&") {
            try rejectSymbolic("and")
            advance()
            lhs = .and(lhs, try parseNot())
        }
        return lhs
    }

    private mutating func parseNot() throws(ExpressionError) -> Expr {
        if isKeyword("not") || isSymbol("!") {
            try rejectSymbolic("not")
            let offset = current.offset
            advance()
            try enter(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot(), offset: offset)
        }
        return try parseComparison()
    }

    /// One level deeper, refused past ``maxDepth``.
    private mutating func enter(at offset: Int) throws(ExpressionError) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw ExpressionError(
                message: "the condition nests deeper than \(Self.maxDepth) levels", offset: offset,
                help: "write it with fewer parentheses and `not`s")
        }
    }

    private func rejectSymbolic(_ word: String) throws(ExpressionError) {
        if case .symbol(let symbol) = current.kind {
            throw ExpressionError(
                message: "'\(symbol)' is not an operator here", offset: current.offset, help: "write `\(word)`")
        }
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expr {
        let lhs = try parsePrimary()
        if case .symbol(let symbol) = current.kind {
            if symbol == "=" {
                throw ExpressionError(message: "'=' is not a comparison", offset: current.offset, help: "write `==`")
            }
            if let op = CompareOp(rawValue: symbol) {
                let offset = current.offset
                advance()
                return .compare(op, lhs, try parsePrimary(), offset: offset)
            }
        }
        if isKeyword("in") {
            let offset = current.offset
            advance()
            return .isIn(lhs, try parsePrimary(), offset: offset)
        }
        return lhs
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expr {
        let token = current
        switch token.kind {
        case .string(let value):
            advance()
            return .literal(.string(value), offset: token.offset)
        case .int(let value):
            advance()
            return .literal(.int(value), offset: token.offset)
        case .decimal(let value):
            advance()
            return .literal(.decimal(value), offset: token.offset)
        case .date(let value):
            advance()
            return .literal(.date(value), offset: token.offset)
        case .duration(let value):
            advance()
            return .literal(.duration(value), offset: token.offset)
        case .symbol("("):
            advance()
            try enter(at: token.offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            try expect(")", opening: token)
            return inner
        case .symbol("["):
            advance()
            try enter(at: token.offset)
            defer { depth -= 1 }
            var items: [Expr] = []
            if !isSymbol("]") {
                items.append(try parsePrimary())
                while isSymbol(",") {
                    advance()
                    items.append(try parsePrimary())
                }
            }
            try expect("]", opening: token)
            return .list(items, offset: token.offset)
        case .symbol("-"):
            advance()
            switch current.kind {
            case .int(let value):
                advance()
                return .literal(.int(-value), offset: token.offset)
            case .decimal(let value):
                advance()
                return .literal(.decimal(-value), offset: token.offset)
            default:
                throw ExpressionError(message: "'-' must be followed by a number", offset: token.offset)
            }
        case .identifier(let name):
            advance()
            switch name {
            case "true": return .literal(.bool(true), offset: token.offset)
            case "false": return .literal(.bool(false), offset: token.offset)
            case "null": return .literal(.null, offset: token.offset)
            case "and", "or", "in":
                throw ExpressionError(message: "expected a value before '\(name)'", offset: token.offset)
            default: break
            }
            if isSymbol("(") {
                let open = current
                advance()
                try enter(at: open.offset)
                defer { depth -= 1 }
                var arguments: [Expr] = []
                if !isSymbol(")") {
                    arguments.append(try parseOr())
                    while isSymbol(",") {
                        advance()
                        arguments.append(try parseOr())
                    }
                }
                try expect(")", opening: open)
                return .call(name, arguments, offset: token.offset)
            }
            return .path(
                name.split(separator: ".", omittingEmptySubsequences: false).map(String.init), offset: token.offset)
        case .end:
            throw ExpressionError(
                message: "the condition ends too early", offset: token.offset, help: "complete the condition")
        case .symbol(let symbol):
            throw ExpressionError(
                message: "unexpected '\(symbol)'", offset: token.offset, help: "expected a value, a field or a function"
            )
        }
    }

    private mutating func expect(_ symbol: String, opening: Token) throws(ExpressionError) {
        guard isSymbol(symbol) else {
            throw ExpressionError(
                message: "expected '\(symbol)' but found \(describe(current))", offset: current.offset,
                help: "close the one opened at column offset \(opening.offset + 1)")
        }
        advance()
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: return "the end"
        case .identifier(let name): return "'\(name)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .string(let value): return "the string \"\(value)\""
        default: return "a value"
        }
    }
}
