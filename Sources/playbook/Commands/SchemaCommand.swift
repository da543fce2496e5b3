import ArgumentParser
import PlaybookCore

/// `playbook schema`: the JSON Schema of the playbook language for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema (draft 2020-12) of the playbook language.")

    func run() throws { print(PlaybookSchema.json) }
}
