/// SARIF 2.1.0 output, as GitHub code scanning accepts it.
enum SARIF {
    static func render(_ diagnostics: [Diagnostic], rules: [LintRuleInfo]) -> String {
        let ruleIDs = rules.map(\.id)
        let ruleObjects: [[String: Any]] = rules.map { rule in
            [
                "id": rule.id, "name": rule.id, "shortDescription": ["text": rule.summary],
                "fullDescription": ["text": rule.summary], "defaultConfiguration": ["level": rule.severity.rawValue],
                "helpUri": "docs/lint-rules.md#\(rule.id)",
            ]
        }
        let results: [[String: Any]] = diagnostics.map { diagnostic in
            var result: [String: Any] = [
                "ruleId": diagnostic.rule, "level": diagnostic.severity.rawValue,
                "message": ["text": diagnostic.message + (diagnostic.help.map { " Help: \($0)" } ?? "")],
                "locations": [
                    [
                        "physicalLocation": [
                            "artifactLocation": ["uri": diagnostic.location.file],
                            "region": [
                                "startLine": diagnostic.location.line, "startColumn": diagnostic.location.column,
                            ],
                        ]
                    ]
                ],
            ]
            if let index = ruleIDs.firstIndex(of: diagnostic.rule) { result["ruleIndex"] = index }
            return result
        }
        let log: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [
                [
                    "tool": [
                        "driver": [
                            "name": "playbook", "informationUri": "https://github.com/playbook/playbook",
                            "version": "1.0.0", "rules": ruleObjects,
                        ]
                    ],
                    "results": results,
                ]
            ],
        ]
        return JSONText.encode(log) + "\n"
    }
}
