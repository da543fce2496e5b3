import Foundation

/// The counts of one report row (SPEC §8) and the rates made from them.
public struct ReportCounts: Sendable, Hashable {
    public var recorded = 0
    public var done = 0
    public var skipped = 0
    public var open = 0
    public var heldOut = 0
    public var withdrawn = 0
    public var onTime = 0
    public var replied = 0
    public var converted = 0
    public var revenue = Decimal(0)
    public var heldOutConverted = 0

    /// Empty counts.
    public init() {}

    /// Adds another row's counts.
    public mutating func add(_ other: ReportCounts) {
        recorded += other.recorded
        done += other.done
        skipped += other.skipped
        open += other.open
        heldOut += other.heldOut
        withdrawn += other.withdrawn
        onTime += other.onTime
        replied += other.replied
        converted += other.converted
        revenue += other.revenue
        heldOutConverted += other.heldOutConverted
    }

    private static func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// done / (done + skipped + open).
    public var doneRate: Double? { Self.rate(done, done + skipped + open) }
    /// on_time / done.
    public var onTimeRate: Double? { Self.rate(onTime, done) }
    /// replied / done.
    public var replyRate: Double? { Self.rate(replied, done) }
    /// converted / done.
    public var conversionRate: Double? { Self.rate(converted, done) }
    /// held_out_converted / held_out.
    public var holdoutRate: Double? { Self.rate(heldOutConverted, heldOut) }

    /// conversion_rate − holdout_rate.
    public var lift: Double? {
        guard let treated = conversionRate, let control = holdoutRate else { return nil }
        return treated - control
    }

    /// The 95 % interval of the lift (normal approximation).
    public var liftInterval: (low: Double, high: Double)? {
        guard let lift, let p1 = conversionRate, let p2 = holdoutRate else { return nil }
        let spread = 1.96 * ((p1 * (1 - p1) / Double(done)) + (p2 * (1 - p2) / Double(heldOut))).squareRoot()
        return (lift - spread, lift + spread)
    }

    /// The fields of SPEC §8 in order, as JSON values (nil for a null rate).
    public var fields: [(name: String, value: ReportValue)] {
        func number(_ value: Double?) -> ReportValue { value.map(ReportValue.rate) ?? .null }
        return [
            ("recorded", .count(recorded)), ("done", .count(done)), ("skipped", .count(skipped)),
            ("open", .count(open)),
            ("held_out", .count(heldOut)), ("withdrawn", .count(withdrawn)), ("on_time", .count(onTime)),
            ("replied", .count(replied)), ("converted", .count(converted)), ("revenue", .money(revenue)),
            ("held_out_converted", .count(heldOutConverted)), ("done_rate", number(doneRate)),
            ("on_time_rate", number(onTimeRate)), ("reply_rate", number(replyRate)),
            ("conversion_rate", number(conversionRate)), ("holdout_rate", number(holdoutRate)),
            ("lift", number(lift)), ("lift_ci_low", number(liftInterval?.low)),
            ("lift_ci_high", number(liftInterval?.high)),
        ]
    }
}

/// One value of a report cell.
public enum ReportValue: Sendable, Hashable {
    case text(String)
    case count(Int)
    case rate(Double)
    case money(Decimal)
    case null

    /// The value as JSON text.
    public var json: String {
        switch self {
        case .text(let text):
            var output = ""
            JSONLine.appendQuoted(text, to: &output)
            return output
        case .count(let count): return String(count)
        case .rate(let rate): return Self.number(rate)
        case .money(let amount): return "\(amount)"
        case .null: return "null"
        }
    }

    /// The value as a table or CSV cell (empty for null; rates with four decimals in tables).
    public func cell(rounded: Bool) -> String {
        switch self {
        case .text(let text): return text
        case .count(let count): return String(count)
        case .rate(let rate): return rounded ? String(format: "%.4f", rate) : Self.number(rate)
        case .money(let amount): return "\(amount)"
        case .null: return ""
        }
    }

    /// A double as the shortest JSON number that reads back the same.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
