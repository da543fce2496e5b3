import Mustache

/// The pages' Mustache templates, rendered with HTML escaping (swift-mustache's default content
/// type): every `{{value}}` is escaped; `{{{…}}}` only takes HTML the app made (a rendered page
/// body, a rule graph's SVG). Unlike the messages, which are plain text for LINE and SMS.
enum WebTemplates {
    /// Every template, parsed once; a template that does not parse is a programming error caught by
    /// the route tests (it renders as an empty page).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources { try? library.register(text, named: name) }
        return library
    }()

    /// Renders `template` with `context`.
    static func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    static let sources: [String: String] = [
        "layout": """
        <!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>{{title}}</title>
        <link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js" defer></script></head>
        <body><header><strong>playbook</strong>{{#session}}<a href="/today">今日 Today</a>\
        {{#lead}}<a href="/report">報表 Report</a>{{/lead}}<a href="/playbooks">Playbooks</a>\
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit">登出 {{user}}</button></form>{{/session}}</header><main>{{{body}}}</main></body></html>

        """,
        "login": """
        <h1>登入 Sign in</h1>{{#error}}<p class="error">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="user">帳號 User</label><input type="text" id="user" name="user" autocomplete="username" required>
        <label for="password">密碼 Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required>
        <p><button class="done" type="submit">登入 Sign in</button></p></form>
        """,
        "today": """
        <h1>{{day}} 今日待辦</h1>
        <p class="meta">{{overdue}} overdue · {{today}} today · {{waiting}} waiting</p>
        {{#sections}}<h2>{{title}} ({{count}})</h2>{{#cards}}{{> card}}{{/cards}}\
        {{^cards}}<p class="meta">—</p>{{/cards}}\
        {{#paging}}<p class="pages">{{#previous}}<a href="/today?section={{section}}&amp;page={{previous}}">\
        ← 上一頁 Previous</a> · {{/previous}}{{shown}} / {{pages}}{{#next}} · \
        <a href="/today?section={{section}}&amp;page={{next}}">下一頁 Next →</a>{{/next}}</p>{{/paging}}{{/sections}}
        {{#single}}<p><a href="/today">← 今日待辦 Today</a></p>{{/single}}
        """,
        "card": """
        <div class="card" id="a-{{ref}}">
        <div><a href="/customers/{{customerPath}}"><strong>{{name}}</strong></a>
        <span class="meta">{{customer}} · {{playbook}}/{{step}} · {{channel}}
        · due {{due}}{{#missing}} · waiting for {{missing}}{{/missing}} · <span class="status">{{status}}</span> · \
        {{ref}}</span></div>
        <div class="message">{{message}}</div>
        <div class="links">{{#hasMessage}}<button type="button" data-copy="{{message}}">複製 Copy</button>\
        <a href="https://line.me/R/msg/text/?{{encodedMessage}}">LINE</a>{{/hasMessage}}\
        {{#phone}}<a href="tel:{{phone}}">電話 Call</a><a href="sms:{{phone}}{{smsBody}}">簡訊 SMS</a>{{/phone}}\
        {{#email}}<a href="mailto:{{email}}?body={{encodedMessage}}">Email</a>{{/email}}</div>
        <div class="buttons">{{#buttons}}<form class="inline act" method="post" action="{{target}}/{{verb}}" \
        data-label="{{label}}"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit" class="{{style}}">{{label}}</button></form>{{/buttons}}</div>
        </div>
        """,
        "customer": """
        <h1>{{name}} <span class="meta">{{id}} · {{tier}}</span></h1>
        <div class="card">{{#profile}}<div><span class="meta">{{label}}</span> {{value}}</div>{{/profile}}</div>
        <h2>訂單 Orders ({{orderCount}})</h2><table>{{#orders}}<tr><td>{{at}}</td><td>{{id}}</td>\
        <td>{{sku}} × {{quantity}}</td><td>{{amount}}</td><td>{{tracking}}</td></tr>{{/orders}}</table>
        <h2>事件 Events ({{eventCount}})</h2><table>{{#events}}<tr><td>{{at}}</td><td>{{kind}}</td>\
        <td>{{note}}</td></tr>{{/events}}</table>
        <h2>動作 Actions ({{actionCount}})</h2><table>{{#actions}}<tr><td>{{due}}</td><td>{{playbook}}/{{step}}</td>\
        <td>{{status}}</td><td>{{closed}}</td><td>{{message}}</td></tr>{{/actions}}</table>
        <h2>接下來 Next</h2>{{#next}}<p>{{day}}: {{steps}}</p>{{/next}}\
        {{^next}}<p class="meta">nothing due in the next {{horizon}} days</p>{{/next}}
        """,
        "playbooks": """
        <h1>Playbooks</h1><p class="{{status}}">{{files}} files, {{errors}} errors, {{warnings}} warnings</p>
        {{#hasDiagnostics}}<div class="card">{{#diagnostics}}<div>{{location}}: {{severity}}[{{rule}}]: \
        {{message}}</div>{{/diagnostics}}</div>{{/hasDiagnostics}}
        {{#playbooks}}<h2>{{id}}{{#title}} · {{title}}{{/title}}</h2>{{{svg}}}{{/playbooks}}
        """,
    ]
}
