import PlaybookCore

/// A playbook's rule graph as SVG for the playbooks page: each step a box in file order, with what
/// triggers it and what it waits for written on its left, escaped.
enum RuleGraphSVG {
    static func render(_ playbook: CompiledPlaybook) -> String {
        let rowHeight = 54
        let height = playbook.steps.count * rowHeight + 10
        var svg =
            "<svg viewBox=\"0 0 640 \(height)\" role=\"img\" aria-label=\"\(HTMLText.escape(playbook.id)) rule graph\">"
        for (index, step) in playbook.steps.enumerated() {
            let y = index * rowHeight + 5
            svg +=
                "<text x=\"4\" y=\"\(y + 26)\" font-size=\"13\" fill=\"#57606a\">\(HTMLText.escape(trigger(step)))</text>"
            svg +=
                "<line x1=\"300\" y1=\"\(y + 22)\" x2=\"330\" y2=\"\(y + 22)\" stroke=\"#57606a\" stroke-width=\"2\"/>"
            svg += "<rect x=\"330\" y=\"\(y)\" width=\"300\" height=\"44\" rx=\"8\" fill=\"#fff\" stroke=\"#1d3557\"/>"
            svg +=
                "<text x=\"340\" y=\"\(y + 19)\" font-size=\"14\" font-weight=\"bold\">\(HTMLText.escape(step.id))</text>"
            let detail =
                "\(step.kind.rawValue) · \(step.channel.rawValue)" + (step.condition.map { " · if \($0.source)" } ?? "")
            svg +=
                "<text x=\"340\" y=\"\(y + 36)\" font-size=\"12\" fill=\"#57606a\">\(HTMLText.escape(clip(detail)))</text>"
        }
        return svg + "</svg>"
    }

    private static func trigger(_ step: CompiledStep) -> String {
        var text: String
        switch step.trigger {
        case .at(let at):
            text =
                "at \(at.anchor)"
                + (at.offset.map { " \($0.amount < 0 ? "-" : "+") \($0.amount < 0 ? $0.negated : $0)" } ?? "")
        case .every(let interval, let from, _): text = "every \(interval) from \(from.anchor)"
        case .noReply(let wait, let after): text = "no reply \(wait) after \(after)"
        }
        if let after = step.after { text += ", after \(after)" }
        return clip(text, 44)
    }

    private static func clip(_ text: String, _ length: Int = 40) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }
}
