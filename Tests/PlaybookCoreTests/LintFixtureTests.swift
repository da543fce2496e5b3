import Foundation
import PlaybookCore
import Testing

/// Every invalid fixture fails lint with the diagnostics of its golden file; valid ones pass.
struct LintFixtureTests {
    @Test(arguments: TestSupport.fixtures("invalid").map(\.lastPathComponent))
    func invalidFixtureMatchesGolden(_ name: String) throws {
        let url = TestSupport.testsDirectory.appendingPathComponent("Fixtures/invalid/\(name)")
        let (text, result) = try TestSupport.lintText(url)
        #expect(result.hasErrors, "\(name) should have errors")
        let golden = url.deletingPathExtension().appendingPathExtension("expected")
        #expect(
            TestSupport.matchesGolden(text, at: golden),
            "\(name): output differs from \(golden.lastPathComponent):\n\(text)")
    }

    @Test func atLeastThirtyInvalidFixtures() {
        #expect(TestSupport.fixtures("invalid").count >= 30)
    }

    @Test(arguments: TestSupport.fixtures("valid").map(\.lastPathComponent))
    func validFixtureIsClean(_ name: String) throws {
        let url = TestSupport.testsDirectory.appendingPathComponent("Fixtures/valid/\(name)")
        let (text, result) = try TestSupport.lintText(url)
        #expect(result.diagnostics.isEmpty, "\(text)")
        #expect(result.graph.playbooks.count == 1)
    }

    @Test func shippedPlaybooksAreClean() throws {
        let result = try ProjectLoader.load(paths: [TestSupport.packageRoot.appendingPathComponent("playbooks").path])
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.text(result.diagnostics))")
        #expect(result.graph.playbooks.count >= 7)
        #expect(result.graph.team.zone.identifier == "Asia/Taipei")
    }

    @Test func duplicatePlaybookIDsAcrossFilesAreReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rule = try #require(LintRules.all.first { $0.id == "duplicate-playbook-id" })
        try rule.triggering.write(to: directory.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try rule.triggering.write(to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let result = try ProjectLoader.load(paths: [directory.path])
        let found = result.diagnostics.filter { $0.rule == "duplicate-playbook-id" }
        #expect(found.count == 1)
        #expect(found.first?.location.file.hasSuffix("b.yaml") == true)
    }
}
