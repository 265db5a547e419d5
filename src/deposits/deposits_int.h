/* deposits_int.h - private parts shared by the files of src/deposits/.
 *
 * The importer turns each row of a file into a dep_record, checks it, and hands
 * it to the store writer (deposit.c), which merges the rows of one deposit (long
 * layout) and replaces what an earlier import of the same source stored.
 */
#ifndef SOSO_DEPOSITS_INT_H
#define SOSO_DEPOSITS_INT_H

#include "soso/deposits.h"

#include <stddef.h>

struct sqlite3_stmt;

enum { DEP_MAX_ITEMS = 64 }; /* commodities per row (the wide layouts have < 15) */

/* One commodity of a row, as stored. */
typedef struct dep_item {
  soso_grade g;     /* code, value (NAN ungraded), unit, contained_t */
  double basis_mt;  /* ore tonnage the grade refers to, Mt; NAN unknown */
} dep_item;

/* One row of an import file, normalised. Strings point into the row's buffers. */
typedef struct dep_record {
  const char *record_id;    /* record id within the source (with dataset prefix) */
  const char *name;         /* "" if none */
  const char *country_raw;  /* as spelt in the file */
  char country[3];          /* ISO alpha-2 or "" */
  double lat, lon;          /* WGS84 */
  soso_status status;       /* from the file, else derived (see import.c) */
  const char *deposit_type; /* "" if none */
  double ore_mt;            /* NAN unknown */
  const char *category;     /* resource category, "" if none */
  size_t n_items;           /* commodities */
  dep_item items[DEP_MAX_ITEMS];
  char flags[512];          /* "; "-separated warnings stored with the deposit */
} dep_record;

/* Contained metal in t of a grade (see deposits.h); NAN if unknown. */
double soso__contained_t(double ore_mt, double value, const char *unit);

/* Writer of one import batch: prepared statements on the store. */
typedef struct dep_writer {
  soso_store *store;             /* not owned */
  const char *source;            /* source name */
  long batch;                    /* import_batch id */
  struct sqlite3_stmt *get;      /* batch of an existing deposit */
  struct sqlite3_stmt *ins;      /* insert a new deposit */
  struct sqlite3_stmt *upd;      /* replace an older import's deposit */
  struct sqlite3_stmt *merge;    /* merge a row into a deposit of this batch */
  struct sqlite3_stmt *del_items;/* forget an older import's commodities */
  struct sqlite3_stmt *put_item; /* insert or merge one commodity */
} dep_writer;

/* Creates the batch row and prepares statements; call inside a transaction. */
int dep_writer_open(dep_writer *w, soso_store *store, const char *source, const char *path);

/* Stores one record: *state is 0 inserted, 1 updated (existed from an earlier
 * import), 2 merged into a deposit this batch already holds. Without allow_merge
 * (wide layouts: one row per deposit) a record id seen before in the batch is
 * refused with SOSO_EDATA "id: ..." and nothing written. */
int dep_writer_put(dep_writer *w, const dep_record *r, int allow_merge, int *state);

/* Records the row count on the batch and finalises the statements. */
int dep_writer_close(dep_writer *w, size_t n_rows);

/* Finalises the statements without touching the batch row; NULL-safe fields. */
void dep_writer_abort(dep_writer *w);

/* Metal-equivalence table (data/metal_equivalents.csv): price US$/t of metal and
 * recovery per commodity code. */
typedef struct dep_equiv {
  size_t n;                     /* entries */
  char code[64][SOSO_CODE_MAX]; /* commodity codes */
  double price[64];             /* US$ per t of metal */
  double recovery[64];          /* fraction 0..1 */
} dep_equiv;

/* Loads <data_dir>/metal_equivalents.csv. */
int dep_equiv_load(dep_equiv *eq, const char *data_dir);

/* Index of code in eq, or -1. */
int dep_equiv_find(const dep_equiv *eq, const char *code);

/* Recoverable value per t of ore, US$/t, of one grade (value in unit); NAN if the
 * commodity has no price. */
double dep_equiv_value(const dep_equiv *eq, const char *code, double value, const char *unit);

/* The filters of o that deposit i of s fails, one bit (1u << SOSO_FILTER_*) each;
 * 0 when it passes. The one definition of what each filter means (screen.c). */
unsigned dep_filter_fails(const soso_screen_opts *o, const soso_deposits *s, size_t i);

/* Every deposit of the store (deduplicated unless opts->keep_duplicates), with the
 * CRM bits and equivalents opts asks for, but no filter applied. */
int dep_screen_all(soso_deposits **out, soso_store *store, const soso_screen_opts *opts,
                   const char *data_dir);

/* Appends "; "-separated text to a fixed buffer (truncating). */
void dep_flag(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Opens a vector file with OGR (CSV read as text). Returns an OGR dataset handle
 * or NULL with the error set. */
void *dep_ogr_open(const char *path);

#endif
