/// ISO 8601 text of dates and times, written byte by byte: imports and runs format millions of
/// them, and string interpolation with zero padding cost more than the rest of a CSV row's checks.
enum ISOText {
    /// What follows the time of day.
    enum Suffix {
        case none
        /// `Z`, for UTC.
        case zulu
        /// `+08:00`: an offset from UTC in seconds.
        case offset(Int)
    }

    /// `YYYY-MM-DD`, or with `secondsIntoDay` (0..<86,400) `YYYY-MM-DDThh:mm:ss` and `suffix`.
    static func format(_ date: LocalDate, secondsIntoDay: Int? = nil, suffix: Suffix = .none) -> String {
        let (year, month, day) = date.components
        var inRange = (0...9999).contains(year)
        if let seconds = secondsIntoDay, !(0..<86_400).contains(seconds) { inRange = false }
        if case .offset(let offset) = suffix, abs(offset) >= 100 * 3600 { inRange = false }
        guard inRange else {
            return interpolated(date, secondsIntoDay: secondsIntoDay, suffix: suffix)
        }
        var count = secondsIntoDay == nil ? 10 : 19
        switch suffix {
        case .none: break
        case .zulu: count += 1
        case .offset: count += 6
        }
        return String(unsafeUninitializedCapacity: count) { buffer in
            put(year, digits: 4, into: buffer, at: 0)
            buffer[4] = 0x2D
            put(month, digits: 2, into: buffer, at: 5)
            buffer[7] = 0x2D
            put(day, digits: 2, into: buffer, at: 8)
            guard let seconds = secondsIntoDay else { return 10 }
            buffer[10] = 0x54
            put(seconds / 3600, digits: 2, into: buffer, at: 11)
            buffer[13] = 0x3A
            put(seconds / 60 % 60, digits: 2, into: buffer, at: 14)
            buffer[16] = 0x3A
            put(seconds % 60, digits: 2, into: buffer, at: 17)
            switch suffix {
            case .none: break
            case .zulu: buffer[19] = 0x5A
            case .offset(let offset):
                let magnitude = abs(offset)
                buffer[19] = offset < 0 ? 0x2D : 0x2B
                put(magnitude / 3600, digits: 2, into: buffer, at: 20)
                buffer[22] = 0x3A
                put(magnitude / 60 % 60, digits: 2, into: buffer, at: 23)
            }
            return count
        }
    }

    /// `value` in exactly `digits` decimal digits (zero-padded; the caller keeps it in range).
    private static func put(_ value: Int, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for position in stride(from: start + digits - 1, through: start, by: -1) {
            buffer[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
        }
    }

    /// The same text through interpolation, for values outside those ranges (which need no speed).
    private static func interpolated(_ date: LocalDate, secondsIntoDay: Int?, suffix: Suffix) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let (year, month, day) = date.components
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        guard let seconds = secondsIntoDay else { return text }
        text += "T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        switch suffix {
        case .none: break
        case .zulu: text += "Z"
        case .offset(let offset):
            let magnitude = abs(offset)
            text += "\(offset < 0 ? "-" : "+")\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
        }
        return text
    }
}
