import PlaybookCore

/// The morning list as a seller reads it in a terminal. Given a width (the terminal's), it fits:
/// the message wraps inside its column, and below ``cardThreshold`` columns for the message each
/// action becomes a card (a heading line, then the message). Without a width (piped output) every
/// cell is written whole. CJK characters count two columns; control characters are escaped.
struct ActionTable {
    /// The width to fit, or nil for no limit.
    var width: Int?

    /// The narrowest message column worth a table; below it, cards.
    static let cardThreshold = 20

    /// The column headings, in order.
    static let headings = ["due", "customer", "name", "playbook", "step", "channel", "contact", "status", "ref"]

    /// The columns when fitting a width: the step beside its playbook, the contact beside its channel.
    static let fittedHeadings = ["due", "customer", "name", "step", "contact", "status", "ref"]

    /// The widest each fitted column gets.
    private static let fittedCaps = [16, 10, 8, 28, 18, 16, 7]

    /// An action's fitted cells from its full ones: an instant due without its offset and seconds.
    private static func fitted(_ row: [String], _ action: ListedAction) -> [String] {
        var due = row[0]
        if case .instant(let instant) = action.due {
            let text = action.zone.iso8601(instant)
            due = String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
        }
        let contact = row[6].isEmpty ? row[5] : "\(row[5]) \(row[6])"
        return [due, row[1], row[2], "\(row[3])/\(row[4])", contact, row[7], row[8]]
    }

    /// The whole table (or the cards), ending in a newline.
    func render(_ actions: [ListedAction]) -> String {
        guard !actions.isEmpty else { return "No actions due.\n" }
        let rows = actions.map(Self.cells)
        let messages = actions.map { Self.clean($0.message ?? "") }
        guard let width else {
            return Self.lay(
                headings: Self.headings + ["message", "key"],
                rows: zip(rows, actions).enumerated().map {
                    index, pair in pair.0 + [messages[index], pair.1.key]
                })
        }
        let fitted = zip(rows, actions).map { row, action in Self.fitted(row, action) }
        let capped = fitted.map { row in zip(row, Self.fittedCaps).map { Self.clip($0, to: $1) } }
        let widths = Self.widths(of: [Self.fittedHeadings] + capped)
        let messageWidth = width - widths.reduce(0, +) - 2 * widths.count
        guard messageWidth >= Self.cardThreshold else { return cards(fitted, messages: messages) }
        var lines: [String] = [Self.line(Self.fittedHeadings + ["message"], widths: widths)]
        for (row, message) in zip(capped, messages) {
            let wrapped = TextWrap.lines(message, width: messageWidth)
            lines.append(Self.line(row + [wrapped.first ?? ""], widths: widths))
            let blank = Array(repeating: "", count: row.count)
            for more in wrapped.dropFirst() { lines.append(Self.line(blank + [more], widths: widths)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One card per action: a heading line with every cell whole (wrapped when wider than the
    /// terminal), then the message indented and wrapped.
    private func cards(_ rows: [[String]], messages: [String]) -> String {
        let width = max(self.width ?? 40, 20)
        var lines: [String] = []
        for (row, message) in zip(rows, messages) {
            let cells = [row[0], "\(row[1]) \(row[2])", row[3], row[4], row[5], row[6]]
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            lines += Self.joinedFitting(cells, width: width)
            lines += TextWrap.lines(message, width: width - 2).map { "  " + $0 }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// The cells two spaces apart on as few lines of `width` as they fit on whole; a line breaks
    /// between cells, and only a cell wider than a line is wrapped inside.
    private static func joinedFitting(_ cells: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for cell in cells {
            let joined = current.isEmpty ? cell : current + "  " + cell
            if DisplayWidth.of(joined) <= width {
                current = joined
                continue
            }
            if !current.isEmpty { lines.append(current) }
            let wrapped = TextWrap.lines(cell, width: width)
            lines += wrapped.dropLast()
            current = wrapped.last ?? ""
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The fixed cells of an action.
    private static func cells(_ action: ListedAction) -> [String] {
        var status = action.status
        if !action.missing.isEmpty { status += " (" + action.missing.joined(separator: ", ") + ")" }
        return [
            action.dueText, action.customer, action.customerName, action.playbook, action.step,
            action.channel.rawValue, contact(action) ?? "", status, action.ref,
        ].map(clean)
    }

    /// What to dial or write to for the action's channel: a call or a text shows the phone number.
    static func contact(_ action: ListedAction) -> String? {
        switch action.channel {
        case .phone, .sms: return action.contact.phone
        case .line: return action.contact.lineID
        case .wechat: return action.contact.wechatID
        case .email: return action.contact.email
        default: return nil
        }
    }

    /// A cell on one line, control characters escaped.
    private static func clean(_ text: String) -> String {
        TerminalText.safe(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    private static func widths(of rows: [[String]]) -> [Int] {
        var widths = Array(repeating: 0, count: rows.first?.count ?? 0)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        return widths
    }

    /// Every row with its columns padded to their widest cell (the last column unpadded).
    private static func lay(headings: [String], rows: [[String]]) -> String {
        let widths = Self.widths(of: [headings] + rows)
        return ([headings] + rows).map { line($0, widths: widths) }.joined(separator: "\n") + "\n"
    }

    /// One line: each cell padded to its column's width, two spaces apart, the last one as it is.
    private static func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { text += "  " }
            text += cell
            if index < cells.count - 1 && index < widths.count {
                text += String(repeating: " ", count: max(0, widths[index] - DisplayWidth.of(cell)))
            }
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// The text cut to `width` columns, with an ellipsis where it was cut.
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

/// Wraps text to a display width: at a space where one is near, anywhere between CJK characters
/// except before punctuation that may not start a line.
enum TextWrap {
    /// Punctuation a CJK line does not start with.
    static let noLineStart: Set<Character> = [
        "，", "。", "、", "！", "？", "：", "；", "）", "」", "』", "】", "〉", "》", "～", ",", ".", "!", "?", ")",
    ]

    /// The lines of `text`, none wider than `width` columns (a single wider character stands alone).
    static func lines(_ text: String, width: Int) -> [String] {
        let width = max(width, 2)
        var lines: [String] = []
        var current: [Character] = []
        var used = 0
        for character in text {
            let characterWidth = DisplayWidth.of(String(character))
            if used + characterWidth > width && !current.isEmpty {
                // Break after the last space of the line when it is in the line's second half.
                if let space = current.lastIndex(of: " "), space >= current.count / 2 {
                    lines.append(String(current[..<space]))
                    current = Array(current[(space + 1)...])
                } else if noLineStart.contains(character), current.count > 1, let last = current.last {
                    // CJK rule: a line does not start with a comma or a closing mark; the
                    // character before it moves down with it.
                    lines.append(String(current.dropLast()))
                    current = [last]
                } else {
                    lines.append(String(current))
                    current = []
                }
                used = current.reduce(0) { $0 + DisplayWidth.of(String($1)) }
            }
            current.append(character)
            used += characterWidth
        }
        if !current.isEmpty || lines.isEmpty { lines.append(String(current)) }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
