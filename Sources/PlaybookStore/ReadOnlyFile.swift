import Foundation
import GRDB

/// What a database that may not be written needs: knowing it is one, refusing a file that would
/// have to be created or upgraded, and a scratch copy for a rehearsal (`run --dry-run`).
enum ReadOnlyFile {
    /// Whether the file (when it exists) and its folder (for SQLite's `-wal` and `-shm` files) may
    /// be written by this process: permissions, and a file system mounted read-only.
    static func isWritable(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0 { return false }
        return access(folder, W_OK) == 0
    }

    /// A database opened for reading only must exist: it cannot be created.
    static func checkExists(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size > 0 else {
            throw StoreError(
                message: "there is no database at \(path), and its folder may not be written to create one; "
                    + "check the --db path")
        }
    }

    /// A file an older playbook wrote is upgraded when first opened with write permission.
    static func checkMigrated(_ db: Database, migrator: DatabaseMigrator, path: String) throws {
        guard try migrator.hasCompletedMigrations(db) else {
            throw StoreError(
                message: "\(path) was written by an older version of playbook and must be upgraded, which "
                    + "needs write permission; run any command once with write permission to the file and its folder")
        }
    }

    /// Opens the file for reading only. With no write-ahead log beside it (every write copied into
    /// the file) it is opened as immutable: read without locks and without SQLite's `-shm` file,
    /// which a reader would otherwise create (and leave, owned by whoever read) or fail to create
    /// in a folder that may not be written. With a log, reading needs that `-shm` file.
    static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        if hasLog(path) { return try DatabasePool(path: plainName(path), configuration: configuration) }
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        return try DatabasePool(path: "file:\(escaped)?immutable=1", configuration: configuration)
    }

    /// Whether a write-ahead log with content lies beside the file.
    private static func hasLog(_ path: String) -> Bool {
        var status = stat()
        return stat(path + "-wal", &status) == 0 && status.st_size > 0
    }

    /// The name to give SQLite for the file at `path`: one starting with `file:` would be read as a URI.
    static func plainName(_ path: String) -> String {
        path.hasPrefix("file:") ? "./" + path : path
    }

    /// Runs `body` on a copy of `source` in a temporary file, deleted afterwards.
    static func withScratchCopy<T>(of source: DatabasePool, _ body: (Database) throws -> T) throws -> T {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("playbook-rehearsal-\(ProcessInfo.processInfo.processIdentifier)-\(UUID()).sqlite")
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: scratch.path + suffix)
            }
        }
        let copy = try DatabaseQueue(path: scratch.path)
        try source.backup(to: copy)
        return try copy.writeWithoutTransaction(body)
    }
}
