/// The actions a journey's resolver and finder consult: during a run, the run's working copy of the
/// customer's ledger; for `explain`, the records after a run. An object the resolvers share, where
/// two closures per journey (each a context to allocate and free) used to be.
protocol JourneyRecords: AnyObject {
    /// The latest action of a step in a journey: pending or done, highest occurrence.
    func latest(playbook: String, journey: String, step: String) -> ActionRecord?
    /// Whether the action of an occurrence is recorded: whether an action with its key exists.
    func isRecorded(playbook: String, step: String, customer: String, journey: String, occurrence: Int) -> Bool
}

/// The records a run left, by key (withdrawn ones set aside), for `explain`.
final class RecordsAfterRun: JourneyRecords {
    let records: [String: ActionRecord]

    init(_ records: [String: ActionRecord]) { self.records = records }

    func latest(playbook: String, journey: String, step: String) -> ActionRecord? {
        records.values.filter {
            $0.playbook == playbook && $0.journey == journey && $0.step == step
                && ($0.status == .pending || $0.status == .done)
        }.max { $0.occurrence < $1.occurrence }
    }

    func isRecorded(playbook: String, step: String, customer: String, journey: String, occurrence: Int) -> Bool {
        records[
            Evaluator.key(playbook: playbook, step: step, customer: customer, journey: journey, occurrence: occurrence)
        ] != nil
    }
}
