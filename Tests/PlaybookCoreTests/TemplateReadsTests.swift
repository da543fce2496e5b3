import PlaybookCore
import Testing

/// A message context holds only the fields its template reads, so the scan of what a template
/// reads must see every way a tag can name a field; anything it cannot follow reads everything.
struct TemplateReadsTests {
    @Test func everyTagFormNamesItsField() throws {
        let template = try #require(
            MessageTemplate(
                source: "{{{customer.name}}} {{& order.tracking_no}} {{#order.carrier}}x{{/order.carrier}}"
                    + "{{^customer.phone}}-{{/customer.phone}}{{=<% %>=}}<%vars.shop%> <% product.name %> <%due%>"))
        #expect(!template.reads.everything)
        #expect(template.reads.fields["customer"] == ["name", "phone"])
        #expect(template.reads.fields["order"] == ["tracking_no", "carrier"])
        #expect(template.reads.fields["vars"] == ["shop"])
        #expect(template.reads.fields["product"] == ["name"])
        #expect(template.reads.fields(of: "customer", among: ["id", "name", "tier", "phone"]) == ["name", "phone"])
    }

    @Test(arguments: ["{{#customer}}{{name}}{{/customer}}", "{{#customer.tier}}{{.}}{{/customer.tier}}"])
    func aWholeGroupOrABareNameReadsEverything(source: String) throws {
        let template = try #require(MessageTemplate(source: source))
        #expect(template.reads.everything)
        #expect(template.reads.fields(of: "order", among: ["id", "sku"]) == ["id", "sku"])
    }

    @Test func renderingShowsOnlyWhatIsRead() throws {
        let template = try #require(MessageTemplate(source: "{{{customer.name}}}/{{& order.tracking_no}}/{{due}}"))
        let context = RenderContext(
            customer: ["name": "林小美"], order: ["tracking_no": "TW9"], product: nil, vars: [:], due: "2026-11-23")
        #expect(template.render(context) == "林小美/TW9/2026-11-23")
    }
}
