import Foundation

/// Work started on another thread now and waited for later: the stages of a run's or an import's
/// pipeline.
///
/// Everything the work holds is let go before ``wait()`` returns. A block that captured the work
/// kept it until the block itself was freed, after the waiter had been woken; a run's last task
/// holds the store, and a process exiting in that moment never closed it, leaving the store's
/// files half-closed (a backup put in their place then read the leftovers).
public final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Set by `init`, taken (and so released) by the thread that runs it.
    private var work: (@Sendable () throws -> Value)?
    /// Written once by the work before `done` is left; read only after waiting on it.
    private var result: Result<Value, any Error> = .failure(CancellationError())

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        self.work = work
        done.enter()
        DispatchQueue.global().async { self.perform() }
    }

    /// Waits for the work; returns its value or throws its error.
    public func wait() throws -> Value {
        done.wait()
        return try result.get()
    }

    private func perform() {
        // The work is released at the end of this statement, before the waiter is woken.
        result = takeWork().map { work in Result { try work() } } ?? .failure(CancellationError())
        done.leave()
    }

    private func takeWork() -> (@Sendable () throws -> Value)? {
        defer { work = nil }
        return work
    }
}
