import Foundation
import Testing

/// `playbook report` and `done --replied` on the built binary (the figures themselves are checked by
/// ReportScenarioTests).
struct ReportCLITests {
    @Test func doneWithReplyFeedsTheReportInEveryFormat() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"])
        let first = try #require(run.stdout.split(separator: "\n").first)
        let action = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let ref = try #require(action["ref"] as? String)
        let done = try CLIRunner.run([
            "done", ref, "--replied", "--note", "好的", "--db", db, "--at", "2026-11-23 10:00",
        ])
        #expect(done.status == 0, "\(done.stderr)")
        let file = try CLIRunner.run(["customer", action["customer"] as? String ?? "", "--db", db, "--format", "json"])
        #expect(file.stdout.contains("\"kind\":\"reply\""), "the reply is in the customer's file")

        let json = try CLIRunner.run([
            "report", "--db", db, "--as-of", "2026-11-23", "--from", "2026-07-01", "--format", "json",
        ])
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["from"] as? String == "2026-07-01")
        #expect(report["to"] as? String == "2026-11-23")
        #expect(report["by"] as? [String] == ["step"])
        let rows = try #require(report["rows"] as? [[String: Any]])
        let row = try #require(rows.first { $0["step"] as? String == action["step"] as? String })
        #expect((row["done"] as? Int ?? 0) >= 1)
        #expect((row["replied"] as? Int ?? 0) >= 1)

        let defaults = try CLIRunner.run(["report", "--db", db, "--as-of", "2026-11-23", "--format", "json"])
        #expect(defaults.stdout.hasPrefix("{\"from\":\"2026-10-27\",\"to\":\"2026-11-23\""), "the last 28 days")

        let csv = try CLIRunner.run(["report", "--db", db, "--as-of", "2026-11-23", "--by", "owner", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("\u{FEFF}owner,recorded,done,skipped,open,held_out,withdrawn,on_time,replied"))

        let page = directory.appendingPathComponent("report.html").path
        let html = try CLIRunner.run([
            "report", "--db", db, "--as-of", "2026-11-23", "--format", "html", "--out", page,
        ])
        #expect(html.status == 0)
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.contains("<svg") && text.contains("</html>"))
        #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("<script"))
    }

    @Test func aHeldOutActionCannotBeMarkedDone() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("pb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // FNV-1a-64("all/C6") % 100 = 8, below the 50 % holdout.
        try Data(
            """
            playbook: all
            enroll: { customers: all }
            defaults: { channel: line }
            holdout: 50%
            goal: { event: reply, within: 7d }
            steps:
              - id: hello
                at: enrolled + 1d
                message: "hi"
            """.utf8
        ).write(to: folder.appendingPathComponent("all.yaml"))
        let customers = directory.appendingPathComponent("c.csv")
        try Data("id,name,created_at\nC6,A,2026-11-01\n".utf8).write(to: customers)
        let db = directory.appendingPathComponent("h.sqlite").path
        #expect(try CLIRunner.run(["import", "customers", customers.path, "--db", db]).status == 0)
        let base = ["--db", db, "--playbooks", folder.path]
        let listed = try CLIRunner.run(["run", "--as-of", "2026-11-05", "--format", "jsonl"] + base)
        #expect(listed.stdout.isEmpty, "a held-out action is not listed")
        let all = try CLIRunner.run(["run", "--as-of", "2026-11-05", "--format", "jsonl", "--all"] + base)
        #expect(all.stdout.contains("\"status\":\"held_out\""))
        let done = try CLIRunner.run(["done", "all/hello/C6/C6"] + base)
        #expect(done.status == 1)
        #expect(done.stderr.contains("held out"))
    }
}

/// `playbook test` and `simulate` show held-out actions with their status (SPEC §8).
struct HoldoutTestFileCLITests {
    @Test func aTestFileMayExpectAHeldOutAction() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // FNV-1a-64("all/C6") % 100 = 8 and ("all/C1") % 100 = 85: with a 50 % holdout, C6 is held out.
        try Data(
            """
            playbook: all
            enroll: { customers: all }
            defaults: { channel: line }
            holdout: 50%
            steps:
              - id: hello
                at: enrolled + 1d
                message: "hi"
            """.utf8
        ).write(to: directory.appendingPathComponent("all.yaml"))
        try Data(
            """
            customers:
              - { id: C6, name: A, created_at: 2026-11-01 }
              - { id: C1, name: B, created_at: 2026-11-01 }
            run: { from: 2026-11-01, to: 2026-11-03 }
            expect:
              - { on: 2026-11-02, step: hello, customer: C6, status: held_out }
              - { on: 2026-11-02, step: hello, customer: C1, status: pending }
            """.utf8
        ).write(to: directory.appendingPathComponent("all.test.yaml"))
        let output = try CLIRunner.run(["test", directory.path])
        #expect(output.status == 0, "\(output.stdout)")
    }
}
