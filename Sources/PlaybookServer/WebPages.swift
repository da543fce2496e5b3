import Foundation
import PlaybookCore
import PlaybookStore

/// The pages of `playbook serve`: each a view of plain values rendered through its Mustache
/// template (``WebTemplates``), which escapes every value from the database.
enum WebPages {
    /// A page with the header (who is signed in, the links, a sign-out form) around `body`.
    static func layout(_ title: String, body: String, session: WebSessions.Session?) -> String {
        var context: [String: Any] = ["title": title, "body": body]
        if let session {
            context["session"] = [
                "lead": session.account.role == .lead, "csrf": session.csrf, "user": session.account.id,
            ]
        }
        return WebTemplates.render("layout", context)
    }

    static func login(csrf: String, error: String?) -> String {
        var context: [String: Any] = ["csrf": csrf]
        if let error { context["error"] = error }
        return layout("Sign in", body: WebTemplates.render("login", context), session: nil)
    }

    /// Cards shown of a section at a time: a seller with thousands of overdue actions (a first run
    /// on years of history) gets a page a phone can load, and the next ones by link.
    static let cardsPerPage = 50

    /// The seller's day: the overdue, today and waiting sections, each with its first
    /// ``cardsPerPage`` cards (message, copy and contact links, the done / skipped / replied
    /// buttons); with `section` and `page`, that page of one section alone.
    static func today(
        _ actions: [ListedAction], day: LocalDate, session: WebSessions.Session, section: String? = nil, page: Int = 1
    ) -> String {
        let overdue = actions.filter { $0.status == "pending" && $0.due.localDate(in: $0.zone) < day }
        let due = actions.filter { $0.status == "pending" && $0.due.localDate(in: $0.zone) >= day }
        let waiting = actions.filter { $0.status == "waiting" }
        let groups = [
            ("overdue", "逾期 Overdue", overdue), ("today", "今天 Today", due), ("waiting", "等待中 Waiting", waiting),
        ]
        var sections: [[String: Any]] = []
        for (name, title, group) in groups where section == nil || section == name {
            let pages = max(1, (group.count + cardsPerPage - 1) / cardsPerPage)
            let shown = section == nil ? 1 : min(max(1, page), pages)
            let cards = group.dropFirst((shown - 1) * cardsPerPage).prefix(cardsPerPage)
            var view: [String: Any] = [
                "section": name, "title": title, "count": group.count,
                "cards": cards.map { card($0, csrf: session.csrf) },
            ]
            if pages > 1 {
                var paging: [String: Any] = ["shown": shown, "pages": pages]
                if shown > 1 { paging["previous"] = shown - 1 }
                if shown < pages { paging["next"] = shown + 1 }
                view["paging"] = paging
            }
            sections.append(view)
        }
        let context: [String: Any] = [
            "day": day.description, "overdue": overdue.count, "today": due.count, "waiting": waiting.count,
            "sections": sections, "single": section != nil,
        ]
        return layout("Today", body: WebTemplates.render("today", context), session: session)
    }

    /// One action's card.
    private static func card(_ action: ListedAction, csrf: String) -> [String: Any] {
        let message = action.message ?? ""
        let target = "/actions/\(HTMLText.percentEncoded(action.key))"
        var view: [String: Any] = [
            "ref": action.ref, "customerPath": HTMLText.percentEncoded(action.customer), "name": action.customerName,
            "customer": action.customer, "playbook": action.playbook, "step": action.step,
            "channel": action.channel.rawValue, "due": action.dueText, "status": action.status, "message": message,
            "hasMessage": !message.isEmpty, "encodedMessage": HTMLText.percentEncoded(message),
            "smsBody": message.isEmpty ? "" : "?body=\(HTMLText.percentEncoded(message))",
            "buttons": [("done", "完成 Done", "done"), ("skip", "略過 Skip", ""), ("replied", "已回覆 Replied", "")].map {
                ["target": target, "verb": $0.0, "label": $0.1, "style": $0.2, "csrf": csrf]
            },
        ]
        if !action.missing.isEmpty { view["missing"] = action.missing.joined(separator: ", ") }
        if let phone = action.contact.phone { view["phone"] = phone }
        if let email = action.contact.email { view["email"] = email }
        return view
    }

    /// A customer's file: profile, orders, events, every action with its times, and what is next.
    static func customer(_ file: CustomerFile, session: WebSessions.Session) -> String {
        let customer = file.facts.customer
        let profile: [(String, String?)] = [
            ("owner", customer.owner), ("phone", customer.phone), ("LINE", customer.lineID),
            ("WeChat", customer.wechatID), ("email", customer.email), ("birthday", customer.birthday),
            ("tags", customer.tags.isEmpty ? nil : customer.tags.joined(separator: ", ")),
            ("opted out", customer.optedOut ? "yes" : nil),
        ]
        var context: [String: Any] = [
            "name": customer.name, "id": customer.id, "tier": customer.tier,
            "profile": profile.compactMap { label, value in value.map { ["label": label, "value": $0] } }
                + customer.attributes.sorted { $0.key < $1.key }.map { ["label": $0.key, "value": $0.value] },
            "orderCount": file.facts.orders.count,
            "orders": file.facts.orders.map { order in
                [
                    "at": file.reading(order.orderedAt), "id": order.id, "sku": order.sku, "quantity": order.quantity,
                    "amount": order.amount ?? "", "tracking": order.trackingNo ?? "",
                ] as [String: Any]
            },
            "eventCount": file.facts.events.count,
            "events": file.events.map { ["at": file.reading($0.at), "kind": $0.kind, "note": $0.note ?? ""] },
            "actionCount": file.ledger.records.count,
            "actions": file.records.map { record in
                [
                    "due": file.reading(record.due), "playbook": record.playbook, "step": record.step,
                    "status": record.status.rawValue, "closed": record.closedAt.map(file.reading) ?? "",
                    "message": record.message ?? "",
                ]
            },
            "horizon": CustomerFile.horizon,
        ]
        if let next = file.next {
            context["next"] = [
                "day": next.day.description,
                "steps": next.actions.map { "\($0.playbook)/\($0.step)" }.joined(separator: ", "),
            ]
        }
        return layout(customer.name, body: WebTemplates.render("customer", context), session: session)
    }

    /// Lint status and each playbook's rule graph as SVG.
    static func playbooks(_ result: ProjectLoader.Result, session: WebSessions.Session) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let context: [String: Any] = [
            "status": errors == 0 ? "ok" : "error", "files": result.files.count, "errors": errors,
            "warnings": result.diagnostics.count - errors, "hasDiagnostics": !result.diagnostics.isEmpty,
            "diagnostics": result.diagnostics.prefix(50).map { diagnostic in
                [
                    "location": diagnostic.location.description, "severity": diagnostic.severity.rawValue,
                    "rule": diagnostic.rule, "message": diagnostic.message,
                ]
            },
            "playbooks": result.graph.playbooks.map { playbook in
                var view: [String: Any] = ["id": playbook.id, "svg": RuleGraphSVG.render(playbook)]
                if let title = playbook.title { view["title"] = title }
                return view
            },
        ]
        return layout("Playbooks", body: WebTemplates.render("playbooks", context), session: session)
    }
}
