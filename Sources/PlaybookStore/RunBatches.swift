/// How a run splits the customers it evaluates into batches for its pipeline (read, evaluate,
/// record, each batch a stage behind the one before).
enum RunBatches {
    /// The batches of `count` customers, as index ranges in order: at most `size` customers each,
    /// smaller at both ends. Nothing is recorded until the first batch is read and evaluated, and
    /// the last one is recorded after the others are done, so both are kept short: the sizes grow
    /// from an eighth of `size` and shrink again at the end. A run of fewer than four full batches
    /// (a daily run evaluates a few thousand customers) uses batches of a quarter of its customers
    /// (at least ``minimumSize``), so that its reading, evaluating and recording overlap too.
    static func ranges(count: Int, size: Int) -> [Range<Int>] {
        let size = min(max(1, size), max(minimumSize, count / 4))
        let ramp = sequence(first: max(1, size / 8)) { $0 * 2 }.prefix { $0 < size }
        let rampCount = ramp.reduce(0, +)
        var sizes: [Int]
        if count > 2 * rampCount {
            let middle = count - 2 * rampCount
            let batches = (middle + size - 1) / size
            sizes = Array(ramp)
            sizes += (0..<batches).map { middle / batches + ($0 < middle % batches ? 1 : 0) }
            sizes += ramp.reversed()
        } else {
            sizes = Array(repeating: size, count: (count + size - 1) / size)
        }
        var start = 0
        return sizes.compactMap { length in
            defer { start = min(count, start + length) }
            return start < count ? start..<min(count, start + length) : nil
        }
    }

    /// The smallest batch size chosen for a small run: below it, splitting gains nothing.
    static let minimumSize = 1_000
}
