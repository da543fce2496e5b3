import Foundation
import PlaybookStore

/// A `--db` value naming a PostgreSQL database (SPEC §6):
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require]`, also
/// `postgresql://`; the password may come from `PGPASSWORD` instead. The password is kept out of
/// every description.
public struct PostgresURL: Sendable, CustomStringConvertible {
    /// TLS as libpq's `sslmode` names it (`prefer` and `require` encrypt without verifying the
    /// server's certificate, as libpq does; the default is `prefer`).
    public enum SSLMode: String, Sendable { case disable, prefer, require }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    /// True when `text` is a PostgreSQL URL rather than a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a URL, taking the password from `environment["PGPASSWORD"]` when the URL has none.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let redacted = Self.redact(text)
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw StoreError(
                message: "'\(redacted)' is not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(message: "'\(redacted)' names no user; write postgres://USER@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw StoreError(message: "'\(redacted)' names no database; write postgres://USER@HOST:PORT/DATABASE")
        }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        sslMode = .prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw StoreError(message: "'\(redacted)': unknown parameter '\(item.name)'; only sslmode is read")
            }
            guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                throw StoreError(message: "'\(redacted)': sslmode takes disable, prefer or require")
            }
            sslMode = mode
        }
    }

    /// `postgres://user@host:port/database`, never the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// The text with any password between `:` and `@` replaced by `***`.
    public static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards) else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }
}
