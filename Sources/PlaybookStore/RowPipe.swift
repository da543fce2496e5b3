import Foundation

/// A bounded queue of checked rows from the thread that parses and checks a CSV file to the one
/// that upserts them: the two halves of an import run at once, and memory holds at most
/// `capacity` chunks.
final class RowPipe: @unchecked Sendable {
    // Every field is read and written with `condition` locked.
    private let condition = NSCondition()
    private var chunks: [RowChunk] = []
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    /// A queue that holds up to `capacity` chunks before the sender waits.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Hands over a chunk, waiting while the queue is full; throws once the reader cancelled.
    func send(_ chunk: RowChunk) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        chunks.append(chunk)
        condition.broadcast()
    }

    /// No more chunks will come.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reader gives up (a failed upsert): the sender's next `send` throws.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for one; nil once the sender closed the pipe and all were taken.
    func receive() -> RowChunk? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !closed { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }
}
