import Foundation
import PlaybookCore
import PlaybookStore

/// Temporary databases and files for store tests.
struct TempWorkspace {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("playbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A new database in the workspace.
    func database(_ name: String = "test.sqlite") throws -> PlaybookDatabase {
        try PlaybookDatabase(path: directory.appendingPathComponent(name).path)
    }

    /// Writes a file and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped playbooks, compiled.
    static func shippedGraph() throws -> RuleGraph {
        try ProjectLoader.load(paths: [packageRoot.appendingPathComponent("playbooks").path]).graph
    }

    /// A workspace with the demo data imported, and the shipped playbooks; remove it when done.
    static func demo() throws -> (TempWorkspace, PlaybookDatabase, RuleGraph) {
        let workspace = try TempWorkspace()
        let database = try workspace.database()
        try importDemo(into: database)
        return (workspace, database, try shippedGraph())
    }

    /// Imports the demo CSVs.
    static func importDemo(into database: PlaybookDatabase) throws {
        let importer = Importer(database: database)
        for table in ImportTable.allCases {
            let path = packageRoot.appendingPathComponent("examples/demo/\(table.rawValue).csv").path
            _ = try importer.importFile(path, into: table, skipBadRows: false, now: Instant(seconds: 0))
        }
    }
}
