/// Decodes one entry of `steps:`.
enum StepDecoder {
    static let keys = [
        "id", "at", "every", "from", "until", "times", "no_reply", "after", "if", "channel", "kind", "message",
        "template", "note", "require", "expires", "priority",
    ]

    static func decode(_ node: YAMLNode, reader: inout ScalarDecoding) -> StepSyntax? {
        guard let map = reader.mapping(node, "a step", allowed: keys) else { return nil }
        var id = Located("", at: node.location)
        if let value = map["id"]?.value, let text = reader.string(value, "step id") {
            id = text
            if !PlaybookDecoder.isValidID(text.value) {
                reader.bag.error(
                    "invalid-id", "step id '\(text.value)' may use only lowercase letters, digits and '-'",
                    at: text.location, help: "for example: day-3")
            }
        } else if map["id"] == nil {
            reader.bag.error("missing-key", "the step has no `id:`", at: node.location, help: "add `id: day-3`")
        }
        let trigger = decodeTrigger(map, step: node, reader: &reader)
        let condition = map["if"].flatMap { reader.string($0.value, "if") }
        let after = map["after"].flatMap { reader.string($0.value, "after") }
        let fields = optionalFields(map, reader: &reader)
        var message: TextSource?
        var note: TextSource?
        var explicitNoText = false
        if let pair = map["message"] {
            if pair.value.coreValue == .null {
                explicitNoText = true
            } else if let text = reader.string(pair.value, "message") {
                message = .inline(text)
            }
        }
        if let pair = map["note"] {
            if pair.value.coreValue == .null {
                explicitNoText = true
            } else if let text = reader.string(pair.value, "note") {
                note = .inline(text)
            }
        }
        if let pair = map["template"], let name = reader.string(pair.value, "template") {
            if message != nil {
                reader.bag.error(
                    "text-conflict", "a step takes `message:` or `template:`, not both", at: pair.key.location,
                    help: "keep one of them")
            } else {
                message = .named(name)
            }
        }
        let require = map["require"].map { reader.stringList($0.value, "require") } ?? []
        return StepSyntax(
            id: id, trigger: trigger, condition: condition, after: after, fields: fields, message: message, note: note,
            explicitNoText: explicitNoText, require: require, location: node.location)
    }

    /// channel, kind, expires and priority, shared by steps and `defaults:`.
    static func optionalFields(_ map: [String: YAMLNode.Pair], reader: inout ScalarDecoding) -> StepDefaults {
        var fields = StepDefaults()
        fields.channel = map["channel"].flatMap { reader.enumValue($0.value, "channel", Channel.self) }
        fields.kind = map["kind"].flatMap { reader.enumValue($0.value, "kind", ActionKind.self) }
        fields.expires = map["expires"].flatMap { reader.duration($0.value, "expires") }
        fields.priority = map["priority"].flatMap { reader.int($0.value, "priority") }
        return fields
    }

    private static func decodeTrigger(_ map: [String: YAMLNode.Pair], step: YAMLNode, reader: inout ScalarDecoding)
        -> Located<Trigger>?
    {
        let present = ["at", "every", "no_reply"].filter { map[$0] != nil }
        if present.count != 1 {
            let location = present.count > 1 ? (map[present[1]]?.key.location ?? step.location) : step.location
            reader.bag.error(
                "trigger-conflict",
                present.isEmpty
                    ? "the step has no trigger"
                    : "the step has \(present.count) triggers (\(present.joined(separator: ", ")))",
                at: location, help: "give each step exactly one of `at:`, `every:` or `no_reply:`")
        }
        for key in ["from", "until", "times"] where map[key] != nil && map["every"] == nil {
            if let pair = map[key] {
                reader.bag.error(
                    "unknown-key", "`\(key):` belongs to `every:` steps", at: pair.key.location,
                    help: "remove it, or make the step recurring with `every:`")
            }
        }
        if let pair = map["at"], present.count == 1 {
            guard let anchor = reader.anchorOffset(pair.value, "at") else { return nil }
            return Located(.at(anchor.value), at: pair.key.location)
        }
        if let pair = map["every"], present.count == 1 {
            return decodeEvery(pair, map: map, reader: &reader)
        }
        if let pair = map["no_reply"], present.count == 1 {
            let duration = reader.duration(pair.value, "no_reply")
            guard let after = map["after"] else {
                reader.bag.error(
                    "missing-key", "a `no_reply:` step needs `after: <step id>`", at: pair.key.location,
                    help: "name the step whose answer you wait for")
                return nil
            }
            guard let duration, let afterID = reader.string(after.value, "after") else { return nil }
            return Located(.noReply(duration.value, after: afterID.value), at: pair.key.location)
        }
        return nil
    }

    private static func decodeEvery(_ pair: YAMLNode.Pair, map: [String: YAMLNode.Pair], reader: inout ScalarDecoding)
        -> Located<Trigger>?
    {
        let interval = reader.duration(pair.value, "every")
        if let interval, interval.value.amount <= 0 {
            reader.bag.error("invalid-duration", "`every:` must be longer than zero", at: interval.location)
        }
        guard let fromPair = map["from"] else {
            reader.bag.error(
                "missing-key", "an `every:` step needs `from: <anchor>`", at: pair.key.location,
                help: "for example `from: delivered`")
            return nil
        }
        let from = reader.anchorOffset(fromPair.value, "from")
        var end: EveryEnd?
        switch (map["until"], map["times"]) {
        case (let until?, nil):
            end = reader.anchorOffset(until.value, "until").map { .until($0.value) }
        case (nil, let times?):
            if let count = reader.int(times.value, "times") {
                if count.value < 1 {
                    reader.bag.error("invalid-value", "`times:` must be at least 1", at: count.location)
                } else {
                    end = .times(count.value)
                }
            }
        case (_?, let times?):
            reader.bag.error(
                "trigger-conflict", "an `every:` step takes `until:` or `times:`, not both", at: times.key.location)
        case (nil, nil):
            reader.bag.error(
                "missing-key", "an `every:` step needs `until: <anchor>` or `times: N`", at: pair.key.location,
                help: "for example `times: 7`")
        }
        guard let interval, interval.value.amount > 0, let from, let end else { return nil }
        return Located(.every(interval.value, from: from.value, end: end), at: pair.key.location)
    }
}
