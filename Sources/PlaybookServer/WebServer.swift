import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import NIOCore
import PlaybookCore
import PlaybookStore

/// A database the web app can use: the commands' backend, with its accounts.
public typealias WebBackend = PlaybookBackend & UserStore

/// `playbook serve` (SPEC §9): the sellers' phone page and the lead's desk over the same database
/// as the command line. Every write calls the same backend functions as `done`, `skip` and `log`.
public final class WebServer: Sendable {
    /// Opens the database for one request (each request has its own connection).
    public typealias Opener = @Sendable () throws -> any WebBackend

    let open: Opener
    let playbooks: String
    let sessions = WebSessions()
    let throttle = LoginThrottle()
    let todayLists = TodayLists()
    let writes: WriteGate

    /// A server over the database `open` opens and the playbooks folder `playbooks`; with
    /// `serialWrites` (a database with a single writer, SQLite) its writes go one at a time.
    public init(playbooks: String, serialWrites: Bool = true, open: @escaping Opener) {
        self.playbooks = playbooks
        self.open = open
        writes = WriteGate(serial: serialWrites)
    }

    /// Serves on `host:port` until interrupted.
    public func run(host: String, port: Int) async throws {
        let app = Application(
            router: makeRouter(), configuration: .init(address: .hostname(host, port: port), serverName: "playbook"))
        try await app.runService()
    }

    /// The routes (also used by the route tests).
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        router.get("/") { _, _ in Self.redirect("/today") }
        router.get("/assets/app.css") { _, _ in Self.page(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.page(WebAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/login") { request, _ in try await self.loginPage(request, error: nil) }
        router.post("/login") { request, context in try await self.login(request, context: context) }
        router.post("/logout") { request, context in try await self.logout(request, context: context) }
        router.get("/today") { request, _ in try await self.today(request) }
        router.get("/customers/:id") { request, context in try await self.customer(request, context: context) }
        router.post("/actions/**") { request, context in try await self.act(request, context: context) }
        router.get("/report") { request, _ in try await self.report(request) }
        router.get("/playbooks") { request, _ in try await self.playbooksPage(request) }
        return router
    }

    // MARK: - Sessions and forms

    static let sessionCookie = "pb_session"
    static let loginCookie = "pb_login"

    /// The request's session, or nil.
    func session(_ request: Request) async -> (token: String, session: WebSessions.Session)? {
        guard let token = request.cookies[Self.sessionCookie]?.value,
            let session = await sessions.session(token)
        else { return nil }
        return (token, session)
    }

    /// A form's fields (at most 64 KiB of body).
    func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 1 << 16)
        return HTMLText.formFields(String(buffer: buffer))
    }

    /// `Set-Cookie` for `name`: HttpOnly, SameSite=Strict, and Secure behind TLS (a proxy saying
    /// `X-Forwarded-Proto: https`).
    static func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> String {
        var cookie = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict"
        if header(request, "X-Forwarded-Proto") == "https" || request.uri.scheme == .https {
            cookie += "; Secure"
        }
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        return cookie
    }

