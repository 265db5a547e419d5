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
static const char market_sql[] =
    "CREATE TABLE IF NOT EXISTS price_series ("
    "  commodity TEXT PRIMARY KEY COLLATE NOCASE," /* e.g. 'ZINC' */
    "  unit TEXT NOT NULL,"                        /* 'US$/t', 'US$/troy oz', 'index', ... */
    "  currency TEXT NOT NULL,"                    /* 'USD', 'EUR', '' for an index */
    "  source TEXT NOT NULL,"                      /* file the series came from */
    "  batch INTEGER NOT NULL REFERENCES import_batch(id));"
    "CREATE TABLE IF NOT EXISTS price_observation ("
    "  commodity TEXT NOT NULL COLLATE NOCASE"
    "    REFERENCES price_series(commodity) ON DELETE CASCADE,"
    "  month TEXT NOT NULL"                        /* 'YYYY-MM' */
    "    CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),"
    "  price REAL NOT NULL CHECK (price > 0),"     /* monthly average, in the series' unit */
    "  PRIMARY KEY (commodity, month)) WITHOUT ROWID;";

const char *const soso__schema[] = {deposits_sql, market_sql, NULL};
