import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// `playbook report` (SPEC §8): what the follow-up achieved, as a table, CSV, JSON or one HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Count done, on-time, replied and converted actions per step, playbook, seller or week.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Option(help: "First due date counted (default: 27 days before --to).")
    var from: String?

    @Option(help: "Last due date counted (default: the --as-of date).")
    var to: String?

    @Option(help: "As of DATE (end of that day) or DATETIME (default: now).")
    var asOf: String?

    @Option(help: "Group by step, playbook, owner or week; repeat to combine (default: step).")
    var by: [ReportQuery.Key] = []

    @Option(help: "A reply counts when logged within this long after done (days or weeks, default 7d).")
    var replyWindow: String = "7d"

    @Option(help: "Output format: table, csv, json or html.")
    var format: ReportFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    /// Output formats of the report.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

    func validate() throws {
        guard let window = PlaybookDuration(parsing: replyWindow), window.wholeDays != nil else {
            throw ValidationError("--reply-window takes days or weeks, such as 7d or 2w")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, LocalDate(iso: value) == nil {
                throw ValidationError("\(name) takes a date such as 2026-11-23")
            }
        }
    }

    func run() throws {
        let graph = try playbooks.load()
        let zone = graph.team.zone
        let asOf = try TimeArgument.asOf(self.asOf, zone: zone)
        let last = to.flatMap { LocalDate(iso: $0) } ?? zone.localDate(of: asOf)
        let first = from.flatMap { LocalDate(iso: $0) } ?? last.adding(days: -27)
        guard first <= last else { throw CLIError("--from \(first) is after --to \(last); swap them") }
        let query = ReportQuery(
            from: first, to: last, asOf: asOf, by: by,
            replyWindowDays: PlaybookDuration(parsing: replyWindow)?.wholeDays ?? 7)
        var builder = ReportBuilder(query: query, graph: graph)
        try database.openForLooking().count(into: &builder)
        let document = ReportDocument(builder, zone: zone)
        let text: String
        switch format {
        case .json: text = document.json
        case .csv: text = Self.csv(document)
        case .html: text = ReportPage(document: document).html
        case .table: text = Self.table(document)
        }
        guard let out else {
            print(format == .table ? TerminalText.safe(text) : text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CLIError("cannot write \(out): \(error.localizedDescription); check the folder and the disk")
        }
        FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
    }

    /// CSV with a header, formula-safe cells, CRLF line ends and a BOM for Excel.
    static func csv(_ document: ReportDocument) -> String {
        let lines = [document.columns] + document.cells(rounded: false)
        return "\u{FEFF}" + lines.map { $0.map(CSVCell.safe).joined(separator: ",") + "\r\n" }.joined()
    }

    /// An aligned table of the main figures (CJK double width).
    static func table(_ document: ReportDocument) -> String {
        guard !document.rows.isEmpty else {
            return "No actions were due from \(document.query.from) to \(document.query.to).\n"
        }
        let shown = [
            "recorded", "done", "skipped", "open", "held_out", "on_time", "replied", "converted", "revenue",
            "done_rate", "conversion_rate", "lift",
        ]
        let columns = document.columns
        let indices = columns.indices.filter { index in
            index < document.query.keyColumns.count || shown.contains(columns[index])
        }
        let rows =
            [indices.map { columns[$0] }]
            + document.cells(rounded: true).map { row in indices.map { row[$0].isEmpty ? "-" : row[$0] } }
        var widths = Array(repeating: 0, count: indices.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        let body = rows.map { row in
            row.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let query = document.query
        return "Report of actions due \(query.from) to \(query.to), as of \(document.zone.iso8601(query.asOf))\n"
            + body.joined(separator: "\n") + "\n"
    }
}

extension ReportQuery.Key: ExpressibleByArgument {}
