import Foundation

/// The report as one self-contained HTML page (SPEC §8): inline CSS and SVG charts, no script, no
/// network; every text from the data escaped. Readable on a phone (the charts scale to the width).
public struct ReportPage: Sendable {
    public var document: ReportDocument

    /// Creates the page of a report.
    public init(document: ReportDocument) { self.document = document }

    /// The whole page.
    public var html: String {
        let query = document.query
        let weeks = document.byWeek.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let owners = document.byOwner.sorted { String.binaryOrder($0.key, $1.key) < 0 }.map {
            ($0.key.isEmpty ? "(no owner)" : $0.key, $0.value)
        }
        let playbooks = document.byPlaybook.sorted { String.binaryOrder($0.key, $1.key) < 0 }.map { ($0.key, $0.value) }
        var total = ReportCounts()
        for (_, counts) in playbooks { total.add(counts) }
        return """
            <!DOCTYPE html>
            <html lang="zh-Hant"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Follow-up report \(query.from) – \(query.to)</title>
            <style>\(Self.style)</style></head><body>
            <h1>Follow-up report</h1>
            <p class="meta">Actions due \(query.from) to \(query.to), as of \(Self.escape(document.zone.iso8601(query.asOf))).</p>
            \(Self.headline(total))
            <h2>Done and on time, per week</h2>
            \(Self.rateBars(weeks))
            <h2>Done and on time, per seller</h2>
            \(Self.rateBars(owners))
            <h2>Funnel per playbook</h2>
            \(Self.funnel(playbooks))
            <h2>Lift per playbook (95 % interval)</h2>
            \(Self.lift(playbooks))
            <h2>Rows</h2>
            \(table)
            </body></html>

            """
    }

    private static let style = """
        body{font-family:system-ui,-apple-system,"Noto Sans CJK TC","Microsoft JhengHei",sans-serif;margin:0 auto;\
        max-width:960px;padding:12px;color:#222;line-height:1.4}h1{font-size:1.4em;margin:.2em 0}\
        h2{font-size:1.1em;margin:1.4em 0 .4em}.meta{color:#666}.cards{display:flex;flex-wrap:wrap;gap:8px}\
        .card{border:1px solid #ddd;border-radius:8px;padding:8px 12px;min-width:120px}.card b{display:block;\
        font-size:1.4em}svg{width:100%;height:auto;display:block}.legend span{display:inline-block;margin-right:12px}\
        .sw{display:inline-block;width:10px;height:10px;margin-right:4px}.scroll{overflow-x:auto}\
        table{border-collapse:collapse;font-size:.85em}td,th{border-bottom:1px solid #eee;padding:3px 6px;\
        text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}.empty{color:#888}
        """

    /// Headline figures.
    private static func headline(_ total: ReportCounts) -> String {
        let cards: [(String, String)] = [
            ("Recorded", "\(total.recorded)"), ("Done", "\(total.done)"), ("Done rate", percent(total.doneRate)),
            ("On time", percent(total.onTimeRate)), ("Replied", percent(total.replyRate)),
            ("Converted", percent(total.conversionRate)), ("Revenue", "\(total.revenue)"),
            ("Lift", percent(total.lift)),
        ]
        return "<div class=\"cards\">"
            + cards.map { "<div class=\"card\">\(escape($0.0))<b>\(escape($0.1))</b></div>" }.joined() + "</div>"
    }

