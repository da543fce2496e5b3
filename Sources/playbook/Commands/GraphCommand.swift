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
        let result: ProjectLoader.Result
        do {
            var paths = [path]
            let folder = (path as NSString).deletingLastPathComponent
            let team = (folder.isEmpty ? "." : folder) + "/team.yaml"
            if path.hasSuffix(".yaml") && FileManager.default.fileExists(atPath: team) { paths.insert(team, at: 0) }
            result = try ProjectLoader.load(paths: paths)
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
