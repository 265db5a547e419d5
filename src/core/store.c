/* store.c - the embedded SQLite store (see include/soso/store.h).
 *
 * Invariants: foreign keys are on; at most one transaction is open (in_tx); a
 * store that failed to open is never returned half-made. The file is in WAL mode
 * (set by every read-write open; it persists in the file): a writer holds the
 * write lock for a whole import, readers see the last commit and never wait.
 * Read commands open with soso_store_open_read: read-only, never creating the
 * file, so a mistyped --db fails instead of leaving an empty store behind.
 */
#include "soso/store.h"
#include "soso/error.h"
#include "core/store_int.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct soso_store {
  sqlite3 *db; /* the open database */
  char *path;  /* the path it was opened with (owned) */
  int in_tx;   /* 1 while a transaction is open */
  int read_only; /* opened with soso_store_open_read */
};

int soso_store_exec(soso_store *store, const char *sql) {
  char *zerr = NULL;
  if (sqlite3_exec(store->db, sql, NULL, NULL, &zerr) != SQLITE_OK) {
    int rc = soso_error_set(SOSO_EIO, "%s: %s", store->path,
                            zerr ? zerr : sqlite3_errmsg(store->db));
    sqlite3_free(zerr);
    return rc;
  }
  return SOSO_OK;
}

/* How long a writer waits for another writer before "database is locked". With
 * WAL readers never take the write lock, so only two imports at once can wait. */
enum { STORE_BUSY_MS = 30000 };

static int store_new(soso_store **out, const char *path) {
  *out = NULL;
  if (!path || !*path) return soso_error_set(SOSO_EUSAGE, "store: empty path");
  soso_store *s = calloc(1, sizeof *s);
  if (!s) return soso_error_set(SOSO_ENOMEM, "store: out of memory");
  size_t n = strlen(path) + 1;
  s->path = malloc(n);
  if (!s->path) {
    free(s);
    return soso_error_set(SOSO_ENOMEM, "store: out of memory");
  }
  memcpy(s->path, path, n);
  *out = s;
  return SOSO_OK;
}

int soso_store_open(soso_store **out, const char *path) {
  *out = NULL;
  soso_store *s = NULL;
  int rc = store_new(&s, path);
  if (rc < 0) return rc;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
      SQLITE_OK) {
    rc = soso_error_set(SOSO_EIO, "%s: cannot open store: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
  /* WAL: readers see the last committed state and never wait for a writer. */
  if ((rc = soso_store_exec(s, "PRAGMA journal_mode = WAL;")) < 0) goto fail;
  if ((rc = soso_store_exec(s, "PRAGMA foreign_keys = ON;")) < 0) goto fail;
  if ((rc = soso_store_begin(s)) < 0) goto fail;
  for (const char *const *sql = soso__schema; *sql; sql++) {
    if ((rc = soso_store_exec(s, *sql)) < 0) {
      soso_store_rollback(s);
      goto fail;
    }
  }
  if ((rc = soso_store_commit(s)) < 0) goto fail;
  *out = s;
  return SOSO_OK;
fail:
  soso_store_free(s);
  return rc;
}

int soso_store_open_read(soso_store **out, const char *path) {
  *out = NULL;
  soso_store *s = NULL;
  int rc = store_new(&s, path);
  if (rc < 0) return rc;
  struct stat sb;
  if (stat(path, &sb) != 0) {
    rc = errno == ENOENT
             ? soso_error_set(SOSO_ENOTFOUND,
                              "%s: no such store (create it with 'soso deposits import' or "
                              "'soso prices import', or give --db PATH)", path)
             : soso_error_set(SOSO_EIO, "%s: cannot open store: %s", path, strerror(errno));
    goto fail;
  }
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    rc = soso_error_set(SOSO_EIO, "%s: cannot open store: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
  s->read_only = 1;
  /* A read-only connection cannot create the schema: check it is a soso store. */
  int src = sqlite3_exec(s->db, "SELECT 1 FROM import_batch LIMIT 0;", NULL, NULL, NULL);
  if (src != SQLITE_OK) {
    const char *why = sqlite3_errmsg(s->db);
    rc = src == SQLITE_NOTADB || (src == SQLITE_ERROR && strstr(why, "no such table"))
             ? soso_error_set(SOSO_EDATA, "%s: not a soso store (%s)", path, why)
             : soso_error_set(SOSO_EIO, "%s: cannot open store: %s", path, why);
    goto fail;
  }
  *out = s;
  return SOSO_OK;
fail:
  soso_store_free(s);
  return rc;
}

int soso__store_open_image(soso_store **out, const char *path, unsigned char *img,
                           size_t n) {
  *out = NULL;
  soso_store *s = NULL;
  int rc = store_new(&s, path);
  if (rc < 0) {
    sqlite3_free(img);
    return rc;
  }
  /* Bytes 18 and 19 of the header say WAL (2); an in-memory image must say
   * rollback journal (1) or SQLite refuses to read it. */
  if (n >= 100) img[18] = img[19] = 1;
  if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    sqlite3_free(img);
    rc = soso_error_set(SOSO_ENOMEM, "%s: cannot open a copy of the store: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  if (sqlite3_deserialize(s->db, "main", img, (sqlite3_int64)n, (sqlite3_int64)n,
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK) {
    rc = soso_error_set(SOSO_EIO, "%s: cannot open a copy of the store: %s", path,
                        sqlite3_errmsg(s->db));
    goto fail;
  }
  /* Check it reads (a truncated image fails here, not in the first draft). */
  if ((rc = soso_store_exec(s, "SELECT 1 FROM import_batch LIMIT 0;")) < 0) goto fail;
  *out = s;
  return SOSO_OK;
fail:
  soso_store_free(s);
  return rc;
}

void soso_store_free(soso_store *store) {
  if (!store) return;
  if (store->in_tx) sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(store->db);
  free(store->path);
  free(store);
}

struct sqlite3 *soso__store_db(soso_store *store) { return store->db; }

const char *soso_store_path(const soso_store *store) { return store->path; }

int soso_store_begin(soso_store *store) {
  if (store->in_tx) return soso_error_set(SOSO_EUSAGE, "store: transaction already open");
  int rc = soso_store_exec(store, "BEGIN IMMEDIATE");
  if (rc == SOSO_OK) store->in_tx = 1;
  return rc;
}

int soso_store_commit(soso_store *store) {
  if (!store->in_tx) return soso_error_set(SOSO_EUSAGE, "store: no open transaction");
  int rc = soso_store_exec(store, "COMMIT");
  if (rc == SOSO_OK) store->in_tx = 0;
  return rc;
}

int soso_store_rollback(soso_store *store) {
  if (!store->in_tx) return SOSO_OK;
  store->in_tx = 0;
  /* SQLite rolls a transaction back by itself after some errors (a full disk,
   * SQLITE_NOMEM): then there is nothing to undo, and a ROLLBACK would only
   * replace the real cause with "cannot rollback - no transaction is active". */
  if (sqlite3_get_autocommit(store->db)) return SOSO_OK;
  if (sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
    return SOSO_EIO; /* keep the message of the error that made the caller roll back */
  return SOSO_OK;
}
