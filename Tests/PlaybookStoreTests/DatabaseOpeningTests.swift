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
}
