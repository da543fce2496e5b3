#ifndef PLAYBOOK_CSQLITESETTINGS_H
#define PLAYBOOK_CSQLITESETTINGS_H

/// Turns off SQLite's memory-usage statistics (`SQLITE_CONFIG_MEMSTATUS`), which take a global
/// mutex around every allocation SQLite makes. `sqlite3_config` is variadic, which Swift cannot
/// call, hence this C function. Call it before SQLite is first used and while no other thread
/// uses SQLite; afterwards it changes nothing and returns SQLITE_MISUSE (21). Returns SQLITE_OK (0)
/// when applied.
int playbook_sqlite_disable_memory_statistics(void);

/// Lets `file:` names carry URI parameters (`SQLITE_CONFIG_URI`), which the opening of a database
/// that may not be written needs (`immutable=1`). Same conditions and results as above.
int playbook_sqlite_accept_uri_filenames(void);

#endif
