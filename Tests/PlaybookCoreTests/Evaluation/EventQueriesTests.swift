import PlaybookCore
import Testing

/// `open(kind)` (SPEC §3.3): an event of that kind with no strictly later `<kind>_resolved`, as
/// visible at T.
struct EventQueriesTests {
    @Test(
        arguments: [
            ([], false), (["complaint 09:00"], true), (["complaint 09:00", "complaint_resolved 10:00"], false),
            (["complaint_resolved 08:00", "complaint 09:00"], true),
            (["complaint 09:00", "complaint_resolved 09:00"], true),
            (["complaint 09:00", "complaint_resolved 13:00"], true), (["complaint 13:00"], false),
            (["complaint 08:00", "complaint_resolved 09:00", "complaint 10:00"], true),
            (["complaint 10:00", "complaint_resolved 11:00", "complaint 08:00"], false), (["reply 09:00"], false),
            // Only exactly `complaint_resolved` resolves.
            (["complaint 09:00", "complaint_resolved_resolved 10:00"], true),
            (["complaint 09:00", "other_complaint_resolved 10:00"], true),
            (["complaint 09:00", "complaint_resolvedx 10:00"], true),
            (["complaint 09:00", "_resolved 10:00"], true),
        ])
    func openMeansNoLaterResolution(_ events: [String], _ expected: Bool) throws {
        let zone = try #require(Zone(identifier: "Asia/Taipei"))
        let asOf = try #require(Timestamp(parsing: "2026-11-10 12:00")).instant(in: zone)
        let parsed = try events.enumerated().map { index, text in
            let parts = text.split(separator: " ")
            let at = try #require(Timestamp(parsing: "2026-11-10 " + parts[1]))
            return CustomerEvent(id: "E\(index)", customerID: "C1", kind: String(parts[0]), at: at)
        }
        #expect(EventQueries.isOpen("complaint", in: parsed, zone: zone, asOf: asOf) == expected)
    }
}
