/* store_int.h - private parts of the store shared by src/core/store.c and the
 * schema (src/core/schema.c). */
#ifndef SOSO_STORE_INT_H
#define SOSO_STORE_INT_H

/* The schema, one entry per pipeline stage; NULL-terminated. Every statement is
 * idempotent (CREATE ... IF NOT EXISTS) so that opening an old store adds what is
 * missing. */
extern const char *const soso__schema[];

#include <stddef.h>

typedef struct soso_store soso_store;
struct sqlite3;

/* The SQLite handle, for the modules' own statements (libsoso and its tests only:
 * no SQLite type in the public headers). Owned by the store. */
struct sqlite3 *soso__store_db(soso_store *store);

/* Opens an in-memory store from img, n bytes of sqlite3_serialize (allocated with
 * sqlite3_malloc64; the store takes it, also on failure). path is the name it
 * reports in messages (the original store's, so messages match). An MPI rank's
 * private copy of rank 0's store (src/sweep/mpi.c). */
int soso__store_open_image(soso_store **out, const char *path, unsigned char *img,
                           size_t n);

#endif
