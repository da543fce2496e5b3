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
            customer: [("name", "林小美")], order: [("tracking_no", "TW9")], product: nil, vars: [], due: "2026-11-23")
        #expect(template.render(context) == "林小美/TW9/2026-11-23")
    }

    /// Groups work as sections: an absent order line is falsy, a present one is entered and its
    /// fields read by bare name; a whole group shows its values in order.
    @Test func groupsRenderAsSections() throws {
        let template = try #require(
            MessageTemplate(
                source: "{{#order}}單號 {{tracking_no}}{{/order}}{{^order}}無訂單{{/order}}/{{#customer}}{{.}}{{/customer}}"
            ))
        let customer: RenderContext.Fields = [("name", "林小美"), ("tier", "vip")]
        let withOrder = RenderContext(
            customer: customer, order: [("tracking_no", "TW9")], product: nil, vars: [], due: "2026-11-23")
        let withoutOrder = RenderContext(customer: customer, order: nil, product: nil, vars: [], due: "2026-11-23")
        #expect(template.render(withOrder) == "單號 TW9/林小美, vip")
        #expect(template.render(withoutOrder) == "無訂單/林小美, vip")
    }
}
