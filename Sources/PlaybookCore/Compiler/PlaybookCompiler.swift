/// Compiles a decoded playbook into a ``CompiledPlaybook``: resolves references, applies
/// defaults, type-checks conditions and checks templates. Every problem is reported.
public struct PlaybookCompiler {
    let team: TeamConfig
    var bag = DiagnosticBag()

    /// Creates a compiler for playbooks of a team.
    public init(team: TeamConfig) { self.team = team }

    /// Compiles; returns nil when an error makes the playbook unusable.
    public mutating func compile(_ syntax: PlaybookSyntax) -> CompiledPlaybook? {
        let startCount = bag.all.count
        let zone = resolveZone(syntax.timezone)
        let stepIDs = checkStepIDs(syntax.steps)
        let vars = Dictionary(syntax.vars.map { ($0.name.value, $0.value) }, uniquingKeysWith: { first, _ in first })
        let scope = ExprScope(customAttributes: Set(team.customerAttributes), vars: vars, stepIDs: stepIDs)
        let vocabulary = TemplateVocabulary(customAttributes: team.customerAttributes, vars: Array(vars.keys))
        var templates: [String: MessageTemplate] = [:]
        for (name, text) in syntax.templates {
            templates[name.value] = checkTemplate(text, vocabulary: vocabulary)
        }
        var catalog: [String: CatalogProduct] = [:]
        for product in syntax.products {
            catalog[product.sku.value] = CatalogProduct(name: product.name, useCycle: product.useCycle?.value)
        }
        let enrollCondition = syntax.enrollCondition.flatMap { checkCondition($0, scope: scope) }
        var steps: [CompiledStep] = []
        var usedTemplates: Set<String> = []
        for (position, step) in syntax.steps.enumerated() {
            if let compiled = compileStep(
                step, position: position, playbook: syntax, scope: scope, vocabulary: vocabulary, templates: templates,
                usedTemplates: &usedTemplates)
            {
                steps.append(compiled)
            }
        }
        GraphChecks.checkCycles(syntax.steps, bag: &bag)
        GraphChecks.checkReachability(syntax, catalog: catalog, bag: &bag)
        reportUnused(syntax, usedTemplates: usedTemplates)
        if let goal = syntax.goal, goal.value.target == .sameSku, case .products = syntax.enroll.value {
        } else if let goal = syntax.goal, goal.value.target == .sameSku {
            bag.error(
                "goal-needs-products", "goal bought: same needs a playbook enrolled on products", at: goal.location,
                help: "use bought: any, bought: [sku, …] or event: KIND, or enroll: { products: [...] }")
        }
        guard !bag.all[startCount...].contains(where: { $0.severity == .error }) else { return nil }
        return CompiledPlaybook(
            id: syntax.id.value, title: syntax.title, file: syntax.file, zone: zone, enroll: syntax.enroll.value,
            enrollCondition: enrollCondition, replace: syntax.replace, useCycleFrom: syntax.useCycleFrom,
            catalog: catalog, vars: vars, steps: steps, goal: syntax.goal?.value, holdout: syntax.holdout)
    }

    /// All diagnostics so far.
    public var diagnostics: [Diagnostic] { bag.all }

    private mutating func resolveZone(_ name: Located<String>?) -> Zone {
        guard let name else { return team.zone }
        if let zone = Zone(identifier: name.value) { return zone }
        bag.error(
            "invalid-timezone",
            "'\(name.value)' is not an IANA time zone\(Suggestions.didYouMean(name.value, in: Zone.knownIdentifiers))",
            at: name.location, help: "for example Asia/Taipei or Asia/Shanghai")
        return team.zone
    }

    private mutating func checkStepIDs(_ steps: [StepSyntax]) -> Set<String> {
        var seen: [String: SourceLocation] = [:]
        for step in steps where !step.id.value.isEmpty {
            if let first = seen[step.id.value] {
                bag.error(
                    "duplicate-step-id", "step id '\(step.id.value)' is already used at line \(first.line)",
                    at: step.id.location, help: "give every step its own id")
            } else {
                seen[step.id.value] = step.id.location
            }
        }
        return Set(seen.keys)
    }

