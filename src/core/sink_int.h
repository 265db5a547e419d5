/* sink_int.h - for renderers that print with stdio: render into a memory stream,
 * then hand the bytes to a soso_write_fn (include/soso/sink.h). */
#ifndef SOSO_SINK_INT_H
#define SOSO_SINK_INT_H

#include "soso/sink.h"

#include <stdio.h>

/* Calls render(f, arg) on a memory stream and writes what it printed through write.
 * Returns render's error, SOSO_ENOMEM, or the writer's error. */
int soso__sink_render(int (*render)(FILE *f, const void *arg), const void *arg,
                     soso_write_fn write, void *closure);

#endif
