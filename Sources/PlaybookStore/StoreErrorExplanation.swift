import Foundation
import GRDB

extension StoreError {
    /// The database this process opened last, named in explanations of errors raised later.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var openedPath: String?

    /// Remembers the path of the database being opened.
    static func opening(_ path: String) { lock.withLock { openedPath = path } }

    /// One sentence for any error a command can meet: SQLite's result codes become what happened to
    /// which file and what to do (a full disk, a read-only file, a damaged file), never SQL text.
    public static func explaining(_ error: Error) -> StoreError {
        if let error = error as? StoreError { return error }
        let path = lock.withLock { openedPath } ?? "the database"
        if let error = error as? DatabaseError { return explaining(error, path: path) }
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain {
            let file = (nsError.userInfo[NSFilePathErrorKey] as? String).map { " (\($0))" } ?? ""
            return StoreError(
                message: "a file could not be read or written\(file): \(nsError.localizedDescription); "
                    + "check that the folder exists, is writable and that the disk has room (TMPDIR too)")
        }
        return StoreError(message: "\(error)")
    }

    /// Whether ``explaining(_:)`` has words for `error`: a store error, an SQLite error or a file
    /// system error. Other errors (the argument parser's, asking for help) are not the store's.
    public static func canExplain(_ error: Error) -> Bool {
        error is StoreError || error is DatabaseError || (error as NSError).domain == NSCocoaErrorDomain
    }

    /// The sentence for one SQLite error on the file at `path`.
    static func explaining(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError(
                message: "the disk holding \(path) is full; nothing was changed. Free some space and run the "
                    + "command again")
        case .SQLITE_READONLY:
            return StoreError(
                message: "\(path) cannot be written (a read-only file or folder); nothing was changed. Give "
                    + "write permission to the file and its folder, or use --dry-run to only look")
        case .SQLITE_CANTOPEN:
            return StoreError(
                message: "cannot open \(path): the folder does not exist or may not be written, or the file "
                    + "may not be read; check the --db path and the permissions")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return damaged(path, detail: "SQLite reports it malformed")
        case .SQLITE_IOERR:
            return StoreError(
                message: "reading or writing \(path) failed (an I/O error: a full disk, a removed drive or a "
                    + "network folder that went away); nothing was changed. Check the disk and run again")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                message: "the database \(path) is locked by another program for more than 10 s; "
                    + "wait for the other playbook command to finish and try again")
        case .SQLITE_TOOBIG:
            return StoreError(message: "a value is too large to store in \(path) (SQLite takes at most 1 GB)")
        default:
            if let message = error.message, message.hasPrefix("no such table") || message.hasPrefix("no such column") {
                return damaged(path, detail: "its schema was changed by hand (\(message))")
            }
            return StoreError(
                message: "the database \(path) failed (SQLite error \(error.resultCode.rawValue): "
                    + "\(error.message ?? "unknown")); nothing was changed")
        }
    }

    /// The error of a damaged file: what was found and how to restore it.
    static func damaged(_ path: String, detail: String) -> StoreError {
        StoreError(
            message: "\(path) is damaged (\(detail)); nothing was written to it. Restore a backup: put the copy "
                + "in place and delete any \(path)-wal, -shm and -journal beside it (README, Backups)")
    }
}
