import Testing

@testable import PlaybookCore

/// The evaluator's step order, computed in one pass over the graph, is the order of sweeping the
/// file again and again (the way it was computed before, which never ended on a chain of
/// thousands of steps), on random acyclic playbooks of every kind of link between steps.
struct DependencyOrderTests {
    /// Sweeps `steps` in file order, placing each step whose known steps are all placed, until
    /// nothing moves; what is left goes last in file order.
    static func swept(_ steps: [CompiledStep], waitsFor: [String: [String]]) -> [String] {
        let known = Set(steps.map(\.id))
        var placed: Set<String> = []
        var result: [String] = []
        var remaining = steps.map(\.id)
        while !remaining.isEmpty {
            let before = remaining.count
            remaining.removeAll { id in
                let ready = (waitsFor[id] ?? []).allSatisfy { placed.contains($0) || !known.contains($0) }
                if ready {
                    placed.insert(id)
                    result.append(id)
                }
                return ready
            }
            if remaining.count == before { return result + remaining }
        }
        return result
    }

    @Test func oneWalkGivesTheOrderOfRepeatedSweeps() throws {
        var random = SeededRandom(seed: 20_261_201)
        for _ in 0..<300 {
            let count = 2 + Int(random.next() % 12)
            // Links go from a step to one earlier in a random rank, so the graph has no cycle,
            // while the file lists the steps in another random order.
            let rank = (0..<count).shuffled(using: &random)
            var lines = ["playbook: p", "enroll: { products: [a] }", "defaults: { channel: line }", "steps:"]
            var waitsFor: [String: [String]] = [:]
            for step in 0..<count {
                let earlier = (0..<count).filter { rank[$0] < rank[step] }
                let target = earlier.randomElement(using: &random).map { "s\($0)" }
                var trigger = "at: purchase + 1d"
                var links: [String] = []
                switch (target, random.next() % 4) {
                case (let target?, 0):
                    trigger = "at: step:\(target) + 2d"
                    links = [target]
                case (let target?, 1):
                    trigger = "no_reply: 3d\n    after: \(target)"
                    links = [target]
                case (let target?, 2):
                    let second = earlier.randomElement(using: &random).map { "s\($0)" } ?? target
                    trigger =
                        "every: 1w\n    from: step:\(target)\n    until: step:\(second) + 30d\n    after: \(target)"
                    links = [target, second]
                default: break
                }
                lines.append("  - id: s\(step)\n    \(trigger)\n    message: x")
                waitsFor["s\(step)"] = links
            }
            let (compiled, diagnostics) = TestSupport.compile(lines.joined(separator: "\n"))
            let playbook = try #require(compiled, "\(diagnostics)")
            #expect(
                Evaluator.dependencyOrder(playbook.steps).map(\.id) == Self.swept(playbook.steps, waitsFor: waitsFor))
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A hostile playbook: thousands of steps, each waiting for the next one in the file.
struct LongChainTests {
    static func chain(_ count: Int) -> String {
        var lines = ["playbook: chain", "enroll: { products: [cleanser] }", "defaults: { channel: line }", "steps:"]
        for step in 0..<count {
            let wait = step + 1 < count ? ", after: s\(step + 1)" : ""
            lines.append("  - { id: s\(step), at: purchase + 1d\(wait), message: x }")
        }
        return lines.joined(separator: "\n")
    }

    @Test func lintWalksAChainOfEightThousandStepsWithoutRecursing() throws {
        let (compiled, diagnostics) = TestSupport.compile(Self.chain(8_000))
        #expect(diagnostics.isEmpty)
        #expect(compiled?.steps.count == 8_000)
    }

    @Test func oneRunRecordsAWholeChainOfTwoThousandSteps() throws {
        var scenario = try Scenario([Self.chain(2_000)], customers: [customer("C1")])
        scenario.order("O1", "C1", sku: "cleanser", at: "2026-11-01")
        let listed = scenario.run("2026-11-02")
        #expect(listed.count == 2_000)
        #expect(listed.first?.step == "s0" && listed.last?.step == "s1999", "listed in file order")
    }
}
