import ArgumentParser
import Foundation
import PlaybookCore

/// `playbook lint [PATH…]` (SPEC §4).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check playbooks and the team file; exit 0 clean, 1 errors, 2 usage or I/O error.")

    @Argument(help: "Playbook files or folders (default: playbooks/).")
    var paths: [String] = []

    @Option(help: "Output format: text, json, github or sarif.")
    var format: String = "text"

    @Flag(help: "Treat warnings as errors (exit 1).")
    var strict = false

    @Flag(help: "List every rule with an example and exit.")
    var listRules = false

    func run() throws {
        if listRules {
            for rule in LintRules.all {
                print("\(rule.id) (\(rule.severity.rawValue)): \(rule.summary)")
                print("  example that triggers it:")
                let lines = rule.triggering.split(separator: "\n", omittingEmptySubsequences: false)
                for line in lines.prefix(14) { print("    | \(line)") }
                if lines.count > 14 { print("    | …") }
            }
            return
        }
        guard let format = DiagnosticRenderer.Format(rawValue: format) else {
            FileHandle.standardError.write(
                Data("playbook lint: unknown format '\(format)'; use text, json, github or sarif\n".utf8))
            throw ExitCode(2)
        }
        let result: ProjectLoader.Result
        do {
            result = try ProjectLoader.load(paths: ProjectLoader.withTeamFiles(paths.isEmpty ? ["playbooks"] : paths))
        } catch {
            FileHandle.standardError.write(Data("playbook lint: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let output = DiagnosticRenderer.render(result.diagnostics, format: format, rules: LintRules.all)
        if format == .text && result.diagnostics.isEmpty {
            print("\(result.files.count) file\(result.files.count == 1 ? "" : "s") checked, no problems")
        } else {
            print(output, terminator: "")
        }
        if result.hasErrors || (strict && !result.diagnostics.isEmpty) { throw ExitCode(1) }
    }
}
