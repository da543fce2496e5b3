import Foundation
import PlaybookCore

/// The today lists the app made lately, by seller (SPEC §9): every today page is a recording run,
/// as `playbook run` is, but a page asked for again within ``freshness`` of its seller's last run
/// shows that run's list, with the actions marked through the app since taken out; while a run for
/// a seller is going, a second page for the same seller waits for it instead of starting another.
/// Fifty sellers refreshing their phones then make a run each per minute at most, not one per tap,
/// which on SQLite queued behind its single writer. What changed outside the app (an import, a
/// `playbook done`) shows within ``freshness``.
actor TodayLists {
    /// One seller's list (or everyone's, for a lead) and the local date it is for.
    struct List: Sendable {
        var actions: [ListedAction]
        var day: LocalDate
        var made: Date
    }

    /// How long a list is shown again before a new run, in seconds.
    let freshness: TimeInterval

    private var lists: [String: List] = [:]
    private var running: [String: Task<List, Error>] = [:]

    init(freshness: TimeInterval = 60) { self.freshness = freshness }

    /// The list of `scope` (a seller's id, or "" for everyone): a fresh one, the one being made, or
    /// a new one from `run`.
    func list(
        for scope: String, run: @escaping @Sendable () async throws -> ([ListedAction], LocalDate)
    ) async throws -> List {
        if let list = lists[scope], Date().timeIntervalSince(list.made) < freshness { return list }
        if let task = running[scope] { return try await task.value }
        let task = Task { () throws -> List in
            let (actions, day) = try await run()
            return List(actions: actions, day: day, made: Date())
        }
        running[scope] = task
        defer { running[scope] = nil }
        let list = try await task.value
        lists[scope] = list
        return list
    }

    /// Takes the action with `key` out of every list (it was marked done or skipped).
    func closed(_ key: String) {
        for scope in lists.keys { lists[scope]?.actions.removeAll { $0.key == key } }
    }
}
