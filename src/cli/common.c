/* common.c - helpers every command uses: errors, the store, numbers, progress. */
#include "cli/cli.h"
#include "soso/error.h"
#include "soso/factor.h"

#include <jansson.h>
#include <unistd.h>
#include "soso/suggest.h"
#include "soso/afile.h"

#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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
  return cli_bad_option_in(cmd, argc, argv, NULL);
}

int cli_bad_option_in(const char *cmd, int argc, char **argv, const struct option *opts) {
  /* getopt_long leaves optind just past the argument it rejected (an unknown
   * option, or an option whose value is missing at the end of argv). */
  const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
  if (opts && strncmp(arg, "--", 2) == 0) {
    char word[64];
    snprintf(word, sizeof word, "%s", arg + 2);
    word[strcspn(word, "=")] = '\0';
    const char *names[128];
    size_t n = 0;
    for (const struct option *o = opts; o->name && n < 128; o++) {
      if (strcmp(o->name, word) == 0 && o->has_arg == required_argument)
        return cli_usage(cmd, "--%s needs a value", word);
      names[n++] = o->name;
    }
    /* British and American spellings of one word are one option */
    char brit[64];
    soso_suggest_spelling_british(brit, sizeof brit, word);
    for (size_t k = 0; k < n; k++)
      if (strcmp(brit, word) != 0 && strcmp(names[k], brit) == 0)
        return cli_usage(cmd, "unknown option %s (the option is spelt --%s)", arg, names[k]);
    const char *near = soso_suggest(word, names, n);
    if (near) return cli_usage(cmd, "unknown option %s (did you mean --%s?)", arg, near);
  }
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

int cli_open_store_for_files(const cli_ctx *ctx, soso_store **out) {
  *out = NULL;
  if (!ctx->db_path || access(ctx->db_path, F_OK) != 0) return CLI_OK;
  /* read-only: a reader never waits for a writer and never creates a store */
  return cli_open_store_read(ctx, out);
}

void cli_print_origin(FILE *f, const soso_factor_origins *o, const soso_dynamics *d) {
  if (!soso_factor_origins_uses_store(o)) return;
  for (int i = 0; i < d->n; i++) {
    const soso_factor_origin *x = &o->f[i];
    const soso_factor *y = &d->f[i];
    if (!x->from_store) continue;
    char a[8], b[8], m[8];
    soso_market_month_format(a, x->first);
    soso_market_month_format(b, x->last);
    soso_market_month_format(m, x->s0_month);
    if (y->kind == SOSO_PRICE_GBM)
      fprintf(f, "prices: %s gbm from the store, %s %s..%s (n = %zu): mu %.4f (se %.4f), "
                 "sigma %.4f (se %.4f)",
              y->name, x->series, a, b, x->fit.n, y->mu, x->fit.se_mu, y->sigma,
              x->fit.se_sigma);
    else
      fprintf(f, "prices: %s ou from the store, %s %s..%s (n = %zu): kappa %.4f (se %.4f), "
                 "alpha %.4f (se %.4f), sigma %.4f (se %.4f)",
              y->name, x->series, a, b, x->fit.n, y->kappa, x->fit.se_kappa, y->alpha,
              x->fit.se_alpha, y->sigma, x->fit.se_sigma);
    if (x->s0_stated)
      fprintf(f, "; s0 %g (file)\n", y->s0);
    else
      fprintf(f, "; s0 %g (stored, %s)\n", y->s0, m);
  }
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
  char brit[64];
  /* British and American spellings are one choice ("optimized" is "optimised") */
  if (strcmp(soso_suggest_spelling_british(brit, sizeof brit, s), s) != 0 && cli_is_choice(brit, choices))
    return 1;
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

const char *cli_choice_hint(char *out, size_t n, const char *s, const char *choices) {
  char near[64];
  if (soso_suggest_list(near, sizeof near, s, choices))
    snprintf(out, n, " (did you mean \"%s\"?)", near);
  else if (n) out[0] = '\0';
  return out;
}
