/// Every lint rule with its examples. `docs/lint-rules.md` documents the same list.
public enum LintRules {
    /// All rules, in documentation order.
    public static let all: [LintRuleInfo] = yamlRules + structureRules + referenceRules + expressionRules

    static let yamlRules: [LintRuleInfo] = [
        .init(
            "yaml-syntax", .error, "The file is not well-formed YAML.",
            triggering: Example.replacing("steps:", "steps: [").replacingOccurrences(of: "您好\"\n", with: "您好\"\n  ]]"),
            nonTriggering: Example.base),
        .init(
            "yaml-tab", .error, "A tab is used for indentation; YAML indents with spaces.",
            triggering: Example.replacing("    at: purchase", "\tat: purchase"), nonTriggering: Example.base),
        .init(
            "yaml-invalid-utf8", .error, "The file is not UTF-8.",
            triggering: "playbook: \u{FFFD}bad-bytes-in-fixture\n",
            nonTriggering: Example.base),
        .init(
            "yaml-empty", .error, "The file holds no YAML document.", triggering: "# only a comment\n",
            nonTriggering: Example.base),
        .init(
            "yaml-duplicate-key", .error, "A mapping has the same key twice.",
            triggering: Example.replacing("defaults: { channel: line }", "defaults: { channel: line, channel: sms }"),
            nonTriggering: Example.base),
        .init(
            "yaml-undefined-anchor", .error, "An alias refers to an anchor that is not defined before it.",
            triggering: Example.replacing("defaults: { channel: line }", "defaults: *missing"),
            nonTriggering: Example.base),
        .init(
            "yaml-unused-anchor", .error, "An anchor is defined but never used.",
            triggering: Example.replacing("defaults: { channel: line }", "defaults: &d { channel: line }"),
            nonTriggering: Example.base),
        .init(
            "yaml-alias-budget", .error, "Aliases expand to too many nodes (a 'billion laughs' file).",
            triggering: BillionLaughs.text, nonTriggering: Example.base),
        .init(
            "yaml-too-deep", .error, "Nesting is deeper than 100 levels.",
            triggering: "playbook: deep\nvars: " + String(repeating: "[", count: 120)
                + String(repeating: "]", count: 120) + "\n",
            nonTriggering: Example.base),
        .init(
            "yaml-custom-tag", .error, "A custom YAML tag is used.",
            triggering: Example.replacing("playbook: demo", "playbook: !python/object demo"),
            nonTriggering: Example.base),
        .init(
            "yaml-multiple-documents", .error, "The file holds more than one YAML document.",
            triggering: Example.base + "---\nplaybook: second\n", nonTriggering: Example.base),
    ]

