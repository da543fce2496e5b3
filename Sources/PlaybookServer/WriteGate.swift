/// Lets the app's writes (today's runs, done, skip, replied) through one at a time, in the order
/// they came, when the database has a single writer (SQLite): fifty sellers' requests then wait in
/// this queue, for as long as it takes, instead of each waiting at most 10 s for SQLite's lock and
/// failing. Over PostgreSQL, which takes concurrent writers, the gate is open.
actor WriteGate {
    private let serial: Bool
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A gate that lets one write through at a time when `serial`, every write otherwise.
    init(serial: Bool) { self.serial = serial }

    /// Runs `body` when its turn comes.
    func pass<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard serial else { return try await body() }
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer { release() }
        return try await body()
    }

    /// Hands the turn to the next waiting write, or opens the gate.
    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
