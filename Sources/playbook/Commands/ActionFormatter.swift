import Foundation
import PlaybookCore

/// Writes listed actions as they come: JSONL and Excel-friendly CSV line by line, an aligned table
/// (CJK double width) once all are in, since its column widths depend on every row.
struct ActionFormatter {
    let format: OutputFormat
    private var output = BufferedOutput()
    private var tableRows: [ListedAction] = []
    private var started = false

    /// Creates a formatter writing to standard output.
    init(format: OutputFormat) { self.format = format }

    /// Writes (or, for a table, keeps) one action.
    mutating func write(_ action: ListedAction) {
        switch format {
        case .jsonl: output.write(bytes: action.jsonLineUTF8)
        case .csv:
            if !started { output.write(Self.csvHeader) }
            output.write(Self.csvLine(action))
        case .table: tableRows.append(action)
        }
        started = true
    }

    /// Writes JSONL bytes as they come (`format` is `.jsonl`).
    mutating func write(bytes: [UInt8]) {
        output.write(bytes: bytes)
        started = true
    }

    /// Writes what is left (the table; a CSV header when nothing was listed) and flushes.
    mutating func finish() {
        switch format {
        case .jsonl: break
        case .csv: if !started { output.write(Self.csvHeader) }
        case .table: output.write(Self.table(tableRows))
        }
        output.flush()
    }

    static let columns = ["due", "customer", "name", "playbook", "step", "channel", "status", "message", "key"]

    static func fields(_ action: ListedAction) -> [String] {
        var status = action.status
        if !action.missing.isEmpty { status += " (" + action.missing.joined(separator: ", ") + ")" }
        return [
            action.dueText, action.customer, action.customerName, action.playbook, action.step, action.channel.rawValue,
            status, action.message ?? "", action.key,
        ]
    }

    /// The CSV header, after a byte-order mark so Excel reads UTF-8.
    static let csvHeader =
        "\u{FEFF}key,due,customer,customer_name,playbook,step,channel,kind,status,order,sku,message\r\n"

    static func csvLine(_ action: ListedAction) -> String {
        [
            action.key, action.dueText, action.customer, action.customerName, action.playbook, action.step,
            action.channel.rawValue, action.kind.rawValue, action.status, action.order ?? "", action.sku ?? "",
            action.message ?? "",
        ].map(CSVCell.safe).joined(separator: ",") + "\r\n"
    }

    static func table(_ actions: [ListedAction]) -> String {
        guard !actions.isEmpty else { return "No actions due.\n" }
        let rows =
            [columns]
            + actions.map { action in
                fields(action).map { TerminalText.safe($0.replacingOccurrences(of: "\n", with: " ")) }
            }
        let maxWidths = [25, 10, 12, 22, 16, 9, 18, 60, 60]
        let clipped = rows.map { row in zip(row, maxWidths).map { clip($0, to: $1) } }
        var widths = Array(repeating: 0, count: columns.count)
        for row in clipped {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        return clipped.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1
                    ? cell : cell + String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func clip(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let characterWidth = DisplayWidth.of(String(character))
            if used + characterWidth > width - 1 { break }
            result.append(character)
            used += characterWidth
        }
        return result + "…"
    }
}
