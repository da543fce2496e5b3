import PlaybookCore
import Testing

/// A test file's `run:` span is checked before anything runs: one run per day never ends on a
/// span of centuries.
struct TestFileDecoderTests {
    static func decode(run: String) -> [String] {
        let text = """
            customers:
              - { id: C1, name: 王小美, created_at: 2025-01-01 }
            run: \(run)
            expect:
              - { step: day-3, customer: C1, never: true }
            """
        let read = YAMLReader.read(Array(text.utf8), file: "x.test.yaml")
        guard let root = read.root else { return ["unreadable"] }
        let (test, diagnostics) = PlaybookTestDecoder.decode(root, file: "x.test.yaml")
        return test == nil ? diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } : []
    }

    @Test func aRunOfTenYearsIsAcceptedAndLongerOrBackwardsIsNot() {
        #expect(Self.decode(run: "{ from: 2026-01-01, to: 2036-01-08 }").isEmpty)
        #expect(
            Self.decode(run: "{ from: 0001-01-01, to: 9999-12-31 }") == [
                "3:30 the test runs on 3652059 days; at most 3660 (ten years)"
            ])
        #expect(
            Self.decode(run: "{ from: 2026-06-01, to: 2026-01-01 }") == [
                "3:30 run.to 2026-01-01 is before run.from 2026-06-01"
            ])
    }
}
