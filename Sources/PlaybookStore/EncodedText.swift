import Foundation
import PlaybookCore

/// Turns a shop export into UTF-8 (SPEC §7) through the system's iconv, a block at a time: UTF-8
/// with or without a byte order mark as it is, UTF-16 with a byte order mark (Excel's "Unicode
/// text"), and Big5/CP950 or GB18030/GBK when told. A byte sequence that is not valid in the
/// encoding is refused with its line.
final class EncodedText {
    /// A file that is not valid in its encoding.
    struct InvalidText: Error, Sendable {
        var line: Int
        var message: String
    }

    /// The iconv converter, or nil for UTF-8 (passed through; the CSV reader checks it by field).
    private var converter: iconv_t?
    /// The encoding's name in messages.
    private let name: String
    /// Bytes of a character cut by the end of the previous block.
    private var pending: [UInt8] = []
    /// Line feeds written so far, for the line of an error.
    private var lineFeeds = 0

    /// A converter for a file whose first bytes are `head`: a UTF-16 byte order mark wins, then
    /// `encoding`, else UTF-8.
    init(head: [UInt8], encoding: TextEncoding?) throws(InvalidText) {
        let source: String?
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            (source, name) = ("UTF-16", "UTF-16")
        } else {
            switch encoding {
            case nil, .utf8?: (source, name) = (nil, "UTF-8")
            case .utf16?: (source, name) = ("UTF-16LE", "UTF-16")
            case .big5?: (source, name) = ("CP950", "Big5")
            case .gb18030?: (source, name) = ("GB18030", "GB18030")
            }
        }
        guard let source else { return }
        let opened = iconv_open("UTF-8", source)
        guard opened != iconv_t(bitPattern: -1) else {
            throw InvalidText(line: 1, message: "this system cannot read \(name) (iconv has no \(source))")
        }
        converter = opened
    }

    deinit { if let converter { iconv_close(converter) } }

    /// The UTF-8 of the next block; `final` for the file's last one (a character cut at its end is
    /// an error then).
    func convert(_ block: [UInt8], final: Bool) throws(InvalidText) -> [UInt8] {
        guard let converter else { return block }
        var input = pending + block
        pending = []
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var failure: (left: Int, code: Int32)?
        var written = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                guard let inputBase = inputBuffer.baseAddress, let outputBase = outputBuffer.baseAddress else { return }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBase)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inputBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outputBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 { failure = (inLeft, errno) }
                written = outputBuffer.count - outLeft
            }
        }
        output.removeSubrange(written...)
        lineFeeds += output.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        if let failure {
            if failure.code == EINVAL && !final {
                pending = Array(input.suffix(failure.left))
                return output
            }
            let what = failure.code == EINVAL ? "ends in the middle of a character" : "is not valid \(name)"
            throw InvalidText(
                line: lineFeeds + 1,
                message: "the file \(what); check the encoding (--encoding, or import: { encoding: … } in "
                    + "team.yaml) or save the file as CSV UTF-8")
        }
        return output
    }

    /// The encoding a file that is not UTF-8 most likely has, judged on its first bytes: the one of
    /// Big5 and GB18030 that reads them without error, or, when both do, the one whose text holds
    /// more of the CJK ideographs (text misread in the wrong encoding turns into rarer symbols).
    static func likelyEncoding(of head: [UInt8]) -> TextEncoding? {
        func read(_ encoding: TextEncoding) -> [UInt8]? {
            guard let converter = try? EncodedText(head: [], encoding: encoding) else { return nil }
            return try? converter.convert(head, final: false)
        }
        let big5 = read(.big5)
        let gb = read(.gb18030)
        switch (big5, gb) {
        case (nil, nil): return nil
        case (.some, nil): return .big5
        case (nil, .some): return .gb18030
        case (.some(let big5), .some(let gb)): return ideographs(big5) >= ideographs(gb) ? .big5 : .gb18030
        }
    }

    private static func ideographs(_ bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.reduce(0) {
            $0 + ((0x4E00...0x9FFF).contains($1.value) ? 1 : 0)
        }
    }
}
