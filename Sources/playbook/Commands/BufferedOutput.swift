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

    /// Writes out what is buffered (a closed pipe, as with `| head`, ends the writing quietly).
    mutating func flush() {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = Foundation.write(STDOUT_FILENO, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
