import PlaybookStore

extension PostgresDatabase: UserStore {
    public func user(_ id: String) throws -> UserAccount? {
        try perform { connection, logger in
            try await connection.rows(
                "SELECT id, role, owner, password_hash FROM users WHERE id = $1", [id], logger: logger
            )
            .compactMap { row -> UserAccount? in
                guard let id = row[0], let role = row[1].flatMap(UserAccount.Role.init(rawValue:)), let hash = row[3]
                else { return nil }
                return UserAccount(id: id, role: role, owner: row[2], passwordHash: hash)
            }.first
        }
    }

    public func saveUser(_ account: UserAccount) throws {
        try perform { connection, logger in
            try await connection.run(
                """
                INSERT INTO users (id, role, owner, password_hash) VALUES ($1, $2, $3, $4)
                ON CONFLICT (id) DO UPDATE SET role = excluded.role, owner = excluded.owner,
                    password_hash = excluded.password_hash
                """, [account.id, account.role.rawValue, account.owner, account.passwordHash], logger: logger)
        }
    }

    public func removeUser(_ id: String) throws -> Bool {
        try perform { connection, logger in
            !(try await connection.rows("DELETE FROM users WHERE id = $1 RETURNING id", [id], logger: logger).isEmpty)
        }
    }
}
