import Foundation
import Testing

@testable import PlaybookServer

/// The write gate: a serial gate lets one write through at a time, all of them in the end; an open
/// gate lets them overlap.
struct WriteGateTests {
    actor Overlap {
        var inside = 0
        var most = 0
        func enter() {
            inside += 1
            most = max(most, inside)
        }
        func leave() { inside -= 1 }
    }

    static func most(serial: Bool) async throws -> (most: Int, passed: Int) {
        let gate = WriteGate(serial: serial)
        let overlap = Overlap()
        let passed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await gate.pass {
                        await overlap.enter()
                        try await Task.sleep(nanoseconds: 5_000_000)
                        await overlap.leave()
                        return 1
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        return (await overlap.most, passed)
    }

    @Test func aSerialGateLetsOneWriteThroughAtATime() async throws {
        let serial = try await Self.most(serial: true)
        #expect(serial.most == 1)
        #expect(serial.passed == 10)
        let open = try await Self.most(serial: false)
        #expect(open.most > 1)
        #expect(open.passed == 10)
    }
}
