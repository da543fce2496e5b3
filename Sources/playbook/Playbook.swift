import ArgumentParser
import PlaybookStore

/// The `playbook` command: after-sales follow-up as code.
@main
struct Playbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "After-sales customer follow-up as code: lint playbooks, run today's actions.",
        version: "1.0.0",
        subcommands: [
            LintCommand.self, RunCommand.self, TestCommand.self, GraphCommand.self, SimulateCommand.self,
            ExplainCommand.self, SchemaCommand.self, ImportCommand.self,
            DoneCommand.self, SkipCommand.self,
            LogCommand.self,
        ]
    )

    /// Applies the process-wide SQLite settings, then parses and runs the command.
    static func main() {
        SQLiteProcessSettings.apply()
        main(nil)
    }
}
