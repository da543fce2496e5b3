import Foundation

/// Standard output through a 64 KiB buffer: a run listing a million actions writes them in a few
/// thousand system calls instead of one string of hundreds of megabytes.
struct BufferedOutput {
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    init() { buffer.reserveCapacity(capacity) }

    /// Appends text, writing the buffer out when full.
    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Appends UTF-8 bytes, writing the buffer out when full.
    mutating func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out what is buffered. A failed write (a closed pipe, as with `| head`, or a full
    /// disk) ends the writing and is kept in ``OutputFailure``, so the command exits non-zero.
    mutating func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard OutputFailure.first == nil else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = Foundation.write(STDOUT_FILENO, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    OutputFailure.record(written < 0 ? errno : ENOSPC)
                    return
                }
                offset += written
            }
        }
    }
}

/// The first failed write to standard output of this process, as an `errno` value.
enum OutputFailure {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var recorded: Int32?

    /// The first failure, if any.
    static var first: Int32? { lock.withLock { recorded } }

    /// Keeps `code` unless a failure is kept already.
    static func record(_ code: Int32) { lock.withLock { recorded = recorded ?? code } }

    /// What to tell the user.
    static func describe(_ code: Int32) -> String {
        switch code {
        case EPIPE: return "the output was closed before everything was written (a pipe ended early)"
        case ENOSPC: return "the output could not be written: the disk is full; free some space and run again"
        default: return "the output could not be written: \(String(cString: strerror(code)))"
        }
    }
}
