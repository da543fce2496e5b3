import Foundation
import PlaybookCore
import PlaybookStore
import Testing

/// The listing table: a rerun lists customers it does not evaluate from storage, and its JSONL,
/// written straight from the stored bytes, must equal what the evaluation listed.
struct ListingTableTests {
    @Test func rerunFromStorageWritesTheSameJSONLAsTheEvaluation() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let database = try workspace.database()
        let files: [ImportTable: String] = [
            .customers: try workspace.write(
                "c.csv", "id,name,tier,created_at\nC1,\"王\"\"小\\美\n第二行\",vip,2026-01-05\nC2,林大明,regular,2026-01-05\n"),
            .orders: try workspace.write(
                "o.csv",
                """
                id,customer_id,sku,quantity,ordered_at,shipped_at,delivered_at,tracking_no
                O1,C1,cleanser,1,2026-11-20 10:00,2026-11-21,,
                O2,C2,toner,1,2026-11-18 10:00,2026-11-19,2026-11-20,TW9

                """),
            .events: try workspace.write("e.csv", "id,customer_id,kind,at\nE1,C2,complaint,2026-11-22 09:00\n"),
        ]
        for table in ImportTable.allCases {
            _ = try Importer(database: database).importFile(
                files[table] ?? "", into: table, skipBadRows: false, now: Instant(seconds: 0))
        }
        let graph = try TempWorkspace.shippedGraph()
        let service = RunService(database: database, graph: graph)
        let options = RunService.Options(asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23)))
        let evaluated = try service.run(options).actions.map(\.jsonLine).joined()
        var stored: [UInt8] = []
        let rerun = try service.run(options) { stored += $0 }
        #expect(rerun.customers == 0, "the rerun evaluates nobody: it lists from storage")
        #expect(String(decoding: stored, as: UTF8.self) == evaluated)
        #expect(evaluated.contains(#""status":"waiting","missing":["order.tracking_no"]"#))
        #expect(evaluated.contains(#""order":null"#))
        #expect(evaluated.contains(#"王\"小\\美\n第二行"#))
    }

    /// A stored line is kept only while everything it is made of is unchanged: editing a message,
    /// a playbook's vars or a customer's name shows in the next run, for customers listed from storage too.
    @Test func editedMessagesVarsAndNamesShowAtOnce() throws {
        let (workspace, database, _) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let folder = workspace.directory.appendingPathComponent("playbooks")
        try FileManager.default.copyItem(
            at: TempWorkspace.packageRoot.appendingPathComponent("playbooks"), to: folder)
        func run() throws -> String {
            let graph = try ProjectLoader.load(paths: [folder.path]).graph
            let service = RunService(database: database, graph: graph)
            let options = RunService.Options(
                asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23)))
            var stored: [UInt8] = []
            _ = try service.run(options) { stored += $0 }
            return String(decoding: stored, as: UTF8.self)
        }
        let before = try run()
        #expect(before.contains("大約在一週後會用完") && before.contains("小美保養"))
        let file = folder.appendingPathComponent("repurchase.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "大約在一週後會用完", with: "下週就會用完").replacingOccurrences(of: "小美保養", with: "小美商店")
            .write(to: file, atomically: true, encoding: .utf8)
        let edited = try run()
        #expect(!edited.contains("大約在一週後會用完") && edited.contains("下週就會用完") && edited.contains("小美商店"))
        let customer = try #require(edited.split(separator: "\n").first { $0.contains("下週就會用完") })
        let name = try #require(customer.firstMatch(of: /"customer_name":"([^"]+)"/)?.1)
        let id = try #require(customer.firstMatch(of: /"customer":"([^"]+)"/)?.1)
        _ = try Importer(database: database).importFile(
            try workspace.write("rename.csv", "id,name,tier,created_at\n\(id),改名測試,regular,2025-01-01\n"),
            into: .customers, skipBadRows: false, now: Instant(seconds: 0))
        let renamed = try run()
        #expect(renamed.contains("改名測試") && !renamed.contains("\"customer_name\":\"\(name)\""))
        #expect(try run() == renamed, "a rerun lists the same lines from storage")
    }
}
