import Foundation
import Testing

/// SPEC §5 (v2): a mistake never destroys a ledger. Each test fails without its guard.
struct LedgerSafetyCLITests {
    static func jsonl(_ db: String, playbooks: String = "playbooks", extra: [String] = []) throws -> CLIRunner.Output {
        try CLIRunner.run(
            ["run", "--db", db, "--playbooks", playbooks, "--as-of", "2026-11-23", "--format", "jsonl"] + extra)
    }

    @Test func runWithoutLoadablePlaybooksIsRefusedAndChangesNothing() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try Self.jsonl(db).stdout
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for folder in [empty.path, directory.appendingPathComponent("missing").path] {
            let refused = try Self.jsonl(db, playbooks: folder)
            #expect(refused.status == 2, "\(folder): \(refused.stderr)")
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.contains("nothing was run or changed") || refused.stderr.contains("no such file"))
        }
        #expect(try Self.jsonl(db).stdout == before, "the pending actions are still there")
    }

    @Test func upperCaseExtensionsAreRead() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("pb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLIRunner.packageRoot.appendingPathComponent("playbooks/birthday.yaml").path,
            toPath: folder.appendingPathComponent("BIRTHDAY.YAML").path)
        let lint = try CLIRunner.run(["lint", folder.path])
        #expect(lint.stdout == "1 file checked, no problems\n")
    }

    @Test func withdrawingAPlaybooksEveryPendingActionIsNamed() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.jsonl(db).status == 0)
        let folder = directory.appendingPathComponent("pb")
        try FileManager.default.copyItem(
            atPath: CLIRunner.packageRoot.appendingPathComponent("playbooks").path, toPath: folder.path)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("follow-up-333.yaml"))
        let run = try Self.jsonl(db, playbooks: folder.path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("withdrew every pending action of playbook 'follow-up-333' (6)"), "\(run.stderr)")
        #expect(!run.stderr.contains("'repurchase'"))
    }

    @Test func aRunFarInTheFutureIsRefusedUnlessForced() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try Self.jsonl(db).stdout
        let typo = try CLIRunner.run(["run", "--db", db, "--as-of", "2062-11-23", "--format", "jsonl"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("--force"))
        #expect(try Self.jsonl(db).stdout == before)
        let look = try CLIRunner.run(["run", "--db", db, "--as-of", "2062-11-23", "--dry-run", "--format", "jsonl"])
        #expect(look.status == 0, "a dry run may look anywhere")
        let forced = try CLIRunner.run(["run", "--db", db, "--as-of", "2062-11-23", "--force", "--format", "jsonl"])
        #expect(forced.status == 0)
    }

    @Test func foreignAndDamagedFilesAreRefusedUntouched() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: text))
        let truncated = directory.appendingPathComponent("cut.sqlite").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: db))
        try whole.prefix(whole.count / 3).write(to: URL(fileURLWithPath: truncated))
        for (path, words) in [(text, "not a playbook database"), (truncated, "damaged"), ("/dev/null", "regular file")]
        {
            let bytes = try? Data(contentsOf: URL(fileURLWithPath: path))
            let run = try CLIRunner.run(["run", "--db", path, "--as-of", "2026-11-23"])
            #expect(run.status != 0)
            #expect(run.stderr.contains(words), "\(path): \(run.stderr)")
            #expect((try? Data(contentsOf: URL(fileURLWithPath: path))) == bytes, "\(path) unchanged")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func outputThatCannotBeWrittenFails() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "'\(CLIRunner.binary.path)' run --db '\(db)' --as-of 2026-11-23 --format jsonl > /dev/full",
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("disk is full"), "\(message)")
    }
}
