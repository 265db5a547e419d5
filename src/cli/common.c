/* common.c - helpers every command uses: errors, the store, numbers, progress. */
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/fileio.h"

#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cli_put_clean(FILE *f, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0) {
      fputc('?', f); /* a C1 control (U+0080-U+009F), e.g. CSI */
      s++;
    } else {
      fputc(c < 0x20 || c == 0x7F ? '?' : c, f);
    }
  }
}

int cli_fail(void) {
  fputs("soso: ", stderr);
  cli_put_clean(stderr, soso_error_last()[0] ? soso_error_last() : "unknown error");
  fputc('\n', stderr);
  return soso_error_code() == SOSO_EUSAGE ? CLI_USAGE : CLI_ERR;
}

int cli_usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "soso%s%s: ", *cmd ? " " : "", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (try 'soso %s%s--help')\n", cmd, *cmd ? " " : "");
  return CLI_USAGE;
}

int cli_bad_option(const char *cmd, int argc, char **argv) {
  /* getopt_long leaves optind just past the argument it rejected (an unknown
   * option, or an option whose value is missing at the end of argv). */
  const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
  return cli_usage(cmd, "unknown option or missing value: %s", arg);
}

int cli_open_store(const cli_ctx *ctx, soso_store **out) {
  if (soso_store_open(out, ctx->db_path) < 0) return cli_fail();
  return CLI_OK;
}

static void on_signal(int sig) {
  soso_afile_remove_all(); /* no half-written temporary files left behind */
  signal(sig, SIG_DFL);
  raise(sig);
}

void cli_cleanup_on_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}

int cli_open_store_read(const cli_ctx *ctx, soso_store **out) {
  if (soso_store_open_read(out, ctx->db_path) < 0) return cli_fail();
  return CLI_OK;
}

void cli_progress(const cli_ctx *ctx, const char *what, long done, long total) {
  if (!ctx->progress || total <= 0) return;
  fprintf(stderr, "\r%s %3ld%%", what, 100 * done / total);
  if (done >= total) fputc('\n', stderr);
  fflush(stderr);
}

int cli_parse_double(const char *cmd, const char *opt, const char *s, double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
    return cli_usage(cmd, "%s: \"%s\" is not a number", opt, s);
  *out = v;
  return 0;
}

int cli_parse_long(const char *cmd, const char *opt, const char *s, long *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (end == s || *end != '\0' || errno == ERANGE)
    return cli_usage(cmd, "%s: \"%s\" is not an integer", opt, s);
  *out = v;
  return 0;
}

int cli_is_choice(const char *s, const char *choices) {
  size_t n = strlen(s);
  if (n == 0) return 0;
  for (const char *p = choices; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncmp(p, s, n) == 0) return 1;
    p = bar ? bar + 1 : NULL;
  }
  return 0;
}