    static let structureRules: [LintRuleInfo] = [
        .init(
            "unknown-key", .error,
            "A key that the playbook language does not know; the nearest valid key is suggested.",
            triggering: Example.replacing("    at: purchase", "    chanel: line\n    at: purchase"),
            nonTriggering: Example.base),
        .init(
            "missing-key", .error,
            "A required key is missing (playbook, enroll, steps, a step's id, from/until/times).",
            triggering: Example.replacing("playbook: demo\n", ""), nonTriggering: Example.base),
        .init(
            "wrong-type", .error,
            "A value has the wrong YAML type (a list where text is expected, `yes` for a boolean…).",
            triggering: Example.replacing(
                "enroll: { products: [cleanser] }", "enroll: { products: [cleanser], replace: yes }"),
            nonTriggering: Example.replacing(
                "enroll: { products: [cleanser] }", "enroll: { products: [cleanser], replace: false }")),
        .init(
            "invalid-value", .error, "A value outside its allowed set (channel, kind, use_cycle_from…).",
            triggering: Example.replacing("channel: line", "channel: telegram"), nonTriggering: Example.base),
        .init(
            "boolean-like-string", .warning, "`yes`, `no`, `on`, `off` are strings in YAML 1.2, not booleans.",
            triggering: Example.replacing("defaults:", "vars: { vip: yes }\ndefaults:").replacingOccurrences(
                of: "您好\"", with: "您好 {{vars.vip}}\""),
            nonTriggering: Example.replacing("defaults:", "vars: { vip: true }\ndefaults:").replacingOccurrences(
                of: "您好\"", with: "您好 {{vars.vip}}\"")),
        .init(
            "invalid-id", .error, "A playbook or step id uses characters other than lowercase letters, digits and '-'.",
            triggering: Example.replacing("playbook: demo", "playbook: Demo_1"), nonTriggering: Example.base),
        .init(
            "invalid-timezone", .error, "The time zone is not an IANA name.",
            triggering: Example.replacing("defaults:", "timezone: Asia/Taipeii\ndefaults:"),
            nonTriggering: Example.replacing("defaults:", "timezone: Asia/Taipei\ndefaults:")),
        .init(
            "invalid-duration", .error, "A duration is not written as Nh, Nd, Nw, Nmo or Ny.",
            triggering: Example.replacing("purchase + 3d", "purchase + 3 days"), nonTriggering: Example.base),
        .init(
            "invalid-anchor", .error, "A trigger names an unknown anchor.",
            triggering: Example.replacing("purchase + 3d", "purchased + 3d"), nonTriggering: Example.base),
        .init(
            "enroll-conflict", .error, "`enroll` names more than one of products, event and customers.",
            triggering: Example.replacing("{ products: [cleanser] }", "{ products: [cleanser], event: complaint }"),
            nonTriggering: Example.base),
        .init(
            "trigger-conflict", .error, "A step has no trigger or more than one of at, every and no_reply.",
            triggering: Example.replacing("    at: purchase + 3d\n", "    at: purchase + 3d\n    every: 2d\n"),
            nonTriggering: Example.base),
        .init(
            "text-conflict", .error, "A step has both `message:` and `template:`.",
            triggering: Example.replacing("defaults:", "templates: { hi: \"hi\" }\ndefaults:").replacingOccurrences(
                of: "    message:", with: "    template: hi\n    message:"),
            nonTriggering: Example.base),
        .init(
            "missing-channel", .error, "A step has no channel, neither its own nor from `defaults:`.",
            triggering: Example.replacing("defaults: { channel: line }\n", ""), nonTriggering: Example.base),
    ]

    static let referenceRules: [LintRuleInfo] = [
        .init(
            "duplicate-step-id", .error, "Two steps share an id.",
            triggering: Example.base + "  - id: day-3\n    at: purchase + 4d\n", nonTriggering: Example.base),
        .init(
            "duplicate-playbook-id", .error, "Two files declare the same playbook id.",
            triggering: Example.base, nonTriggering: Example.replacing("playbook: demo", "playbook: other")),
        .init(
            "unknown-step", .error, "`after:`, `step:<id>` or `replied_since` names a step that does not exist.",
            triggering: Example.base + "  - id: nudge\n    no_reply: 2d\n    after: day3\n",
            nonTriggering: Example.base + "  - id: nudge\n    no_reply: 2d\n    after: day-3\n"),
        .init(
            "step-cycle", .error, "Steps wait for each other in a cycle.",
            triggering: Example.base + "  - id: a\n    at: step:b + 1d\n  - id: b\n    at: step:a + 1d\n",
            nonTriggering: Example.base + "  - id: a\n    at: step:day-3 + 1d\n  - id: b\n    at: step:a + 1d\n"),
        .init(
            "unreachable-step", .error,
            "A step's anchor never exists for this kind of journey (purchase on customers…).",
            triggering: Example.replacing("{ products: [cleanser] }", "{ customers: all }"),
            nonTriggering: Example.replacing("{ products: [cleanser] }", "{ customers: all }").replacingOccurrences(
                of: "purchase + 3d", with: "enrolled + 3d")),
        .init(
            "runout-without-use-cycle", .error, "A step uses `runout` but an enrolled product has no use_cycle.",
            triggering: Example.replacing("purchase + 3d", "runout - 7d").replacingOccurrences(
                of: ", use_cycle: 80d", with: ""),
            nonTriggering: Example.replacing("purchase + 3d", "runout - 7d")),
        .init(
            "unknown-template", .error, "`template:` names no entry of `templates:`.",
            triggering: Example.replacing("    message: \"{{customer.name}} 您好\"", "    template: thanks"),
            nonTriggering: Example.replacing("defaults:", "templates: { thanks: \"謝謝\" }\ndefaults:")
                .replacingOccurrences(of: "    message: \"{{customer.name}} 您好\"", with: "    template: thanks")),
        .init(
            "unknown-field", .error, "`require:` names a field that does not exist.",
            triggering: Example.replacing("    at: purchase", "    require: [order.tracking]\n    at: purchase"),
            nonTriggering: Example.replacing("    at: purchase", "    require: [order.tracking_no]\n    at: purchase")),
        .init(
            "unused-template", .warning, "A template is defined but no step uses it.",
            triggering: Example.replacing("defaults:", "templates: { thanks: \"謝謝\" }\ndefaults:"),
            nonTriggering: Example.base),
        .init(
            "unused-var", .warning, "A var is defined but no template or condition uses it.",
            triggering: Example.replacing("defaults:", "vars: { shop: 小美 }\ndefaults:"), nonTriggering: Example.base),
        .init(
            "expires-within-due-day", .warning,
            "`expires:` in hours, under a day, on a step due on a date: it runs out during the due day itself.",
            triggering: Example.replacing("    at: purchase + 3d", "    at: purchase + 3d\n    expires: 12h"),
            nonTriggering: Example.replacing("    at: purchase + 3d", "    at: purchase + 72h\n    expires: 12h")),
    ]

