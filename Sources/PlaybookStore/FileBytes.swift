import Foundation

/// Reads a whole file into one byte array (one copy; going through `Data` held the file twice
/// at the peak of a large import). Pipes and other streams (`<(…)`, `/dev/stdin`) are read to
/// their end.
enum FileBytes {
    /// The file's bytes. A folder or a device (`/dev/zero` never ends) is refused before reading.
    static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw StoreError(
                message: "\(path): cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw StoreError(message: "\(path): cannot read the file; check the path")
        }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFIFO else {
            throw StoreError(
                message: "\(path) is not a file (a folder or a device); give the path of a CSV file")
        }
        let regular = kind == S_IFREG
        var bytes: [UInt8] = []
        bytes.reserveCapacity(regular ? Int(status.st_size) : 1 << 16)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw StoreError(message: "\(path): reading failed (\(String(cString: strerror(errno))))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// How many line feeds `bytes` holds: about the rows of a CSV file, to size tables up front.
    static func lineFeeds(in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard var cursor = UnsafeRawPointer(buffer.baseAddress) else { return 0 }
            let end = cursor + buffer.count
            var count = 0
            while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                count += 1
                cursor = UnsafeRawPointer(found) + 1
            }
            return count
        }
    }
}
