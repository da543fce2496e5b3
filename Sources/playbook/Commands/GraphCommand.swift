import ArgumentParser
import Foundation
import PlaybookCore

/// `playbook graph [FILE] --format mermaid|dot|json`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Draw a playbook's steps, anchors and waits as Mermaid, DOT or JSON.")

    @Argument(help: "A playbook file or folder (default: playbooks/).")
    var path: String = "playbooks"

    @Option(help: "Output format: mermaid, dot or json.")
    var format: String = "mermaid"

    func run() throws {
        guard let format = GraphRenderer.Format(rawValue: format) else {
            throw CLIError("unknown format '\(format)'; use mermaid, dot or json")
        }
        if ProjectLoader.isTeamFile(path) {
            throw CLIError(
                "\(path) is the team file (zone, daily cap, custom columns), not a playbook; graph a playbook")
        }
        let result: ProjectLoader.Result
        do {
            result = try ProjectLoader.load(paths: ProjectLoader.withTeamFiles([path]))
        } catch {
            throw CLIError(error.description)
        }
        if result.hasErrors {
            FileHandle.standardError.write(Data(DiagnosticRenderer.text(result.diagnostics).utf8))
            throw CLIError("the playbook has errors; fix them first (`playbook lint \(path)`)")
        }
        for playbook in result.graph.playbooks {
            if format == .mermaid && result.graph.playbooks.count > 1 { print("%% \(playbook.id)") }
            print(GraphRenderer.render(playbook, format: format), terminator: "")
        }
    }
}
