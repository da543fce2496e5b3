import Testing

@testable import PlaybookStore

/// A run's batches cover every customer once, in order, none larger than the batch size, and
/// start and end small so the pipeline fills and drains quickly.
struct RunBatchesTests {
    @Test(arguments: [
        (0, 8), (1, 8), (7, 8), (8, 8), (9, 8), (29, 8), (30, 8), (31, 8), (100, 8), (1_000, 1), (12_345, 100),
    ])
    func batchesCoverEveryCustomerOnceInOrder(count: Int, size: Int) {
        let ranges = RunBatches.ranges(count: count, size: size)
        #expect(ranges.allSatisfy { !$0.isEmpty && $0.count <= size })
        #expect(ranges.flatMap { Array($0) } == Array(0..<count))
    }

    @Test func largeRunsRampUpAndDown() {
        let sizes = RunBatches.ranges(count: 100_000, size: 20_000).map(\.count)
        #expect(Array(sizes.prefix(3)) == [2_500, 5_000, 10_000])
        #expect(Array(sizes.suffix(3)) == [10_000, 5_000, 2_500])
        #expect(sizes.dropFirst(3).dropLast(3).allSatisfy { $0 > 10_000 && $0 <= 20_000 })
    }

    @Test func aDailyRunOfAFewThousandCustomersIsPipelinedToo() {
        let sizes = RunBatches.ranges(count: 12_000, size: 20_000).map(\.count)
        #expect(sizes.count > 4)
        #expect(sizes.first == 375 && sizes.last == 375)
        #expect(sizes.allSatisfy { $0 <= 3_000 })
    }

    @Test func smallRunsAreOneBatch() {
        #expect(RunBatches.ranges(count: 500, size: 20_000).map(\.count) == [500])
    }
}
