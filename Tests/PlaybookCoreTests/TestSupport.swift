import Foundation
import PlaybookCore

/// Paths and helpers shared by the core tests.
enum TestSupport {
    /// `Tests/PlaybookCoreTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The package root.
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// Fixture files of a folder, sorted.
    static func fixtures(_ folder: String) -> [URL] {
        let directory = testsDirectory.appendingPathComponent("Fixtures/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Lints one file and renders the text output with paths relative to its folder.
    static func lintText(_ url: URL) throws -> (String, ProjectLoader.Result) {
        let result = try ProjectLoader.load(paths: [url.path])
        let text = DiagnosticRenderer.text(result.diagnostics)
            .replacingOccurrences(of: url.deletingLastPathComponent().path + "/", with: "")
        return (text, result)
    }

    /// Compares `actual` with a golden file; `RECORD_GOLDEN=1` rewrites it.
    static func matchesGolden(_ actual: String, at url: URL) -> Bool {
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return true
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else { return false }
        return expected == actual
    }

    /// Compiles one playbook text with an optional team.
    static func compile(_ text: String, team: TeamConfig = TeamConfig()) -> (CompiledPlaybook?, [Diagnostic]) {
        let read = YAMLReader.read(Array(text.utf8), file: "test.yaml")
        guard let root = read.root else { return (nil, read.diagnostics) }
        let (syntax, decoded) = PlaybookDecoder.decode(root, file: "test.yaml")
        guard let syntax else { return (nil, read.diagnostics + decoded) }
        var compiler = PlaybookCompiler(team: team)
        let compiled = compiler.compile(syntax)
        return (
            decoded.contains { $0.severity == .error } ? nil : compiled,
            read.diagnostics + decoded + compiler.diagnostics
        )
    }
}
