import Foundation
import PlaybookCore
import Testing

/// One generic test runs every rule's triggering and non-triggering examples (SwiftLint's model).
struct LintRuleExampleTests {
    /// Rules whose examples need more than one file, or a team file (``TeamFileLintTests`` checks those).
    static let multiFileRules: Set<String> = [
        "duplicate-playbook-id", "duplicate-team-file", "unknown-column", "duplicate-column",
    ]

    static func diagnostics(for text: String) -> [Diagnostic] {
        var bytes = Array(text.utf8)
        // The invalid-UTF-8 example marks its bad byte with U+FFFD; make it a real invalid byte.
        let marker = Array("\u{FFFD}".utf8)
        if let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) {
            bytes.replaceSubrange(start..<start + marker.count, with: [0xFF])
        }
        let read = YAMLReader.read(bytes, file: "example.yaml")
        guard let root = read.root else { return read.diagnostics }
        let (syntax, decoded) = PlaybookDecoder.decode(root, file: "example.yaml")
        guard let syntax else { return read.diagnostics + decoded }
        var compiler = PlaybookCompiler(team: TeamConfig())
        _ = compiler.compile(syntax)
        return read.diagnostics + decoded + compiler.diagnostics
    }

    @Test(arguments: LintRules.all.map(\.id))
    func ruleExamples(_ id: String) throws {
        let rule = try #require(LintRules.all.first { $0.id == id })
        #expect(
            !Self.diagnostics(for: rule.nonTriggering).contains { $0.rule == id }, "non-triggering example of \(id)")
        guard !Self.multiFileRules.contains(id) else { return }
        let found = Self.diagnostics(for: rule.triggering)
        #expect(found.contains { $0.rule == id && $0.severity == rule.severity }, "\(id) not triggered: \(found)")
    }

    @Test func ruleIDsAreUniqueAndDocumented() throws {
        let ids = LintRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let docs = try String(
            contentsOf: TestSupport.packageRoot.appendingPathComponent("docs/lint-rules.md"), encoding: .utf8)
        for id in ids { #expect(docs.contains("`\(id)`"), "docs/lint-rules.md lacks \(id)") }
    }
}
