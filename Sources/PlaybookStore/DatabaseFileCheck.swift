import Foundation

/// Looks at a database file before SQLite opens it, so that neither a special file (`/dev/null`,
/// a folder), a file of another kind nor a truncated database is opened and written to.
enum DatabaseFileCheck {
    /// SQLite's file header starts with these 16 bytes.
    private static let magic = Array("SQLite format 3\0".utf8)

    /// Throws a ``StoreError`` naming the problem of the file at `path`; a missing or empty file
    /// passes (it becomes a new database).
    static func check(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(
                message: "\(path) is not a regular file (a folder, a device or a pipe); pass --db with the path of "
                    + "a database file, such as playbook.sqlite")
        }
        let size = Int(status.st_size)
        guard size > 0 else { return }
        guard let header = readHeader(path) else {
            throw StoreError(message: "\(path) cannot be read; check its permissions")
        }
        guard header.count >= 100, Array(header.prefix(16)) == magic else {
            throw StoreError(
                message: "\(path) is not a playbook database (it is not an SQLite file); nothing was written to "
                    + "it. Check the --db path (default: playbook.sqlite in this folder)")
        }
        // The page size (1 means 65,536) and, when valid (its change counter matches), the page count.
        let pageSize = Int(header[16]) << 8 | Int(header[17])
        let bytesPerPage = pageSize == 1 ? 65536 : pageSize
        let pages = bigEndian(header, at: 28)
        let counterValid = bigEndian(header, at: 24) == bigEndian(header, at: 92)
        if counterValid && pages > 0 && size < pages * bytesPerPage {
            throw StoreError.damaged(
                path, detail: "the file is \(size) bytes but its header says \(pages * bytesPerPage): it was cut short")
        }
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func readHeader(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, 100) }
        guard count >= 0 else { return nil }
        return Array(header.prefix(count))
    }
}
