internal import CYAML

/// Reads one YAML document into a ``YAMLNode`` tree on libyaml's event API, enforcing the
/// rules of SPEC §5: core schema, no duplicate keys, no custom tags, anchors that are defined
/// and used, an alias-expansion budget, a depth limit and a size limit.
public enum YAMLReader {
    /// The outcome of reading a file: a root node (nil when the file could not be read at all)
    /// and every problem found.
    public struct Result: Sendable {
        public var root: YAMLNode?
        public var diagnostics: [Diagnostic]
    }

    /// The byte order mark Windows Notepad writes at the start of a "UTF-8" file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Reads `bytes`, naming `file` in every diagnostic. A leading byte order mark is skipped (an
    /// editor shows nothing there, so columns count from the character after it).
    public static func read(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> Result {
        let bytes = bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(byteOrderMark.count)) : bytes
        let start = SourceLocation(file: file, line: 1, column: 1)
        if bytes.count > limits.maxFileBytes {
            return Result(root: nil, diagnostics: [tooLarge(bytes: bytes.count, at: start)])
        }
        if let bad = UTF8Check.firstInvalid(in: bytes, file: file) {
            return Result(
                root: nil,
                diagnostics: [
                    .error(
                        "yaml-invalid-utf8", "the file is not valid UTF-8", at: bad,
                        help: "save the file as UTF-8 (in Excel or Notepad: Save As → UTF-8)")
                ])
        }
        var builder = TreeBuilder(file: file, limits: limits, bytes: bytes)
        builder.run()
        if builder.root == nil && !builder.diagnostics.contains(where: { $0.severity == .error }) {
            builder.diagnostics.append(
                .error("yaml-empty", "the file holds no YAML document", at: start, help: "start with `playbook: <id>`"))
        }
        return Result(root: builder.root, diagnostics: builder.diagnostics)
    }
}

extension YAMLReader {
    /// The diagnostic of a file over the 1 MiB limit.
    static func tooLarge(bytes: Int, at start: SourceLocation) -> Diagnostic {
        .error(
            "yaml-too-large", "file is \(bytes) bytes; playbooks are limited to 1 MiB", at: start,
            help: "split the playbook into several files")
    }
}

/// Finds the first byte sequence that is not UTF-8.
enum UTF8Check {
    static func firstInvalid(in bytes: [UInt8], file: String) -> SourceLocation? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return SourceLocation(file: file, line: line, column: column)
            }
        }
    }
}

/// The libyaml event loop and the stack of open collections.
private struct TreeBuilder {
    private enum Frame {
        case mapping(start: SourceLocation, anchor: String?, pairs: [YAMLNode.Pair], pendingKey: YAMLNode?, size: Int)
        case sequence(start: SourceLocation, anchor: String?, items: [YAMLNode], size: Int)
    }

    private struct Anchor {
        var node: YAMLNode
        var size: Int
        var location: SourceLocation
        var used: Bool
    }

    let file: String
    let limits: YAMLLimits
    let bytes: [UInt8]
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []
    private var stack: [Frame] = []
    private var anchors: [String: Anchor] = [:]
    private var expanded = 0
    private var documents = 0
    private var keySeen: [[String: SourceLocation]] = []

    init(file: String, limits: YAMLLimits, bytes: [UInt8]) {
        self.file = file
        self.limits = limits
        self.bytes = bytes
    }

