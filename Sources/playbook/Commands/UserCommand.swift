import ArgumentParser
import Foundation
import HummingbirdBcrypt
import PlaybookStore

/// `playbook user add|passwd|remove` (SPEC §9): the accounts of `playbook serve`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Add, change or remove the accounts of `playbook serve`.",
        subcommands: [Add.self, Passwd.self, Remove.self])

    /// The accounts of the database in `options`.
    static func store(_ options: DatabaseOptions) throws -> any UserStore {
        guard let store = try options.open() as? any UserStore else {
            throw CLIError("\(options.display) keeps no accounts")
        }
        return store
    }

    /// The stored form of a password: a bcrypt hash of cost 10.
    static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 10) }

    /// The new password: one line of standard input when it is not a terminal, else typed twice
    /// without echo. At least 8 characters.
    static func readPassword() throws -> String {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            let first = String(cString: getpass("Password: "))
            let second = String(cString: getpass("Again: "))
            guard first == second else { throw CLIError("the two passwords differ; nothing was changed") }
            password = first
        } else {
            password = readLine(strippingNewline: true) ?? ""
        }
        guard password.count >= 8 else {
            throw CLIError("the password is shorter than 8 characters; nothing was changed")
        }
        return password
    }

    /// `playbook user add ID --role seller|lead [--owner SELLER]`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account (the password is read from stdin).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The account id (what the seller types to log in).")
        var id: String

        @Option(help: "seller (sees their own customers) or lead (sees everything and the report).")
        var role: UserAccount.Role

        @Option(help: "The seller id in customers.owner whose customers this seller sees (default: the account id).")
        var owner: String?

        func validate() throws {
            if id.isEmpty || id.contains(where: { $0.isWhitespace || $0 == "/" }) {
                throw ValidationError("an account id is one word without '/'")
            }
        }

        func run() throws {
            let store = try UserCommand.store(database)
            if try store.user(id) != nil {
                throw CLIError("account '\(id)' exists; change its password with `playbook user passwd \(id)`")
            }
            let password = try UserCommand.readPassword()
            let owner = role == .seller ? (self.owner ?? id) : self.owner
            try store.saveUser(
                UserAccount(id: id, role: role, owner: owner, passwordHash: UserCommand.hash(password)))
            print("added \(role.rawValue) '\(id)'" + (owner.map { " (customers of owner \($0))" } ?? ""))
        }
    }

    /// `playbook user passwd ID`.
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an account's password (read from stdin).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The account id.")
        var id: String

        func run() throws {
            let store = try UserCommand.store(database)
            guard var account = try store.user(id) else { throw CLIError("no account '\(id)'") }
            account.passwordHash = UserCommand.hash(try UserCommand.readPassword())
            try store.saveUser(account)
            print("changed the password of '\(id)'")
        }
    }

    /// `playbook user remove ID`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The account id.")
        var id: String

        func run() throws {
            guard try UserCommand.store(database).removeUser(id) else { throw CLIError("no account '\(id)'") }
            print("removed '\(id)'")
        }
    }
}

extension UserAccount.Role: ExpressibleByArgument {}
