import Foundation
import PlaybookCore

/// Writes listed actions as they come: JSONL and Excel-friendly CSV line by line, an aligned table
/// (CJK double width) once all are in, since its column widths depend on every row.
struct ActionFormatter {
    let format: OutputFormat
    /// The table's layout (its width).
    var table = ActionTable()
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

    /// The actions kept for the table, in output order (for the summary).
    var listed: [ListedAction] { tableRows }

    /// Writes what is left (the table; a CSV header when nothing was listed) and flushes.
    mutating func finish() {
        switch format {
        case .jsonl: break
        case .csv: if !started { output.write(Self.csvHeader) }
        case .table: output.write(table.render(tableRows))
        }
        output.flush()
    }

    /// The CSV header, after a byte-order mark so Excel reads UTF-8.
    static let csvHeader =
        "\u{FEFF}key,due,customer,customer_name,playbook,step,channel,kind,status,order,sku,message,"
        + "ref,owner,phone,line_id,wechat_id,email\r\n"

    static func csvLine(_ action: ListedAction) -> String {
        [
            action.key, action.dueText, action.customer, action.customerName, action.playbook, action.step,
            action.channel.rawValue, action.kind.rawValue, action.status, action.order ?? "", action.sku ?? "",
            action.message ?? "", action.ref, action.contact.owner ?? "", action.contact.phone ?? "",
            action.contact.lineID ?? "", action.contact.wechatID ?? "", action.contact.email ?? "",
        ].map(CSVCell.safe).joined(separator: ",") + "\r\n"
    }
}
