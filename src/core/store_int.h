/* store_int.h - private parts of the store shared by src/core/store.c and the
 * schema (src/core/schema.c). */
#ifndef SOSO_STORE_INT_H
#define SOSO_STORE_INT_H

/* The schema, one entry per pipeline stage; NULL-terminated. Every statement is
 * idempotent (CREATE ... IF NOT EXISTS) so that opening an old store adds what is
 * missing. */
extern const char *const soso__schema[];

#endif
