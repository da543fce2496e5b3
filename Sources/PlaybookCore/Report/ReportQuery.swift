/// What `playbook report` counts (SPEC §8): actions whose due local date lies in `[from, to]`, as
/// they stood at `asOf`, grouped by `by`.
public struct ReportQuery: Sendable {
    /// A grouping key.
    public enum Key: String, Sendable, CaseIterable, Hashable {
        /// The playbook and the step.
        case step
        case playbook
        /// The customer's owner (seller).
        case owner
        /// The ISO week of the due date, `YYYY-Www`.
        case week
    }

    public var from: LocalDate
    public var to: LocalDate
    public var asOf: Instant
    /// The grouping keys, in the order given (default: step).
    public var by: [Key]
    /// `replied`: a reply logged from the done date through done + this many days.
    public var replyWindowDays: Int

    /// Creates a query.
    public init(from: LocalDate, to: LocalDate, asOf: Instant, by: [Key] = [.step], replyWindowDays: Int = 7) {
        self.from = from
        self.to = to
        self.asOf = asOf
        self.by = by.isEmpty ? [.step] : by
        self.replyWindowDays = replyWindowDays
    }

    /// The column names of the group keys, in output order.
    public var keyColumns: [String] {
        var columns: [String] = []
        for key in by {
            switch key {
            case .step: columns += ["playbook", "step"]
            case .playbook: columns.append("playbook")
            case .owner: columns.append("owner")
            case .week: columns.append("week")
            }
        }
        var seen: Set<String> = []
        return columns.filter { seen.insert($0).inserted }
    }
}

extension LocalDate {
    /// The ISO 8601 week of the date, `2026-W48` (weeks start on Monday; week 1 holds the year's
    /// first Thursday).
    public var isoWeek: String {
        // 1970-01-01 was a Thursday: Monday is 1 … Sunday 7.
        let weekday = ((dayNumber + 3) % 7 + 7) % 7 + 1
        let thursday = adding(days: 4 - weekday)
        let firstOfYear = LocalDate(validating: thursday.year, month: 1, day: 1) ?? thursday
        let week = firstOfYear.days(until: thursday) / 7 + 1
        return "\(thursday.year)-W" + (week < 10 ? "0" : "") + String(week)
    }
}
