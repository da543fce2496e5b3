import Foundation
import Testing

/// Small, fast versions of the crash and concurrency checks (`make crash-test` runs the full one).
struct ReliabilityCLITests {
    static func expectedRun(_ db: String) throws -> String {
        try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"]).stdout
    }

    static func copyDemo(to directory: URL, from db: String, name: String) throws -> String {
        let target = directory.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: db, toPath: target)
        return target
    }

    @Test func runKilledAtRandomMomentsLeavesNoHalfRecordedAction() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try Self.copyDemo(to: directory, from: db, name: "reference.sqlite")
        let expected = try Self.expectedRun(reference)
        for trial in 0..<6 {
            let target = try Self.copyDemo(to: directory, from: db, name: "trial\(trial).sqlite")
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["run", "--db", target, "--as-of", "2026-11-23", "--format", "jsonl"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(trial * 15_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try Self.expectedRun(target) == expected, "trial \(trial): output after the kill differs")
        }
    }

    @Test func twoConcurrentRunsRecordEachActionOnce() throws {
        let (directory, db) = try RunCLITests.demoDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try Self.copyDemo(to: directory, from: db, name: "reference.sqlite")
        let expected = try Self.expectedRun(reference)
        let processes = (0..<2).map { _ in
            let process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        #expect(try Self.expectedRun(db) == expected)
        let all = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl", "--all"]).stdout
        let keys = all.split(separator: "\n").compactMap { line -> Substring? in
            guard let start = line.range(of: "\"key\":\"")?.upperBound else { return nil }
            return line[start...].prefix { $0 != "\"" }
        }
        #expect(Set(keys).count == keys.count, "no key listed twice")
    }
}
