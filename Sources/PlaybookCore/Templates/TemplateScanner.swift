/// Our own Mustache tag scanner: swift-mustache has no API that lists a template's variables,
/// so lint walks the tags itself to check every name and every section.
struct TemplateScanner {
    /// A tag found in the template.
    struct Tag: Sendable, Hashable {
        enum Kind: Sendable, Hashable { case variable, section, inverted, close, partial, pragma }
        var kind: Kind
        var name: String
        /// 0-based line and scalar column inside the template text.
        var line: Int
        var column: Int
    }

    /// A problem at a place in the template.
    struct Problem: Sendable, Hashable {
        var message: String
        var line: Int
        var column: Int
        var help: String?
    }

    /// Splits a template into tags, reporting unclosed tags and bad delimiters.
    static func scan(_ text: String) -> ([Tag], [Problem]) {
        let scalars = Array(text.unicodeScalars)
        var open = Array("{{".unicodeScalars)
        var close = Array("}}".unicodeScalars)
        var tags: [Tag] = []
        var problems: [Problem] = []
        var index = 0
        var line = 0
        var lineStart = 0
        func matches(_ pattern: [Unicode.Scalar], at position: Int) -> Bool {
            guard position + pattern.count <= scalars.count else { return false }
            return Array(scalars[position..<position + pattern.count]) == pattern
        }
        while index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard matches(open, at: index) else {
                index += 1
                continue
            }
            let tagLine = line
            let tagColumn = index - lineStart
            var bodyStart = index + open.count
            var closing = close
            if bodyStart < scalars.count, scalars[bodyStart] == "{", open == Array("{{".unicodeScalars) {
                closing = Array("}}}".unicodeScalars)
                bodyStart += 1
            }
            var end = bodyStart
            while end < scalars.count, !matches(closing, at: end) {
                if scalars[end] == "\n" {
                    line += 1
                    lineStart = end + 1
                }
                end += 1
            }
            guard end < scalars.count else {
                problems.append(
                    Problem(
                        message: "tag opened here is never closed", line: tagLine, column: tagColumn,
                        help: "close it with \(String(String.UnicodeScalarView(close)))"))
                return (tags, problems)
            }
            let body = String(String.UnicodeScalarView(scalars[bodyStart..<end]))
            index = end + closing.count
            guard let sigil = body.first else {
                problems.append(
                    Problem(message: "empty tag", line: tagLine, column: tagColumn, help: "write {{customer.name}}"))
                continue
            }
            let rest = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!": continue
            case "#": tags.append(Tag(kind: .section, name: rest, line: tagLine, column: tagColumn))
            case "^": tags.append(Tag(kind: .inverted, name: rest, line: tagLine, column: tagColumn))
            case "/": tags.append(Tag(kind: .close, name: rest, line: tagLine, column: tagColumn))
            case ">", "<", "$": tags.append(Tag(kind: .partial, name: rest, line: tagLine, column: tagColumn))
            case "%": tags.append(Tag(kind: .pragma, name: rest, line: tagLine, column: tagColumn))
            case "&": tags.append(Tag(kind: .variable, name: rest, line: tagLine, column: tagColumn))
            case "=":
                let inner = rest.hasSuffix("=") ? String(rest.dropLast()) : rest
                let parts = inner.split(separator: " ", omittingEmptySubsequences: true)
                guard rest.hasSuffix("="), parts.count == 2 else {
                    problems.append(
                        Problem(
                            message: "bad delimiter change", line: tagLine, column: tagColumn, help: "write {{=<% %>=}}"
                        ))
                    return (tags, problems)
                }
                open = Array(parts[0].unicodeScalars)
                close = Array(parts[1].unicodeScalars)
            default:
                tags.append(
                    Tag(
                        kind: .variable, name: body.trimmingCharacters(in: .whitespaces), line: tagLine,
                        column: tagColumn))
            }
        }
        return (tags, problems)
    }
}
