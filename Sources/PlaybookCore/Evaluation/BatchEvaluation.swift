import Foundation

/// One customer's outcome and listing from a batch run.
public struct CustomerRun: Sendable {
    public var customerID: String
    public var outcome: CustomerOutcome
    public var listed: [ListedAction]
    /// The open (pending and waiting) actions as stored lines, when asked for: made on the core
    /// that evaluated the customer rather than on the thread that records.
    public var openLines: [OpenLine] = []
    /// The digests of the customer's lines stored for listing before this run, by key: what the
    /// open lines were compared against, and what the run replaces.
    public var storedLines: [String: Int64] = [:]
}

extension Evaluator {
    /// Evaluates and lists many customers, spreading them over the machine's cores. The evaluator is
    /// a pure function of each customer's data, so customers are independent; results keep input order.
    /// `ledgers` holds each customer's ledger at the customer's position (a missing one is empty).
    /// With `openLines`, each run also carries its open actions' stored lines.
    public func evaluateAll(
        _ customers: [CustomerFacts], ledgers: [CustomerLedger], asOf: Instant, cap: Int?, listAll: Bool,
        openLines: Bool = false, previousRun: Instant? = nil
    ) -> [CustomerRun] {
        let lister = ActionLister(evaluator: self)
        let chunkCount = customers.count < 256 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let chunkSize = max(1, (customers.count + chunkCount - 1) / chunkCount)
        let results = ResultSlots(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = chunk * chunkSize
            let end = min(customers.count, start + chunkSize)
            guard start < end else { return }
            var runs: [CustomerRun] = []
            runs.reserveCapacity(end - start)
            for index in start..<end {
                let facts = customers[index]
                let ledger = index < ledgers.count ? ledgers[index] : CustomerLedger()
                let outcome = evaluate(facts, ledger: ledger, asOf: asOf, cap: cap, previousRun: previousRun)
                // A stored run needs the listed actions only for `--all`: its output is read back
                // from the stored lines.
                let listed = !openLines || listAll ? lister.list(outcome, facts: facts, asOf: asOf, all: listAll) : []
                var run = CustomerRun(customerID: facts.customer.id, outcome: outcome, listed: listed)
                run.storedLines = ledger.storedLines
                if openLines {
                    run.openLines = lister.openLines(outcome, facts: facts, asOf: asOf, stored: ledger.storedLines)
                }
                runs.append(run)
            }
            results.set(chunk, runs)
        }
        return results.joined()
    }
}

/// Per-chunk result slots filled from several threads.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [[CustomerRun]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ runs: [CustomerRun]) { lock.withLock { slots[index] = runs } }

    func joined() -> [CustomerRun] { lock.withLock { slots.flatMap { $0 } } }
}

extension Evaluator {
    /// Starts ``evaluateAll(_:ledgers:asOf:cap:listAll:openLines:previousRun:)`` in the background, with open
    /// lines, so a run can read the next batch and record the previous one meanwhile.
    public func startEvaluating(
        _ customers: [CustomerFacts], ledgers: [CustomerLedger], asOf: Instant, cap: Int?, listAll: Bool,
        previousRun: Instant?
    ) -> BackgroundTask<[CustomerRun]> {
        BackgroundTask {
            evaluateAll(
                customers, ledgers: ledgers, asOf: asOf, cap: cap, listAll: listAll, openLines: true,
                previousRun: previousRun)
        }
    }
}
