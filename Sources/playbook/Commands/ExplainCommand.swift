import ArgumentParser
import Foundation
import PlaybookCore

/// `playbook explain KEY` and `playbook explain --customer ID --step PLAYBOOK/STEP [--as-of T]`.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say why an action was emitted, or why a customer's step was not (trigger, condition, pause…).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Argument(help: "An action key or its short ref, as printed by `playbook run`.")
    var key: String?

    @Option(help: "A customer id (with --step).")
    var customer: String?

    @Option(help: "A step as PLAYBOOK/STEP (with --customer).")
    var step: String?

    @Option(help: "Explain as of DATE or DATETIME (default: now).")
    var asOf: String?

    func validate() throws {
        if key == nil && (customer == nil || step == nil) {
            throw ValidationError("give an action KEY, or --customer ID --step PLAYBOOK/STEP")
        }
    }

    func run() throws {
        let graph = try playbooks.load()
        let store = try database.openForLooking()
        var playbookID: String
        var stepID: String
        var customerID: String
        if let reference = key {
            let key = try store.resolveKeys([reference])[0]
            guard let record = try store.action(key: key) else {
                throw CLIError("no action '\(key)'; copy the key from `playbook run --format jsonl`")
            }
            (playbookID, stepID, customerID) = (record.playbook, record.step, record.customerID)
        } else {
            let parts = (step ?? "").split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw CLIError("--step takes PLAYBOOK/STEP, for example follow-up-333/day-3")
            }
            (playbookID, stepID, customerID) = (parts[0], parts[1], customer ?? "")
        }
        guard let facts = try store.facts(customer: customerID) else {
            throw CLIError("no customer '\(customerID)' in \(database.display)")
        }
        let asOf = try TimeArgument.asOf(self.asOf, zone: graph.team.zone)
        let lines = Explainer(evaluator: Evaluator(graph: graph)).explain(
            playbook: playbookID, step: stepID, facts: facts, ledger: try store.ledger(customer: customerID), asOf: asOf
        )
        let marked = try key.map { try store.resolveKeys([$0])[0] }
        for line in lines {
            printSafely(
                marked.map { line.contains($0) ? "→ " + line.trimmingCharacters(in: .whitespaces) : line } ?? line)
        }
    }
}
