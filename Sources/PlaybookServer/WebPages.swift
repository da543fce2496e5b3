import Foundation
import PlaybookCore
import PlaybookStore

/// The pages of `playbook serve`, rendered on the server; every value from the database is escaped.
enum WebPages {
    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// A page with the header (who is signed in, the links, a sign-out form).
    static func layout(_ title: String, body: String, session: WebSessions.Session?) -> String {
        var header = "<header><strong>playbook</strong>"
        if let session {
            header += "<a href=\"/today\">今日 Today</a>"
            if session.account.role == .lead {
                header += "<a href=\"/report\">報表 Report</a>"
            }
            header += "<a href=\"/playbooks\">Playbooks</a>"
            header +=
                "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(e(session.csrf))\">"
            header += "<button type=\"submit\">登出 \(e(session.account.id))</button></form>"
        }
        header += "</header>"
        return """
            <!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(e(title))</title>
            <link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
            <body>\(header)<main>\(body)</main></body></html>

            """
    }

    static func login(csrf: String, error: String?) -> String {
        let message = error.map { "<p class=\"error\">\(e($0))</p>" } ?? ""
        return layout(
            "Sign in",
            body: """
                <h1>登入 Sign in</h1>\(message)
                <form method="post" action="/login">
                <input type="hidden" name="csrf" value="\(e(csrf))">
                <label for="user">帳號 User</label><input type="text" id="user" name="user" autocomplete="username" required>
                <label for="password">密碼 Password</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required>
                <p><button class="done" type="submit">登入 Sign in</button></p></form>
                """, session: nil)
    }

    /// The seller's day: overdue, today and waiting actions, each with its message, copy and contact
    /// links and the done / skipped / replied buttons.
    /// Cards shown of a section at a time: a seller with thousands of overdue actions (a first run
    /// on years of history) gets a page a phone can load, and the next ones by link.
    static let cardsPerPage = 50

    /// The today page: the overdue, today and waiting sections, each with its first
    /// ``cardsPerPage`` cards; with `section` and `page`, that page of one section alone.
    static func today(
        _ actions: [ListedAction], day: LocalDate, session: WebSessions.Session, section: String? = nil, page: Int = 1
    ) -> String {
        let overdue = actions.filter { $0.status == "pending" && $0.due.localDate(in: $0.zone) < day }
        let due = actions.filter { $0.status == "pending" && $0.due.localDate(in: $0.zone) >= day }
        let waiting = actions.filter { $0.status == "waiting" }
        var body = "<h1>\(e(day.description)) 今日待辦</h1>"
        body += "<p class=\"meta\">\(overdue.count) overdue · \(due.count) today · \(waiting.count) waiting</p>"
        let sections = [
            ("overdue", "逾期 Overdue", overdue), ("today", "今天 Today", due), ("waiting", "等待中 Waiting", waiting),
        ]
        for (name, title, group) in sections where section == nil || section == name {
            let pages = max(1, (group.count + cardsPerPage - 1) / cardsPerPage)
            let shown = section == nil ? 1 : min(max(1, page), pages)
            body += "<h2>\(title) (\(group.count))</h2>"
            let cards = group.dropFirst((shown - 1) * cardsPerPage).prefix(cardsPerPage)
            body += cards.isEmpty ? "<p class=\"meta\">—</p>" : cards.map { card($0, csrf: session.csrf) }.joined()
            if pages > 1 {
                var links: [String] = []
                if shown > 1 {
                    links.append("<a href=\"/today?section=\(name)&amp;page=\(shown - 1)\">← 上一頁 Previous</a>")
                }
                links.append("\(shown) / \(pages)")
                if shown < pages {
                    links.append("<a href=\"/today?section=\(name)&amp;page=\(shown + 1)\">下一頁 Next →</a>")
                }
                body += "<p class=\"pages\">\(links.joined(separator: " · "))</p>"
            }
        }
        if section != nil { body += "<p><a href=\"/today\">← 今日待辦 Today</a></p>" }
        return layout("Today", body: body, session: session)
    }

