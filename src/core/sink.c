/* sink.c - the stdio and memory writers of include/soso/sink.h, and printf through a
 * writer. */
#define _POSIX_C_SOURCE 200809L
#include "core/sink_int.h"
#include "soso/sink.h"
#include "soso/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int soso_sink_stdio(void *closure, const char *data, size_t n) {
  if (n && fwrite(data, 1, n, (FILE *)closure) != n)
    return soso_error_set(SOSO_EIO, "write failed");
  return 0;
}

int soso_sink_buffer(void *closure, const char *data, size_t n) {
  soso_sink_buf *b = closure;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) return soso_error_set(SOSO_ENOMEM, "out of memory");
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int soso_sink_printf(soso_write_fn write, void *closure, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return soso_error_set(SOSO_ERR, "format failed");
  if ((size_t)n < sizeof small) return write(closure, small, (size_t)n);
  char *big = malloc((size_t)n + 1);
  if (!big) return soso_error_set(SOSO_ENOMEM, "out of memory");
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int rc = write(closure, big, (size_t)n);
  free(big);
  return rc;
}

int soso__sink_render(int (*render)(FILE *f, const void *arg), const void *arg,
                     soso_write_fn write, void *closure) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return soso_error_set(SOSO_ENOMEM, "out of memory");
  int rc = render(f, arg);
  if (fclose(f) != 0 && rc == 0) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  if (rc == 0) rc = write(closure, buf, len);
  free(buf);
  return rc;
}
