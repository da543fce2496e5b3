import CSQLiteSettings

/// Settings SQLite takes once per process, before any database is opened.
public enum SQLiteProcessSettings {
    /// Turns off SQLite's memory-usage statistics: they take a global mutex around every
    /// allocation, about a quarter of an import's time, and `playbook` never reads them. Call it
    /// first thing in `main`, while no other thread uses SQLite; later calls change nothing.
    /// Returns whether the setting was applied.
    @discardableResult
    public static func apply() -> Bool { playbook_sqlite_disable_memory_statistics() == 0 }
}
