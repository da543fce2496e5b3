/// The static type of an expression.
public indirect enum ExprType: Sendable, Hashable, CustomStringConvertible {
    case string, int, decimal, bool, date, duration, null
    case list(ExprType)

    public var description: String {
        switch self {
        case .string: return "text"
        case .int: return "integer"
        case .decimal: return "decimal"
        case .bool: return "boolean"
        case .date: return "date"
        case .duration: return "duration"
        case .null: return "null"
        case .list(let element): return "list of \(element)"
        }
    }

    var isNumeric: Bool { self == .int || self == .decimal }

    /// Whether values of the two types may be compared.
    func isComparable(with other: ExprType) -> Bool {
        self == other || self == .null || other == .null || (isNumeric && other.isNumeric)
    }
}

/// What names an expression may use.
public struct ExprScope: Sendable {
    public var customAttributes: Set<String>
    public var vars: [String: VarValue]
    public var stepIDs: Set<String>

    /// Creates a scope.
    public init(customAttributes: Set<String>, vars: [String: VarValue], stepIDs: Set<String>) {
        self.customAttributes = customAttributes
        self.vars = vars
        self.stepIDs = stepIDs
    }

    static let customerTypes: [String: ExprType] = [
        "id": .string, "name": .string, "phone": .string, "line_id": .string, "wechat_id": .string, "email": .string,
        "tier": .string, "birthday": .string, "tags": .string, "owner": .string, "opted_out": .bool,
        "created_at": .date,
    ]
    static let orderTypes: [String: ExprType] = [
        "id": .string, "customer_id": .string, "sku": .string, "quantity": .int, "ordered_at": .date,
        "paid_at": .date, "shipped_at": .date, "delivered_at": .date, "carrier": .string, "tracking_no": .string,
        "amount": .decimal,
    ]
    static let productTypes: [String: ExprType] = ["sku": .string, "name": .string, "use_cycle": .duration]
    /// Functions: argument types and result type.
    static let functions: [String: ([ExprType], ExprType)] = [
        "bought": ([.string], .bool), "orders_count": ([], .int), "has_tag": ([.string], .bool),
        "days_since": ([.string], .int), "replied_since": ([.string], .bool), "has_event": ([.string], .bool),
        "open": ([.string], .bool),
    ]
}

/// Type-checks an expression, collecting every error.
struct TypeChecker {
    let scope: ExprScope
    var errors: [ExpressionError] = []

    init(scope: ExprScope) { self.scope = scope }

    mutating func checkCondition(_ expr: Expr) {
        let type = check(expr)
        if let type, type != .bool {
            errors.append(
                ExpressionError(
                    message: "the condition is \(type), not a boolean", offset: expr.offset,
                    help: "compare it, for example `... == \"vip\"`"))
        }
    }

    /// The expression's type; nil after an error inside it.
    mutating func check(_ expr: Expr) -> ExprType? {
        switch expr {
        case .literal(let value, _): return Self.type(of: value)
        case .path(let parts, let offset): return pathType(parts, offset: offset)
        case .call(let name, let arguments, let offset): return callType(name, arguments, offset: offset)
        case .list(let items, let offset):
            let types = items.map { check($0) }
            guard types.allSatisfy({ $0 != nil }) else { return nil }
            let element = types.compactMap { $0 }.first ?? .string
            if let mismatch = zip(items, types).first(where: { !($0.1 ?? element).isComparable(with: element) }) {
                errors.append(ExpressionError(message: "list items must all be \(element)", offset: mismatch.0.offset))
                return nil
            }
            _ = offset
            return .list(element)
        case .compare(let op, let lhs, let rhs, let offset):
            guard let left = check(lhs), let right = check(rhs) else { return nil }
            if !left.isComparable(with: right) {
                errors.append(
                    ExpressionError(
                        message: "cannot compare \(left) with \(right) using '\(op.rawValue)'", offset: offset,
                        help: hint(left, right)))
                return nil
            }
            if op != .equal, op != .notEqual, left == .bool || right == .bool {
                errors.append(
                    ExpressionError(message: "booleans cannot be ordered with '\(op.rawValue)'", offset: offset))
                return nil
            }
            return .bool
        case .isIn(let lhs, let rhs, let offset):
            guard let left = check(lhs), let right = check(rhs) else { return nil }
            guard case .list(let element) = right else {
                errors.append(
                    ExpressionError(
                        message: "`in` needs a list on its right, found \(right)", offset: rhs.offset,
                        help: "write `customer.tier in [\"vip\", \"regular\"]`"))
                return nil
            }
            if !left.isComparable(with: element) {
                errors.append(
                    ExpressionError(message: "cannot look for \(left) in a list of \(element)", offset: offset))
                return nil
            }
            return .bool
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            let left = check(lhs)
            let right = check(rhs)
            for (side, type) in [(lhs, left), (rhs, right)] {
                if let type, type != .bool, type != .null {
                    errors.append(
                        ExpressionError(
                            message: "`and`/`or` need booleans, found \(type)", offset: side.offset,
                            help: "compare the value, for example `order.amount > 1000`"))
                }
            }
            return .bool
        case .not(let inner, let offset):
            if let type = check(inner), type != .bool {
                errors.append(ExpressionError(message: "`not` needs a boolean, found \(type)", offset: offset))
            }
            return .bool
        }
    }

