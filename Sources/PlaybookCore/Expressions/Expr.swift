/// A parsed `if:` expression. Offsets are Unicode-scalar positions inside the expression text.
public indirect enum Expr: Sendable, Hashable {
    case literal(ExprValue, offset: Int)
    case path([String], offset: Int)
    case call(String, [Expr], offset: Int)
    case list([Expr], offset: Int)
    case compare(CompareOp, Expr, Expr, offset: Int)
    case isIn(Expr, Expr, offset: Int)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case not(Expr, offset: Int)

    /// Where the expression starts.
    public var offset: Int {
        switch self {
        case .literal(_, let offset), .path(_, let offset), .call(_, _, let offset), .list(_, let offset),
            .not(_, let offset):
            return offset
        case .compare(_, let lhs, _, _), .isIn(let lhs, _, _), .and(let lhs, _), .or(let lhs, _):
            return lhs.offset
        }
    }
}

/// A comparison operator.
public enum CompareOp: String, Sendable, Hashable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// A runtime value of the expression language.
public enum ExprValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case decimal(Double)
    case bool(Bool)
    case date(LocalDate)
    case duration(PlaybookDuration)
    case list([ExprValue])
    case null

    /// True only for `true`; null and everything else is falsy.
    public var isTrue: Bool { self == .bool(true) }
}
