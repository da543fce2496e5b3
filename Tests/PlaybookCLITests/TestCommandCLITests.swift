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

/// `playbook simulate` and `playbook explain` on the demo data.
struct SimulateExplainCLITests {
    @Test func simulateShowsTheTimelineAndWhyDaysAreQuiet() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try CLIRunner.run([
            "simulate", "--db", db, "--customer", "C014", "--from", "2026-07-20", "--days", "14",
        ])
        #expect(output.status == 0)
        #expect(CLIRunner.matchesSnapshot(output.stdout, "simulate-C014.text"), "\(output.stdout)")
        let missing = try CLIRunner.run(["simulate", "--db", db, "--customer", "NOPE", "--from", "2026-07-20"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no customer 'NOPE'"))
    }

    @Test func explainSaysWhyAndWhyNot() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23"])
        var text = ""
        for arguments in [
            ["complaint-care/answer-now/C014/E0033"],
            ["--customer", "C014", "--step", "follow-up-333/day-3"],
            ["--customer", "C001", "--step", "repurchase/runout-reminder"],
            ["--customer", "C001", "--step", "shipping-unboxing/shipping-notice"],
        ] {
            let output = try CLIRunner.run(["explain", "--db", db, "--as-of", "2026-11-23"] + arguments)
            #expect(output.status == 0, "\(output.stderr)")
            text += "$ playbook explain \(arguments.joined(separator: " "))\n" + output.stdout
        }
        #expect(CLIRunner.matchesSnapshot(text, "explain-demo.text"), "\(text)")
        #expect(try CLIRunner.run(["explain", "--db", db, "no/such/key"]).status == 1)
    }
}

/// `playbook schema` validates every shipped playbook and rejects the structural invalid fixtures
/// (checked with Python's jsonschema, which `make test` installs when missing). `yes-boolean` is not
/// in the list: PyYAML reads YAML 1.1, where `yes` is a boolean.
struct SchemaCLITests {
    static let structural = [
        "bad-anchor", "bad-channel", "bad-duration-expires", "bad-duration", "bad-id", "unknown-key", "unknown-top-key",
        "two-triggers", "no-trigger", "every-without-end", "enroll-conflict", "not-a-mapping",
    ]

    @Test func schemaAcceptsShippedPlaybooksAndRejectsStructuralMistakes() throws {
        let schema = try CLIRunner.run(["schema"])
        #expect(schema.status == 0)
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("schema.json")
        try Data(schema.stdout.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", "scripts/check-schema.py", file.path, "playbooks"]
            + Self.structural.map { "Tests/PlaybookCoreTests/Fixtures/invalid/\($0).yaml" }
        process.currentDirectoryURL = CLIRunner.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
    }
}
