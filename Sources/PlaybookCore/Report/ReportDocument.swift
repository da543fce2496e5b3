import Foundation

/// A computed report with what it was asked (SPEC §8), rendered as JSON, CSV or a table.
public struct ReportDocument: Sendable {
    public var query: ReportQuery
    public var rows: [ReportRow]
    /// The team's zone, in which `as_of` is written.
    public var zone: Zone
    /// The chart data of the HTML page: by week, by owner (an empty name for none), by playbook.
    public var byWeek: [String: ReportCounts]
    public var byOwner: [String: ReportCounts]
    public var byPlaybook: [String: ReportCounts]

    /// The document of a finished builder.
    public init(_ builder: ReportBuilder, zone: Zone) {
        query = builder.query
        rows = builder.reportRows
        self.zone = zone
        byWeek = builder.byWeek
        byOwner = builder.byOwner
        byPlaybook = builder.byPlaybook
    }

    /// The column names: the group keys, then the counts and rates.
    public var columns: [String] { query.keyColumns + ReportCounts().fields.map(\.name) }

    /// `{from, to, as_of, by, rows: […]}`, fields in SPEC order, one line.
    public var json: String {
        let rowObjects = rows.map { row in
            "{"
                + row.fields.map { field in
                    var name = ""
                    JSONLine.appendQuoted(field.name, to: &name)
                    return name + ":" + field.value.json
                }.joined(separator: ",") + "}"
        }
        let byList =
            "["
            + query.by.map { key -> String in
                var text = ""
                JSONLine.appendQuoted(key.rawValue, to: &text)
                return text
            }.joined(separator: ",") + "]"
        return "{\"from\":\"\(query.from)\",\"to\":\"\(query.to)\",\"as_of\":\"\(zone.iso8601(query.asOf))\","
            + "\"by\":\(byList),\"rows\":[" + rowObjects.joined(separator: ",") + "]}\n"
    }

    /// The rows as cells, for CSV and tables (`rounded`: rates with four decimals).
    public func cells(rounded: Bool) -> [[String]] {
        rows.map { row in row.fields.map { $0.value.cell(rounded: rounded) } }
    }
}
