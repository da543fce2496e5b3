import Foundation
import Testing

/// `playbook test`: every shipped playbook's test passes; a failing test prints a readable diff.
struct TestCommandCLITests {
    @Test func shippedPlaybookTestsPass() throws {
        let output = try CLIRunner.run(["test", "playbooks"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.hasSuffix("playbook test files: 7 pass, 0 fail, 0 invalid\n"))
    }

    @Test func everyShippedPlaybookHasATestFile() throws {
        let folder = CLIRunner.packageRoot.appendingPathComponent("playbooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let playbooks = names.filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") && $0 != "team.yaml" }
        for name in playbooks {
            #expect(names.contains(name.replacingOccurrences(of: ".yaml", with: ".test.yaml")), "\(name) has no test")
        }
    }

    @Test func failingTestPrintsWhatAppearedInstead() throws {
        let output = try CLIRunner.run(["test", "Tests/PlaybookCLITests/Fixtures/failing-test"])
        #expect(output.status == 1)
        #expect(CLIRunner.matchesSnapshot(output.stdout, "test-failing.text"), "\(output.stdout)")
        let json = try CLIRunner.run(["test", "Tests/PlaybookCLITests/Fixtures/failing-test", "--format", "json"])
        #expect(json.status == 1)
        #expect(CLIRunner.matchesSnapshot(json.stdout, "test-failing.json"), "\(json.stdout)")
    }
}

/// `playbook graph` in its three formats.
struct GraphCLITests {
    @Test(arguments: ["mermaid", "dot", "json"])
    func graphMatchesSnapshot(_ format: String) throws {
        let output = try CLIRunner.run(["graph", "playbooks/vip-cross-sell.yaml", "--format", format])
        #expect(output.status == 0)
        #expect(CLIRunner.matchesSnapshot(output.stdout, "graph-vip-cross-sell.\(format)"), "\(output.stdout)")
    }

    @Test func unknownFormatFails() throws {
        #expect(try CLIRunner.run(["graph", "playbooks", "--format", "png"]).status == 1)
    }
}
