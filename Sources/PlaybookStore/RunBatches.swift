/// How a run splits the customers it evaluates into batches for its pipeline (read, evaluate,
/// record, each batch a stage behind the one before).
enum RunBatches {
    /// The batches of `count` customers, as index ranges in order: at most `size` customers each,
    /// smaller at both ends. Nothing is recorded until the first batch is read and evaluated, and
    /// the last one is recorded after the others are done, so both are kept short: the sizes grow
    /// from an eighth of `size` and shrink again at the end.
    static func ranges(count: Int, size: Int) -> [Range<Int>] {
        let size = max(1, size)
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
}
