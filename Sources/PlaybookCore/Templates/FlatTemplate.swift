/// A message template made only of text, variable tags (`{{customer.name}}`, `{{{order.id}}}`,
/// `{{& vars.shop}}`, `{{due}}`) and, on one line, sections and inverted sections of those names
/// (`{{#order.carrier}}{{order.carrier}} {{/order.carrier}}`), as nearly every follow-up message
/// is: rendered by joining its text with the values, which is what Mustache does for such a
/// template. swift-mustache looks each dotted name up anew on every rendering (splitting it,
/// casting the context), which cost about 40,000 instructions per message, a tenth of a run, and
/// a section 120,000. Anything else (comments, partials, delimiter changes, other names, sections
/// in a template of several lines, where Mustache's standalone-line rules apply) is not flat and
/// goes to swift-mustache; `FlatTemplateTests` renders templates both ways and compares.
struct FlatTemplate: Sendable {
    /// A piece of the template.
    enum Segment: Sendable, Hashable {
        case text(String)
        /// A field of a group (`customer`, `order`, `product`, `vars`).
        case field(group: Group, name: String)
        case due
        /// `{{#name}}body{{/name}}` (shown when the value is present, as Mustache shows a section of
        /// a text, even an empty one) or, inverted, `{{^name}}body{{/name}}` (when it is missing).
        indirect case section(name: Segment, inverted: Bool, body: [Segment])
    }

    /// The groups a flat template's fields come from.
    enum Group: String, Sendable, Hashable {
        case customer, order, product, vars
    }

    let segments: [Segment]

    /// The template's segments, or nil when it is not flat. Read by UTF-8 byte: every delimiter
    /// is ASCII, and no byte of a longer character is.
    init?(source: String) {
        let bytes = Array(source.utf8)
        var segments: [Segment] = []
        // The sections open around the current point: each with the segments before it.
        var open: [(name: Segment, inverted: Bool, outer: [Segment])] = []
        let oneLine = !bytes.contains(UInt8(ascii: "\n")) && !bytes.contains(UInt8(ascii: "\r"))
        var textStart = 0
        var index = 0
        func isBrace(_ at: Int, _ brace: UInt8) -> Bool { at < bytes.count && bytes[at] == brace }
        while index + 1 < bytes.count {
            guard isBrace(index, Self.open), isBrace(index + 1, Self.open) else {
                index += 1
                continue
            }
            if index > textStart { segments.append(.text(String(decoding: bytes[textStart..<index], as: UTF8.self))) }
            var bodyStart = index + 2
            var closing = 2
            if isBrace(bodyStart, Self.open) {
                bodyStart += 1
                closing = 3
            } else if isBrace(bodyStart, UInt8(ascii: "&")) {
                bodyStart += 1
            }
            var end = bodyStart
            while end < bytes.count, !(0..<closing).allSatisfy({ isBrace(end + $0, Self.close) }) { end += 1 }
            guard end < bytes.count else { return nil }
            let sigil = closing == 2 && bodyStart == index + 2 ? bytes[bodyStart] : 0
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                guard oneLine, let name = Self.variable(bytes[(bodyStart + 1)..<end]) else { return nil }
                open.append((name, sigil == UInt8(ascii: "^"), segments))
                segments = []
            case UInt8(ascii: "/"):
                guard let section = open.popLast(), Self.variable(bytes[(bodyStart + 1)..<end]) == section.name else {
                    return nil
                }
                let body = segments
                segments = section.outer
                segments.append(.section(name: section.name, inverted: section.inverted, body: body))
            default:
                guard let segment = Self.variable(bytes[bodyStart..<end]) else { return nil }
                segments.append(segment)
            }
            index = end + closing
            textStart = index
        }
        if textStart < bytes.count { segments.append(.text(String(decoding: bytes[textStart...], as: UTF8.self))) }
        guard open.isEmpty else { return nil }
        self.segments = segments
    }

    private static let open = UInt8(ascii: "{")
    private static let close = UInt8(ascii: "}")

    /// The segment of a tag's name (spaces around it allowed), or nil for any name a flat
    /// template does not take.
    private static func variable(_ tag: ArraySlice<UInt8>) -> Segment? {
        let space = UInt8(ascii: " ")
        let name = tag.drop { $0 == space }.reversed().drop { $0 == space }.reversed()
        guard !name.isEmpty, name.allSatisfy(isNameByte) else { return nil }
        let text = String(decoding: name, as: UTF8.self)
        if text == "due" { return .due }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let group = Group(rawValue: String(parts[0])), !parts[1].isEmpty else { return nil }
        return .field(group: group, name: String(parts[1]))
    }

    /// ASCII letters, digits, `.`, `_` and `-`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }

    /// The message with `context`'s values (a missing value is empty text).
    func render(_ context: RenderContext) -> String {
        var message = ""
        Self.render(segments, context, into: &message)
        return message
    }

    private static func render(_ segments: [Segment], _ context: RenderContext, into message: inout String) {
        for segment in segments {
            switch segment {
            case .text(let text): message += text
            case .due, .field: if let value = value(of: segment, in: context) { message += value }
            case .section(let name, let inverted, let body):
                if (value(of: name, in: context) == nil) == inverted { render(body, context, into: &message) }
            }
        }
    }

    /// The value a name segment shows, or nil when it is missing.
    private static func value(of name: Segment, in context: RenderContext) -> String? {
        switch name {
        case .due: return context.root.due
        case .field(let group, let name):
            let fields: RenderFields?
            switch group {
            case .customer: fields = context.root.customer
            case .order: fields = context.root.order
            case .product: fields = context.root.product
            case .vars: fields = context.root.vars
            }
            return fields?.fields.first(where: { $0.name == name })?.value
        case .text, .section: return nil
        }
    }
}
