import Foundation
import Testing

/// The demo (`make demo`, scripts/demo.sh): a seller's Monday morning on a shop's data, the list
/// fitted to terminals of several widths, the summary in words and the customer's file. Golden
/// files under Snapshots/; README shows the 100-column list and must match it.
struct MorningDemoCLITests {
    /// The demo database after Sunday's list was worked through and Monday's run recorded, with
    /// what the script printed.
    static func morning() throws -> (directory: URL, db: String, output: CLIRunner.Output) {
        let directory = try CLIRunner.temporaryDirectory()
        let db = directory.appendingPathComponent("demo.sqlite").path
        let output = try CLIRunner.script("scripts/demo.sh", [CLIRunner.binary.path, db, "100"])
        #expect(output.status == 0, "\(output.stderr)")
        return (directory, db, output)
    }

    @Test func theMorningListMatchesItsSnapshotAndTheReadme() throws {
        let (directory, _, output) = try Self.morning()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CLIRunner.matchesSnapshot(output.stdout, "morning-demo.text"))
        let summary = "10 actions: 1 overdue, 8 today, 1 waiting (for order.tracking_no 1); recorded 9 new, withdrew 0"
        #expect(output.stderr.hasSuffix(summary + "\n"), "\(output.stderr)")
        let heading = "— Monday 2026-11-23: the morning list —\n"
        let monday = try #require(output.stdout.components(separatedBy: heading).last)
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```text\n" + monday + summary + "\n```"), "README shows the demo's list as it is")
        for line in monday.split(separator: "\n") {
            #expect(DisplayColumns.of(String(line)) <= 100, "wider than 100 columns: \(line)")
        }
    }

    @Test func theListFitsEachWidth() throws {
        let (directory, db, _) = try Self.morning()
        defer { try? FileManager.default.removeItem(at: directory) }
        for width in [80, 120, 160] {
            let output = try CLIRunner.run(
                ["run", "--db", db, "--as-of", "2026-11-23", "--dry-run", "--width", "\(width)"])
            #expect(output.status == 0)
            #expect(CLIRunner.matchesSnapshot(output.stdout, "morning-\(width).table"), "width \(width) differs")
            for line in output.stdout.split(separator: "\n") {
                #expect(DisplayColumns.of(String(line)) <= width, "wider than \(width): \(line)")
            }
        }
        let piped = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-23", "--dry-run"])
        #expect(piped.stdout.contains("陳怡君 您好，您訂購的保濕化妝水已經寄出囉！單號 ，預計 1～2 天到貨。"), "piped: whole messages")
    }

    @Test func theSummaryCountsWhatExpiredUnseenSinceTheLastRun() throws {
        let (directory, db, _) = try Self.morning()
        defer { try? FileManager.default.removeItem(at: directory) }
        let late = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-28"])
        #expect(late.status == 0)
        #expect(
            late.stderr.hasSuffix(
                "; 3 expired unseen since the last run (as of 2026-11-23)\n"), "\(late.stderr)")
        let again = try CLIRunner.run(["run", "--db", db, "--as-of", "2026-11-28"])
        #expect(!again.stderr.contains("expired unseen"), "a rerun the same day saw them all already")
    }

    @Test func theCustomersFileMatchesItsSnapshots() throws {
        let (directory, db, _) = try Self.morning()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try CLIRunner.run(["customer", "M08", "--db", db, "--as-of", "2026-11-23"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(CLIRunner.matchesSnapshot(text.stdout, "customer-M08.text"))
        let json = try CLIRunner.run(["customer", "M08", "--db", db, "--as-of", "2026-11-23", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(CLIRunner.matchesSnapshot(json.stdout, "customer-M08.json"))
    }

    @Test func everyCommandShowsItsHelp() throws {
        for command in [
            "lint", "run", "test", "graph", "simulate", "explain", "schema", "import", "done", "skip", "log",
            "customer", "customers", "report", "db", "user", "serve",
        ] {
            let output = try CLIRunner.run([command, "--help"])
            #expect(output.status == 0, "\(command) --help: \(output.stderr)")
            #expect(output.stdout.hasPrefix("OVERVIEW: "), "\(command) --help")
        }
    }
}

/// Terminal columns of a line: CJK and emoji count two.
enum DisplayColumns {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            let zero = (0x0300...0x036F).contains(value) || value == 0x200D || (0xFE00...0xFE0F).contains(value)
            return total + (zero ? 0 : wide ? 2 : 1)
        }
    }
}
