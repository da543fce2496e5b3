import Foundation
import GRDB
import PlaybookCore
import PlaybookStore
import Testing

/// The next-check index must never change what a run records or lists: two databases get the same
/// random history (imports, done, skip, replies, complaints, opt-outs, future-dated data), one
/// run with the index (in batches of 7 customers) and one evaluating every customer every day in one
/// batch, and their outputs are compared.
struct NextCheckIndexTests {
    /// A small deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static func csv(_ random: inout Random, customers: Int) -> (String, String, String) {
        var customersCSV = "id,name,tier,birthday,created_at\n"
        var orders = "id,customer_id,sku,quantity,ordered_at,shipped_at,delivered_at,tracking_no\n"
        var events = "id,customer_id,kind,at\n"
        let start = LocalDate(year: 2026, month: 3, day: 1)
        let skus = ["cleanser", "toner", "cream", "serum"]
        var orderID = 0
        for index in 0..<customers {
            let created = start.adding(days: random.next(120))
            let tier = ["regular", "vip", "potential"][random.next(3)]
            let birthday = LocalDate(year: 2000, month: 1 + random.next(12), day: 1 + random.next(28))
            customersCSV += "K\(index),客\(index),\(tier),\(String(birthday.description.dropFirst(5))),\(created)\n"
            for _ in 0..<(1 + random.next(3)) {
                orderID += 1
                let ordered = created.adding(days: random.next(200))
                let shipped = ordered.adding(days: 1 + random.next(3))
                let delivered = random.next(5) == 0 ? "" : "\(shipped.adding(days: 1 + random.next(2)))"
                let tracking = random.next(6) == 0 ? "" : "T\(orderID)"
                orders +=
                    "P\(orderID),K\(index),\(skus[random.next(4)]),\(1 + random.next(2)),\(ordered) \(10 + random.next(12)):15,\(shipped),\(delivered),\(tracking)\n"
            }
            for eventIndex in 0..<random.next(4) {
                let at = created.adding(days: random.next(260))
                let kind = ["reply", "reply", "complaint", "complaint_resolved", "opt_out", "reply"][random.next(6)]
                let time = random.next(2) == 0 ? "\(at)" : "\(at) \(10 + random.next(12)):30"
                events += "V\(index)-\(eventIndex),K\(index),\(kind),\(time)\n"
            }
        }
        return (customersCSV, orders, events)
    }

    /// One run of the day.
    struct Run: CustomStringConvertible {
        var asOf: Instant
        var cap: Int?
        var dryRun = false
        var description: String { "run as of \(asOf.seconds) cap \(cap.map(String.init) ?? "-") dry \(dryRun)" }
    }

    @Test func indexedRunsMatchFullRunsDayByDay() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        var random = Random(state: 42)
        let (customers, orders, events) = Self.csv(&random, customers: 60)
        let files = [
            ImportTable.customers: try workspace.write("c.csv", customers),
            .orders: try workspace.write("o.csv", orders), .events: try workspace.write("e.csv", events),
        ]
        let indexed = try workspace.database("indexed.sqlite")
        let full = try workspace.database("full.sqlite")
        for database in [indexed, full] {
            for table in ImportTable.allCases {
                _ = try Importer(database: database).importFile(
                    files[table] ?? "", into: table, skipBadRows: false, now: Instant(seconds: 0))
            }
        }
        let graph = try TempWorkspace.shippedGraph()
        var day = LocalDate(year: 2026, month: 3, day: 1)
        var differences = 0
        var evaluated = [0, 0]
        while day <= LocalDate(year: 2027, month: 3, day: 1) {
            // Some days also get a run at 10:00, a rerun under another cap, or a dry run for the
            // day after; the day's last run is the end-of-day one whose keys the sellers close.
            var runs = [Self.Run(asOf: graph.team.zone.endOfDay(day))]
            if random.next(4) == 0 {
                runs.insert(Self.Run(asOf: graph.team.zone.instant(of: day, secondsIntoDay: 36_000)), at: 0)
            }
            if random.next(6) == 0 { runs.insert(Self.Run(asOf: runs[0].asOf, cap: 1), at: 0) }
            if random.next(6) == 0 {
                runs.insert(Self.Run(asOf: graph.team.zone.endOfDay(day.adding(days: 1)), dryRun: true), at: 0)
            }
            var outputs: [[String]] = []
            for run in runs {
                outputs = []
                for (index, (database, useIndex)) in [(indexed, true), (full, false)].enumerated() {
                    var options = RunService.Options(asOf: run.asOf)
                    options.useIndex = useIndex
                    options.batchSize = useIndex ? 7 : 20_000
                    options.cap = run.cap
                    options.dryRun = run.dryRun
                    let result = try RunService(database: database, graph: graph).run(options)
                    outputs.append(result.actions.map(\.jsonLine))
                    evaluated[index] += result.customers
                }
                if outputs[0] != outputs[1] {
                    differences += 1
                    Issue.record("day \(day), \(run): indexed and full runs differ")
                }
            }
            // The listing table against a listing computed afresh (`--all` lists from the
            // evaluation itself), rehearsed so nothing changes.
            var fresh = RunService.Options(asOf: runs[runs.count - 1].asOf)
            fresh.all = true
            fresh.dryRun = true
            let recomputed = try RunService(database: indexed, graph: graph).run(fresh).actions
                .filter { $0.status == "pending" || $0.status == "waiting" }.map(\.jsonLine)
            if recomputed != outputs[0] {
                differences += 1
                Issue.record("day \(day): the listing table differs from a fresh listing")
            }
            let keys = outputs[0].compactMap { line -> String? in
                guard let start = line.range(of: "\"key\":\"")?.upperBound,
                    let end = line[start...].firstIndex(of: "\"")
                else { return nil }
                return String(line[start..<end])
            }
            let choice = random.next(4)
            let noon = Timestamp.instant(graph.team.zone.instant(of: day, secondsIntoDay: 43_200))
            for database in [indexed, full] {
                let ledger = LedgerService(database: database)
                if choice == 0, !keys.isEmpty {
                    try ledger.close(keys: Array(keys.prefix(3)), as: .done, at: noon)
                } else if choice == 1, let key = keys.last {
                    try ledger.close(keys: [key], as: .skipped, at: noon)
                }
            }
            if random.next(5) == 0 {
                let customer = "K\(random.next(60))"
                for database in [indexed, full] {
                    try LedgerService(database: database).log(customer: customer, kind: "reply", at: noon, note: nil)
                }
            }
            if random.next(7) == 0 {
                // A new order line for one customer, sometimes dated a few days ahead: only they
                // are re-evaluated (the import's triggers mark their index entry due).
                let ordered = day.adding(days: random.next(3))
                let file = try workspace.write(
                    "more.csv",
                    "id,customer_id,sku,quantity,ordered_at\nX\(day),K\(random.next(60)),cleanser,1,\(ordered) 11:00\n")
                for database in [indexed, full] {
                    _ = try Importer(database: database).importFile(
                        file, into: .orders, skipBadRows: false, now: Instant(seconds: 0))
                }
            }
            if random.next(5) == 0 {
                // A renamed customer: same keys, new names and messages in their listing.
                let file = try workspace.write("rename.csv", "id,name\nK\(random.next(60)),新名\(day)\n")
                for database in [indexed, full] {
                    _ = try Importer(database: database).importFile(
                        file, into: .customers, skipBadRows: false, now: Instant(seconds: 0))
                }
            }
            if random.next(6) == 0 {
                // A new customer with an order: the next run evaluates them (a due entry).
                let id = "N\(day)"
                let newCustomer = try workspace.write("new.csv", "id,name,created_at\n\(id),新客\(day),\(day)\n")
                let newOrder = try workspace.write(
                    "new-order.csv", "id,customer_id,sku,quantity,ordered_at\nY\(day),\(id),toner,1,\(day) 09:00\n")
                for database in [indexed, full] {
                    let importer = Importer(database: database)
                    let now = Instant(seconds: 0)
                    _ = try importer.importFile(newCustomer, into: .customers, skipBadRows: false, now: now)
                    _ = try importer.importFile(newOrder, into: .orders, skipBadRows: false, now: now)
                }
            }
            if differences > 3 { break }
            day = day.adding(days: 1)
        }
        #expect(differences == 0)
        #expect(evaluated[0] * 3 < evaluated[1], "the index skips most customers: \(evaluated)")
    }

    /// An `every` step counted from a `step:` anchor moves later when that step is marked done a day
    /// after it was recorded; its next occurrences may then be recorded already under the old
    /// schedule. The index must wait for the first one that is not (found by the day-by-day check:
    /// the customer was skipped past the occurrence's expiry).
    @Test func anEveryStepWhoseNextOccurrencesAreRecordedStillGetsChecked() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        let graph = try Self.graph(
            in: workspace,
            """
            playbook: care
            enroll: { products: [cream] }
            defaults: { channel: line }
            steps:
              - id: habit
                every: 2d
                from: step:first
                until: purchase + 8d
                expires: 1d
                message: null
              - id: first
                at: purchase + 2d
                message: null
            """)
        let database = try workspace.database()
        let importer = Importer(database: database)
        let now = Instant(seconds: 0)
        _ = try importer.importFile(
            try workspace.write("c.csv", "id,name,created_at\nC1,A,2026-01-01\n"), into: .customers,
            skipBadRows: false, now: now)
        _ = try importer.importFile(
            try workspace.write("o.csv", "id,customer_id,sku,ordered_at\nO1,C1,cream,2026-03-06 21:00\n"),
            into: .orders, skipBadRows: false, now: now)
        let zone = graph.team.zone
        func run(_ day: Int) throws -> [String] {
            try RunService(database: database, graph: graph).run(
                .init(asOf: zone.endOfDay(LocalDate(year: 2026, month: 3, day: day)))
            ).actions.map { "\($0.key) \($0.dueText)" }
        }
        _ = try run(8)  // first, due 03-08
        #expect(try run(10).contains("care/habit/C1/O1#1 2026-03-10"), "from 03-08: every 2 days")
        // Marked done on 03-11 as of 03-10: `from` is now 03-10, occurrence 1 (03-12) is recorded,
        // occurrence 2 falls due on 03-14 and may be recorded until 03-15.
        try LedgerService(database: database).close(
            keys: ["care/first/C1/O1"], as: .done, at: .date(LocalDate(year: 2026, month: 3, day: 10)))
        _ = try run(11)
        #expect(try run(15).contains("care/habit/C1/O1#2 2026-03-14"))
    }

    /// A birthday step moved later by an edit (`birthday - 7d` to `birthday + 3d`) after this year's
    /// was recorded: the customer's next check is next year's birthday, not never.
    @Test func aBirthdayRecordedAheadOfItsNewDueTimeLeavesNextYearsChecked() throws {
        let workspace = try TempWorkspace()
        defer { workspace.remove() }
        func playbook(_ at: String) -> String {
            "playbook: bday\nenroll: { customers: all }\nsteps:\n  - { id: wish, at: \(at), channel: line, message: null }\n"
        }
        let database = try workspace.database()
        _ = try Importer(database: database).importFile(
            try workspace.write("c.csv", "id,name,birthday,created_at\nC1,A,03-20,2026-01-01\n"), into: .customers,
            skipBadRows: false, now: Instant(seconds: 0))
        let early = try Self.graph(in: workspace, playbook("birthday - 7d"))
        let zone = early.team.zone
        let recorded = try RunService(database: database, graph: early).run(
            .init(asOf: zone.endOfDay(LocalDate(year: 2026, month: 3, day: 13))))
        #expect(recorded.actions.map(\.key) == ["bday/wish/C1/C1#2026"])
        let later = try Self.graph(in: workspace, playbook("birthday + 3d"))
        _ = try RunService(database: database, graph: later).run(
            .init(asOf: zone.endOfDay(LocalDate(year: 2026, month: 3, day: 14))))
        #expect(try Self.entries(database)["C1"] == zone.startOfDay(LocalDate(year: 2027, month: 3, day: 23)).seconds)
    }

    /// Compiles one playbook under a team file in the Asia/Taipei zone (replacing an earlier one).
    static func graph(in workspace: TempWorkspace, _ playbook: String) throws -> RuleGraph {
        let folder = workspace.directory.appendingPathComponent("playbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("timezone: Asia/Taipei\n".utf8).write(to: folder.appendingPathComponent("team.yaml"))
        try Data(playbook.utf8).write(to: folder.appendingPathComponent("playbook.yaml"))
        return try ProjectLoader.load(paths: [folder.path]).graph
    }

    /// A change to a customer's data or ledger marks their entry due rather than dropping it, and a
    /// new customer gets a due entry: the index keeps one entry per customer, so a run never has to
    /// look for customers without one (a scan of every customer).
    @Test func changesMarkEntriesDueAndKeepOneEntryPerCustomer() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        var options = RunService.Options(asOf: graph.team.zone.startOfDay(LocalDate(year: 2026, month: 11, day: 24)))
        let first = try RunService(database: database, graph: graph).run(options)
        let newCustomer = try workspace.write("new.csv", "id,name,created_at\nC900,新客,2026-11-20\n")
        _ = try Importer(database: database).importFile(newCustomer, into: .customers, skipBadRows: false)
        let order = try workspace.write(
            "order.csv", "id,customer_id,sku,quantity,ordered_at\nO900,C001,toner,1,2026-11-23 09:00\n")
        _ = try Importer(database: database).importFile(order, into: .orders, skipBadRows: false)
        if let key = first.actions.first(where: { $0.customer != "C001" })?.key {
            try LedgerService(database: database).close(keys: [key], as: .done, at: .instant(options.asOf))
        }
        let entries = try ImportProbe.queue(database).read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, next_check FROM customer_index ORDER BY customer_id")
        }
        #expect(entries.count == (try ImportProbe.count(database, "customers")))
        let due = entries.filter { ($0["next_check"] as Int64) == Int64.min }.map { $0["customer_id"] as String }
        #expect(due.contains("C900") && due.contains("C001") && due.count == 3, "due: \(due)")
        options.asOf = options.asOf.adding(seconds: 60)
        let next = try RunService(database: database, graph: graph).run(options)
        #expect(next.customers == 3)
    }

    /// The index entries as (customer, next check), by customer.
    static func entries(_ database: PlaybookDatabase) throws -> [String: Int64] {
        let rows = try ImportProbe.queue(database).read { db in
            try Row.fetchAll(db, sql: "SELECT customer_id, next_check FROM customer_index")
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["customer_id"] as String, $0["next_check"] as Int64) })
    }

    /// While the index holds any entry, every customer has one (schema v6), so no run looks for
    /// customers without one: a first run for one seller's customers (with `--all` too, which does
    /// not consult the index) gives the others due entries, and the next run for everyone
    /// evaluates exactly those.
    @Test(arguments: [false, true])
    func aRunForOneSellerLeavesEveryOtherCustomerDue(all: Bool) throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        var options = RunService.Options(asOf: graph.team.zone.endOfDay(LocalDate(year: 2026, month: 11, day: 23)))
        options.owner = "S01"
        options.all = all
        let scoped = try RunService(database: database, graph: graph).run(options)
        let owners = try ImportProbe.queue(database).read { db in
            try Row.fetchAll(db, sql: "SELECT id, owner FROM customers").map {
                ($0["id"] as String, $0["owner"] as String?)
            }
        }
        let others = Set(owners.filter { $0.1 != "S01" }.map(\.0))
        let entries = try Self.entries(database)
        #expect(entries.count == owners.count)
        #expect(Set(entries.filter { $0.value == Int64.min }.keys) == others)
        #expect(scoped.summary.customers == owners.count - others.count)
        options.owner = nil
        options.all = false
        let full = try RunService(database: database, graph: graph).run(options)
        // `--all` notes no playbooks in `index_meta`: the next run does not trust its entries.
        #expect(full.summary.customers == (all ? owners.count : others.count))
    }

    /// A file migrated before v6 may lack entries (a run for one seller's customers left the others
    /// without): opening it gives them due entries; and a customer whose id changes keeps one.
    @Test func customersWithoutAnEntryGetADueOne() throws {
        let (workspace, database, graph) = try TempWorkspace.demo()
        defer { workspace.remove() }
        let asOf = graph.team.zone.startOfDay(LocalDate(year: 2026, month: 11, day: 24))
        _ = try RunService(database: database, graph: graph).run(.init(asOf: asOf))
        try ImportProbe.queue(database).write { db in
            try db.execute(sql: "DELETE FROM customer_index WHERE customer_id IN ('C003', 'C004')")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6-every-customer-indexed'")
        }
        let reopened = try PlaybookDatabase(path: database.path)
        let entries = try Self.entries(reopened)
        #expect(entries["C003"] == Int64.min && entries["C004"] == Int64.min)
        #expect(entries.count == (try ImportProbe.count(reopened, "customers")))
        try ImportProbe.queue(reopened).write { db in
            try db.execute(sql: "UPDATE customers SET id = 'C999' WHERE id = 'C005'")
        }
        let renamed = try Self.entries(reopened)
        #expect(renamed["C999"] == Int64.min && renamed["C005"] == nil)
        let next = try RunService(database: reopened, graph: graph).run(.init(asOf: asOf.adding(seconds: 60)))
        #expect(next.summary.customers == 3, "C003, C004 and C999")
    }
}
