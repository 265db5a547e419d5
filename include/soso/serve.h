/* serve.h - `soso serve`: a local web app for the community meeting.
 *
 * One HTTP server (libmicrohttpd) over one region file: a JSON API over the library
 * (the region, its sites and communities, timelines, cumulative ratings, per-site
 * impact assessments, the markdown report), what-if recomputations run as jobs on a
 * small worker pool with progress pushed by Server-Sent Events and results cached by
 * a hash of their inputs, residents' comments and survey answers kept in the store,
 * facilitator pages behind a token, and the single-page app of web/ with its
 * translations (gettext domain "soso-web", po/web/LANG.po) exported as JSON.
 *
 * Security model: the server binds to loopback unless told otherwise; bound
 * elsewhere, the facilitator API needs the token. Only files found in the web folder
 * at start-up are served (looked up in a table, so no request path ever reaches the
 * file system). Every POST needs the CSRF token of its session (double-submit cookie,
 * SameSite=Strict); bodies are size-limited; each session and address has a rate
 * limit. Bad requests get a 4xx with one line of JSON {"error": ..., "field": ...}.
 */
#ifndef SOSO_SERVE_H
#define SOSO_SERVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct soso_serve soso_serve;

typedef struct soso_serve_opts {
  const char *region_path; /* region file (required) */
  const char *listen;      /* "ADDR:PORT" or "[v6]:PORT"; NULL: 127.0.0.1:8080 */
  const char *lang;        /* default page language (en, bs, hr, sr, sr@latin) */
  const char *db_path;     /* the store that keeps comments and answers (required) */
  const char *web_dir;     /* the app's files; NULL: soso_serve_web_dir() */
  const char *po_dir;      /* the app's catalogs; NULL: soso_serve_po_dir() */
  const char *token;       /* facilitator token; NULL: a random one (see
                              soso_serve_token); required off loopback */
  size_t n_paths;          /* price paths of every run (base and what-if defaults) */
  uint64_t seed;           /* seed of the base run and default of what-ifs */
  int max_jobs;            /* what-if jobs run at once (worker threads, >= 1) */
  size_t max_queue;        /* jobs waiting beyond that before 503 */
  size_t max_body;         /* largest request body in bytes */
  double rate_per_s;       /* requests per second per session (POST) and address */
  double rate_burst;       /* bucket size of the rate limit */
  /* Progress of the start-up (loading, base run); may be NULL. */
  void (*progress)(void *closure, const char *stage, long done, long total);
  void *closure;
} soso_serve_opts;

#define SOSO_SERVE_OPTS_INIT \
  {NULL, NULL, "en", NULL, NULL, NULL, NULL, 500, 1, 2, 16, 65536, 20.0, 200.0, NULL, NULL}

/* Loads the region, runs the base case (every strategy, opts->seed), opens the
 * store and starts listening. Errors: SOSO_EUSAGE for bad options (one line naming
 * the option), the library's FILE:LINE errors for bad inputs, SOSO_EIO when the
 * address cannot be bound. *out NULL on failure; stop with soso_serve_free. */
int soso_serve_new(soso_serve **out, const soso_serve_opts *opts);

/* Stops listening, waits for running jobs, closes the store. NULL-safe. */
void soso_serve_free(soso_serve *srv);

/* The bound port (useful with port 0). */
unsigned soso_serve_port(const soso_serve *srv);
/* The facilitator token (owned by srv). */
const char *soso_serve_token(const soso_serve *srv);
/* 1 when the server listens on a loopback address only. */
int soso_serve_is_loopback(const soso_serve *srv);

/* Where the app's files and catalogs are found: $SOSO_WEB_DIR / $SOSO_PO_WEB_DIR
 * when set, else the source tree's web/ and po/web/ (until the installed data
 * folder lookup lands, this is the one place that knows). */
const char *soso_serve_web_dir(void);
const char *soso_serve_po_dir(void);

#ifdef __cplusplus
}
#endif
#endif
