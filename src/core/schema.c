/* schema.c - the store's tables, one section per pipeline stage.
 *
 * Each stage owns its section; statements must stay idempotent (IF NOT EXISTS) so
 * that an older store gains new tables when opened. Column comments say units.
 */
#include "core/store_int.h"

#include <stddef.h>

/* deposits: the deposit knowledge base (src/deposits/). */
static const char deposits_sql[] =
    "CREATE TABLE IF NOT EXISTS import_batch ("
    "  id INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"       /* file name the rows came from */
    "  kind TEXT NOT NULL,"         /* 'deposits', 'prices', ... */
    "  imported_at TEXT NOT NULL,"  /* ISO 8601 UTC */
    "  n_rows INTEGER NOT NULL DEFAULT 0);";

/* market: price histories (src/market/). */
static const char market_sql[] = "SELECT 1;";

const char *const soso__schema[] = {deposits_sql, market_sql, NULL};
