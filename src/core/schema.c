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
    "  status TEXT NOT NULL DEFAULT 'unknown',"/* soso_deposits_status_name() */
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

/* survey: residents' survey answers (src/survey/). No respondent identifier is
 * stored: only a salted SHA-256 of the id column (salt in survey_salt, made once
 * per store), answers of the codebook's items, its demographic fields and, when
 * the codebook names them, free-text answers already redacted at import. */
static const char survey_sql[] =
    "CREATE TABLE IF NOT EXISTS survey_salt ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  salt TEXT NOT NULL);"              /* 32 hex digits from getrandom() */
    "CREATE TABLE IF NOT EXISTS survey_wave ("
    "  id INTEGER PRIMARY KEY,"
    "  community TEXT NOT NULL,"
    "  wave TEXT NOT NULL,"
    "  source TEXT NOT NULL,"             /* file name imported */
    "  format TEXT NOT NULL,"             /* 'kobo-csv', 'limesurvey-csv', 'xlsx', 'sav' ... */
    "  codebook TEXT NOT NULL,"           /* codebook file name */
    "  title TEXT NOT NULL DEFAULT '',"
    "  synthetic INTEGER NOT NULL DEFAULT 0," /* 1: SYNTHETIC data (codebook says so) */
    "  scale_min REAL NOT NULL,"          /* Likert scale, e.g. 1 .. 5 */
    "  scale_max REAL NOT NULL,"
    "  imported_at TEXT NOT NULL,"        /* ISO 8601 UTC */
    "  n_resp INTEGER NOT NULL,"
    "  UNIQUE (community, wave));"
    "CREATE TABLE IF NOT EXISTS survey_item ("
    "  wave_id INTEGER NOT NULL REFERENCES survey_wave(id) ON DELETE CASCADE,"
    "  item TEXT NOT NULL,"               /* codebook name */
    "  construct TEXT NOT NULL,"          /* contact_quantity, trust, ... */
    "  reverse INTEGER NOT NULL,"         /* 1: reverse-coded */
    "  label TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (wave_id, item));"
    "CREATE TABLE IF NOT EXISTS survey_respondent ("
    "  id INTEGER PRIMARY KEY,"
    "  wave_id INTEGER NOT NULL REFERENCES survey_wave(id) ON DELETE CASCADE,"
    "  row INTEGER NOT NULL,"             /* data row in the file, from 1 */
    "  rid_hash TEXT,"                    /* hex SHA-256(salt || id); NULL: no id column */
    "  weight REAL NOT NULL DEFAULT 1,"   /* survey weight, > 0 */
    "  UNIQUE (wave_id, row));"
    "CREATE TABLE IF NOT EXISTS survey_answer ("
    "  respondent INTEGER NOT NULL REFERENCES survey_respondent(id) ON DELETE CASCADE,"
    "  item TEXT NOT NULL,"
    "  value REAL,"                       /* code as answered (not reversed); NULL missing */
    "  PRIMARY KEY (respondent, item)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS survey_demographic ("
    "  respondent INTEGER NOT NULL REFERENCES survey_respondent(id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL,"
    "  value TEXT,"
    "  PRIMARY KEY (respondent, field)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS survey_text ("
    "  respondent INTEGER NOT NULL REFERENCES survey_respondent(id) ON DELETE CASCADE,"
    "  field TEXT NOT NULL,"
    "  text TEXT NOT NULL,"               /* names, e-mails, phone numbers redacted */
    "  PRIMARY KEY (respondent, field)) WITHOUT ROWID;";

const char *const soso__schema[] = {deposits_sql, market_sql, survey_sql, NULL};
