import ArgumentParser
import Foundation
import PlaybookCore
import PlaybookStore

/// The `playbook` command: after-sales follow-up as code.
@main
struct Playbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "After-sales customer follow-up as code: lint playbooks, run today's actions.",
        version: "1.0.0",
        subcommands: [
            LintCommand.self, RunCommand.self, TestCommand.self, GraphCommand.self, SimulateCommand.self,
            ExplainCommand.self, SchemaCommand.self, ImportCommand.self,
            DoneCommand.self, SkipCommand.self,
            LogCommand.self, CustomerCommand.self, CustomersCommand.self, ReportCommand.self, DatabaseCommand.self,
            UserCommand.self, ServeCommand.self,
        ]
    )

    /// Applies the process-wide settings, parses and runs the command, and turns every error into
    /// one sentence on standard error with the command's exit code (1, or 2 for a refusal or an
    /// I/O error); an output that could not be written (a full disk, a closed pipe) fails the
    /// command too.
    static func main() {
        SQLiteProcessSettings.apply()
        // A closed pipe (`| head`) is reported as a write error rather than killing the process.
        signal(SIGPIPE, SIG_IGN)
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as CLIError {
            fail(error.description, code: error.exitCode)
        } catch let error as ExitCode {
            finishOutput()
            exit(withError: error)
        } catch let error as StoreError {
            fail(error.message, code: 1)
        } catch let error where StoreError.canExplain(error) {
            fail(StoreError.explaining(error).message, code: 1)
        } catch {
            // The argument parser's own errors: help asked for, a validation failed.
            exit(withError: error)
        }
        finishOutput()
    }

    /// Flushes standard output; a failed write exits 1 with a message.
    private static func finishOutput() {
        // Flushes every C stream (what `print` wrote); EOF means a write failed.
        let flushed = fflush(nil) == 0
        if let failure = OutputFailure.first ?? (flushed ? nil : errno) {
            FileHandle.standardError.write(Data("playbook: \(OutputFailure.describe(failure))\n".utf8))
            Foundation.exit(1)
        }
    }

    private static func fail(_ message: String, code: Int32) {
        fflush(nil)
        FileHandle.standardError.write(Data("playbook: \(TerminalText.safe(message))\n".utf8))
        Foundation.exit(code)
    }
}
