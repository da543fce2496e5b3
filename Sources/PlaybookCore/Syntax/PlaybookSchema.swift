/// The JSON Schema (draft 2020-12) of the playbook language v1, for editors
/// (`# yaml-language-server: $schema=playbook.schema.json`). Lint remains the authority: the schema
/// checks structure, lint also checks references, expressions and templates.
public enum PlaybookSchema {
    static let duration = #"^[0-9]{1,6}(h|d|w|mo|y)$"#
    static let anchor =
        #"^\s*(purchase|paid|shipped|delivered|runout|event|enrolled|birthday|step:[a-z0-9-]+)(\s*[+-]\s*[0-9]{1,6}(h|d|w|mo|y))?\s*$"#
    static let identifier = #"^[a-z0-9-]+$"#

    /// The schema as JSON text.
    public static var json: String {
        let channels = Channel.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let kinds = ActionKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://playbook.dev/schema/playbook-v1.json",
              "title": "playbook v1",
              "type": "object",
              "additionalProperties": false,
              "required": ["playbook", "enroll", "steps"],
              "properties": {
                "playbook": { "type": "string", "pattern": "\(escape(identifier))" },
                "title": { "type": "string" },
                "timezone": { "type": "string", "description": "IANA time zone, e.g. Asia/Taipei" },
                "enroll": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "products": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                    "event": { "type": "string" },
                    "customers": { "const": "all" },
                    "if": { "type": "string" },
                    "replace": { "type": "boolean" }
                  },
                  "oneOf": [
                    { "required": ["products"] }, { "required": ["event"] }, { "required": ["customers"] }
                  ]
                },
                "use_cycle_from": { "enum": ["purchase", "delivered"] },
                "products": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "name": { "type": "string" },
                      "use_cycle": { "$ref": "#/$defs/duration" }
                    }
                  }
                },
                "defaults": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "channel": { "$ref": "#/$defs/channel" },
                    "kind": { "$ref": "#/$defs/kind" },
                    "expires": { "$ref": "#/$defs/duration" },
                    "priority": { "type": "integer" }
                  }
                },
                "vars": {
                  "type": "object",
                  "additionalProperties": { "type": ["string", "number", "boolean", "null"] }
                },
                "templates": { "type": "object", "additionalProperties": { "type": "string" } },
                "steps": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/step" } },
                "goal": {
                  "description": "What the playbook is for (SPEC §8): a purchase or an event within a window after a done action.",
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["within"],
                  "properties": {
                    "bought": {
                      "description": "same (the journey's sku), any, or a list of skus",
                      "oneOf": [{ "enum": ["same", "any"] }, { "type": "array", "items": { "type": "string" }, "minItems": 1 }]
                    },
                    "event": { "description": "An event kind, such as reply", "type": "string" },
                    "within": { "description": "The attribution window in days or weeks, such as 14d", "type": "string", "pattern": "^[0-9]{1,6}(d|w)$" }
                  },
                  "oneOf": [{ "required": ["bought"] }, { "required": ["event"] }],
                  "examples": [{ "bought": "same", "within": "14d" }]
                },
                "holdout": {
                  "description": "Share of customers held out to measure the playbook, 0% to 50%",
                  "type": ["string", "number"], "pattern": "^[0-9]+(\\\\.[0-9]+)?%?$", "examples": ["10%"]
                }
              },
              "$defs": {
                "duration": { "type": "string", "pattern": "\(escape(duration))" },
                "anchor": { "type": "string", "pattern": "\(escape(anchor))" },
                "channel": { "enum": [\(channels)] },
                "kind": { "enum": [\(kinds)] },
                "step": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["id"],
                  "properties": {
                    "id": { "type": "string", "pattern": "\(escape(identifier))" },
                    "at": { "$ref": "#/$defs/anchor" },
                    "every": { "$ref": "#/$defs/duration" },
                    "from": { "$ref": "#/$defs/anchor" },
                    "until": { "$ref": "#/$defs/anchor" },
                    "times": { "type": "integer", "minimum": 1 },
                    "no_reply": { "$ref": "#/$defs/duration" },
                    "after": { "type": "string", "pattern": "\(escape(identifier))" },
                    "if": { "type": "string" },
                    "channel": { "$ref": "#/$defs/channel" },
                    "kind": { "$ref": "#/$defs/kind" },
                    "message": { "type": ["string", "null"] },
                    "template": { "type": "string" },
                    "note": { "type": ["string", "null"] },
                    "require": { "type": "array", "items": { "type": "string", "pattern": "^(customer|order|product|vars)\\\\.[A-Za-z0-9_-]+$" } },
                    "expires": { "$ref": "#/$defs/duration" },
                    "priority": { "type": "integer" }
                  },
                  "oneOf": [
                    { "required": ["at"], "not": { "anyOf": [{ "required": ["every"] }, { "required": ["no_reply"] }] } },
                    {
                      "required": ["every", "from"],
                      "not": { "anyOf": [{ "required": ["at"] }, { "required": ["no_reply"] }] },
                      "oneOf": [{ "required": ["until"] }, { "required": ["times"] }]
                    },
                    { "required": ["no_reply", "after"], "not": { "anyOf": [{ "required": ["at"] }, { "required": ["every"] }] } }
                  ],
                  "not": { "required": ["message", "template"] }
                }
              }
            }
            """
    }

    private static func escape(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "\\", with: "\\\\")
    }
}
