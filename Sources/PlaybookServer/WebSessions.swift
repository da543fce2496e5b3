import Foundation
import PlaybookStore

/// Signed-in sessions, kept in the server's memory (a restart signs everyone out): a random token in
/// an `HttpOnly`, `SameSite=Strict` cookie, and a CSRF token every form of the session carries.
actor WebSessions {
    struct Session: Sendable {
        var account: UserAccount
        var csrf: String
        var expires: Date
    }

    /// How long a session lasts without use.
    static let lifetime: TimeInterval = 12 * 3600

    private var sessions: [String: Session] = [:]

    /// Starts a session; returns its token.
    func start(_ account: UserAccount) -> (token: String, session: Session) {
        let token = Self.randomToken()
        let session = Session(account: account, csrf: Self.randomToken(), expires: Date() + Self.lifetime)
        sessions[token] = session
        return (token, session)
    }

    /// The live session of a token, its life extended.
    func session(_ token: String?) -> Session? {
        guard let token, var session = sessions[token] else { return nil }
        guard session.expires > Date() else {
            sessions[token] = nil
            return nil
        }
        session.expires = Date() + Self.lifetime
        sessions[token] = session
        return session
    }

    /// Ends a session.
    func end(_ token: String?) {
        guard let token else { return }
        sessions[token] = nil
    }

    /// 32 random bytes as hex.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// Slows repeated failed logins (SPEC §9): after three failures for an account or from an address,
/// each further attempt waits twice as long as the one before (up to 30 s) before it is answered.
actor LoginThrottle {
    private var failures: [String: (count: Int, last: Date)] = [:]

    /// How long to wait before answering an attempt for `keys` (the account and the address).
    func delay(for keys: [String]) -> TimeInterval {
        let count = keys.compactMap { failures[$0]?.count }.max() ?? 0
        guard count >= 3 else { return 0 }
        return min(30, pow(2, Double(count - 3)) * 0.5)
    }

    func failed(_ keys: [String]) {
        for key in keys {
            let previous = failures[key]?.count ?? 0
            failures[key] = (previous + 1, Date())
        }
    }

    func succeeded(_ keys: [String]) {
        for key in keys { failures[key] = nil }
    }
}
