import Foundation
import PlaybookCore

/// Turns a shop export into UTF-8 (SPEC §7) through the system's iconv: UTF-8 with or without a
/// byte order mark as it is, UTF-16 with a byte order mark (Excel's "Unicode text"), and Big5/CP950
/// or GB18030/GBK when told. A byte sequence that is not valid in the encoding is refused with its
/// line.
enum EncodedText {
    /// A file that is not valid in its encoding.
    struct InvalidText: Error, Sendable {
        var line: Int
        var message: String
    }

    /// The UTF-8 bytes of `bytes`, read as `encoding` unless a byte order mark says otherwise; an
    /// UTF-8 file is returned as it is (the CSV reader checks it field by field).
    static func utf8(_ bytes: [UInt8], encoding: TextEncoding?) throws(InvalidText) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return try convert(bytes, from: "UTF-16", named: "UTF-16")
        }
        switch encoding {
        case nil, .utf8?: return bytes
        case .utf16?: return try convert(bytes, from: "UTF-16LE", named: "UTF-16")
        case .big5?: return try convert(bytes, from: "CP950", named: "Big5")
        case .gb18030?: return try convert(bytes, from: "GB18030", named: "GB18030")
        }
    }

    /// The encoding a file that is not UTF-8 most likely has: the one of Big5 and GB18030 that reads
    /// it without error, or, when both do, the one whose text holds more of the characters common
    /// in that script's writing.
    static func likelyEncoding(of bytes: [UInt8]) -> TextEncoding? {
        let big5 = try? convert(bytes, from: "CP950", named: "Big5")
        let gb = try? convert(bytes, from: "GB18030", named: "GB18030")
        switch (big5, gb) {
        case (nil, nil): return nil
        case (.some, nil): return .big5
        case (nil, .some): return .gb18030
        case (.some(let big5), .some(let gb)):
            return commonCJK(big5) >= commonCJK(gb) ? .big5 : .gb18030
        }
    }

    /// How many scalars of UTF-8 `bytes` are CJK ideographs (text misread in the wrong encoding
    /// turns into rarer symbols and punctuation).
    private static func commonCJK(_ bytes: [UInt8]) -> Int {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.reduce(0) {
            $0 + ((0x4E00...0x9FFF).contains($1.value) ? 1 : 0)
        }
    }

    /// Converts with iconv from `source`, naming the encoding as `name` in errors.
    private static func convert(_ bytes: [UInt8], from source: String, named name: String) throws(InvalidText)
        -> [UInt8]
    {
        let converter = iconv_open("UTF-8", source)
        guard converter != iconv_t(bitPattern: -1) else {
            throw InvalidText(line: 1, message: "this system cannot read \(name) (iconv has no \(source))")
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var input = bytes
        var failure: (offset: Int, code: Int32)?
        var written = 0
        input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                guard let inputBase = inputBuffer.baseAddress, let outputBase = outputBuffer.baseAddress else {
                    return
                }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBase)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inputBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBase)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outputBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                written = outputBuffer.count - outLeft
                if result == -1 { failure = (inputBuffer.count - inLeft, errno) }
            }
        }
        output.removeSubrange(written...)
        if let failure {
            let line = output.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let what = failure.code == EINVAL ? "ends in the middle of a character" : "is not valid \(name)"
            throw InvalidText(
                line: line,
                message: "the file \(what) (byte \(failure.offset + 1)); check the encoding (--encoding, or "
                    + "import: { encoding: … } in team.yaml) or save the file as CSV UTF-8")
        }
        return output
    }
}
