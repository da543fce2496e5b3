import Foundation
import Testing

/// SPEC §5 and §7: data never attacks the reader, in a spreadsheet or a terminal, and lint's
/// output stays bounded on hostile files.
struct OutputSafetyCLITests {
    /// A database whose only customer's name holds a formula, an escape sequence and a CR LF.
    static func hostileDatabase(_ directory: URL) throws -> String {
        let db = directory.appendingPathComponent("hostile.sqlite").path
        let customers = directory.appendingPathComponent("c.csv")
        try Data("id,name,created_at\nC1,\"=HYPERLINK(\"\"x\"\")\u{1B}[2J\r\nevil\",2026-01-01\n".utf8).write(
            to: customers)
        let orders = directory.appendingPathComponent("o.csv")
        try Data("id,customer_id,sku,ordered_at\nO1,C1,cleanser,2026-11-20\n".utf8).write(to: orders)
        #expect(try CLIRunner.run(["import", "customers", customers.path, "--db", db]).status == 0)
        #expect(try CLIRunner.run(["import", "orders", orders.path, "--db", db]).status == 0)
        return db
    }

    @Test func csvCellsNeverRunAsFormulasAndLineBreaksStayInTheirCell() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.hostileDatabase(directory)
        let csv = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "csv"]).stdout
        #expect(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\u{1B}[2J\r\nevil\","), "\(csv)")
        #expect(!csv.contains(",=HYPERLINK"))
        // A reader sees one record per action and the header: line breaks inside quotes stay in their cell.
        var records = 0
        var quoted = false
        for scalar in csv.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == "\n" && !quoted { records += 1 }
        }
        let jsonl = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--format", "jsonl"]).stdout
        #expect(records == 1 + jsonl.split(separator: "\n").count)
    }

    @Test func theTableEscapesControlCharacters() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.hostileDatabase(directory)
        let table = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23"]).stdout
        #expect(!table.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" })
        #expect(table.contains("\\u{1B}[2J"))
    }

    @Test func lintQuotesABoundedExcerptOfALongLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("long.yaml")
        let junk = (0..<400).map { "k\($0): \"{{nope\($0)}}\"" }.joined(separator: ", ")
        try Data("playbook: long\nvars: { \(junk) }\n".utf8).write(to: file)
        let output = try CLIRunner.run(["lint", file.path])
        #expect(output.status == 1)
        let quoted = output.stdout.split(separator: "\n").filter { $0.hasPrefix("  | ") }
        #expect(!quoted.isEmpty)
        #expect(quoted.allSatisfy { $0.count < 140 }, "excerpts are bounded")
    }

    @Test func anOversizedPlaybookIsRefusedBeforeItIsRead() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 5 << 30)
        try handle.close()
        let output = try CLIRunner.run(["lint", file.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("yaml-too-large"))
    }
}
