import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookPostgres
import PlaybookStore

/// `--db`, shared by every command that touches data.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The customer database (env PLAYBOOK_DB; default playbook.sqlite).")
    var db: String?

    /// The path or URL to use: the flag, else PLAYBOOK_DB, else playbook.sqlite.
    var path: String { db ?? ProcessInfo.processInfo.environment["PLAYBOOK_DB"] ?? "playbook.sqlite" }

    /// The database as messages name it: a URL's password is never shown.
    var display: String { PostgresURL.isURL(path) ? PostgresURL.redact(path) : path }

    /// Opens the database: a `postgres://` URL is the team's PostgreSQL (SPEC §6), anything else an
    /// SQLite file.
    func open() throws -> any PlaybookBackend { try open(readOnlyIfNeeded: false) }

    /// Opens the database for a command that only looks: an SQLite file that may not be written
    /// is opened for reading only (a dry run rehearses on a scratch copy).
    func openForLooking() throws -> any PlaybookBackend { try open(readOnlyIfNeeded: true) }

    private func open(readOnlyIfNeeded: Bool) throws -> any PlaybookBackend {
        do {
            if PostgresURL.isURL(path) { return try PostgresDatabase(url: try PostgresURL(path)) }
            return readOnlyIfNeeded ? try PlaybookDatabase(readingOnlyIfNeeded: path) : try PlaybookDatabase(path: path)
        } catch let error as StoreError {
            throw CLIError(error.message)
        } catch {
            throw CLIError(
                "cannot open the database \(path): \(error); check the path and that no other program holds it")
        }
    }
}

/// `--playbooks DIR`.
struct PlaybooksOptions: ParsableArguments {
    @Option(name: .long, help: "The playbooks folder.")
    var playbooks: String = "playbooks"

    /// Loads and compiles the folder; refuses to go on when lint finds errors. A missing folder is
    /// an I/O error (exit 2).
    func load() throws -> RuleGraph {
        let result: ProjectLoader.Result
        do {
            result = try ProjectLoader.load(paths: [playbooks])
        } catch {
            throw CLIError("\(error.description); pass --playbooks DIR", exitCode: 2)
        }
        if result.hasErrors {
            let errors = result.diagnostics.filter { $0.severity == .error }
            FileHandle.standardError.write(Data(DiagnosticRenderer.text(errors).utf8))
            throw CLIError("the playbooks have errors (see above); fix them or run `playbook lint \(playbooks)`")
        }
        return result.graph
    }

    /// Loads the folder for a command that records or withdraws actions: a folder with no
    /// playbook that loads (missing, empty, the wrong one) is refused with exit 2 before anything
    /// changes, since evaluating no playbook would withdraw every pending action.
    func loadForRecording() throws -> RuleGraph {
        let graph = try load()
        guard !graph.playbooks.isEmpty else {
            throw CLIError(
                "no playbook in \(playbooks) (no *.yaml file holding one); nothing was run or changed. "
                    + "Pass --playbooks with the folder of your playbooks", exitCode: 2)
        }
        return graph
    }

    /// The team settings an import reads (SPEC §7): team.yaml's columns, encoding and date order.
    /// No folder or no team file means the defaults; a team file with errors is refused, since a
    /// wrong column mapping would store data under the wrong names.
    func teamForImport() throws -> TeamConfig {
        guard FileManager.default.fileExists(atPath: playbooks) else { return TeamConfig() }
        let files = (try? ProjectLoader.files(in: [playbooks])) ?? []
        guard let teamFile = files.first(where: ProjectLoader.isTeamFile) else { return TeamConfig() }
        let result: ProjectLoader.Result
        do {
            result = try ProjectLoader.load(paths: [teamFile])
        } catch {
            throw CLIError("\(error.description)", exitCode: 2)
        }
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            FileHandle.standardError.write(Data(DiagnosticRenderer.text(errors).utf8))
            throw CLIError("\(teamFile) has errors (see above); fix them before importing", exitCode: 2)
        }
        return result.graph.team
    }

    /// The team zone without failing (for commands that only need the zone).
    func teamZone() -> Zone {
        (try? ProjectLoader.load(paths: [playbooks]))?.graph.team.zone ?? .utc
    }
}

/// An error for the user: printed as `playbook: message`, exit 1 (2 for a refusal or an I/O
/// error: the command did nothing).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}

/// Parses `--as-of` / `--at` values in the team's zone.
enum TimeArgument {
    /// A date means the end of that day in the team zone (`--as-of`); a date-time is read in the team zone.
    static func asOf(_ text: String?, zone: Zone) throws -> Instant {
        guard let text else { return .now }
        guard let value = Timestamp(parsing: text) else {
            throw CLIError(
                "'\(text)' is not a date or time; write 2026-11-23, '2026-11-23 18:00' or 2026-11-23T18:00:00+08:00")
        }
        try checkRange(value, text: text, zone: zone)
        if case .date(let date) = value { return zone.endOfDay(date) }
        return value.instant(in: zone)
    }

    /// The importer's range (SPEC §5): years 1900–2200.
    private static func checkRange(_ value: Timestamp, text: String, zone: Zone) throws {
        guard (1900...2200).contains(value.localDate(in: zone).year) else {
            throw CLIError("'\(text)' is outside the years 1900–2200; check the year")
        }
    }

    /// `--at` for done/skip/log: a bare value is read in the team zone and stored as an instant.
    static func at(_ text: String?, zone: Zone) throws -> Timestamp {
        guard let text else { return .instant(.now) }
        guard let value = Timestamp(parsing: text) else {
            throw CLIError("'\(text)' is not a date or time; write 2026-11-23 or '2026-11-23 18:00'")
        }
        try checkRange(value, text: text, zone: zone)
        if case .date(let date) = value { return .instant(zone.instant(of: date, secondsIntoDay: 12 * 3600)) }
        return .instant(value.instant(in: zone))
    }
}
