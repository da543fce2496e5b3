import Foundation

/// Loads a playbooks folder (or explicit files): the team file first, then every playbook,
/// compiled into one ``RuleGraph`` with every diagnostic of every file.
public enum ProjectLoader {
    /// The outcome of loading.
    public struct Result: Sendable {
        /// The graph of every playbook that compiled (nil when nothing could be read).
        public var graph: RuleGraph
        /// Every problem, sorted by file, line and column.
        public var diagnostics: [Diagnostic]
        /// The files that were read.
        public var files: [String]
        /// Whether any error was found.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// An input path that cannot be read.
    public struct InputError: Error, CustomStringConvertible {
        public var description: String

        /// Creates an input error.
        public init(description: String) { self.description = description }
    }

    /// Files under `paths` that `include` accepts (by default playbook files): folders are
    /// searched recursively, skipping hidden files and folders such as `.git` or an editor's
    /// `.backup/`; a file named explicitly is always read.
    public static func files(in paths: [String], matching include: (String) -> Bool = isPlaybookFile)
        throws(InputError) -> [String]
    {
        var result: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(description: "\(path): no such file or folder")
            }
            if !isDirectory.boolValue {
                result.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw InputError(description: "\(path): cannot read the folder")
            }
            var found: [String] = []
            var visited = 0
            for case let relative as String in enumerator {
                visited += 1
                if visited > maxEntries {
                    throw InputError(
                        description: "\(path): more than \(maxEntries) files and folders below it; "
                            + "name the playbooks folder instead (lint does not search a whole disk)")
                }
                if (relative as NSString).lastPathComponent.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                if include(relative) { found.append((path as NSString).appendingPathComponent(relative)) }
            }
            result.append(contentsOf: found.sorted())
        }
        return result
    }

    /// How many files and folders a folder search looks at before it gives up: a playbooks
    /// folder holds tens, and `lint /` must not walk the whole file system.
    public static let maxEntries = 20_000

    /// `*.yaml` and `*.yml` files other than playbook test files, the extension in any case
    /// (`A.YAML` as Windows names it is a playbook too, not silently left out).
    public static func isPlaybookFile(_ path: String) -> Bool {
        let name = path.lowercased()
        return (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !isTestFile(path)
    }

    /// `*.test.yaml` files hold playbook tests, not playbooks.
    public static func isTestFile(_ path: String) -> Bool {
        let name = path.lowercased()
        return name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")
    }

    /// True for the team file.
    public static func isTeamFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return name == "team.yaml" || name == "team.yml"
    }

    /// `paths` with the team file of each explicitly named playbook's folder added (first), so that
    /// linting or drawing one file reads the team's zone and custom columns as the folder does.
    public static func withTeamFiles(_ paths: [String]) -> [String] {
        var teams: [String] = []
        for path in paths where isPlaybookFile(path) && !isTeamFile(path) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let folder = (path as NSString).deletingLastPathComponent
            for name in ["team.yaml", "team.yml"] {
                let team = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: team) && !paths.contains(team) && !teams.contains(team) {
                    teams.append(team)
                }
            }
        }
        return teams + paths
    }

    /// Loads and compiles every file.
    public static func load(paths: [String]) throws(InputError) -> Result {
        let files = try files(in: paths)
        var diagnostics: [Diagnostic] = []
        var sources: [String: [UInt8]] = [:]
        var fingerprint = FNV1a()
        for file in files {
            guard let bytes = readBytes(file, diagnostics: &diagnostics) else { continue }
            sources[file] = bytes
            // By file name, not path: the same folder reached another way (relative, absolute, via
            // a link) is the same graph, and must not empty the next-check index.
            fingerprint.combine(Array((file as NSString).lastPathComponent.utf8) + [0] + bytes + [0])
        }
        var team = TeamConfig()
        // The team file nearest the top is the team's; another one would silently decide the
        // zone and the cap by the order of the file names.
        let teamFiles = files.filter { isTeamFile($0) && sources[$0] != nil }.sorted {
            ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1)
        }
        if let file = teamFiles.first {
            let (syntax, found) = readTeam(file, bytes: sources[file] ?? [])
            diagnostics += found
            if let syntax { team = resolve(syntax, diagnostics: &diagnostics) }
        }
        for extra in teamFiles.dropFirst() {
            diagnostics.append(
                .error(
                    "duplicate-team-file", "a second team file; the team's is \(teamFiles[0])",
                    at: SourceLocation(file: extra, line: 1, column: 1),
                    help: "keep one team.yaml, in the playbooks folder"))
        }
        var compiler = PlaybookCompiler(team: team)
        var playbooks: [CompiledPlaybook] = []
        var seenIDs: [String: SourceLocation] = [:]
        for file in files where !isTeamFile(file) {
            guard let bytes = sources[file] else { continue }
            let read = YAMLReader.read(bytes, file: file)
            diagnostics += read.diagnostics
            guard let root = read.root, !read.diagnostics.contains(where: { $0.rule == "yaml-syntax" }) else {
                continue
            }
            let (syntax, found) = PlaybookDecoder.decode(root, file: file)
            diagnostics += found
            guard let syntax else { continue }
            if !syntax.id.value.isEmpty {
                if let first = seenIDs[syntax.id.value] {
                    diagnostics.append(
                        .error(
                            "duplicate-playbook-id",
                            "playbook id '\(syntax.id.value)' is already used by \(first.file)",
                            at: syntax.id.location, help: "playbook ids must be unique across files"))
                } else {
                    seenIDs[syntax.id.value] = syntax.id.location
                }
            }
            if let compiled = compiler.compile(syntax), !found.contains(where: { $0.severity == .error }) {
                playbooks.append(compiled)
            }
        }
        diagnostics += compiler.diagnostics
        return Result(
            graph: RuleGraph(
                team: team, playbooks: playbooks.sorted { $0.id < $1.id }, fingerprint: fingerprint.hex),
            diagnostics: diagnostics.sorted(),
            files: files)
    }

    /// The file's bytes, or nil (with a diagnostic) when it cannot be read.
    /// The size is checked before anything is read: a file over the limit (or a special file that
    /// never ends) is refused without being read, and at most the limit is ever read.
    private static func readBytes(_ file: String, diagnostics: inout [Diagnostic]) -> [UInt8]? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let limit = YAMLLimits().maxFileBytes
        var status = stat()
        guard stat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            let handle = FileHandle(forReadingAtPath: file)
        else {
            diagnostics.append(
                .error(
                    "io-error", "cannot read the file", at: start,
                    help: "check that it exists (a link may point nowhere), is a regular file and may be read"))
            return nil
        }
        defer { try? handle.close() }
        if Int(status.st_size) > limit {
            diagnostics.append(YAMLReader.tooLarge(bytes: Int(status.st_size), at: start))
            return nil
        }
        let bytes = [UInt8]((try? handle.read(upToCount: limit + 1)) ?? Data())
        if bytes.count > limit {
            diagnostics.append(YAMLReader.tooLarge(bytes: bytes.count, at: start))
            return nil
        }
        return bytes
    }

    private static func readTeam(_ file: String, bytes: [UInt8]) -> (TeamSyntax?, [Diagnostic]) {
        let read = YAMLReader.read(bytes, file: file)
        let diagnostics = read.diagnostics
        guard let root = read.root else { return (nil, diagnostics) }
        let (syntax, found) = TeamDecoder.decode(root, file: file)
        return (syntax, diagnostics + found)
    }

    private static func resolve(_ syntax: TeamSyntax, diagnostics: inout [Diagnostic]) -> TeamConfig {
        var team = TeamConfig(
            zone: .utc, maxPerCustomerPerDay: syntax.maxPerCustomerPerDay,
            customerAttributes: syntax.customerAttributes.map(\.value))
        team.importSettings = syntax.importSettings
        if let name = syntax.timezone {
            if let zone = Zone(identifier: name.value) {
                team.zone = zone
            } else {
                diagnostics.append(
                    .error(
                        "invalid-timezone",
                        "'\(name.value)' is not an IANA time zone\(Suggestions.didYouMean(name.value, in: Zone.knownIdentifiers))",
                        at: name.location, help: "for example Asia/Taipei"))
            }
        }
        return team
    }
}
