/* store.h - the embedded store: one SQLite file that holds deposits, prices and
 * every other imported dataset.
 *
 * The schema lives in src/core/schema.c, one section per pipeline stage, and is
 * created on open. Imports run inside soso_store_begin/commit so that a file is
 * stored whole or not at all.
 */
#ifndef SOSO_STORE_H
#define SOSO_STORE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_store soso_store;

/* Opens (creating if needed) the store at path and brings its schema up to date.
 * *out is set to NULL on failure. Free with soso_store_free. */
int soso_store_open(soso_store **out, const char *path);

/* Opens an existing store read-only (for commands that only read). Never creates
 * the file and never waits for a writer (the store is in WAL mode). Errors:
 * SOSO_ENOTFOUND "PATH: no such store (...)"; SOSO_EDATA "PATH: not a soso
 * store (...)"; SOSO_EIO. *out NULL on failure. Free with soso_store_free. */
int soso_store_open_read(soso_store **out, const char *path);

/* Closes the store; NULL-safe. Rolls back an open transaction. */
void soso_store_free(soso_store *store);

/* The path the store was opened with. */
const char *soso_store_path(const soso_store *store);

/* Transactions: begin, then commit or rollback. Not nested. */
int soso_store_begin(soso_store *store);
int soso_store_commit(soso_store *store);
/* Rollback keeps the error message that made the caller roll back, and is a no-op
 * when SQLite has already rolled the transaction back (a full disk). */
int soso_store_rollback(soso_store *store);

/* Runs one SQL statement without results; on failure sets the error message to
 * what SQLite said and returns SOSO_EIO. */
int soso_store_exec(soso_store *store, const char *sql);

#ifdef __cplusplus
}
#endif
#endif
