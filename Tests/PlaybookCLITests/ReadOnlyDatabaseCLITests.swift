import Foundation
import Testing

/// SPEC §5 (v2): a database that may not be written still answers the commands that only look, and
/// nothing is written to it or beside it.
struct ReadOnlyDatabaseCLITests {
    /// The demo database, run once, in a folder that nobody but its owner may write, the file read-only.
    static func readOnlyDemo() throws -> (directory: URL, db: String, dryRun: String) {
        let (directory, db) = try RunCLITests.demoDatabase()
        #expect(try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-22"]).status == 0)
        let dryRun = try CLIRunner.run(
            ["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl", "--dry-run"])
        #expect(dryRun.status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        return (directory, db, dryRun.stdout)
    }

    static func cleanUp(_ directory: URL) {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        try? FileManager.default.removeItem(at: directory)
    }

    @Test func theLookingCommandsWorkAndNothingIsWritten() throws {
        let (directory, db, expected) = try Self.readOnlyDemo()
        defer { Self.cleanUp(directory) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let listed = try CLIRunner.run(
            ["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl", "--dry-run"], unprivileged: true)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == expected, "the dry run on a read-only file lists what it lists on a writable one")
        let first = try #require(listed.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let key = try #require(object["key"] as? String)
        let customer = try #require(object["customer"] as? String)
        let looks: [[String]] = [
            ["explain", key, "--db", db, "--as-of", "2026-11-23"],
            ["simulate", "--customer", customer, "--from", "2026-11-23", "--days", "3", "--db", db],
            ["customer", customer, "--db", db],
            ["customers", "--find", customer, "--db", db],
            ["report", "--db", db, "--as-of", "2026-11-23"],
            ["db", "status", "--db", db],
        ]
        for arguments in looks {
            let output = try CLIRunner.run(arguments, unprivileged: true)
            #expect(output.status == 0, "\(arguments[0]): \(output.stderr)")
            #expect(!output.stdout.isEmpty, "\(arguments[0]) printed nothing")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        let beside = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(beside == ["demo.sqlite"], "no -wal, -shm or -journal file left: \(beside)")
    }

    @Test func aRecordingRunIsRefusedWithTheFix() throws {
        let (directory, db, _) = try Self.readOnlyDemo()
        defer { Self.cleanUp(directory) }
        let run = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23"], unprivileged: true)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cannot be written"), "\(run.stderr)")
        #expect(run.stderr.contains("--dry-run"))
    }

    @Test func aMissingFileInAFolderThatMayNotBeWrittenIsNamed() throws {
        let (directory, _, _) = try Self.readOnlyDemo()
        defer { Self.cleanUp(directory) }
        let missing = directory.appendingPathComponent("other.sqlite").path
        let output = try CLIRunner.run(["customer", "C001", "--db", missing], unprivileged: true)
        #expect(output.status != 0)
        #expect(output.stderr.contains("there is no database at \(missing)"), "\(output.stderr)")
    }
}
