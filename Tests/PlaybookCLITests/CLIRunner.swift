import Foundation

/// Runs the built `playbook` binary and captures its output, as a user's shell would.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        let candidates = [".build/debug/playbook", ".build/x86_64-unknown-linux-gnu/debug/playbook"]
        return candidates.map { packageRoot.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? packageRoot.appendingPathComponent(candidates[0])
    }

    /// Runs `playbook ARGS` in `directory` (default: the package root); `unprivileged` runs it as
    /// the user `nobody` when the tests run as root, whom file permissions do not stop.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        unprivileged: Bool = false
    ) throws -> Output {
        if unprivileged && geteuid() == 0 {
            return try launch(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary.path] + arguments, in: directory,
                environment: environment)
        }
        return try launch(binary, arguments, in: directory, environment: environment)
    }

    /// Runs a script of the repository with bash, from the package root.
    static func script(_ path: String, _ arguments: [String]) throws -> Output {
        try launch(URL(fileURLWithPath: "/bin/bash"), [packageRoot.appendingPathComponent(path).path] + arguments)
    }

    private static func launch(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PLAYBOOK_DB")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Compares with `Snapshots/NAME`; `RECORD_GOLDEN=1` rewrites it.
    static func matchesSnapshot(_ actual: String, _ name: String) -> Bool {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try? Data(actual.utf8).write(to: url)
            return true
        }
        return (try? Data(contentsOf: url)) == Data(actual.utf8)
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
