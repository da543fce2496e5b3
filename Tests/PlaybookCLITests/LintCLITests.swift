import Foundation
import Testing

/// `playbook lint`: exit codes 0/1/2 and every output format, on the built binary.
struct LintCLITests {
    static let fixture = "Tests/PlaybookCoreTests/Fixtures/invalid/many-problems.yaml"

    @Test func shippedPlaybooksExitZero() throws {
        let output = try CLIRunner.run(["lint", "playbooks"])
        #expect(output.status == 0)
        #expect(output.stdout == "8 files checked, no problems\n")
    }

    @Test(arguments: ["text", "json", "github", "sarif"])
    func errorsExitOneInEveryFormat(_ format: String) throws {
        let output = try CLIRunner.run(["lint", Self.fixture, "--format", format])
        #expect(output.status == 1)
        #expect(CLIRunner.matchesSnapshot(output.stdout, "lint-many-problems.\(format)"), "\(output.stdout)")
    }

    @Test func sarifIsValidJSONWithResults() throws {
        let output = try CLIRunner.run(["lint", Self.fixture, "--format", "sarif"])
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(object?["version"] as? String == "2.1.0")
        let runs = object?["runs"] as? [[String: Any]]
        #expect((runs?.first?["results"] as? [Any])?.count == 7)
    }

    @Test func missingPathOrBadFormatExitTwo() throws {
        #expect(try CLIRunner.run(["lint", "no/such/folder"]).status == 2)
        #expect(try CLIRunner.run(["lint", "playbooks", "--format", "xml"]).status == 2)
    }

    @Test func strictTurnsWarningsIntoFailures() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = """
            playbook: warn
            enroll: { customers: all }
            defaults: { channel: line }
            vars: { unused: 1 }
            steps:
              - id: hello
                at: enrolled
                message: hi

            """
        try text.write(to: directory.appendingPathComponent("warn.yaml"), atomically: true, encoding: .utf8)
        let relaxed = try CLIRunner.run(["lint", directory.path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stdout.contains("warning[unused-var]"))
        #expect(try CLIRunner.run(["lint", "--strict", directory.path]).status == 1)
    }
}

/// Linting or drawing one file reads its folder's team file, as linting the folder does.
struct OneFileLintCLITests {
    @Test func oneFileUsesItsFoldersTeamFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("customer_attributes: [skin_type]\n".utf8).write(to: directory.appendingPathComponent("team.yaml"))
        try Data(
            """
            playbook: skin
            enroll: { customers: all }
            defaults: { channel: line }
            steps:
              - id: hello
                at: enrolled + 1d
                message: "{{customer.skin_type}} 您好"
            """.utf8
        ).write(to: directory.appendingPathComponent("skin.yaml"))
        let file = directory.appendingPathComponent("skin.yaml").path
        let lint = try CLIRunner.run(["lint", file])
        #expect(lint.status == 0, "\(lint.stdout)")
        let graph = try CLIRunner.run(["graph", directory.appendingPathComponent("team.yaml").path])
        #expect(graph.status == 1)
        #expect(graph.stderr.contains("is the team file"))
    }
}
