import Foundation
import GRDB
import PlaybookStore
import Testing

/// Opening a file that is not ours, or that a newer playbook migrated, stops with a clear message
/// and changes nothing in it.
struct DatabaseOpeningTests {
    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let path = try workspace.write("customers.sqlite", "id,name\nC1,王小美\n")
        let error = #expect(throws: StoreError.self) { try PlaybookDatabase(path: path) }
        #expect(error?.message.contains("is not a playbook database") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "id,name\nC1,王小美\n")
    }

    @Test func aDatabaseOfANewerPlaybookIsRefused() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        try DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        let error = #expect(throws: StoreError.self) { try PlaybookDatabase(path: database.path) }
        #expect(error?.message.contains("written by a newer version of playbook") == true)
    }

    /// While another program writes through the rollback journal (as an import does), putting the
    /// file in WAL mode is refused at once; opening waits for it instead of failing.
    @Test func openingWaitsWhileAnotherProgramWritesThroughTheJournal() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let path = try workspace.database().path
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None)
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("CREATE TABLE held (x)")
            print("held", flush=True)
            time.sleep(1)
            connection.execute("COMMIT")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { process.waitUntilExit() }
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("held"))
        let database = try PlaybookDatabase(path: path)
        #expect(
            try DatabaseQueue(path: database.path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM held") } == 0)
    }
}