    mutating func run() {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.append(.error("yaml-syntax", "libyaml could not start", at: location(line: 0, column: 0)))
            return
        }
        defer { yaml_parser_delete(&parser) }
        let input = bytes
        input.withUnsafeBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            loop(&parser)
        }
        for (name, anchor) in anchors where !anchor.used {
            diagnostics.append(
                .error(
                    "yaml-unused-anchor", "anchor '&\(name)' is never used", at: anchor.location,
                    help: "remove the anchor or refer to it with '*\(name)'"))
        }
    }

    private mutating func loop(_ parser: inout yaml_parser_t) {
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser)
                return
            }
            defer { yaml_event_delete(&event) }
            let mark = location(line: Int(event.start_mark.line), column: Int(event.start_mark.column))
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    diagnostics.append(
                        .error(
                            "yaml-multiple-documents", "a playbook file holds one YAML document; found a second",
                            at: mark, help: "move the second document into its own file"))
                    return
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                let tag = checkedTag(scalar.tag, at: mark)
                let style: YAMLNode.ScalarStyle
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                let node = YAMLNode(content: .scalar(.init(text: text, style: style, tag: tag)), location: mark)
                if !complete(node, size: 1, anchor: string(scalar.anchor)) { return }
            case YAML_SEQUENCE_START_EVENT:
                _ = checkedTag(event.data.sequence_start.tag, at: mark)
                if !push(.sequence(start: mark, anchor: string(event.data.sequence_start.anchor), items: [], size: 1)) {
                    return
                }
            case YAML_MAPPING_START_EVENT:
                _ = checkedTag(event.data.mapping_start.tag, at: mark)
                keySeen.append([:])
                let anchor = string(event.data.mapping_start.anchor)
                if !push(.mapping(start: mark, anchor: anchor, pairs: [], pendingKey: nil, size: 1)) { return }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return }
                let node: YAMLNode
                let size: Int
                let anchor: String?
                switch frame {
                case .mapping(let start, let frameAnchor, let pairs, _, let frameSize):
                    keySeen.removeLast()
                    node = YAMLNode(content: .mapping(pairs), location: start)
                    size = frameSize
                    anchor = frameAnchor
                case .sequence(let start, let frameAnchor, let items, let frameSize):
                    node = YAMLNode(content: .sequence(items), location: start)
                    size = frameSize
                    anchor = frameAnchor
                }
                if !complete(node, size: size, anchor: anchor) { return }
            case YAML_ALIAS_EVENT:
                guard let name = string(event.data.alias.anchor) else { continue }
                guard var anchor = anchors[name] else {
                    diagnostics.append(
                        .error(
                            "yaml-undefined-anchor", "alias '*\(name)' refers to no anchor defined before it", at: mark,
                            help: "define '&\(name)' on an earlier node"))
                    return
                }
                anchor.used = true
                anchors[name] = anchor
                expanded += anchor.size
                if expanded > limits.maxAliasExpansion {
                    diagnostics.append(
                        .error(
                            "yaml-alias-budget",
                            "aliases expand to more than \(limits.maxAliasExpansion) nodes (a 'billion laughs' file?)",
                            at: mark, help: "write the repeated content out, or use fewer nested aliases"))
                    return
                }
                var node = anchor.node
                node.location = mark
                if !complete(node, size: anchor.size, anchor: nil) { return }
            default:
                continue
            }
        }
    }

    private mutating func push(_ frame: Frame) -> Bool {
        stack.append(frame)
        if stack.count > limits.maxDepth {
            let start: SourceLocation
            switch frame {
            case .mapping(let location, _, _, _, _), .sequence(let location, _, _, _): start = location
            }
            diagnostics.append(
                .error(
                    "yaml-too-deep", "nesting is deeper than \(limits.maxDepth) levels", at: start,
                    help: "flatten the structure; playbooks need only a few levels"))
            return false
        }
        return true
    }

    /// Attaches a finished node to its parent. Returns false when reading must stop.
    private mutating func complete(_ node: YAMLNode, size: Int, anchor: String?) -> Bool {
        if let anchor {
            if let previous = anchors[anchor], !previous.used {
                diagnostics.append(
                    .error(
                        "yaml-unused-anchor", "anchor '&\(anchor)' is redefined before it is used",
                        at: previous.location, help: "give each anchor its own name"))
            }
            anchors[anchor] = Anchor(node: node, size: size, location: node.location, used: false)
        }
        guard let top = stack.popLast() else {
            root = node
            return true
        }
        switch consume top {
        case .sequence(let start, let frameAnchor, var items, let frameSize):
            items.append(node)
            stack.append(.sequence(start: start, anchor: frameAnchor, items: items, size: frameSize + size))
        case .mapping(let start, let frameAnchor, var pairs, let pendingKey, let frameSize):
            if let key = pendingKey {
                pairs.append(YAMLNode.Pair(key: key, value: node))
                stack.append(
                    .mapping(start: start, anchor: frameAnchor, pairs: pairs, pendingKey: nil, size: frameSize + size))
            } else {
                checkDuplicate(key: node)
                stack.append(
                    .mapping(start: start, anchor: frameAnchor, pairs: pairs, pendingKey: node, size: frameSize + size))
            }
        }
        return true
    }

    private mutating func checkDuplicate(key: YAMLNode) {
        guard let text = key.scalarText, var seen = keySeen.popLast() else { return }
        if let first = seen[text] {
            diagnostics.append(
                .error(
                    "yaml-duplicate-key", "duplicate key '\(text)' (first defined at line \(first.line))",
                    at: key.location, help: "remove one of the two entries or merge them"))
        } else {
            seen[text] = key.location
        }
        keySeen.append(seen)
    }

    private mutating func checkedTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at mark: SourceLocation) -> String?
    {
        guard let tag = string(pointer) else { return nil }
        let core = [
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:float", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
        ]
        if !core.contains(tag) {
            diagnostics.append(
                .error(
                    "yaml-custom-tag", "custom tag '\(tag)' is not allowed", at: mark,
                    help: "remove the tag; playbooks use plain YAML values"))
        }
        return tag
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
        let mark = location(line: Int(parser.problem_mark.line), column: Int(parser.problem_mark.column))
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = parser.context_mark
            message =
                "\(problem) (\(context) at line \(Int(contextMark.line) + 1), column \(Int(contextMark.column) + 1))"
        }
        if lineHasTab(mark.line) {
            diagnostics.append(
                .error(
                    "yaml-tab", "a tab character is used for indentation: \(problem)", at: mark,
                    help: "YAML indents with spaces; replace the tabs with spaces"))
        } else {
            diagnostics.append(
                .error("yaml-syntax", message, at: mark, help: "check the indentation and quoting near this point"))
        }
    }

    private func lineHasTab(_ line: Int) -> Bool {
        var current = 1
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                current += 1
                if current > line { return false }
            } else if current == line || current == line - 1, byte == UInt8(ascii: "\t") {
                return true
            }
        }
        return false
    }
}
