import ArgumentParser
import Foundation
import PlaybookCore

/// `playbook test [PATH…]`: runs playbook test files (SPEC §4; format in docs/testing-playbooks.md).
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run playbook test files (*.test.yaml): given data, run days, expect actions. Exit 0 pass, 1 fail.")

    @Argument(help: "Test files or folders (default: playbooks/).")
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        guard format == "text" || format == "json" else {
            FileHandle.standardError.write(Data("playbook test: unknown format '\(format)'; use text or json\n".utf8))
            throw ExitCode(2)
        }
        let files: [String]
        do {
            files = try ProjectLoader.files(
                in: paths.isEmpty ? ["playbooks"] : paths, matching: ProjectLoader.isTestFile)
        } catch {
            FileHandle.standardError.write(Data("playbook test: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        var graphs: [String: ProjectLoader.Result] = [:]
        var results: [PlaybookTestRunner.Result] = []
        var problems: [Diagnostic] = []
        for file in files {
            let folder = (file as NSString).deletingLastPathComponent
            if graphs[folder] == nil {
                graphs[folder] = try? ProjectLoader.load(paths: [folder.isEmpty ? "." : folder])
            }
            guard let project = graphs[folder], !project.hasErrors else {
                problems.append(
                    .error(
                        "playbook-errors", "the playbooks beside this test do not lint cleanly",
                        at: SourceLocation(file: file, line: 1, column: 1), help: "run `playbook lint \(folder)`"))
                continue
            }
            let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
            let read = YAMLReader.read(bytes, file: file)
            problems += read.diagnostics
            guard let root = read.root else { continue }
            let (test, found) = PlaybookTestDecoder.decode(root, file: file)
            problems += found.filter { $0.severity == .error }
            guard let test else { continue }
            results.append(PlaybookTestRunner.run(test, graph: project.graph))
        }
        let failed = results.filter { !$0.failures.isEmpty }.count
        if format == "json" {
            print(Self.json(results, problems: problems))
        } else {
            if !problems.isEmpty { print(DiagnosticRenderer.text(problems), terminator: "") }
            for result in results {
                if result.failures.isEmpty {
                    print("PASS \(result.file) (\(result.passed) expectations)")
                } else {
                    for failure in result.failures { print(PlaybookTestRunner.describe(failure), terminator: "") }
                    print(
                        "FAIL \(result.file) (\(result.failures.count) of \(result.passed + result.failures.count) expectations)"
                    )
                }
            }
            print("playbook test files: \(results.count - failed) pass, \(failed) fail, \(problems.count) invalid")
        }
        if failed > 0 || !problems.isEmpty { throw ExitCode(1) }
    }

    static func json(_ results: [PlaybookTestRunner.Result], problems: [Diagnostic]) -> String {
        let files: [[String: Any]] = results.map { result in
            [
                "file": result.file, "passed": result.passed,
                "failures": result.failures.map { failure in
                    [
                        "line": failure.expectation.location.line, "column": failure.expectation.location.column,
                        "message": failure.message, "actual": failure.actual.map(\.key),
                    ] as [String: Any]
                },
            ]
        }
        let invalid = problems.map { ["file": $0.location.file, "line": $0.location.line, "message": $0.message] }
        return JSONText.encode(["files": files, "invalid": invalid])
    }
}
