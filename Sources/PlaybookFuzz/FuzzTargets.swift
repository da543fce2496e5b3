import PlaybookCore

/// What the fuzzer drives: each target must return (never crash, hang or blow up memory) on any input.
enum FuzzTargets {
    static func runAll(_ bytes: [UInt8]) {
        yaml(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        expression(text)
        template(text)
    }

    /// The whole lint pipeline on a playbook file: libyaml events, decoder, compiler.
    static func yaml(_ bytes: [UInt8]) {
        let read = YAMLReader.read(bytes, file: "fuzz.yaml")
        guard let root = read.root else { return }
        let (syntax, _) = PlaybookDecoder.decode(root, file: "fuzz.yaml")
        guard let syntax else { return }
        var compiler = PlaybookCompiler(team: TeamConfig())
        _ = compiler.compile(syntax)
    }

    /// An `if:` condition inside an otherwise valid playbook.
    static func expression(_ text: String) {
        let quoted = text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: " ")
        yaml(Array(playbook(step: "    if: '\(quoted)'\n    message: hi\n").utf8))
    }

    /// A message template inside an otherwise valid playbook.
    static func template(_ text: String) {
        let quoted = text.replacingOccurrences(of: "'", with: "''").replacingOccurrences(of: "\n", with: " ")
        yaml(Array(playbook(step: "    message: '\(quoted)'\n").utf8))
    }

    private static func playbook(step: String) -> String {
        "playbook: fuzz\nenroll: { customers: all }\ndefaults: { channel: line }\nsteps:\n  - id: a\n    at: enrolled\n"
            + step
    }
}
