import ArgumentParser

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
}
