import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// `playbook customer ID`: a customer's file — profile, orders, events with notes, every action
/// with its times, and what falls due next.
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Show a customer's file: profile, orders, events, actions, what is next.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Argument(help: "The customer id.")
    var id: String

    @Option(help: "As of DATE or DATETIME (default: now): what is due next is counted from here.")
    var asOf: String?

    @Option(help: "Output format: table or json.")
    var format: FileFormat = .table

    /// Formats of the customer file.
    enum FileFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let graph = try playbooks.load()
        let store = try database.openForLooking()
        guard let facts = try store.facts(customer: id) else {
            let near = try store.findCustomers(id, limit: 5).map(\.id)
            throw CLIError(
                "no customer '\(id)' in \(database.display)"
                    + (near.isEmpty
                        ? "; try `playbook customers --find TEXT`" : "; did you mean \(near.joined(separator: ", "))?"))
        }
        let asOf = try TimeArgument.asOf(self.asOf, zone: graph.team.zone)
        let file = CustomerFile(
            graph: graph, facts: facts, ledger: try store.ledger(customer: id), asOf: asOf)
        switch format {
        case .json: print(JSONText.encode(file.json))
        case .table: printSafely(file.text, terminator: "")
        }
    }
}

/// `playbook customers --find TEXT`: customers by id, name, phone, LINE or WeChat id or email.
struct CustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers", abstract: "Find customers by id, name, phone, LINE or WeChat id, or email.")

    @OptionGroup var database: DatabaseOptions
    /// Taken like every data command's, though the search needs no playbook.
    @OptionGroup var playbooks: PlaybooksOptions

    @Option(help: "Text the customer's id, name, phone, LINE or WeChat id, or email contains.")
    var find: String

    func run() throws {
        let matches = try database.openForLooking().findCustomers(find)
        guard !matches.isEmpty else {
            printSafely("no customer matches '\(find)'")
            return
        }
        for match in matches {
            printSafely(
                [match.id, match.name, match.phone ?? "-", match.owner.map { "owner \($0)" } ?? "-", match.tier]
                    .joined(separator: "  "))
        }
    }
}
