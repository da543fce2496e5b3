import PlaybookCore
import Testing

/// `BackgroundTask` hands back its work's value and lets go of everything the work held by the time
/// `wait()` returns: a run's last task holds the database, and a process that exits right after
/// waiting must find the database closed (else SQLite leaves its write-ahead log behind).
struct BackgroundTaskTests {
    /// Something a task's work holds, watched through a weak reference.
    private final class Held: Sendable {}

    @Test func waitReturnsTheValueAndReleasesWhatTheWorkHeld() throws {
        for round in 0..<200 {
            var held: Held? = Held()
            weak let watched = held
            let task = BackgroundTask { [held] in
                withExtendedLifetime(held) { round * 2 }
            }
            held = nil
            #expect(try task.wait() == round * 2)
            #expect(watched == nil, "round \(round): the work's captures outlived wait()")
        }
    }

    @Test func waitRethrowsTheWorksError() {
        struct Failure: Error {}
        let task = BackgroundTask<Int> { throw Failure() }
        #expect(throws: Failure.self) { try task.wait() }
    }
}
