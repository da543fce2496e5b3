import Testing

@testable import PlaybookCore

/// "Did you mean" picks what a full comparison picks, however it cuts the work short.
struct SuggestionsTests {
    /// The first candidate at the smallest full Levenshtein distance, if within the typo limit.
    static func bruteForce(_ word: String, _ candidates: [String]) -> String? {
        let limit = max(2, word.unicodeScalars.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = Suggestions.editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
        }
        return best?.0
    }

    @Test func nearestAgreesWithAFullComparison() {
        var random = SeededRandom(seed: 42)
        let alphabet = Array("abcdeAB-_é客")
        func word() -> String {
            String((0..<Int(random.next() % 9)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        for _ in 0..<2_000 {
            let target = word()
            let candidates = (0..<Int(random.next() % 12)).map { _ in word() }
            #expect(Suggestions.nearest(to: target, in: candidates) == Self.bruteForce(target, candidates))
        }
    }

    @Test func knownDistances() {
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
        #expect(Suggestions.editDistance("客戶", "客户") == 1)
        #expect(Suggestions.didYouMean("stepz", in: ["playbook", "steps"]) == " (did you mean 'steps'?)")
    }
}
