/* sink.h - where the library's renderers write: a callback, so one renderer writes
 * a file, stdout, a memory buffer or an HTTP response (the idea of stb_image_write's
 * write callback).
 *
 * A writer returns 0 when all n bytes were taken, a negative SOSO_E* code otherwise;
 * a renderer stops at the first failure and returns that code.
 */
#ifndef SOSO_SINK_H
#define SOSO_SINK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Takes n bytes of output (not NUL-terminated). */
typedef int (*soso_write_fn)(void *closure, const char *data, size_t n);

/* A writer for a stdio stream: closure is the FILE *. Fails with SOSO_EIO. */
int soso_sink_stdio(void *closure, const char *data, size_t n);

/* A growing memory buffer as a writer (closure: a soso_sink_buf). */
typedef struct soso_sink_buf {
  char *data;   /* NUL-terminated output so far (owned; free() it) */
  size_t len;   /* bytes written */
  size_t cap;   /* bytes allocated */
} soso_sink_buf;
#define SOSO_SINK_BUF_INIT {NULL, 0, 0}
int soso_sink_buffer(void *closure, const char *data, size_t n);

/* printf-style output through a writer. */
int soso_sink_printf(soso_write_fn write, void *closure, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#ifdef __cplusplus
}
#endif
#endif
