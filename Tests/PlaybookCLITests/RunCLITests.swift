import Foundation
import Testing

/// `playbook import`, `run`, `done`, `skip` and `log` as a seller types them.
struct RunCLITests {
    static func demoDatabase() throws -> (URL, String) {
        let directory = try CLIRunner.temporaryDirectory()
        let db = directory.appendingPathComponent("demo.sqlite").path
        for table in ["customers", "orders", "events"] {
            let output = try CLIRunner.run(["import", table, "examples/demo/\(table).csv", "--db", db])
            #expect(output.status == 0, "\(output.stderr)")
        }
        return (directory, db)
    }

    @Test func demoRunMatchesSnapshotsInEveryFormat() throws {
        let (directory, db) = try Self.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        for format in ["table", "jsonl", "csv"] {
            let output = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", format])
            #expect(output.status == 0)
            #expect(CLIRunner.matchesSnapshot(output.stdout, "run-demo.\(format)"), "\(format) differs")
        }
    }

    @Test func doneFreezesAndUnknownKeyFailsWithExitOne() throws {
        let (directory, db) = try Self.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"])
        let first = try #require(run.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let key = try #require(object["key"] as? String)
        let bad = try CLIRunner.run(["done", key, "nope/nope", "--db", db, "--at", "2026-11-23"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("nope/nope: no such action"))
        let done = try CLIRunner.run(["done", key, "--db", db, "--at", "2026-11-23"])
        #expect(done.status == 0)
        let all = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl", "--all"])
        #expect(all.stdout.contains("\"key\":\"\(key)\"") && all.stdout.contains("\"status\":\"done\""))
        let pending = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"])
        #expect(!pending.stdout.contains("\"key\":\"\(key)\""))
    }

    @Test func badImportExitsOneAndNamesTheRow() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("c.csv")
        try "id,name,tier\nC1,王小美,gold\n".write(to: csv, atomically: true, encoding: .utf8)
        let output = try CLIRunner.run([
            "import", "customers", csv.path, "--db", directory.appendingPathComponent("x.sqlite").path,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("\(csv.path):2: column 'tier': 'gold' is not a tier"))
        #expect(output.stderr.contains("nothing imported"))
    }

    @Test func environmentVariableChoosesTheDatabase() throws {
        let (directory, db) = try Self.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try CLIRunner.run(
            ["run", "--as-of", "2026-11-23", "--format", "jsonl", "--dry-run"], environment: ["PLAYBOOK_DB": db])
        #expect(output.status == 0)
        #expect(!output.stdout.isEmpty)
    }
}