    static let expressionRules: [LintRuleInfo] = [
        .init(
            "expression-syntax", .error, "An `if:` condition cannot be parsed.",
            triggering: Example.replacing("    at: purchase", "    if: 'customer.tier = \"vip\"'\n    at: purchase"),
            nonTriggering: Example.replacing("    at: purchase", "    if: 'customer.tier == \"vip\"'\n    at: purchase")
        ),
        .init(
            "expression-type", .error, "An `if:` condition uses an unknown field or function, or mixes types.",
            triggering: Example.replacing("    at: purchase", "    if: 'order.amount > \"1000\"'\n    at: purchase"),
            nonTriggering: Example.replacing("    at: purchase", "    if: 'order.amount > 1000'\n    at: purchase")),
        .init(
            "template-syntax", .error, "A message template has an unclosed tag or section.",
            triggering: Example.replacing(
                "\"{{customer.name}} 您好\"", "\"{{#order.tracking_no}}單號 {{order.tracking_no}}\""),
            nonTriggering: Example.replacing(
                "\"{{customer.name}} 您好\"", "\"{{#order.tracking_no}}單號 {{order.tracking_no}}{{/order.tracking_no}}\"")),
        .init(
            "unknown-variable", .error, "A template uses a variable that is not a core field, custom attribute or var.",
            triggering: Example.replacing("{{customer.name}}", "{{customer.nmae}}"), nonTriggering: Example.base),
        .init(
            "duplicate-team-file", .error,
            "A second team.yaml under the playbooks folder; the one nearest the top is the team's.",
            triggering: Example.base, nonTriggering: Example.base),
        .init(
            "goal-needs-products", .error,
            "`goal: { bought: same }` on a playbook that is not enrolled on products (it has no sku of its own).",
            triggering: Example.replacing("enroll: { products: [cleanser] }", "enroll: { event: complaint }")
                .replacingOccurrences(of: "purchase + 3d", with: "event + 3d")
                .replacingOccurrences(of: "steps:", with: "goal: { bought: same, within: 14d }\nsteps:"),
            nonTriggering: Example.replacing("steps:", "goal: { bought: same, within: 14d }\nsteps:")),
        .init(
            "unknown-column", .error,
            "team.yaml `columns:` maps a header to a name that is not a column of that file kind.",
            triggering: Example.base, nonTriggering: Example.base),
        .init(
            "duplicate-column", .error, "team.yaml `columns:` maps two headers to the same column.",
            triggering: Example.base, nonTriggering: Example.base),
    ]
}

/// A billion-laughs file for the alias budget's examples and tests.
public enum BillionLaughs {
    /// Ten levels of ten aliases each.
    public static let text: String = {
        var lines = ["playbook: lol", "vars:", "  a0: &a0 [\"lol\"]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("  a\(level): &a\(level) [\(refs)]")
        }
        lines.append("  boom: [*a9, *a9]")
        return lines.joined(separator: "\n") + "\n"
    }()
}