    /// A request header by name (nil when absent).
    static func header(_ request: Request, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headers[$0] }
    }

    static func page(_ text: String, status: HTTPResponse.Status = .ok, type: String = "text/html; charset=utf-8")
        -> Response
    {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static let notFound = HTTPError(.notFound, message: "Not found")

    /// Runs backend work on a thread of its own (the backends block), with a database opened for it.
    func work<T: Sendable>(_ body: @escaping @Sendable (any WebBackend) throws -> T) async throws -> T {
        let open = self.open
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try body(try open()))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The compiled playbooks (refusing a folder with errors, as `playbook run` does).
    func graph() throws -> RuleGraph {
        let result = try ProjectLoader.load(paths: [playbooks])
        guard !result.hasErrors, !result.graph.playbooks.isEmpty else {
            throw HTTPError(.internalServerError, message: "The playbooks have errors; see /playbooks")
        }
        return result.graph
    }

    // MARK: - Pages

    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let csrf = WebSessions.randomToken()
        var response = Self.page(WebPages.login(csrf: csrf, error: error), status: status)
        response.headers.append(
            HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, csrf, request: request)))
        return response
    }

    func login(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let fields = try await form(request)
        guard let csrf = fields["csrf"], !csrf.isEmpty, csrf == request.cookies[Self.loginCookie]?.value else {
            return try await loginPage(request, error: "The form expired; sign in again.", status: .forbidden)
        }
        let user = fields["user"] ?? ""
        let password = fields["password"] ?? ""
        let keys = ["user:" + user]
        let delay = await throttle.delay(for: keys)
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) }
        let account = try await work { backend -> UserAccount? in
            guard let account = try backend.user(user), Bcrypt.verify(password, hash: account.passwordHash) else {
                return nil
            }
            return account
        }
        guard let account else {
            await throttle.failed(keys)
            return try await loginPage(request, error: "Wrong user or password.", status: .unauthorized)
        }
        await throttle.succeeded(keys)
        let (token, _) = await sessions.start(account)
        return Self.redirect(
            "/today",
            cookies: [
                Self.cookie(Self.sessionCookie, token, request: request),
                Self.cookie(Self.loginCookie, "", request: request, maxAge: 0),
            ])
    }

    func logout(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let (token, session) = await session(request) else { return Self.redirect("/login") }
        guard try await form(request)["csrf"] == session.csrf else { throw HTTPError(.forbidden, message: "Bad form") }
        await sessions.end(token)
        return Self.redirect("/login", cookies: [Self.cookie(Self.sessionCookie, "", request: request, maxAge: 0)])
    }

    func today(_ request: Request) async throws -> Response {
        guard let (_, session) = await session(request) else { return Self.redirect("/login") }
        let owner = session.account.role == .seller ? (session.account.owner ?? session.account.id) : nil
        let list = try await todayLists.list(for: owner ?? "") {
            try await self.writes.pass {
                try await self.work { backend in
                    let graph = try self.graph()
                    var options = RunService.Options(asOf: .now)
                    options.owner = owner
                    var actions: [ListedAction] = []
                    _ = try backend.run(graph: graph, options: options) { actions.append($0) }
                    return (actions, graph.team.zone.localDate(of: options.asOf))
                }
            }
        }
        let section = request.uri.queryParameters.get("section").flatMap {
            ["overdue", "today", "waiting"].contains($0) ? $0 : nil
        }
        let page = request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1
        return Self.page(WebPages.today(list.actions, day: list.day, session: session, section: section, page: page))
    }

    /// Whether `session` may see the customer with this owner: a lead always, a seller their own.
    static func allows(_ session: WebSessions.Session, owner: String?) -> Bool {
        session.account.role == .lead || (owner != nil && owner == (session.account.owner ?? session.account.id))
    }

    func customer(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let (_, session) = await session(request) else { return Self.redirect("/login") }
        let id = context.parameters.get("id").map { $0.removingPercentEncoding ?? $0 } ?? ""
        let file = try await work { backend -> CustomerFile? in
            guard let facts = try backend.facts(customer: id), Self.allows(session, owner: facts.customer.owner) else {
                return nil
            }
            return CustomerFile(
                graph: try self.graph(), facts: facts, ledger: try backend.ledger(customer: id), asOf: .now)
        }
        guard let file else { throw Self.notFound }
        return Self.page(WebPages.customer(file, session: session))
    }

    /// `POST /actions/{key or ref}/done|skip|replied`: the same ledger calls as the commands.
    func act(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let (_, session) = await session(request) else { return Self.redirect("/login") }
        guard try await form(request)["csrf"] == session.csrf else { throw HTTPError(.forbidden, message: "Bad form") }
        let path = request.uri.path.dropFirst("/actions/".count)
        guard let slash = path.lastIndex(of: "/") else { throw Self.notFound }
        let verb = String(path[path.index(after: slash)...])
        let reference = String(path[..<slash]).removingPercentEncoding ?? ""
        guard ["done", "skip", "replied"].contains(verb) else { throw Self.notFound }
        let found = try await writes.pass {
            try await self.work { backend -> (ref: String, closed: String?)? in
                guard let key = try? backend.resolveKeys([reference]).first, let record = try backend.action(key: key),
                    let facts = try backend.facts(customer: record.customerID),
                    Self.allows(session, owner: facts.customer.owner)
                else { return nil }
                let now = Timestamp.instant(.now)
                switch verb {
                case "replied": _ = try backend.log(customer: record.customerID, kind: "reply", at: now, note: nil)
                default:
                    let graph = try self.graph()
                    let lister = ActionLister(evaluator: Evaluator(graph: graph))
                    try backend.close(
                        keys: [key], as: verb == "done" ? .done : .skipped, at: now, replied: false, replyNote: nil
                    ) { record, facts in lister.frozenMessage(for: record, facts: facts, at: now) }
                }
                return (ActionRef.of(key: key), verb == "replied" ? nil : key)
            }
        }
        guard let (ref, closedKey) = found else { throw Self.notFound }
        if let closedKey { await todayLists.closed(closedKey) }
        if Self.header(request, "X-Requested-With") == "fetch" { return Response(status: .noContent) }
        return Self.redirect("/today#a-\(ref)")
    }

    func report(_ request: Request) async throws -> Response {
        guard let (_, session) = await session(request) else { return Self.redirect("/login") }
        guard session.account.role == .lead else { throw Self.notFound }
        let html = try await work { backend -> String in
            let graph = try self.graph()
            let zone = graph.team.zone
            let asOf = Instant.now
            let last = zone.localDate(of: asOf)
            var builder = ReportBuilder(
                query: ReportQuery(from: last.adding(days: -27), to: last, asOf: asOf), graph: graph)
            try backend.count(into: &builder)
            return ReportPage(document: ReportDocument(builder, zone: zone)).html
        }
        return Self.page(html)
    }

    func playbooksPage(_ request: Request) async throws -> Response {
        guard let (_, session) = await session(request) else { return Self.redirect("/login") }
        let result = try ProjectLoader.load(paths: [playbooks])
        return Self.page(WebPages.playbooks(result, session: session))
    }
}

/// Headers every page carries: a Content-Security-Policy without inline script, no framing, no
/// sniffing, no referrer.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        let styles = request.uri.path == "/report" ? "'self' 'unsafe-inline'" : "'self'"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src \(styles); img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        for (name, value) in [
            ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
        ] {
            if let name = HTTPField.Name(name) { response.headers[name] = value }
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
