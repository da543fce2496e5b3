import Foundation
import PlaybookCore
import Testing

/// The team file is linted like a playbook: every problem, each with its line and column.
struct TeamFileLintTests {
    @Test func everyProblemOfTheTeamFileIsReportedWhereItIs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("team-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let team = """
            timezone: Mars/Olympus
            max_per_customer_per_day: 0
            customer_attributes: [city, phone, city]
            """
        try team.write(to: directory.appendingPathComponent("team.yaml"), atomically: true, encoding: .utf8)
        let result = try ProjectLoader.load(paths: [directory.path])
        let found = result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule) \($0.message)" }
        #expect(
            found == [
                "1:11 invalid-timezone 'Mars/Olympus' is not an IANA time zone",
                "2:27 invalid-value max_per_customer_per_day must be at least 1",
                "3:29 invalid-value 'phone' is a core customer field, not a custom attribute",
                "3:36 invalid-value custom attribute 'city' is listed twice",
            ])
    }

    /// SPEC §7: `import:` and `columns:` are checked where they are written.
    @Test func importSettingsAndColumnMappingsAreChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("team-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let team = """
            customer_attributes: [city]
            import: { encoding: latin1, date_order: ymd }
            columns:
              customers: { 客戶編號: id, 城市: city, 電話: phone, 手機: phone }
              orders: { 品項: skew }
              invoices: { 號碼: id }
            """
        try team.write(to: directory.appendingPathComponent("team.yaml"), atomically: true, encoding: .utf8)
        let result = try ProjectLoader.load(paths: [directory.path])
        let found = result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.rule)" }
        #expect(
            found == [
                "2:21 invalid-value", "2:41 invalid-value", "4:51 duplicate-column", "5:17 unknown-column",
                "6:3 unknown-key",
            ])
        let good = """
            import: { encoding: BIG5, date_order: mdy }
            columns: { orders: { " 品項 ": sku } }
            """
        try good.write(to: directory.appendingPathComponent("team.yaml"), atomically: true, encoding: .utf8)
        let settings = try ProjectLoader.load(paths: [directory.path]).graph.team.importSettings
        #expect(settings.encoding == .big5 && settings.dateOrder == .mdy)
        #expect(settings.columns["orders"] == ["品項": "sku"])
    }
}

/// What a playbooks folder holds besides playbooks: hidden folders, a second team file, a file
/// that cannot be read.
struct PlaybooksFolderTests {
    @Test func hiddenFoldersAreSkippedAndASecondTeamFileIsAnError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: directory.appendingPathComponent(".archive"), withIntermediateDirectories: true)
        try manager.createDirectory(at: directory.appendingPathComponent("old"), withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: directory) }
        let rule = try #require(LintRules.all.first { $0.id == "duplicate-playbook-id" })
        for path in ["a.yaml", ".archive/a.yaml", ".hidden.yaml"] {
            try rule.triggering.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try "timezone: Asia/Taipei\n".write(
            to: directory.appendingPathComponent("team.yaml"), atomically: true, encoding: .utf8)
        try "timezone: UTC\n".write(
            to: directory.appendingPathComponent("old/team.yaml"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(
            atPath: directory.appendingPathComponent("gone.yaml").path, withDestinationPath: "/nonexistent")
        let result = try ProjectLoader.load(paths: [directory.path])
        #expect(result.graph.playbooks.map(\.id) == ["demo"], "the hidden copies are not read")
        #expect(result.graph.team.zone.identifier == "Asia/Taipei")
        let found = result.diagnostics.map { "\(($0.location.file as NSString).lastPathComponent) \($0.rule)" }
        #expect(found == ["gone.yaml io-error", "team.yaml duplicate-team-file"])
    }
}