    private mutating func compileStep(
        _ step: StepSyntax, position: Int, playbook: PlaybookSyntax, scope: ExprScope, vocabulary: TemplateVocabulary,
        templates: [String: MessageTemplate], usedTemplates: inout Set<String>
    ) -> CompiledStep? {
        let condition = step.condition.flatMap { checkCondition($0, scope: scope) }
        if let after = step.after, !scope.stepIDs.contains(after.value) {
            bag.error(
                "unknown-step",
                "`after:` names no step '\(after.value)'\(Suggestions.didYouMean(after.value, in: scope.stepIDs))",
                at: after.location, help: "use the id of a step in this file")
        }
        if let after = step.after, after.value == step.id.value {
            bag.error("step-cycle", "step '\(step.id.value)' waits for itself", at: after.location)
        }
        let channel = step.fields.channel?.value ?? playbook.defaults.channel?.value
        if channel == nil {
            bag.error(
                "missing-channel", "step '\(step.id.value)' has no channel", at: step.location,
                help: "add `channel: line` to the step or to `defaults:`; channels: "
                    + Channel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var text: MessageTemplate?
        var hasText = false
        for source in [step.message, step.note].compactMap({ $0 }) {
            hasText = true
            switch source {
            case .inline(let inline): text = checkTemplate(inline, vocabulary: vocabulary)
            case .named(let name):
                usedTemplates.insert(name.value)
                if let template = templates[name.value] {
                    text = template
                } else if !playbook.templates.contains(where: { $0.name.value == name.value }) {
                    bag.error(
                        "unknown-template",
                        "no template '\(name.value)'\(Suggestions.didYouMean(name.value, in: playbook.templates.map(\.name.value)))",
                        at: name.location, help: "define it under `templates:`")
                }
            }
        }
        for path in step.require { checkRequirePath(path, scope: scope) }
        guard let trigger = step.trigger, let channel else { return nil }
        if let expires = step.fields.expires ?? playbook.defaults.expires {
            checkExpiry(expires, of: trigger.value)
        }
        // A `note:` is the text of a task; a `message:` or `template:` makes a message.
        let textKind: ActionKind = hasText && step.note == nil ? .message : .task
        let kind = step.fields.kind?.value ?? playbook.defaults.kind?.value ?? textKind
        return CompiledStep(
            id: step.id.value, position: position, trigger: trigger.value, condition: condition,
            after: step.after?.value,
            channel: channel, kind: kind, text: text, require: step.require.map(\.value),
            expires: step.fields.expires?.value ?? playbook.defaults.expires?.value,
            priority: step.fields.priority?.value ?? playbook.defaults.priority?.value ?? 0, location: step.location)
    }

    /// Warns when `expires:` in hours ends within the due date of a step due on a date: the
    /// window counts from the midnight that starts that date (SPEC §3.2), so the action expires
    /// during its own due day, and a run `--as-of` that date (its end) never records it.
    private mutating func checkExpiry(_ expires: Located<PlaybookDuration>, of trigger: Trigger) {
        let isDueOnADate: Bool
        switch trigger {
        case .at(let expression): isDueOnADate = !(expression.offset?.isHours ?? false)
        case .every(let interval, _, _): isDueOnADate = !interval.isHours
        case .noReply(let wait, _): isDueOnADate = !wait.isHours
        }
        guard isDueOnADate, expires.value.isHours, expires.value.amount < 24 else { return }
        bag.warning(
            "expires-within-due-day",
            "`expires: \(expires.value)` counts from the midnight that starts the due date, so the action "
                + "expires during its own due day and a run --as-of that date never records it",
            at: expires.location,
            help: "give whole days (expires: 1d), or make the trigger hour-based (at: purchase + 72h)")
    }

    private mutating func checkRequirePath(_ path: Located<String>, scope: ExprScope) {
        let parts = path.value.split(separator: ".").map(String.init)
        var known = CustomerFields.order.map { "order.\($0)" } + CustomerFields.core.map { "customer.\($0)" }
        known += team.customerAttributes.map { "customer.\($0)" } + ["product.name", "product.sku"]
        known += scope.vars.keys.map { "vars.\($0)" }
        if parts.count != 2 || !known.contains(path.value) {
            bag.error(
                "unknown-field",
                "`require:` names no field '\(path.value)'\(Suggestions.didYouMean(path.value, in: known))",
                at: path.location, help: "for example order.tracking_no or customer.phone")
        }
    }

    /// Parses and type-checks a condition, reporting errors at their exact column.
    mutating func checkCondition(_ source: Located<String>, scope: ExprScope) -> CompiledCondition? {
        let expr: Expr
        do {
            expr = try ExprParser.parse(source.value)
        } catch {
            bag.error(
                "expression-syntax", error.message,
                at: TextLocator.location(base: source.location, text: source.value, offset: error.offset),
                help: error.help)
            return nil
        }
        var checker = TypeChecker(scope: scope)
        checker.checkCondition(expr)
        for error in checker.errors {
            bag.error(
                "expression-type", error.message,
                at: TextLocator.location(base: source.location, text: source.value, offset: error.offset),
                help: error.help)
        }
        return checker.errors.isEmpty
            ? CompiledCondition(source: source.value, expr: expr, location: source.location) : nil
    }

    /// Checks a template's tags, then compiles it with swift-mustache.
    mutating func checkTemplate(_ source: Located<String>, vocabulary: TemplateVocabulary) -> MessageTemplate? {
        let problems = vocabulary.check(source.value)
        for problem in problems {
            let rule = problem.message.hasPrefix("unknown variable") ? "unknown-variable" : "template-syntax"
            bag.error(
                rule, problem.message,
                at: TextLocator.location(base: source.location, line: problem.line, column: problem.column),
                help: problem.help)
        }
        guard problems.isEmpty else { return nil }
        guard let template = MessageTemplate(source: source.value) else {
            bag.error(
                "template-syntax", "the message is not a valid Mustache template", at: source.location,
                help: "check that every {{ has a matching }}")
            return nil
        }
        return template
    }

    private mutating func reportUnused(_ syntax: PlaybookSyntax, usedTemplates: Set<String>) {
        for (name, _) in syntax.templates where !usedTemplates.contains(name.value) {
            bag.warning(
                "unused-template", "template '\(name.value)' is never used", at: name.location,
                help: "use it with `template: \(name.value)` or remove it")
        }
        var texts = syntax.templates.map(\.text.value)
        texts += syntax.steps.flatMap { step in
            [step.message, step.note].compactMap { source -> String? in
                if case .inline(let text)? = source { return text.value }
                return nil
            }
        }
        let conditions = ([syntax.enrollCondition] + syntax.steps.map(\.condition)).compactMap { $0?.value }
        for (name, _) in syntax.vars {
            let reference = "vars.\(name.value)"
            if !texts.contains(where: { $0.contains(reference) }),
                !conditions.contains(where: { $0.contains(reference) })
            {
                bag.warning(
                    "unused-var", "var '\(name.value)' is never used", at: name.location,
                    help: "use it as {{\(reference)}} or remove it")
            }
        }
    }
}
