/// Text made safe for a terminal: control characters (ESC, BEL, CR, DEL, the C1 set) and the
/// invisible direction and width controls (U+202E and friends) are shown escaped, `\u{1B}`, so a
/// customer's name or a playbook line can neither move the cursor, recolour the screen nor reorder
/// what the reader sees. Line feeds are kept unless `keepingLineFeeds` is false; tabs are kept.
public enum TerminalText {
    /// `text` with every unsafe scalar written as `\u{…}`.
    public static func safe(_ text: String, keepingLineFeeds: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, keepingLineFeeds: keepingLineFeeds) }) else {
            return text
        }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar, keepingLineFeeds: keepingLineFeeds) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// True for a scalar a terminal would act on or hide rather than show.
    public static func isUnsafe(_ scalar: Unicode.Scalar, keepingLineFeeds: Bool = true) -> Bool {
        switch scalar.value {
        case 0x0A: return !keepingLineFeeds
        case 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Direction marks, embeddings, overrides and isolates; zero-width joiners are kept for emoji.
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        // Line and paragraph separators, and the interlinear annotation marks.
        case 0x2028, 0x2029, 0xFFF9...0xFFFB: return true
        default: return false
        }
    }
}
