import ArgumentParser
struct RunCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "run") }
struct ImportCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "import") }
struct DoneCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "done") }
struct SkipCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "skip") }
struct LogCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "log") }