    private func hint(_ left: ExprType, _ right: ExprType) -> String? {
        if left == .string || right == .string {
            return "quote text values with double quotes, and compare like with like"
        }
        return nil
    }

    static func type(of value: ExprValue) -> ExprType {
        switch value {
        case .string: return .string
        case .int: return .int
        case .decimal: return .decimal
        case .bool: return .bool
        case .date: return .date
        case .duration: return .duration
        case .null: return .null
        case .list(let items): return .list(items.first.map(type(of:)) ?? .string)
        }
    }

    private mutating func pathType(_ parts: [String], offset: Int) -> ExprType? {
        let roots = ["customer", "order", "product", "vars"]
        guard parts.count == 2, let root = parts.first, roots.contains(root) else {
            let name = parts.joined(separator: ".")
            if parts.count == 1, let function = Suggestions.nearest(to: name, in: Array(ExprScope.functions.keys)) {
                errors.append(
                    ExpressionError(
                        message: "unknown name '\(name)'", offset: offset,
                        help: "did you mean the function \(function)(…)?"))
            } else if parts.count == 1 {
                errors.append(
                    ExpressionError(
                        message: "unknown name '\(name)'", offset: offset,
                        help: "fields start with customer., order., product. or vars.; text needs double quotes"))
            } else {
                let rootName = parts[0]
                errors.append(
                    ExpressionError(
                        message: "unknown field '\(name)'\(Suggestions.didYouMean(rootName, in: roots))",
                        offset: offset,
                        help: "fields look like customer.tier, order.amount, product.sku or vars.name"))
            }
            return nil
        }
        let field = parts[1]
        let known: [String: ExprType]
        switch root {
        case "customer":
            var fields = ExprScope.customerTypes
            for attribute in scope.customAttributes { fields[attribute] = .string }
            known = fields
        case "order": known = ExprScope.orderTypes
        case "product": known = ExprScope.productTypes
        default: known = scope.vars.mapValues { Self.type(of: Self.exprValue($0)) }
        }
        if let type = known[field] { return type }
        var help = "known: \(known.keys.sorted().map { "\(root).\($0)" }.joined(separator: ", "))"
        if root == "customer" { help += "; declare custom columns in team.yaml customer_attributes" }
        errors.append(
            ExpressionError(
                message: "unknown field '\(root).\(field)'\(Suggestions.didYouMean(field, in: known.keys))",
                offset: offset + root.count + 1, help: help))
        return nil
    }

    private mutating func callType(_ name: String, _ arguments: [Expr], offset: Int) -> ExprType? {
        guard let (parameters, result) = ExprScope.functions[name] else {
            errors.append(
                ExpressionError(
                    message: "unknown function '\(name)'\(Suggestions.didYouMean(name, in: ExprScope.functions.keys))",
                    offset: offset, help: "functions: \(ExprScope.functions.keys.sorted().joined(separator: ", "))"))
            return nil
        }
        guard arguments.count == parameters.count else {
            errors.append(
                ExpressionError(
                    message:
                        "\(name)() takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), found \(arguments.count)",
                    offset: offset))
            return nil
        }
        for (argument, parameter) in zip(arguments, parameters) {
            guard let type = check(argument) else { continue }
            if type != parameter {
                errors.append(
                    ExpressionError(message: "\(name)() takes \(parameter), found \(type)", offset: argument.offset))
                continue
            }
            guard case .literal(.string(let text), let argumentOffset) = argument else { continue }
            if name == "days_since", Anchor(name: text) == nil {
                errors.append(
                    ExpressionError(
                        message: "'\(text)' is not an anchor\(Suggestions.didYouMean(text, in: Anchor.simpleNames))",
                        offset: argumentOffset + 1))
            } else if name == "days_since", case .step(let id)? = Anchor(name: text), !scope.stepIDs.contains(id) {
                errors.append(
                    ExpressionError(
                        message: "no step '\(id)' in this playbook\(Suggestions.didYouMean(id, in: scope.stepIDs))",
                        offset: argumentOffset + 1))
            } else if name == "replied_since", !scope.stepIDs.contains(text) {
                errors.append(
                    ExpressionError(
                        message: "no step '\(text)' in this playbook\(Suggestions.didYouMean(text, in: scope.stepIDs))",
                        offset: argumentOffset + 1))
            }
        }
        return result
    }

    static func exprValue(_ value: VarValue) -> ExprValue {
        switch value {
        case .string(let text): return .string(text)
        case .int(let int): return .int(int)
        case .decimal(let double): return .decimal(double)
        case .bool(let bool): return .bool(bool)
        case .null: return .null
        }
    }
}
