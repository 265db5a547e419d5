/* json_int.h - jansson output through a soso_write_fn (include/soso/sink.h), for the
 * library's JSON renderers. Private: jansson types never appear in public headers. */
#ifndef SOSO_JSON_INT_H
#define SOSO_JSON_INT_H

#include "soso/sink.h"

#include <jansson.h>

/* Dumps j with jansson flags, then a newline, through write. Returns 0 or the
 * writer's error (SOSO_ENOMEM when jansson fails). Does not take j. */
int soso__json_emit(const json_t *j, size_t flags, soso_write_fn write, void *closure);

#endif
