import Foundation
import Testing

/// SPEC §7 on the built binary: the same customers exported four ways (UTF-8 with a BOM and CRLF,
/// Big5, GB18030, Excel's "Unicode text") and an orders export with the shop's dates and amounts,
/// read with the team file's column names (Fixtures/shop).
struct ShopExportCLITests {
    static let fixtures = "Tests/PlaybookCLITests/Fixtures/shop"

    /// The stored profile of a customer, without the import time.
    static func profile(_ id: String, db: String) throws -> [String: String] {
        let output = try CLIRunner.run([
            "customer", id, "--db", db, "--playbooks", "\(fixtures)/pb", "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let customer = try #require(object["customer"] as? [String: Any])
        var result: [String: String] = [:]
        for (key, value) in customer where key != "created_at" && key != "tags" { result[key] = "\(value)" }
        return result
    }

    @Test(
        arguments: [
            ("customers-utf8.csv", nil), ("customers-big5.csv", "big5"), ("customers-gb18030.csv", "gb18030"),
            ("customers-unicode.txt", nil),
        ] as [(String, String?)])
    func everyEncodingGivesTheSameCustomers(_ file: String, _ encoding: String?) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("shop.sqlite").path
        let imported = try CLIRunner.run(
            ["import", "customers", "\(Self.fixtures)/\(file)", "--db", db, "--playbooks", "\(Self.fixtures)/pb"]
                + (encoding.map { ["--encoding", $0] } ?? []))
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "imported 3 customers rows from \(Self.fixtures)/\(file)\n")
        #expect(
            try Self.profile("C1", db: db) == [
                "id": "C1", "name": "王小明", "phone": "0912000111", "birthday": "05-20", "owner": "S01", "tier": "vip",
                "opted_out": "0", "city": "台北", "line_id": "<null>", "wechat_id": "<null>", "email": "<null>",
            ])
        let c2 = try Self.profile("C2", db: db)
        #expect([c2["birthday"], c2["tier"], c2["opted_out"]] == ["05-20", "regular", "1"])
        #expect(try Self.profile("C3", db: db)["birthday"] == "1990-02-03")
    }

    @Test func aFileInAnotherEncodingNamesIt() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("shop.sqlite").path
        let output = try CLIRunner.run([
            "import", "customers", "\(Self.fixtures)/customers-big5.csv", "--db", db, "--playbooks",
            "\(Self.fixtures)/pb",
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("it looks like Big5"))
        #expect(output.stderr.contains("--encoding big5"))
    }

    @Test func shopDatesAndAmountsAreStoredInTheirCanonicalForm() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("shop.sqlite").path
        let team = ["--db", db, "--playbooks", "\(Self.fixtures)/pb"]
        #expect(try CLIRunner.run(["import", "customers", "\(Self.fixtures)/customers-utf8.csv"] + team).status == 0)
        let orders = try CLIRunner.run(["import", "orders", "\(Self.fixtures)/orders-shop.csv"] + team)
        #expect(orders.status == 0, "\(orders.stderr)")
        #expect(orders.stderr.contains("ignored the column '備註'"))
        let file = try CLIRunner.run(["customer", "C1", "--format", "json"] + team)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(file.stdout.utf8)) as? [String: Any])
        let lines = try #require(object["orders"] as? [[String: Any]])
        let summary = lines.map {
            "\($0["id"] ?? ""):\($0["ordered_at"] ?? ""):\($0["shipped_at"] ?? ""):\($0["amount"] ?? "")"
        }
        #expect(
            summary.sorted() == [
                "O1:2026-09-03:2026-09-04T09:05:00:1280", "O3:2026-09-15:2026-09-16T10:00:00:640.50",
            ])
        let c3 = try CLIRunner.run(["customer", "C3", "--format", "json"] + team).stdout
        #expect(c3.contains("\"ordered_at\":\"2026-09-10\"") && c3.contains("\"amount\":\"640\""))
        #expect(c3.contains("\"shipped_at\":\"2026-09-11T14:30:00\""))

        let withoutOrder = directory.appendingPathComponent("pb")
        try FileManager.default.createDirectory(at: withoutOrder, withIntermediateDirectories: true)
        try Data(
            "columns:\n  orders: { 訂單編號: id, 客戶編號: customer_id, 品項: sku, 數量: quantity, 訂購日: ordered_at }\n".utf8
        ).write(to: withoutOrder.appendingPathComponent("team.yaml"))
        let ambiguous = try CLIRunner.run([
            "import", "orders", "\(Self.fixtures)/orders-shop.csv", "--db", db, "--playbooks", withoutOrder.path,
        ])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr.contains("orders-shop.csv:4: column 'ordered_at': '9/15/2026' puts the year last"))
    }
}
