import Foundation
import PlaybookCore

/// Reads a CSV file as UTF-8 in blocks of whole records, so an import's memory does not grow with
/// the file (SPEC §5): each block ends after a line feed outside quotes, and the bytes after it wait
/// for the next block. A folder or a device (`/dev/zero` never ends) is refused before reading;
/// pipes are read as they come.
final class CSVBlocks: @unchecked Sendable {  // read by one thread at a time: the import's checker
    /// One block of whole records and the line its first record starts on.
    struct Block {
        var bytes: [UInt8]
        var firstLine: Int
    }

    /// Bytes read from the file at a time: 256 KiB first, doubling up to 4 MiB, so that on a small
    /// file the rows of the first blocks are stored while the next ones are checked (one 4 MiB
    /// block made a 100k-row file wait for half its checking before anything was stored).
    static let firstReadSize = 256 << 10
    static let readSize = 4 << 20
    private var nextReadSize = CSVBlocks.firstReadSize
    /// A record may not be longer than this (a quote never closed would otherwise make one record of
    /// the whole file).
    static let maxRecordBytes = 64 << 20

    let path: String
    private let descriptor: Int32
    private let text: EncodedText
    /// The first bytes of the file as read (for the likely encoding of a file that is not UTF-8).
    let head: [UInt8]
    private var carry: [UInt8] = []
    /// How far `carry` has been scanned for quotes, whether that point is inside quotes, and where
    /// the last record boundary found so far lies.
    private var scanned = 0
    private var inQuotes = false
    private var boundary = 0
    /// Line feeds in the scanned part of `carry`, and in the part up to `boundary`.
    private var lineFeeds = 0
    private var lineFeedsToBoundary = 0
    private var line = 1
    private var atEnd = false

    /// Opens `path` (refusing what is not a file or a pipe) and reads its first block.
    init(path: String, encoding: TextEncoding?) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw StoreError(
                message: "\(path): cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        var status = stat()
        let kind = fstat(descriptor, &status) == 0 ? status.st_mode & S_IFMT : 0
        guard kind == S_IFREG || kind == S_IFIFO else {
            close(descriptor)
            throw StoreError(message: "\(path) is not a file (a folder or a device); give the path of a CSV file")
        }
        do {
            head = try Self.read(descriptor, path: path, count: Self.firstReadSize)
            text = try EncodedText(head: head, encoding: encoding)
        } catch {
            close(descriptor)
            throw error
        }
        atEnd = head.isEmpty
        carry = try convert(head, final: atEnd)
    }

    deinit { close(descriptor) }

    /// The next block of whole records, or nil at the end of the file.
    func next() throws -> Block? {
        while true {
            scan()
            if boundary > 0 || (atEnd && !carry.isEmpty) {
                let end = boundary > 0 ? boundary : carry.count
                let bytes = Array(carry[..<end])
                carry.removeSubrange(..<end)
                scanned = carry.count
                boundary = 0
                let block = Block(bytes: bytes, firstLine: line)
                let feeds = boundary > 0 ? lineFeedsToBoundary : lineFeeds
                line += feeds
                lineFeeds -= feeds
                lineFeedsToBoundary = 0
                return block
            }
            if atEnd { return nil }
            guard carry.count <= Self.maxRecordBytes else {
                throw ImportFailure(issues: [
                    ImportIssue(
                        file: path, line: line, column: nil,
                        message: "a record longer than \(Self.maxRecordBytes >> 20) MiB starts here (a quote never "
                            + "closed?); check the quotes on this line")
                ])
            }
            nextReadSize = min(nextReadSize * 2, Self.readSize)
            let more = try Self.read(descriptor, path: path, count: nextReadSize)
            atEnd = more.isEmpty
            carry += try convert(more, final: atEnd)
        }
    }

    /// Finds the last line feed outside quotes in the part of `carry` not scanned yet.
    private func scan() {
        carry.withUnsafeBufferPointer { bytes in
            var index = scanned
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if byte == 0x0A {
                    lineFeeds += 1
                    if !inQuotes {
                        boundary = index + 1
                        lineFeedsToBoundary = lineFeeds
                    }
                }
                index += 1
            }
        }
        scanned = carry.count
    }

    private func convert(_ bytes: [UInt8], final: Bool) throws -> [UInt8] {
        do {
            return try text.convert(bytes, final: final)
        } catch {
            throw ImportFailure(issues: [ImportIssue(file: path, line: error.line, column: nil, message: error.message)]
            )
        }
    }

    private static func read(_ descriptor: Int32, path: String, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress.map { $0 + filled }, count - filled)
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                throw StoreError(message: "\(path): reading failed (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
