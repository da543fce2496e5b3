import Foundation

/// Draws a playbook's rule graph — anchors, steps, `after`/`no_reply` edges and conditions — as
/// Mermaid, Graphviz DOT or JSON, for a team lead to read.
public enum GraphRenderer {
    /// Output formats of `playbook graph`.
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot, json
    }

    /// One edge: from an anchor or a step to a step.
    struct Edge {
        var from: String
        var to: String
        var label: String
        var dashed: Bool
    }

    static func edges(_ playbook: CompiledPlaybook) -> [Edge] {
        var edges: [Edge] = []
        func node(_ anchor: Anchor) -> String {
            if case .step(let id) = anchor { return "step:\(id)" }
            return "anchor:\(anchor)"
        }
        func offset(_ expression: AnchorOffset) -> String {
            guard let offset = expression.offset else { return "on" }
            return offset.amount < 0 ? "-\(offset.negated)" : "+\(offset)"
        }
        for step in playbook.steps {
            let target = "step:\(step.id)"
            switch step.trigger {
            case .at(let at):
                edges.append(Edge(from: node(at.anchor), to: target, label: offset(at), dashed: false))
            case .every(let interval, let from, let end):
                var label = "every \(interval)" + (from.offset == nil ? "" : " from \(offset(from))")
                switch end {
                case .times(let count): label += " ×\(count)"
                case .until(let until):
                    label += " until \(until)"
                    if case .step = until.anchor {
                        edges.append(Edge(from: node(until.anchor), to: target, label: "until", dashed: true))
                    }
                }
                edges.append(Edge(from: node(from.anchor), to: target, label: label, dashed: false))
            case .noReply(let wait, let after):
                edges.append(Edge(from: "step:\(after)", to: target, label: "no reply \(wait)", dashed: false))
            }
            if let after = step.after, !isNoReply(step, after: after) {
                edges.append(Edge(from: "step:\(after)", to: target, label: "after", dashed: true))
            }
        }
        return edges
    }

    private static func isNoReply(_ step: CompiledStep, after: String) -> Bool {
        if case .noReply(_, let target) = step.trigger { return target == after }
        return false
    }

    static func label(_ step: CompiledStep) -> String {
        var label = "\(step.id)\n\(step.kind.rawValue) · \(step.channel.rawValue)"
        if let condition = step.condition { label += "\nif \(condition.source)" }
        if let expires = step.expires { label += "\nexpires \(expires)" }
        if step.priority != 0 { label += "\npriority \(step.priority)" }
        return label
    }

    /// `goal: bought the same sku within 14d; holdout 10 %`, or nil when the playbook sets neither.
    static func measureNote(_ playbook: CompiledPlaybook) -> String? {
        var parts: [String] = []
        if let goal = playbook.goal { parts.append("goal: \(goal.summary)") }
        if playbook.holdout > 0 { parts.append("holdout \(playbook.holdout.formatted()) %") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func nodes(_ playbook: CompiledPlaybook, edges: [Edge]) -> [String] {
        var seen: [String] = []
        for name in edges.flatMap({ [$0.from, $0.to] }) + playbook.steps.map({ "step:\($0.id)" })
        where !seen.contains(name) {
            seen.append(name)
        }
        return seen
    }

    /// Renders one playbook.
    public static func render(_ playbook: CompiledPlaybook, format: Format) -> String {
        let edges = edges(playbook)
        let names = nodes(playbook, edges: edges)
        let ids = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, "n\($0)") })
        func text(_ name: String) -> String {
            if name.hasPrefix("anchor:") { return String(name.dropFirst(7)) }
            let id = String(name.dropFirst(5))
            return playbook.step(id).map(label) ?? id
        }
        switch format {
        case .mermaid:
            var lines = ["flowchart LR"]
            for name in names {
                let body = text(name).replacingOccurrences(of: "\"", with: "#quot;")
                    .replacingOccurrences(of: "\n", with: "<br/>")
                let id = ids[name] ?? name
                lines.append(name.hasPrefix("anchor:") ? "    \(id)([\"\(body)\"])" : "    \(id)[\"\(body)\"]")
            }
            for edge in edges {
                let arrow = edge.dashed ? "-.->" : "-->"
                lines.append(
                    "    \(ids[edge.from] ?? edge.from) \(arrow)|\"\(edge.label)\"| \(ids[edge.to] ?? edge.to)")
            }
            if let measure = measureNote(playbook) { lines.append("    %% \(measure)") }
            return lines.joined(separator: "\n") + "\n"
        case .dot:
            var lines = ["digraph \"\(playbook.id)\" {", "    rankdir=LR;"]
            for name in names {
                let body = text(name).replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                    of: "\n", with: "\\n")
                let shape = name.hasPrefix("anchor:") ? "ellipse" : "box"
                lines.append("    \(ids[name] ?? name) [shape=\(shape), label=\"\(body)\"];")
            }
            for edge in edges {
                let style = edge.dashed ? ", style=dashed" : ""
                lines.append(
                    "    \(ids[edge.from] ?? edge.from) -> \(ids[edge.to] ?? edge.to) [label=\"\(edge.label)\"\(style)];"
                )
            }
            if let measure = measureNote(playbook) {
                lines.append("    label=\"\(measure.replacingOccurrences(of: "\"", with: "\\\""))\"; labelloc=b;")
            }
            return (lines + ["}"]).joined(separator: "\n") + "\n"
        case .json:
            let steps: [[String: Any]] = playbook.steps.map { step in
                var object: [String: Any] = [
                    "id": step.id, "kind": step.kind.rawValue, "channel": step.channel.rawValue,
                    "priority": step.priority, "line": step.location.line,
                ]
                if let condition = step.condition { object["if"] = condition.source }
                if let expires = step.expires { object["expires"] = expires.description }
                return object
            }
            let edgeObjects: [[String: Any]] = edges.map {
                ["from": $0.from, "to": $0.to, "label": $0.label, "kind": $0.dashed ? "wait" : "trigger"]
            }
            var object: [String: Any] = ["playbook": playbook.id, "steps": steps, "edges": edgeObjects]
            if let goal = playbook.goal { object["goal"] = goal.summary }
            if playbook.holdout > 0 { object["holdout"] = playbook.holdout }
            return JSONText.encode(object) + "\n"
        }
    }
}
