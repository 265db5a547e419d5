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
    "  n_rows INTEGER NOT NULL DEFAULT 0);"
    /* One deposit per (source, record_id); id is "<source>:<record_id>". */
    "CREATE TABLE IF NOT EXISTS deposit ("
    "  id TEXT PRIMARY KEY,"
    "  source TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  country TEXT NOT NULL DEFAULT '',"     /* ISO 3166-1 alpha-2; '' not normalised */
    "  country_raw TEXT NOT NULL DEFAULT '',"  /* as the source spelt it */
    "  lat REAL NOT NULL,"                     /* WGS84 degrees */
    "  lon REAL NOT NULL,"                     /* WGS84 degrees */
    "  status TEXT NOT NULL DEFAULT 'unknown',"/* soso_status_name() */
    "  deposit_type TEXT NOT NULL DEFAULT '',"
    "  ore_mt REAL,"                           /* ore tonnage, Mt; NULL unknown */
    "  category TEXT NOT NULL DEFAULT '',"     /* resource category */
    "  flags TEXT NOT NULL DEFAULT '',"        /* import warnings, '; '-separated */
    "  batch INTEGER REFERENCES import_batch(id),"
    "  UNIQUE (source, record_id));"
    "CREATE INDEX IF NOT EXISTS deposit_lat ON deposit(lat);"
    /* Commodities of a deposit in the source's order; value NULL when not graded. */
    "CREATE TABLE IF NOT EXISTS deposit_commodity ("
    "  deposit_id TEXT NOT NULL REFERENCES deposit(id) ON DELETE CASCADE,"
    "  code TEXT NOT NULL,"        /* lowercase element symbol or material word */
    "  rank INTEGER NOT NULL,"     /* order in the source, from 0 */
    "  value REAL,"                /* grade in unit */
    "  unit TEXT NOT NULL DEFAULT '',"  /* '%', 'g/t', 'ppm' */
    "  basis_mt REAL,"             /* ore tonnage the grade refers to, Mt */
    "  contained_t REAL,"          /* contained metal, t */
    "  PRIMARY KEY (deposit_id, code));";

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
