#include "CSQLiteSettings.h"

#include <sqlite3.h>

int playbook_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int playbook_sqlite_accept_uri_filenames(void) {
    return sqlite3_config(SQLITE_CONFIG_URI, 1);
}
