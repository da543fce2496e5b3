/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
    /// Candidates of a plausible length compared at most, per suggestion: a hostile file of 8,000
    /// misspelt step links against 8,000 step ids took over a minute to lint. Real lists (keys,
    /// fields, a playbook's steps) are far shorter.
    static let maxComparisons = 300

    /// The candidate closest to `word`, if it is close enough to be a plausible typo (the first of
    /// the closest). A distance is computed only as far as it can still beat the best so far.
    public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = lowercasedScalars(word)
        var best: (candidate: String, distance: Int)?
        var comparisons = 0
        var buffers = ([Int](), [Int]())
        for candidate in candidates {
            let bound = min(max(2, target.count / 3), (best?.distance ?? Int.max) - 1)
            guard bound >= 0, comparisons < maxComparisons else { break }
            let scalars = lowercasedScalars(candidate)
            guard abs(scalars.count - target.count) <= bound else { continue }
            comparisons += 1
            if let distance = editDistance(target, scalars, atMost: bound, buffers: &buffers) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// ` (did you mean 'x'?)` or an empty string.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        nearest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance over Unicode scalars.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        var buffers = ([Int](), [Int]())
        return editDistance(a, b, atMost: max(a.count, b.count), buffers: &buffers) ?? max(a.count, b.count)
    }

    private static func lowercasedScalars(_ text: String) -> [Unicode.Scalar] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return Array(text.lowercased().unicodeScalars) }
        return text.utf8.map { Unicode.Scalar($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) }
    }

    /// The Levenshtein distance of `a` and `b` when it is at most `bound`, else nil. Only the cells
    /// within `bound` of the diagonal are computed (any path outside costs more), and it stops as
    /// soon as a whole row exceeds the bound. `buffers` are two rows, reused.
    private static func editDistance(
        _ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost bound: Int, buffers: inout ([Int], [Int])
    ) -> Int? {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= bound ? max(a.count, b.count) : nil }
        let beyond = bound + 1
        buffers.0.removeAll(keepingCapacity: true)
        buffers.0.append(contentsOf: (0...b.count).lazy.map { min($0, beyond) })
        buffers.1.removeAll(keepingCapacity: true)
        buffers.1.append(contentsOf: repeatElement(beyond, count: b.count + 1))
        for i in 1...a.count {
            let low = max(1, i - bound)
            let high = min(b.count, i + bound)
            buffers.1[low - 1] = low == 1 ? min(i, beyond) : beyond
            if high < b.count { buffers.1[high + 1] = beyond }
            var rowMinimum = buffers.1[low - 1]
            if low <= high {
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    let cell = min(buffers.0[j] + 1, buffers.1[j - 1] + 1, buffers.0[j - 1] + cost, beyond)
                    buffers.1[j] = cell
                    rowMinimum = min(rowMinimum, cell)
                }
            }
            if rowMinimum > bound { return nil }
            swap(&buffers.0, &buffers.1)
        }
        return buffers.0[b.count] <= bound ? buffers.0[b.count] : nil
    }
}