    private static func card(_ action: ListedAction, csrf: String) -> String {
        let message = action.message ?? ""
        var links: [String] = []
        if !message.isEmpty {
            links.append("<button type=\"button\" data-copy=\"\(e(message))\">複製 Copy</button>")
            links.append("<a href=\"https://line.me/R/msg/text/?\(HTMLText.percentEncoded(message))\">LINE</a>")
        }
        if let phone = action.contact.phone {
            links.append("<a href=\"tel:\(e(phone))\">電話 Call</a>")
            let body = message.isEmpty ? "" : "?body=\(HTMLText.percentEncoded(message))"
            links.append("<a href=\"sms:\(e(phone))\(body)\">簡訊 SMS</a>")
        }
        if let email = action.contact.email {
            links.append("<a href=\"mailto:\(e(email))?body=\(HTMLText.percentEncoded(message))\">Email</a>")
        }
        let target = "/actions/\(HTMLText.percentEncoded(action.key))"
        func button(_ verb: String, _ label: String, _ style: String) -> String {
            "<form class=\"inline act\" method=\"post\" action=\"\(target)/\(verb)\" data-label=\"\(label)\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"\(e(csrf))\">"
                + "<button type=\"submit\" class=\"\(style)\">\(label)</button></form>"
        }
        let missing = action.missing.isEmpty ? "" : " · waiting for \(e(action.missing.joined(separator: ", ")))"
        return """
            <div class="card" id="a-\(e(action.ref))">
            <div><a href="/customers/\(HTMLText.percentEncoded(action.customer))"><strong>\(e(action.customerName))</strong></a>
            <span class="meta">\(e(action.customer)) · \(e(action.playbook))/\(e(action.step)) · \(e(action.channel.rawValue))
            · due \(e(action.dueText))\(missing) · <span class="status">\(e(action.status))</span> · \(e(action.ref))</span></div>
            <div class="message">\(e(message))</div>
            <div class="links">\(links.joined())</div>
            <div class="buttons">\(button("done", "完成 Done", "done"))\(button("skip", "略過 Skip", ""))\(button("replied", "已回覆 Replied", ""))</div>
            </div>
            """
    }

    /// A customer's file: profile, orders, events, every action with its times, and what is next.
    static func customer(_ file: CustomerFile, session: WebSessions.Session) -> String {
        let customer = file.facts.customer
        let zone = file.graph.team.zone
        var body = "<h1>\(e(customer.name)) <span class=\"meta\">\(e(customer.id)) · \(e(customer.tier))</span></h1>"
        let profile: [(String, String?)] = [
            ("owner", customer.owner), ("phone", customer.phone), ("LINE", customer.lineID),
            ("WeChat", customer.wechatID),
            ("email", customer.email), ("birthday", customer.birthday),
            ("tags", customer.tags.isEmpty ? nil : customer.tags.joined(separator: ", ")),
            ("opted out", customer.optedOut ? "yes" : nil),
        ]
        body +=
            "<div class=\"card\">"
            + profile.compactMap { label, value in
                value.map { "<div><span class=\"meta\">\(e(label))</span> \(e($0))</div>" }
            }.joined()
        body +=
            customer.attributes.sorted { $0.key < $1.key }.map {
                "<div><span class=\"meta\">\(e($0.key))</span> \(e($0.value))</div>"
            }.joined() + "</div>"
        body += "<h2>訂單 Orders (\(file.facts.orders.count))</h2><table>"
        for order in file.facts.orders {
            body +=
                "<tr><td>\(e(order.orderedAt.description))</td><td>\(e(order.id))</td><td>\(e(order.sku)) × \(order.quantity)</td>"
            body += "<td>\(e(order.amount ?? ""))</td><td>\(e(order.trackingNo ?? ""))</td></tr>"
        }
        body += "</table><h2>事件 Events (\(file.facts.events.count))</h2><table>"
        for event in file.events {
            body +=
                "<tr><td>\(e(event.at.description))</td><td>\(e(event.kind))</td><td>\(e(event.note ?? ""))</td></tr>"
        }
        body += "</table><h2>動作 Actions (\(file.ledger.records.count))</h2><table>"
        for record in file.records {
            body += "<tr><td>\(e(record.due.text(in: zone)))</td><td>\(e(record.playbook))/\(e(record.step))</td>"
            body += "<td>\(e(record.status.rawValue))</td><td>\(e(record.closedAt?.description ?? ""))</td>"
            body += "<td>\(e(record.message ?? ""))</td></tr>"
        }
        body += "</table><h2>接下來 Next</h2>"
        if let next = file.next {
            body +=
                "<p>\(e(next.day.description)): "
                + next.actions.map { e("\($0.playbook)/\($0.step)") }.joined(separator: ", ") + "</p>"
        } else {
            body += "<p class=\"meta\">nothing due in the next \(CustomerFile.horizon) days</p>"
        }
        return layout(customer.name, body: body, session: session)
    }

    /// Lint status and each playbook's rule graph as SVG.
    static func playbooks(_ result: ProjectLoader.Result, session: WebSessions.Session) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        var body =
            "<h1>Playbooks</h1><p class=\"\(errors == 0 ? "ok" : "error")\">\(result.files.count) files, "
            + "\(errors) errors, \(warnings) warnings</p>"
        if !result.diagnostics.isEmpty {
            body +=
                "<div class=\"card\">"
                + result.diagnostics.prefix(50).map { diagnostic in
                    "<div>\(e(diagnostic.location.description)): \(e(diagnostic.severity.rawValue))[\(e(diagnostic.rule))]: "
                        + "\(e(diagnostic.message))</div>"
                }.joined() + "</div>"
        }
        for playbook in result.graph.playbooks {
            body += "<h2>\(e(playbook.id))\(playbook.title.map { " · " + e($0) } ?? "")</h2>"
            body += RuleGraphSVG.render(playbook)
        }
        return layout("Playbooks", body: body, session: session)
    }
}
