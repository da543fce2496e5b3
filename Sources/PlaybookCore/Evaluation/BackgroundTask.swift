import Foundation

/// Work started on another thread now and waited for later: the stages of a run's or an import's
/// pipeline.
public final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the work before `done` is left; read only after waiting on it.
    private var result: Result<Value, any Error> = .failure(CancellationError())

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.done.leave()
        }
    }

    /// Waits for the work; returns its value or throws its error.
    public func wait() throws -> Value {
        done.wait()
        return try result.get()
    }
}
