import Foundation
import PlaybookCore

/// Dates and times as shops write them (SPEC §7): `2026/11/3`, `2026-11-3`, `2026年11月3日`, each
/// with an optional ` 9:05` or ` 09:05:30`; year-last forms (`11/3/2026`) only with a declared
/// `date_order`; birthdays also `5/20`, `5-20`, `5月20日`. Each is turned into the canonical text of
/// SPEC §2 (`2026-11-03`, `2026-11-03 09:05`), which is what is stored.
enum ShopDates {
    /// The canonical text of a date or date-time cell, or a message saying how to write it.
    static func canonical(_ text: String, order: DateOrder?) -> Result<String, CellError> {
        let (datePart, timePart) = split(text)
        guard let groups = DigitGroups(datePart), groups.numbers.count == 3 else { return .failure(unreadable(text)) }
        let date: (year: Int, month: Int, day: Int)
        if groups.widths[0] == 4 && groups.isYearFirst {
            date = (groups.numbers[0], groups.numbers[1], groups.numbers[2])
        } else if groups.widths[2] == 4 && groups.isPlain {
            guard let order else {
                return .failure(
                    CellError(
                        "'\(text)' puts the year last, which is ambiguous (November 3 or March 11?); write "
                            + "2026-11-03, or declare the order in team.yaml: import: { date_order: mdy } (or dmy)"))
            }
            let (first, second) = (groups.numbers[0], groups.numbers[1])
            date = order == .mdy ? (groups.numbers[2], first, second) : (groups.numbers[2], second, first)
        } else {
            return .failure(unreadable(text))
        }
        guard LocalDate(validating: date.year, month: date.month, day: date.day) != nil else {
            return .failure(CellError("'\(text)' is not a real date; check the month and the day"))
        }
        var result = "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
        if let timePart {
            guard let time = DigitGroups(timePart), time.numbers.count == 2 || time.numbers.count == 3,
                time.separators.allSatisfy({ $0 == ":" }), time.trailer.isEmpty, time.numbers[0] < 24,
                time.numbers[1] < 60, time.numbers.count == 2 || time.numbers[2] < 60
            else { return .failure(unreadable(text)) }
            result += " \(pad(time.numbers[0], 2)):\(pad(time.numbers[1], 2))"
            if time.numbers.count == 3 { result += ":\(pad(time.numbers[2], 2))" }
        }
        return .success(result)
    }

    /// The canonical text of a birthday (`MM-DD` or `YYYY-MM-DD`), or nil when it is no birthday.
    static func birthday(_ text: String) -> String? {
        guard let groups = DigitGroups(Substring(text.trimmingCharacters(in: .whitespaces))) else { return nil }
        if groups.numbers.count == 3 {
            guard case .success(let date) = canonical(text, order: nil), !date.contains(" ") else { return nil }
            return date
        }
        guard groups.numbers.count == 2, groups.widths.allSatisfy({ $0 <= 2 }),
            groups.separators == ["月"] ? ["", "日"].contains(groups.trailer) : groups.isPlain,
            LocalDate(validating: 2000, month: groups.numbers[0], day: groups.numbers[1]) != nil
        else { return nil }
        return "\(pad(groups.numbers[0], 2))-\(pad(groups.numbers[1], 2))"
    }

    private static func unreadable(_ text: String) -> CellError {
        CellError(
            "'\(text)' is not a date or time; write 2026-11-19, 2026/11/19, 2026年11月19日, 2026-11-19 22:30 or "
                + "2026-11-19T22:30:00+08:00")
    }

    /// The date and the time of a cell, cut at the first space (or `T`).
    private static func split(_ text: String) -> (Substring, Substring?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "T" }) else {
            return (Substring(trimmed), nil)
        }
        let time = trimmed[trimmed.index(after: space)...].drop { $0 == " " }
        return (trimmed[..<space], time)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Runs of ASCII digits and the single characters between them: `2026年11月3日` is 2026, 11, 3
/// with separators 年 and 月 and the trailer 日.
private struct DigitGroups {
    var numbers: [Int] = []
    var widths: [Int] = []
    var separators: [Character] = []
    var trailer = ""

    init?(_ text: Substring) {
        var current = ""
        var pendingSeparator: Character?
        for character in text {
            if character.isASCII, let digit = character.wholeNumberValue {
                if let separator = pendingSeparator {
                    guard !numbers.isEmpty || !current.isEmpty else { return nil }
                    separators.append(separator)
                    pendingSeparator = nil
                }
                guard trailer.isEmpty else { return nil }
                current.append(Character(String(digit)))
            } else {
                guard !current.isEmpty else { return nil }
                guard current.count <= 4, let value = Int(current) else { return nil }
                numbers.append(value)
                widths.append(current.count)
                current = ""
                pendingSeparator = character
            }
        }
        if !current.isEmpty {
            guard current.count <= 4, let value = Int(current) else { return nil }
            numbers.append(value)
            widths.append(current.count)
        } else if let last = pendingSeparator {
            trailer = String(last)
        }
        guard !numbers.isEmpty else { return nil }
    }

    /// `/`, `-` or `.` between every group, the same each time, nothing after.
    var isPlain: Bool {
        guard let first = separators.first, ["/", "-", "."].contains(first) else { return false }
        return separators.allSatisfy { $0 == first } && trailer.isEmpty
    }

    /// A plain form, or `年 月` with an optional `日`.
    var isYearFirst: Bool {
        isPlain || (separators == ["年", "月"] && ["", "日"].contains(trailer))
    }
}
