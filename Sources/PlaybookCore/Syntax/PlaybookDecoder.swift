/// Decodes a playbook's YAML tree into ``PlaybookSyntax``, reporting every structural problem.
public enum PlaybookDecoder {
    static let topKeys = [
        "playbook", "title", "timezone", "enroll", "use_cycle_from", "products", "defaults", "vars", "templates",
        "steps", "goal", "holdout",
    ]
    static let enrollKeys = ["products", "event", "customers", "if", "replace"]
    static let productKeys = ["name", "use_cycle"]
    static let defaultKeys = ["channel", "kind", "expires", "priority"]

    /// Decodes `root`; returns nil when the file is too broken to describe a playbook.
    public static func decode(_ root: YAMLNode, file: String) -> (PlaybookSyntax?, [Diagnostic]) {
        var reader = ScalarDecoding()
        guard let top = reader.mapping(root, "the playbook", allowed: topKeys) else { return (nil, reader.bag.all) }
        let start = root.location
        var id = Located("", at: start)
        if let node = top["playbook"]?.value, let text = reader.string(node, "playbook id") {
            id = text
            if !isValidID(text.value) {
                reader.bag.error(
                    "invalid-id", "playbook id '\(text.value)' may use only lowercase letters, digits and '-'",
                    at: text.location, help: "for example: skincare-aftercare")
            }
        } else if top["playbook"] == nil {
            reader.bag.error(
                "missing-key", "the playbook has no `playbook:` id", at: start, help: "add `playbook: my-routine` first"
            )
        }
        let title = top["title"].flatMap { reader.string($0.value, "title")?.value }
        let timezone = top["timezone"].flatMap { reader.string($0.value, "timezone") }
        let (enroll, condition, replace) = decodeEnroll(top["enroll"], start: start, reader: &reader)
        var useCycleFrom = UseCycleFrom.purchase
        if let node = top["use_cycle_from"]?.value,
            let value = reader.enumValue(node, "use_cycle_from", UseCycleFrom.self)
        {
            useCycleFrom = value.value
        }
        let products = decodeProducts(top["products"]?.value, reader: &reader)
        var defaults = StepDefaults()
        if let node = top["defaults"]?.value, let map = reader.mapping(node, "defaults", allowed: defaultKeys) {
            defaults = StepDecoder.optionalFields(map, reader: &reader)
        }
        let vars = decodeVars(top["vars"]?.value, reader: &reader)
        var templates: [(name: Located<String>, text: Located<String>)] = []
        if let node = top["templates"]?.value, let pairs = node.pairs {
            for pair in pairs {
                guard let name = reader.string(pair.key, "template name"),
                    let text = reader.string(pair.value, "template '\(name.value)'")
                else { continue }
                templates.append((name, text))
            }
        } else if let node = top["templates"]?.value {
            _ = reader.mapping(node, "templates", allowed: [])
        }
        var steps: [StepSyntax] = []
        if let node = top["steps"]?.value {
            if let items = node.items {
                if items.isEmpty {
                    reader.bag.error(
                        "missing-key", "`steps:` is empty", at: node.location, help: "add at least one step")
                }
                for item in items {
                    if let step = StepDecoder.decode(item, reader: &reader) { steps.append(step) }
                }
            } else {
                reader.bag.error(
                    "wrong-type", "`steps:` must be a list, found \(node.kindDescription)", at: node.location,
                    help: "write each step as `- id: ...`")
            }
        } else {
            reader.bag.error("missing-key", "the playbook has no `steps:`", at: start, help: "add a `steps:` list")
        }
        var syntax = PlaybookSyntax(
            file: file, id: id, title: title, timezone: timezone, enroll: enroll, enrollCondition: condition,
            replace: replace, useCycleFrom: useCycleFrom, products: products, defaults: defaults, vars: vars,
            templates: templates, steps: steps)
        if let node = top["goal"]?.value { syntax.goal = GoalDecoder.goal(node, reader: &reader) }
        if let node = top["holdout"]?.value { syntax.holdout = GoalDecoder.holdout(node, reader: &reader) ?? 0 }
        return (syntax, reader.bag.all)
    }

