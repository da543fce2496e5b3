import Testing

@testable import PlaybookCore

/// A template of text and variables only renders without swift-mustache (``FlatTemplate``); it
/// must print exactly what swift-mustache prints, and anything else must go to swift-mustache.
struct FlatTemplateTests {
    static var contexts: [RenderContext] {
        [
            RenderContext(
                customer: [("name", "林小美"), ("tier", "vip"), ("skin_type", "乾性")],
                order: [("id", "O-1"), ("tracking_no", "{{customer.name}}"), ("carrier", "黑貓")],
                product: [("name", "胺基酸洗面乳"), ("sku", "cleanser")], vars: [("shop", "小美 }} 保養"), ("empty", "")],
                due: "2026-11-23"),
            RenderContext(
                customer: [("name", "A&B <c>")], order: nil, product: nil, vars: [], due: "2026-11-23T20:00:00+08:00"),
        ]
    }

    @Test(arguments: [
        "", "純文字，沒有標籤", "{{customer.name}}", "{{customer.name}} 您好，{{product.name}} 用了三天，感覺怎麼樣？",
        "{{{customer.name}}}/{{& order.tracking_no}}/{{ vars.shop }}/{{  due  }}", "{{customer.phone}}|{{order.id}}",
        "{{customer.skin_type}}{{customer.tier}}{{due}}", "}} stray {{order.carrier}}}", "a}}}b{{product.sku}}\r\n",
        "{{vars.missing}}{{product.name}}", "{{customer.name}}\n\n{{order.tracking_no}}\n",
        // Sections and inverted sections of those names, on one line (the shipping notice's among them).
        "{{customer.name}} 您好，您訂購的{{product.name}}已經寄出囉！{{#order.carrier}}{{order.carrier}} {{/order.carrier}}單號 {{order.tracking_no}}，預計 1～2 天到貨。",
        "{{^customer.phone}}-{{/customer.phone}}", "{{#order.carrier}}{{/order.carrier}}",
        " {{# order.carrier }} x {{/ order.carrier }} ", "{{#vars.empty}}[{{vars.empty}}]{{/vars.empty}}",
        "{{^vars.empty}}none{{/vars.empty}}", "{{#due}}{{due}}{{/due}}{{^due}}never{{/due}}",
        "{{#order.id}}{{#customer.tier}}{{customer.tier}}:{{order.id}}{{/customer.tier}}{{^customer.tier}}-{{/customer.tier}}{{/order.id}}",
        "{{#order.carrier}}{{#order.carrier}}{{order.carrier}}{{/order.carrier}}{{/order.carrier}}",
        "{{#product.sku}}{{{product.name}}}{{& vars.shop}}{{/product.sku}}",
    ])
    func flatTemplatesPrintWhatSwiftMustachePrints(_ source: String) throws {
        let template = try #require(MessageTemplate(source: source))
        #expect(template.isFlat)
        for context in Self.contexts {
            #expect(template.render(context) == template.renderWithMustache(context))
        }
    }

    @Test(arguments: [
        "{{#order}}{{tracking_no}}{{/order}}", "{{! note }}x",
        "{{#order.carrier}}\n{{order.carrier}}\n{{/order.carrier}}\n",
        "{{#order.carrier}}x\r\n{{/order.carrier}}", "{{#order.carrier}}{{.}}{{/order.carrier}}",
        "{{#order.carrier}}{{/order.id}}", "{{#customer}}{{name}}{{/customer}}",
        "{{=<% %>=}}<%customer.name%>", "{{customer}}", "{{name}}", "{{customer.name.first}}", "{{.}}",
        "{{ &customer.name}}", "{{customer.na me}}", "{{\tcustomer.name}}", "{{> partial}}", "{{{customer.name}}",
        "{{shop.name}}", "{{customer.}}",
    ])
    func anythingElseGoesToSwiftMustache(_ source: String) throws {
        guard let template = MessageTemplate(source: source) else { return }
        #expect(!template.isFlat)
        for context in Self.contexts {
            #expect(template.render(context) == template.renderWithMustache(context))
        }
    }
}
