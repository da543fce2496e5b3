import Foundation
import PlaybookCore
import PlaybookStore

/// The line under the morning list, in a seller's words: how many actions are overdue, due today
/// and waiting (for what), then what the run recorded and withdrew.
struct RunSummary {
    var listed: [ListedAction]
    var today: LocalDate
    var zone: Zone

    /// `20 actions: 3 overdue, 15 today, 2 waiting (tracking_no 2); recorded 26 new, withdrew 0`, then
    /// `; 4 expired unseen since the last run (as of 2026-11-20)` when some did.
    func sentence(_ summary: RunService.Summary, dryRun: Bool) -> String {
        var overdue = 0
        var dueToday = 0
        var done = 0
        var waiting: [String: Int] = [:]
        var waitingCount = 0
        for action in listed {
            switch action.status {
            case "waiting":
                waitingCount += 1
                for field in action.missing { waiting[field, default: 0] += 1 }
            case "pending":
                if action.due.localDate(in: action.zone) < today { overdue += 1 } else { dueToday += 1 }
            default: done += 1
            }
        }
        var parts = ["\(overdue) overdue", "\(dueToday) today"]
        if waitingCount > 0 {
            let fields = waiting.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            parts.append("\(waitingCount) waiting (for \(fields))")
        }
        if done > 0 { parts.append("\(done) done or skipped") }
        let recorded = dryRun ? "would record" : "recorded"
        let withdrew = dryRun ? "would withdraw" : "withdrew"
        var sentence =
            "\(summary.listed) action\(summary.listed == 1 ? "" : "s"): " + parts.joined(separator: ", ")
            + "; \(recorded) \(summary.recorded) new, \(withdrew) \(summary.withdrawn)"
        if summary.expiredUnseen > 0, let previous = summary.previousRun {
            sentence +=
                "; \(summary.expiredUnseen) expired unseen since the last run "
                + "(as of \(zone.localDate(of: previous)))"
        }
        return sentence
    }
}

/// The terminal's width, when standard output is one.
enum TerminalSize {
    /// Columns of the terminal on standard output, or nil when it is not a terminal.
    static func columns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }
}
