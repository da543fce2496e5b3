import Foundation
import PlaybookCore

/// Prints text that holds data (names, messages, notes) with its control characters escaped
/// (``TerminalText``), so nothing from the database acts on the reader's terminal.
func printSafely(_ text: String, terminator: String = "\n") {
    print(TerminalText.safe(text), terminator: terminator)
}

/// Writes a line to standard error with its control characters escaped.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(text) + "\n").utf8))
}
