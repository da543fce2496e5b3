import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import PlaybookCore
import PlaybookServer
import PlaybookStore
import Testing

/// `playbook serve`'s routes (SPEC §9) on the demo data with a seller S01, a lead and a customer
/// of S01's whose name is a script tag.
struct WebServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A database with the demo data, the hostile customer and the two accounts.
    static func makeServer() throws -> (WebServer, PlaybookDatabase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("web.sqlite").path
        let database = try PlaybookDatabase(path: path)
        let importer = Importer(database: database)
        for table in ImportTable.allCases {
            _ = try importer.importFile(
                root.appendingPathComponent("examples/demo/\(table.rawValue).csv").path, into: table, skipBadRows: false
            )
        }
        let hostile = directory.appendingPathComponent("hostile.csv")
        try Data("id,name,owner,phone,created_at\nX1,<script>alert(1)</script>,S01,0900,2026-01-01\n".utf8)
            .write(to: hostile)
        _ = try importer.importFile(hostile.path, into: .customers, skipBadRows: false)
        let order = directory.appendingPathComponent("order.csv")
        // Three days ago in the team's zone: the follow-up's day-3 step falls due today.
        let zone = Zone(identifier: "Asia/Taipei") ?? .utc
        let ordered = zone.localDate(of: .now).adding(days: -3)
        try Data("id,customer_id,sku,ordered_at\nOX1,X1,cleanser,\(ordered)\n".utf8).write(to: order)
        _ = try importer.importFile(order.path, into: .orders, skipBadRows: false)
        try database.saveUser(
            UserAccount(id: "S01", role: .seller, owner: "S01", passwordHash: Bcrypt.hash("seller-pass", cost: 4)))
        try database.saveUser(
            UserAccount(id: "lead", role: .lead, owner: nil, passwordHash: Bcrypt.hash("lead-pass1", cost: 4)))
        let server = WebServer(playbooks: root.appendingPathComponent("playbooks").path) {
            try PlaybookDatabase(path: path)
        }
        return (server, database, directory)
    }

    /// The `name=value` pairs a response sets.
    static func cookies(_ response: TestResponse) -> [String: String] {
        var result: [String: String] = [:]
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { result[String(pair[0])] = String(pair[1]) } else { result[String(pair[0])] = "" }
        }
        return result
    }

    static func csrf(in body: String) -> String? {
        guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in; returns the session cookie header.
    static func signIn(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> String {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCookie = cookies(page)["pb_login"] ?? ""
        let token = csrf(in: String(buffer: page.body)) ?? ""
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.cookie: "pb_login=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "user=\(user)&password=\(password)&csrf=\(token)"))
        #expect(response.status == .seeOther)
        return "pb_session=\(cookies(response)["pb_session"] ?? "")"
    }

    @Test func everyPageButLoginRedirectsThereAndCarriesSecurityHeaders() async throws {
        let (server, _, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            for uri in ["/today", "/customers/C001", "/report", "/playbooks"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.status == .ok)
            let policy = login.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(login.headers[values: HTTPField.Name("X-Content-Type-Options")!] == ["nosniff"])
            let cookie = login.headers[values: .setCookie].first ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let body = String(buffer: login.body)
            #expect(body.contains("name=\"user\"") && body.contains("name=\"password\"") && Self.csrf(in: body) != nil)
        }
    }

    @Test func aLoginWithoutItsCSRFTokenOrWithAWrongPasswordFails() async throws {
        let (server, _, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let forged = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=S01&password=seller-pass&csrf=guess"))
            #expect(forged.status == .forbidden)
            #expect(Self.cookies(forged)["pb_session"] == nil)
            var started = Date()
            for attempt in 0..<5 {
                let page = try await client.execute(uri: "/login", method: .get)
                started = Date()
                let response = try await client.execute(
                    uri: "/login", method: .post,
                    headers: [
                        .cookie: "pb_login=\(Self.cookies(page)["pb_login"] ?? "")",
                        .contentType: "application/x-www-form-urlencoded",
                    ],
                    body: ByteBuffer(
                        string:
                            "user=S01&password=wrong\(attempt)&csrf=\(Self.csrf(in: String(buffer: page.body)) ?? "")"))
                #expect(response.status == .unauthorized)
            }
            #expect(Date().timeIntervalSince(started) >= 1, "the fifth failure in a row waits")
        }
    }

    @Test func aSellerSeesOnlyTheirCustomersAndDataIsEscaped() async throws {
        let (server, _, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let session = try await Self.signIn(client, "S01", "seller-pass")
            let today = try await client.execute(uri: "/today", method: .get, headers: [.cookie: session])
            #expect(today.status == .ok)
            let body = String(buffer: today.body)
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!body.contains("<script>alert"))
            #expect(!body.contains("/customers/C001\""), "C001 is S02's")
            let own = try await client.execute(uri: "/customers/X1", method: .get, headers: [.cookie: session])
            #expect(own.status == .ok)
            for uri in ["/customers/C001", "/customers/NOPE", "/report"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: session])
                #expect(response.status == .notFound, "\(uri)")
            }
        }
    }

    @Test func doneInThePageIsTheLedgersDoneAndNeedsTheCSRFToken() async throws {
        let (server, database, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let session = try await Self.signIn(client, "S01", "seller-pass")
            let today = String(
                buffer: try await client.execute(uri: "/today", method: .get, headers: [.cookie: session]).body)
            let token = Self.csrf(in: today) ?? ""
            let key = "follow-up-333/day-3/X1/OX1"
            let path = "/actions/\(key.replacingOccurrences(of: "/", with: "%2F"))/done"
            let form: HTTPFields = [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await client.execute(
                uri: path, method: .post, headers: form, body: ByteBuffer(string: "csrf=x"))
            #expect(forged.status == .forbidden)
            #expect(try database.action(key: key)?.status == .pending)
            let done = try await client.execute(
                uri: path, method: .post, headers: form, body: ByteBuffer(string: "csrf=\(token)"))
            #expect(done.status == .seeOther)
            let record = try database.action(key: key)
            #expect(record?.status == .done)
            #expect(record?.message?.contains("<script>") == true, "the frozen message, as `playbook done` freezes it")
            let replied = try await client.execute(
                uri: "/actions/\(ActionRef.of(key: key))/replied", method: .post, headers: form,
                body: ByteBuffer(string: "csrf=\(token)"))
            #expect(replied.status == .seeOther)
            #expect(try database.facts(customer: "X1")?.events.contains { $0.kind == "reply" } == true)
            let othersKey = "/actions/follow-up-333%2Fweek-3%2FC001%2FO0001/skip"
            let other = try await client.execute(
                uri: othersKey, method: .post, headers: form, body: ByteBuffer(string: "csrf=\(token)"))
            #expect(other.status == .notFound)
        }
    }

    /// A today page asked for again within a minute shows the last run's list (no new run: an order
    /// imported meanwhile is not there yet) without the action marked done in the app.
    @Test func todayAgainShowsTheLastListWithoutWhatWasMarkedDone() async throws {
        let (server, database, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let session = try await Self.signIn(client, "S01", "seller-pass")
            let first = String(
                buffer: try await client.execute(uri: "/today", method: .get, headers: [.cookie: session]).body)
            let key = "follow-up-333/day-3/X1/OX1"
            let ref = ActionRef.of(key: key)
            #expect(first.contains(ref), "the day-3 follow-up is on the first list")
            let order = directory.appendingPathComponent("order2.csv")
            let zone = Zone(identifier: "Asia/Taipei") ?? .utc
            let ordered = zone.localDate(of: .now).adding(days: -3)
            try Data("id,customer_id,sku,ordered_at\nOX2,X1,toner,\(ordered)\n".utf8).write(to: order)
            _ = try Importer(database: database).importFile(order.path, into: .orders, skipBadRows: false)
            let form: HTTPFields = [.cookie: session, .contentType: "application/x-www-form-urlencoded"]
            let done = try await client.execute(
                uri: "/actions/\(ref)/done", method: .post, headers: form,
                body: ByteBuffer(string: "csrf=\(Self.csrf(in: first) ?? "")"))
            #expect(done.status == .seeOther)
            let again = String(
                buffer: try await client.execute(uri: "/today", method: .get, headers: [.cookie: session]).body)
            #expect(!again.contains(ref), "the action marked done is gone")
            #expect(!again.contains(ActionRef.of(key: "follow-up-333/day-3/X1/OX2")), "no new run within a minute")
            #expect(try database.action(key: key)?.status == .done)
        }
    }

    @Test func theLeadSeesTheReportAndThePlaybooks() async throws {
        let (server, _, directory) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Application(router: server.makeRouter()).test(.router) { client in
            let session = try await Self.signIn(client, "lead", "lead-pass1")
            let today = try await client.execute(uri: "/today", method: .get, headers: [.cookie: session])
            #expect(String(buffer: today.body).contains("/customers/X1\""), "the lead sees every seller's customers")
            let report = try await client.execute(uri: "/report", method: .get, headers: [.cookie: session])
            #expect(report.status == .ok)
            #expect(String(buffer: report.body).contains("<svg"))
            let playbooks = try await client.execute(uri: "/playbooks", method: .get, headers: [.cookie: session])
            #expect(String(buffer: playbooks.body).contains("0 errors"))
            #expect(String(buffer: playbooks.body).contains("<svg"))
            let customer = try await client.execute(uri: "/customers/C001", method: .get, headers: [.cookie: session])
            #expect(customer.status == .ok)
        }
    }
}
