import CSQLiteSettings

/// Settings SQLite takes once per process, before any database is opened.
public enum SQLiteProcessSettings {
    /// Turns off SQLite's memory-usage statistics: they take a global mutex around every
    /// allocation, about a quarter of an import's time, and `playbook` never reads them; and lets
    /// `file:` names be URIs, for a database in a folder that may not be written. Call it first
    /// thing in `main`, while no other thread uses SQLite; later calls change nothing. Returns
    /// whether the settings were applied.
    @discardableResult
    public static func apply() -> Bool {
        let statistics = playbook_sqlite_disable_memory_statistics()
        let uris = playbook_sqlite_accept_uri_filenames()
        return statistics == 0 && uris == 0
    }
}
