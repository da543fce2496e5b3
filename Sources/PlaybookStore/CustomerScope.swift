import GRDB
import PlaybookCore

/// Which customers a query reads: a SQL subquery of customer ids with its arguments.
struct CustomerScope: Sendable {
    /// A subquery yielding customer ids, or nil for every customer.
    var subquery: String?
    var subqueryArguments: StatementArguments
    /// An inclusive id range that also bounds the scope (read through the tables' id indexes).
    var range: (first: String, last: String)?

    init(subquery: String?, arguments: StatementArguments) {
        self.subquery = subquery
        self.subqueryArguments = arguments
    }

    /// The arguments of ``condition(_:)``, in order.
    var arguments: StatementArguments {
        guard let range else { return subqueryArguments }
        return subqueryArguments + [range.first, range.last]
    }

    /// Every customer.
    static let all = CustomerScope(subquery: nil, arguments: [])

    /// One seller's customers.
    static func owner(_ owner: String) -> CustomerScope {
        CustomerScope(subquery: "SELECT id FROM customers WHERE owner = ?", arguments: [owner])
    }

    /// A few customers by id.
    static func ids(_ ids: [String]) -> CustomerScope {
        CustomerScope(
            subquery: "SELECT value FROM json_each(?)", arguments: [JSONIDs.encode(ids)])
    }

    /// The SQL condition restricting `column` to this scope.
    func condition(_ column: String) -> String {
        let inScope = subquery.map { "\(column) IN (\($0))" } ?? "1"
        guard range != nil else { return inScope }
        return "\(inScope) AND \(column) BETWEEN ? AND ?"
    }

    /// This scope bounded to the ids from `first` to `last`.
    func within(_ first: String, _ last: String) -> CustomerScope {
        var scope = self
        scope.range = (first, last)
        return scope
    }
}

/// A JSON array of strings for `json_each`.
enum JSONIDs {
    static func encode(_ ids: [String]) -> String {
        var text = "["
        for (index, id) in ids.enumerated() {
            if index > 0 { text += "," }
            JSONLine.appendQuoted(id, to: &text)
        }
        return text + "]"
    }
}
