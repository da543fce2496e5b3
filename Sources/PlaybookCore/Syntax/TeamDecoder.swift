/// Decodes the team file `team.yaml` (SPEC §3).
public enum TeamDecoder {
    static let keys = ["timezone", "max_per_customer_per_day", "customer_attributes"]

    /// Decodes the team file's tree.
    public static func decode(_ root: YAMLNode, file: String) -> (TeamSyntax, [Diagnostic]) {
        var reader = ScalarDecoding()
        var team = TeamSyntax()
        team.file = file
        guard let map = reader.mapping(root, "the team file", allowed: keys) else { return (team, reader.bag.all) }
        team.timezone = map["timezone"].flatMap { reader.string($0.value, "timezone") }
        if let node = map["max_per_customer_per_day"]?.value, let cap = reader.int(node, "max_per_customer_per_day") {
            if cap.value < 1 {
                reader.bag.error(
                    "invalid-value", "max_per_customer_per_day must be at least 1", at: cap.location,
                    help: "remove the line for no cap")
            } else {
                team.maxPerCustomerPerDay = cap.value
            }
        }
        if let node = map["customer_attributes"]?.value {
            team.customerAttributes = reader.stringList(node, "customer_attributes")
            var declared: Set<String> = []
            for attribute in team.customerAttributes {
                if CustomerFields.core.contains(attribute.value) {
                    reader.bag.error(
                        "invalid-value", "'\(attribute.value)' is a core customer field, not a custom attribute",
                        at: attribute.location, help: "remove it from customer_attributes")
                } else if !declared.insert(attribute.value).inserted {
                    reader.bag.error(
                        "invalid-value", "custom attribute '\(attribute.value)' is listed twice",
                        at: attribute.location, help: "remove the second '\(attribute.value)'")
                }
            }
        }
        return (team, reader.bag.all)
    }
}

/// The field names of the data model (SPEC §2).
public enum CustomerFields {
    /// Core customer columns.
    public static let core = [
        "id", "name", "phone", "line_id", "wechat_id", "email", "tier", "birthday", "tags", "owner", "opted_out",
        "created_at",
    ]
    /// Order line columns.
    public static let order = [
        "id", "customer_id", "sku", "quantity", "ordered_at", "paid_at", "shipped_at", "delivered_at", "carrier",
        "tracking_no", "amount",
    ]
    /// Product fields.
    public static let product = ["sku", "name"]
}
