import Foundation

/// Renders diagnostics for people and tools: text with a caret, JSON, GitHub annotations, SARIF.
public enum DiagnosticRenderer {
    /// Output formats of `playbook lint`.
    public enum Format: String, Sendable, CaseIterable {
        case text, json, github, sarif
    }

    /// Renders every diagnostic in `format`.
    public static func render(_ diagnostics: [Diagnostic], format: Format, rules: [LintRuleInfo]) -> String {
        switch format {
        case .text: return text(diagnostics)
        case .json: return json(diagnostics)
        case .github: return github(diagnostics)
        case .sarif: return SARIF.render(diagnostics, rules: rules)
        }
    }

    /// `file:line:col: error[RULE]: message`, the source line, a caret under the column, and help.
    public static func text(_ diagnostics: [Diagnostic]) -> String {
        var cache: [String: [Substring]] = [:]
        var out = ""
        for diagnostic in diagnostics {
            let location = diagnostic.location
            let message = TerminalText.safe(diagnostic.message, keepingLineFeeds: false)
            out += "\(TerminalText.safe(location.description)): \(diagnostic.severity.rawValue)[\(diagnostic.rule)]: "
            out += message + "\n"
            if cache[location.file] == nil {
                let text = quotableText(of: location.file) ?? ""
                cache[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            if let lines = cache[location.file], location.line - 1 < lines.count, location.line >= 1 {
                let (excerpt, padding) = SourceExcerpt.around(lines[location.line - 1], column: location.column)
                out += "  | \(excerpt)\n"
                out += "  | \(padding)^\n"
            }
            if let help = diagnostic.help { out += "  = help: \(TerminalText.safe(help, keepingLineFeeds: false))\n" }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if !diagnostics.isEmpty {
            out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        return out
    }

    /// The text of a file to quote from: only a regular file within the playbook size limit (the
    /// diagnostic of a 5 GB file must not read it).
    private static func quotableText(of file: String) -> String? {
        var status = stat()
        guard stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            Int(status.st_size) <= YAMLLimits().maxFileBytes
        else { return nil }
        return try? String(contentsOfFile: file, encoding: .utf8)
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let items: [[String: Any]] = diagnostics.map { diagnostic in
            var item: [String: Any] = [
                "file": diagnostic.location.file, "line": diagnostic.location.line,
                "column": diagnostic.location.column,
                "severity": diagnostic.severity.rawValue, "rule": diagnostic.rule, "message": diagnostic.message,
            ]
            if let help = diagnostic.help { item["help"] = help }
            return item
        }
        return JSONText.encode(["diagnostics": items]) + "\n"
    }

    static func github(_ diagnostics: [Diagnostic]) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        return diagnostics.map { diagnostic in
            let location = diagnostic.location
            let property = { (text: String) in
                escape(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
            }
            var message = diagnostic.message
            if let help = diagnostic.help { message += " (\(help))" }
            return "::\(diagnostic.severity.rawValue) file=\(property(location.file)),line=\(location.line),"
                + "col=\(location.column),title=\(property(diagnostic.rule))::\(escape(message))\n"
        }.joined()
    }
}

/// Display width of a character in a terminal: 2 for East Asian wide and full-width characters.
public enum DisplayWidth {
    /// Columns one scalar takes.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0x200B || (0x0300...0x036F).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// Columns a string takes.
    public static func of(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + of($1) } }
}

/// Stable JSON text with sorted keys, no escaped slashes.
public enum JSONText {
    /// Encodes a JSON-compatible value.
    public static func encode(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
