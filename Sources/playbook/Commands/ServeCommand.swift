import ArgumentParser
import Foundation
import PlaybookPostgres
import PlaybookServer
import PlaybookStore

/// `playbook serve` (SPEC §9): the web app for sellers' phones and the lead's desk.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve today's actions, customer files, the report and the playbooks on the web.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var playbooks: PlaybooksOptions

    @Option(help: "Where to listen, HOST:PORT (default 127.0.0.1:8080: this machine only).")
    var listen: String = "127.0.0.1:8080"

    func validate() throws {
        guard Self.address(listen) != nil else {
            throw ValidationError("--listen takes HOST:PORT, such as 127.0.0.1:8080")
        }
    }

    /// The host and port of `HOST:PORT`.
    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        let host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func run() throws {
        guard let (host, port) = Self.address(listen) else { return }
        // Opened once now, so a wrong path or URL is said before the server starts.
        _ = try database.open()
        let options = database
        // SQLite has one writer: the app's writes queue in the server rather than at the file.
        let server = WebServer(playbooks: playbooks.playbooks, serialWrites: !PostgresURL.isURL(options.path)) {
            guard let backend = try options.open() as? any WebBackend else {
                throw StoreError(message: "\(options.display) keeps no accounts")
            }
            return backend
        }
        FileHandle.standardError.write(
            Data("serving \(database.display) on http://\(listen)/ (add accounts with `playbook user add`)\n".utf8))
        try WaitForServer.run { try await server.run(host: host, port: port) }
    }
}

/// Runs the server's async loop from the synchronous command and waits until it stops.
enum WaitForServer {
    private final class Box: @unchecked Sendable {  // written by the task before it signals
        var error: Error?
    }

    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await body() } catch { box.error = error }
            done.signal()
        }
        done.wait()
        if let error = box.error { throw error }
    }
}
