/// Checks on the step graph: cycles through `after:`/`step:` references, and steps whose anchor
/// can never exist for the playbook's kind of journey.
enum GraphChecks {
    /// The steps a step waits for.
    static func dependencies(of step: StepSyntax) -> [(String, SourceLocation)] {
        var result: [(String, SourceLocation)] = []
        if let after = step.after { result.append((after.value, after.location)) }
        guard let trigger = step.trigger else { return result }
        for anchor in anchors(of: trigger.value) {
            if case .step(let id) = anchor { result.append((id, trigger.location)) }
        }
        return result
    }

    /// Every anchor a trigger uses.
    static func anchors(of trigger: Trigger) -> [Anchor] {
        switch trigger {
        case .at(let at): return [at.anchor]
        case .every(_, let from, let end):
            if case .until(let until) = end { return [from.anchor, until.anchor] }
            return [from.anchor]
        case .noReply: return []
        }
    }

    static func checkCycles(_ steps: [StepSyntax], bag: inout DiagnosticBag) {
        let byID = Dictionary(steps.map { ($0.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        for step in steps {
            for (target, location) in dependencies(of: step) where byID[target] == nil && target != step.id.value {
                if step.after?.value == target, step.after?.location == location { continue }
                bag.error(
                    "unknown-step",
                    "anchor 'step:\(target)' names no step\(Suggestions.didYouMean(target, in: byID.keys))",
                    at: location, help: "use the id of a step in this file")
            }
        }
        // A depth-first walk with its own stack (a chain of thousands of steps overflowed the
        // thread's stack when this recursed): `path` holds the ids of the steps being walked.
        var state: [String: Int] = [:]
        var reported: Set<String> = []
        var path: [String] = []
        var pending: [(dependencies: [String], next: Int)] = []
        func enter(_ id: String) {
            guard let step = byID[id] else { return }
            if state[id] == 2 { return }
            if state[id] == 1 {
                guard let start = path.firstIndex(of: id) else { return }
                let cycle = Array(path[start...]) + [id]
                let key = Set(cycle).sorted().joined(separator: ",")
                if reported.insert(key).inserted, cycle.count > 2 || step.after?.value != id {
                    bag.error(
                        "step-cycle", "steps wait for each other in a cycle: \(cycle.joined(separator: " → "))",
                        at: step.location, help: "break the cycle: one of these steps must start from another anchor")
                }
                return
            }
            state[id] = 1
            path.append(id)
            pending.append((dependencies(of: step).map(\.0), 0))
        }
        for step in steps {
            enter(step.id.value)
            while let (dependencies, next) = pending.last, let id = path.last {
                if next < dependencies.count {
                    pending[pending.count - 1].next = next + 1
                    enter(dependencies[next])
                } else {
                    state[id] = 2
                    pending.removeLast()
                    path.removeLast()
                }
            }
        }
    }

    static func checkReachability(_ syntax: PlaybookSyntax, catalog: [String: CatalogProduct], bag: inout DiagnosticBag)
    {
        let orderAnchors: Set<Anchor> = [.purchase, .paid, .shipped, .delivered, .runout]
        for step in syntax.steps {
            guard let trigger = step.trigger else { continue }
            for anchor in anchors(of: trigger.value) {
                switch syntax.enroll.value {
                case .customers where orderAnchors.contains(anchor):
                    bag.error(
                        "unreachable-step",
                        "step '\(step.id.value)' uses '\(anchor)', but journeys enrolled on customers have no order",
                        at: trigger.location, help: "use enrolled, birthday or step:<id>, or enroll on products")
                case .products, .customers:
                    if anchor == .event {
                        bag.error(
                            "unreachable-step",
                            "step '\(step.id.value)' uses 'event', but only journeys enrolled on an event have one",
                            at: trigger.location, help: "use purchase or enrolled")
                    }
                case .event: break
                }
                if anchor == .runout, case .products(let skus) = syntax.enroll.value {
                    for sku in skus where catalog[sku]?.useCycle == nil {
                        bag.error(
                            "runout-without-use-cycle",
                            "step '\(step.id.value)' uses 'runout', but product '\(sku)' has no use_cycle",
                            at: trigger.location, help: "add `\(sku): { use_cycle: 60d }` under `products:`")
                    }
                }
            }
        }
    }
}
