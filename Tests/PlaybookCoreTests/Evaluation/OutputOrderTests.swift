import Testing

@testable import PlaybookCore

/// The SPEC §4 order compares texts by their bytes, as the stored listing (SQLite's binary
/// order) and code-point comparisons do; Swift's `<` would compare canonical forms.
struct OutputOrderTests {
    static func key(customer: String, order: String = "") -> ListedAction.OutputKey {
        ListedAction.OutputKey(
            day: 1, instant: ListedAction.OutputKey.dateInstant, customer: customer, playbook: "p", position: 0,
            order: order, key: "k")
    }

    @Test func textsSortByTheirBytes() {
        let decomposed = "C-e\u{301}"
        let composed = "C-\u{E9}"
        let sorted = [composed, "C-f", decomposed].map { Self.key(customer: $0) }.sorted()
        #expect(sorted.map { Array($0.customer.utf8) } == [decomposed, "C-f", composed].map { Array($0.utf8) })
        #expect(Self.key(customer: composed) != Self.key(customer: decomposed))
        #expect(Self.key(customer: "C1", order: "O-e\u{301}") < Self.key(customer: "C1", order: "O-f"))
        #expect(Self.key(customer: "C1") == Self.key(customer: "C1"))
    }
}
