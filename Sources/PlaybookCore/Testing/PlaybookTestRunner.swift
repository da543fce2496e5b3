/// Runs playbook test files day by day on a pseudo-clock and checks their expectations.
public enum PlaybookTestRunner {
    /// One expectation that did not hold, with the actions that were there instead.
    public struct Failure: Sendable {
        public var expectation: PlaybookTestFile.Expectation
        public var message: String
        /// The actions that appeared on the day (or the matching ones, for `never`).
        public var actual: [ListedAction]
        /// Where a matching action did appear, for an expectation on the wrong day.
        public var elsewhere: [(day: LocalDate, action: ListedAction)] = []
    }

    /// The outcome of one test file.
    public struct Result: Sendable {
        public var file: String
        public var passed: Int
        public var failures: [Failure]
    }

    /// Runs `test` against the playbooks of `graph`.
    public static func run(_ test: PlaybookTestFile, graph: RuleGraph) -> Result {
        var selected = graph
        if !test.playbooks.isEmpty {
            selected.playbooks = graph.playbooks.filter { test.playbooks.contains($0.id) }
        }
        var memory = InMemoryLedger(graph: selected, facts: test.facts)
        var appeared: [LocalDate: [ListedAction]] = [:]
        var seen: Set<String> = []
        var day = test.from
        while day <= test.to {
            // Held-out actions (SPEC §8) appear too, so an expectation may name `status: held_out`.
            let listed = memory.run(on: day, all: true).filter {
                ["pending", "waiting", "held_out"].contains($0.status)
            }
            let fresh = listed.filter { seen.insert($0.key).inserted }
            appeared[day] = fresh
            if test.markDone {
                let time = Timestamp.instant(graph.team.zone.instant(of: day, secondsIntoDay: 18 * 3600))
                for action in listed { memory.close(action.key, as: .done, at: time) }
            }
            day = day.adding(days: 1)
        }
        var failures: [Failure] = []
        for expectation in test.expectations {
            if expectation.never {
                let matching = appeared.values.flatMap { $0 }.filter(expectation.matches)
                if !matching.isEmpty {
                    failures.append(
                        Failure(
                            expectation: expectation, message: "expected \(expectation.summary) never to appear",
                            actual: matching.sorted(by: ListedAction.outputOrder)))
                }
                continue
            }
            guard let on = expectation.on else { continue }
            let actions = appeared[on] ?? []
            if expectation.nothing {
                if !actions.isEmpty {
                    failures.append(
                        Failure(expectation: expectation, message: "expected no new action on \(on)", actual: actions))
                }
            } else if !(on >= test.from && on <= test.to) {
                failures.append(
                    Failure(
                        expectation: expectation, message: "\(on) is outside the run \(test.from)…\(test.to)",
                        actual: []))
            } else if !actions.contains(where: expectation.matches) {
                var failure = Failure(
                    expectation: expectation, message: "expected \(expectation.summary) on \(on)", actual: actions)
                var relaxed = expectation
                relaxed.due = nil
                failure.elsewhere = appeared.sorted { $0.key < $1.key }.flatMap { day, actions in
                    actions.filter(relaxed.matches).map { (day, $0) }
                }
                failures.append(failure)
            }
        }
        return Result(file: test.file, passed: test.expectations.count - failures.count, failures: failures)
    }

    /// A failure as a team lead reads it: what was expected, and what appeared that day instead.
    public static func describe(_ failure: Failure) -> String {
        var text = "\(failure.expectation.location): FAIL \(failure.message)\n"
        if failure.actual.isEmpty {
            text += "    (no new action that day)\n"
        } else {
            text += failure.expectation.never ? "    it appeared:\n" : "    new actions that day:\n"
            for action in failure.actual {
                let message = action.message.map { "「\($0)」" } ?? ""
                text +=
                    "    + \(action.playbook)/\(action.step)  \(action.customer)  due \(action.dueText)  "
                    + "\(action.status)  \(message)\n"
            }
        }
        for (day, action) in failure.elsewhere.prefix(3) {
            text +=
                "    but \(action.playbook)/\(action.step) for \(action.customer) appeared on \(day) (due \(action.dueText))\n"
        }
        return text
    }
}