    /// Grouped bars of done rate and on-time rate, one group per label.
    private static func rateBars(_ groups: [(String, ReportCounts)]) -> String {
        guard !groups.isEmpty else { return "<p class=\"empty\">No actions.</p>" }
        let rowHeight = 46
        let height = groups.count * rowHeight + 30
        var svg = "<svg viewBox=\"0 0 600 \(height)\" role=\"img\" aria-label=\"done and on-time rates\">"
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = 160 + tick * 38 / 10
            svg += "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 20)\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(x)\" y=\"\(height - 6)\" font-size=\"15\" text-anchor=\"middle\">\(tick)%</text>"
        }
        for (index, (label, counts)) in groups.enumerated() {
            let y = index * rowHeight + 4
            svg += "<text x=\"150\" y=\"\(y + 18)\" font-size=\"17\" text-anchor=\"end\">\(escape(clip(label)))</text>"
            for (offset, rate, color) in [(0, counts.doneRate, "#3b7dd8"), (19, counts.onTimeRate, "#52b788")] {
                let width = Int(((rate ?? 0) * 380).rounded())
                svg += "<rect x=\"160\" y=\"\(y + offset)\" width=\"\(width)\" height=\"17\" fill=\"\(color)\"/>"
                svg += "<text x=\"\(164 + width)\" y=\"\(y + offset + 14)\" font-size=\"14\">\(percent(rate))</text>"
            }
        }
        return svg + "</svg>" + legend([("#3b7dd8", "done rate"), ("#52b788", "on-time rate")])
    }

    /// Recorded → done → replied → converted per playbook, as bars scaled to the recorded count.
    private static func funnel(_ groups: [(String, ReportCounts)]) -> String {
        guard !groups.isEmpty else { return "<p class=\"empty\">No actions.</p>" }
        let stages: [(String, String, (ReportCounts) -> Int)] = [
            ("recorded", "#adb5bd", { $0.recorded }), ("done", "#3b7dd8", { $0.done }),
            ("replied", "#f4a261", { $0.replied }), ("converted", "#2a9d8f", { $0.converted }),
        ]
        let rowHeight = 96
        let height = groups.count * rowHeight
        var svg = "<svg viewBox=\"0 0 600 \(height)\" role=\"img\" aria-label=\"funnel per playbook\">"
        for (index, (label, counts)) in groups.enumerated() {
            let y = index * rowHeight
            svg +=
                "<text x=\"0\" y=\"\(y + 16)\" font-size=\"17\" font-weight=\"bold\">\(escape(clip(label, 40)))</text>"
            let top = max(counts.recorded, 1)
            for (stage, (name, color, value)) in stages.enumerated() {
                let count = value(counts)
                let width = Int((Double(count) / Double(top) * 420).rounded())
                let barY = y + 22 + stage * 18
                svg += "<rect x=\"100\" y=\"\(barY)\" width=\"\(width)\" height=\"15\" fill=\"\(color)\"/>"
                svg += "<text x=\"94\" y=\"\(barY + 13)\" font-size=\"14\" text-anchor=\"end\">\(name)</text>"
                svg += "<text x=\"\(106 + width)\" y=\"\(barY + 13)\" font-size=\"14\">\(count)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The lift of each playbook with its interval around zero; a playbook without held-out or done
    /// actions shows no lift.
    private static func lift(_ groups: [(String, ReportCounts)]) -> String {
        guard !groups.isEmpty else { return "<p class=\"empty\">No actions.</p>" }
        let rowHeight = 36
        let height = groups.count * rowHeight + 30
        let center = 390
        let scale = 180.0  // pixels for a lift of 1 (100 points)
        var svg = "<svg viewBox=\"0 0 600 \(height)\" role=\"img\" aria-label=\"lift per playbook\">"
        for tick in [-1.0, -0.5, 0, 0.5, 1.0] {
            let x = center + Int(tick * scale)
            svg +=
                "<line x1=\"\(x)\" y1=\"0\" x2=\"\(x)\" y2=\"\(height - 20)\" stroke=\"\(tick == 0 ? "#888" : "#eee")\"/>"
            svg +=
                "<text x=\"\(x)\" y=\"\(height - 6)\" font-size=\"15\" text-anchor=\"middle\">\(Int(tick * 100))</text>"
        }
        for (index, (label, counts)) in groups.enumerated() {
            let y = index * rowHeight + 14
            svg += "<text x=\"170\" y=\"\(y + 4)\" font-size=\"17\" text-anchor=\"end\">\(escape(clip(label)))</text>"
            guard let lift = counts.lift, let interval = counts.liftInterval else {
                svg +=
                    "<text x=\"\(center)\" y=\"\(y + 4)\" font-size=\"15\" fill=\"#888\" text-anchor=\"middle\">"
                    + "no holdout to compare</text>"
                continue
            }
            func x(_ value: Double) -> Int { center + Int((max(-1, min(1, value)) * scale).rounded()) }
            svg +=
                "<line x1=\"\(x(interval.low))\" y1=\"\(y)\" x2=\"\(x(interval.high))\" y2=\"\(y)\" "
                + "stroke=\"#3b7dd8\" stroke-width=\"3\"/>"
            svg += "<circle cx=\"\(x(lift))\" cy=\"\(y)\" r=\"5\" fill=\"#1d3557\"/>"
            svg += "<text x=\"\(x(interval.high) + 6)\" y=\"\(y + 4)\" font-size=\"14\">\(points(lift))</text>"
        }
        return svg + "</svg><p class=\"meta\">Lift = conversion rate of done actions − conversion rate of the held-out "
            + "group, in percentage points; the bar is its 95 % interval.</p>"
    }

    /// Every row of the report as a table.
    private var table: String {
        guard !document.rows.isEmpty else { return "<p class=\"empty\">No actions were due in this period.</p>" }
        let header = document.columns.map { "<th>\(Self.escape($0))</th>" }.joined()
        let body = document.cells(rounded: true).map { row in
            "<tr>" + row.map { "<td>\(Self.escape($0.isEmpty ? "–" : $0))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<div class=\"scroll\"><table><thead><tr>\(header)</tr></thead><tbody>\n\(body)\n</tbody></table></div>"
    }

    private static func legend(_ items: [(String, String)]) -> String {
        "<p class=\"legend\">"
            + items.map { "<span><i class=\"sw\" style=\"background:\($0.0)\"></i>\($0.1)</span>" }
            .joined() + "</p>"
    }

    private static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.0f%%", $0 * 100) } ?? "–"
    }

    private static func points(_ value: Double) -> String { String(format: "%+.0f pt", value * 100) }

    private static func clip(_ text: String, _ length: Int = 22) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }

    /// HTML-escaped text.
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