    /// Lowercase letters, digits and '-', not empty.
    static func isValidID(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func decodeEnroll(_ pair: YAMLNode.Pair?, start: SourceLocation, reader: inout ScalarDecoding)
        -> (Located<EnrollSource>, Located<String>?, Bool)
    {
        let fallback = Located(EnrollSource.customers, at: start)
        guard let pair else {
            reader.bag.error(
                "missing-key", "the playbook has no `enroll:`", at: start,
                help: "add `enroll: { products: [sku] }`, `enroll: { event: kind }` or `enroll: { customers: all }`")
            return (fallback, nil, true)
        }
        guard let map = reader.mapping(pair.value, "enroll", allowed: enrollKeys) else { return (fallback, nil, true) }
        var sources: [Located<EnrollSource>] = []
        if let node = map["products"] {
            let skus = reader.stringList(node.value, "enroll.products")
            if skus.isEmpty, node.value.items != nil {
                reader.bag.error("missing-key", "`enroll.products` is empty", at: node.value.location)
            }
            sources.append(Located(.products(skus.map(\.value)), at: node.key.location))
        }
        if let node = map["event"], let kind = reader.string(node.value, "enroll.event") {
            sources.append(Located(.event(kind.value), at: node.key.location))
        }
        if let node = map["customers"], let text = reader.string(node.value, "enroll.customers") {
            if text.value != "all" {
                reader.bag.error(
                    "invalid-value", "`enroll.customers` takes only `all`, found '\(text.value)'", at: text.location,
                    help: "write `customers: all` and narrow it with `if:`")
            }
            sources.append(Located(.customers, at: node.key.location))
        }
        if sources.count > 1 {
            reader.bag.error(
                "enroll-conflict", "`enroll` takes exactly one of products, event or customers",
                at: sources[1].location,
                help: "split the routine into two playbooks")
        } else if sources.isEmpty, map["products"] == nil, map["event"] == nil, map["customers"] == nil {
            reader.bag.error(
                "missing-key", "`enroll` needs one of products, event or customers", at: pair.value.location,
                help: "for example `enroll: { products: [cleanser] }`")
        }
        let condition = map["if"].flatMap { reader.string($0.value, "enroll.if") }
        let replace = map["replace"].flatMap { reader.bool($0.value, "enroll.replace")?.value } ?? true
        return (sources.first ?? fallback, condition, replace)
    }

    private static func decodeProducts(_ node: YAMLNode?, reader: inout ScalarDecoding) -> [ProductSyntax] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            _ = reader.mapping(node, "products", allowed: [])
            return []
        }
        var products: [ProductSyntax] = []
        for pair in pairs {
            guard let sku = reader.string(pair.key, "product sku") else { continue }
            guard let map = reader.mapping(pair.value, "product '\(sku.value)'", allowed: productKeys) else { continue }
            let name = map["name"].flatMap { reader.string($0.value, "product name")?.value }
            let cycle = map["use_cycle"].flatMap { reader.duration($0.value, "use_cycle") }
            if let cycle, cycle.value.amount <= 0 || cycle.value.isHours {
                reader.bag.error(
                    "invalid-duration", "use_cycle must be a positive number of days, weeks, months or years",
                    at: cycle.location, help: "for example `use_cycle: 80d`")
            }
            products.append(ProductSyntax(sku: sku, name: name, useCycle: cycle))
        }
        return products
    }

    private static func decodeVars(_ node: YAMLNode?, reader: inout ScalarDecoding) -> [(
        name: Located<String>, value: VarValue
    )] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            _ = reader.mapping(node, "vars", allowed: [])
            return []
        }
        var vars: [(name: Located<String>, value: VarValue)] = []
        for pair in pairs {
            guard let name = reader.string(pair.key, "var name") else { continue }
            let value: VarValue
            switch pair.value.coreValue {
            case .string(let text):
                value = .string(text)
                if case .scalar(let scalar) = pair.value.content, scalar.style == .plain,
                    let meant = ScalarDecoding.booleanLike(text)
                {
                    reader.bag.warning(
                        "boolean-like-string", "'\(text)' is a string in YAML 1.2, not a boolean",
                        at: pair.value.location, help: "write \(meant) for a boolean, or quote it to keep the text")
                }
            case .int(let int): value = .int(int)
            case .float(let double): value = .decimal(double)
            case .bool(let bool): value = .bool(bool)
            case .null: value = .null
            case .none:
                reader.bag.error(
                    "wrong-type", "var '\(name.value)' must be a single value, found \(pair.value.kindDescription)",
                    at: pair.value.location, help: "vars hold text, numbers or booleans")
                continue
            }
            vars.append((name, value))
        }
        return vars
    }
}
