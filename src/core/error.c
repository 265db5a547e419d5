/* error.c - the thread-local one-line error message (see include/soso/error.h).
 *
 * Invariant: the message buffer always holds a NUL-terminated string; a message
 * longer than the buffer is cut with "..." rather than lost.
 */
#include "soso/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { MSG_MAX = 1024 };

static _Thread_local char g_msg[MSG_MAX]; /* this thread's last message */
static _Thread_local int g_code;          /* this thread's last code */

int soso_error_set(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(g_msg, sizeof g_msg, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof g_msg) memcpy(g_msg + sizeof g_msg - 4, "...", 4);
  g_code = code;
  return code;
}

const char *soso_error_last(void) { return g_msg; }

int soso_error_code(void) { return g_code; }

void soso_error_clear(void) {
  g_msg[0] = '\0';
  g_code = SOSO_OK;
}

const char *soso_error_name(int code) {
  switch (code) {
  case SOSO_OK: return "ok";
  case SOSO_ENOMEM: return "out of memory";
  case SOSO_EIO: return "i/o error";
  case SOSO_EDATA: return "data error";
  case SOSO_EUSAGE: return "usage error";
  case SOSO_ENOTFOUND: return "not found";
  case SOSO_ENUMERIC: return "numerical error";
  default: return "error";
  }
}
