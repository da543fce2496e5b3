import Foundation
import Logging
import NIOCore
import NIOSSL
import PlaybookStore
import PostgresNIO

/// One connection to the team database, used from the command line's synchronous code: each call
/// runs its async body on the connection and waits for it (a command does one thing at a time).
final class PostgresConnector: @unchecked Sendable {  // the connection is used by one call at a time
    let url: PostgresURL
    let connection: PostgresConnection
    let logger: Logger

    /// Connects, or throws a sentence naming the server (never the password).
    init(url: PostgresURL) throws {
        self.url = url
        var quiet = Logger(label: "playbook.postgres")
        quiet.logLevel = .critical
        let logger = quiet
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer, .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                throw StoreError(message: "cannot set up TLS for \(url): \(error)")
            }
            tls = url.sslMode == .require ? .require(context) : .prefer(context)
        }
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls
        )
        do {
            connection = try Blocking.wait {
                try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            }
        } catch {
            throw StoreError(
                message: "cannot connect to PostgreSQL at \(url): \(Self.reason(error)); check the URL, that the "
                    + "server runs and accepts this user, and the password (in the URL or PGPASSWORD)")
        }
    }

    deinit {
        let connection = self.connection
        _ = try? Blocking.wait { try await connection.close() }
    }

    /// Runs `body` with the connection and waits for its result; server errors become sentences.
    func perform<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws -> T {
        let (connection, logger, url) = (self.connection, self.logger, self.url)
        do {
            return try Blocking.wait { try await body(connection, logger) }
        } catch let error as PSQLError {
            throw Self.explaining(error, url: url)
        }
    }

    /// A sentence for a server error: a lock waited for too long, a lost connection, or the server's words.
    static func explaining(_ error: PSQLError, url: PostgresURL) -> StoreError {
        let state = error.serverInfo?[.sqlState]
        switch state {
        case "55P03", "57014":
            return StoreError(
                message: "the team database \(url) is busy (another seller's command held what this one needs for "
                    + "more than 10 s); nothing was changed. Try again in a moment")
        case "40001", "40P01":
            return StoreError(
                message: "the team database \(url) was changed by another command at the same time; "
                    + "nothing was changed. Run the command again")
        default:
            return StoreError(message: "the team database \(url) failed: \(reason(error)); nothing was changed")
        }
    }

    /// The server's message, or a short description of a connection problem.
    static func reason(_ error: Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// Waits for async work from synchronous code (the command line's), on a task of its own.
enum Blocking {
    private final class Box<T>: @unchecked Sendable {  // written once by the task, read after the signal
        var result: Result<T, Error>?
    }

    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw StoreError(message: "the database call ended without a result") }
        return try result.get()
    }
}
