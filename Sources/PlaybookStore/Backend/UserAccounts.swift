import GRDB
import PlaybookCore

/// A web account (SPEC §9): a seller sees their own customers, a lead everything. Only a bcrypt hash
/// of the password is stored.
public struct UserAccount: Sendable, Hashable {
    /// What an account may see and do.
    public enum Role: String, Sendable, CaseIterable {
        case seller, lead
    }

    public var id: String
    public var role: Role
    /// The seller id whose customers a seller account sees (`customers.owner`).
    public var owner: String?
    public var passwordHash: String

    /// Creates an account.
    public init(id: String, role: Role, owner: String?, passwordHash: String) {
        self.id = id
        self.role = role
        self.owner = owner
        self.passwordHash = passwordHash
    }
}

/// Where accounts are kept: in the database itself, so every machine serving it knows them.
public protocol UserStore {
    /// The account with that id, or nil.
    func user(_ id: String) throws -> UserAccount?
    /// Stores the account (a new one, or a changed password, role or owner).
    func saveUser(_ account: UserAccount) throws
    /// Removes the account; false when there was none.
    func removeUser(_ id: String) throws -> Bool
}

extension PlaybookDatabase: UserStore {
    public func user(_ id: String) throws -> UserAccount? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, role, owner, password_hash FROM users WHERE id = ?", arguments: [id])
                .flatMap { row in
                    UserAccount.Role(rawValue: row[1]).map {
                        UserAccount(id: row[0], role: $0, owner: row[2], passwordHash: row[3])
                    }
                }
        }
    }

    public func saveUser(_ account: UserAccount) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO users (id, role, owner, password_hash) VALUES (?, ?, ?, ?)",
                arguments: [account.id, account.role.rawValue, account.owner, account.passwordHash])
        }
    }

    public func removeUser(_ id: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
