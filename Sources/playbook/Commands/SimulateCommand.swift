import ArgumentParser
import Foundation
import PlaybookCore

/// `playbook simulate --customer ID --from DATE --days N`: one customer's timeline, day by day.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Preview one customer's timeline day by day: what fires, and why nothing fires on the other days.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Option(help: "The customer id.")
    var customer: String

    @Option(help: "The first day (YYYY-MM-DD).")
    var from: String

    @Option(help: "How many days to run.")
    var days: Int = 30

    @Flag(help: "The seller never marks anything done (default: every action is done the day it appears).")
    var neverDone = false

    func validate() throws {
        guard LocalDate(iso: from) != nil else { throw ValidationError("--from takes a date such as 2026-11-01") }
        guard (1...3660).contains(days) else { throw ValidationError("--days takes 1 to 3660") }
    }

    func run() throws {
        let graph = try playbooks.load()
        guard let facts = try database.openForLooking().facts(customer: customer) else {
            throw CLIError("no customer '\(customer)' in \(database.display); check the id")
        }
        guard var day = LocalDate(iso: from) else { return }
        var memory = InMemoryLedger(graph: graph, facts: [facts])
        let evaluator = Evaluator(graph: graph)
        var seen: Set<String> = []
        printSafely(
            "\(facts.customer.id) \(facts.customer.name): \(days) days from \(day), "
                + (neverDone ? "nothing marked done" : "every action done the day it appears"))
        for _ in 0..<days {
            // Held-out actions (SPEC §8) show too, with their status: the seller would not see them.
            let listed = memory.run(on: day, all: true).filter {
                ["pending", "waiting", "held_out"].contains($0.status)
            }
            let fresh = listed.filter { seen.insert($0.key).inserted }
            for action in fresh {
                let message = action.message.map { "「\($0)」" } ?? ""
                printSafely(
                    "\(day)  \(action.playbook)/\(action.step)  \(action.channel.rawValue)  due \(action.dueText)  "
                        + "\(action.status)  \(message)")
            }
            if fresh.isEmpty { print("\(day)  — \(quietReason(evaluator, memory: memory, facts: facts, day: day))") }
            if !neverDone {
                let time = Timestamp.instant(graph.team.zone.instant(of: day, secondsIntoDay: 18 * 3600))
                for action in listed { memory.close(action.key, as: .done, at: time) }
            }
            day = day.adding(days: 1)
        }
    }

    /// Why nothing new appears today: opted out, paused, capped, or what falls due next.
    private func quietReason(_ evaluator: Evaluator, memory: InMemoryLedger, facts: CustomerFacts, day: LocalDate)
        -> String
    {
        let asOf = evaluator.graph.team.zone.endOfDay(day)
        let ledger = memory.ledgers[facts.customer.id] ?? CustomerLedger()
        let outcome = evaluator.evaluate(
            facts, ledger: ledger, asOf: asOf, cap: evaluator.graph.team.maxPerCustomerPerDay)
        if evaluator.isOptedOut(facts, asOf: asOf) {
            return "opted out: no action"
        }
        var reasons: [String] = []
        if !outcome.pausedPlaybooks.isEmpty {
            reasons.append("open complaint pauses \(outcome.pausedPlaybooks.sorted().joined(separator: ", "))")
        }
        if outcome.capped { reasons.append("daily cap reached") }
        if let next = outcome.nextUpcoming {
            let zone = evaluator.playbook(next.playbook)?.zone ?? evaluator.graph.team.zone
            reasons.append("nothing due; next: \(next.playbook)/\(next.step) on \(zone.localDate(of: next.at))")
        } else if reasons.isEmpty {
            reasons.append("nothing due, and nothing scheduled until new data arrives")
        }
        return reasons.joined(separator: "; ")
    }
}
