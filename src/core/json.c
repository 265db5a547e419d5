/* json.c - jansson documents written through a soso_write_fn (json_int.h). */
#include "core/json_int.h"
#include "soso/error.h"

typedef struct emit_ctx {
  soso_write_fn write; /* the caller's writer */
  void *closure;       /* its closure */
  int rc;              /* first writer error */
} emit_ctx;

static int emit_cb(const char *buf, size_t size, void *data) {
  emit_ctx *e = data;
  if (e->rc == 0) e->rc = e->write(e->closure, buf, size);
  return e->rc == 0 ? 0 : -1;
}

int soso__json_emit(const json_t *j, size_t flags, soso_write_fn write, void *closure) {
  emit_ctx e = {write, closure, 0};
  if (json_dump_callback(j, emit_cb, &e, flags) != 0)
    return e.rc ? e.rc : soso_error_set(SOSO_ENOMEM, "out of memory writing JSON");
  return write(closure, "\n", 1);
}
