/* serve_int.h - what the files of src/serve/ share (include/soso/serve.h is the
 * public side).
 *
 * Files: server.c (HTTP: routing, headers, limits, static files), model.c (every
 * call into the library's stages: the one file to change when the stage entry
 * points land), jobs.c (the what-if worker pool, result cache, progress), hear.c
 * (residents' comments and answers in the store), i18n.c (the app's catalogs as
 * JSON), paths.c (where web/ and po/web/ are).
 *
 * Threads: libmicrohttpd runs one thread per connection; jobs run on their own
 * workers. The model is read-only after sv_model_new; the jobs table and the store
 * connection each have one mutex.
 */
#ifndef SOSO_SERVE_INT_H
#define SOSO_SERVE_INT_H

#include "soso/region.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum { SV_MAX_SITES = 64, SV_ID = 17 };

/* The model: region, rules and the site/community files matched to each site. */
typedef struct sv_model sv_model;

/* A what-if: the inputs of one recomputation, normalised. */
typedef struct sv_whatif {
  int strategy;                    /* 0: all three, else a soso_strategy */
  double price_shift;              /* fraction added to today's prices (-0.3: 30 % lower) */
  int has_drift;                   /* 1: drift below replaces the file's mu */
  double drift;                    /* annual price trend of the path scenario */
  int has_order;                   /* 1: order below replaces the file's */
  size_t n_order;                  /* sites in order */
  size_t order[SV_MAX_SITES];      /* site indices, sequential strategy's order */
  double start_year[SV_MAX_SITES]; /* calendar start year per site; NaN: the file's */
  int tailings[SV_MAX_SITES];      /* -1: the site file's, else soso_tailings */
  int plant[SV_MAX_SITES];         /* -1: the site file's, 0 fixed, 1 modular movable */
  size_t n_paths;                  /* price paths */
  uint64_t seed;                   /* seed */
} sv_whatif;

/* Progress of a run: stage name and fraction done. */
typedef void (*sv_progress_fn)(void *closure, const char *stage, double done);

int sv_model_new(sv_model **out, const char *region_path);
void sv_model_free(sv_model *m);
const soso_region *sv_model_region(const sv_model *m);
const char *sv_model_path(const sv_model *m);

/* The defaults of a what-if (the region file as it is). */
void sv_whatif_default(sv_whatif *w, const sv_model *m, size_t n_paths, uint64_t seed);

/* Parses a what-if request body (JSON) over the defaults in *w. On a bad request
 * returns SOSO_EUSAGE with the message in soso_error_last() and the field's name
 * in field. */
int sv_whatif_parse(sv_whatif *w, const sv_model *m, const char *body, size_t n, char *field,
                    size_t n_field);

/* The inputs as canonical JSON (the cache key is its hash) and the hash. */
json_t *sv_whatif_json(const sv_whatif *w, const sv_model *m);
void sv_whatif_key(char id[SV_ID], const sv_whatif *w, const sv_model *m);

/* Runs a what-if: the region's joint Monte Carlo per strategy, cumulative
 * significance, soso_region_json, and each site's impacts on its community. The
 * result is a JSON text (malloc'd, *out_len bytes). */
int sv_model_run(char **out, size_t *out_len, const sv_model *m, const sv_whatif *w,
                 sv_progress_fn progress, void *closure);

/* The country outlines around the region (GeoJSON, WGS84) for the page's map. */
int sv_model_map(char **out, size_t *out_len, const sv_model *m, const char *boundaries);

/* The markdown report of the base case (malloc'd text). */
int sv_model_markdown(char **out, size_t *out_len, const sv_model *m, size_t n_paths,
                      uint64_t seed);

/* Jobs ----------------------------------------------------------------------- */
typedef struct sv_jobs sv_jobs;

enum { SV_JOB_QUEUED = 0, SV_JOB_RUNNING = 1, SV_JOB_DONE = 2, SV_JOB_FAILED = 3 };

typedef struct sv_job_status {
  int state;          /* SV_JOB_* */
  double progress;    /* 0..1 */
  char stage[64];     /* what runs now */
  char error[256];    /* SV_JOB_FAILED: why */
  unsigned seq;       /* bumps on every change */
} sv_job_status;

int sv_jobs_new(sv_jobs **out, const sv_model *m, int n_workers, size_t max_queue,
                size_t cache_cap);
void sv_jobs_free(sv_jobs *j);
/* Submits (or joins the identical job, or finds the cached result); *id is the
 * inputs' hash. SOSO_ERR with "busy" when the queue is full. pin: never evicted. */
int sv_jobs_submit(sv_jobs *j, char id[SV_ID], const sv_whatif *w, int pin);
/* The status of a job; waits up to timeout_ms for seq to move past *seq. SOSO_ENOTFOUND
 * for an unknown id. */
int sv_jobs_wait(sv_jobs *j, const char *id, unsigned seq, int timeout_ms, sv_job_status *st);
/* A copy of a finished result (malloc'd); SOSO_ENOTFOUND if none. */
int sv_jobs_result(sv_jobs *j, const char *id, char **out, size_t *out_len);
/* Counts for the facilitator and tests: jobs run (computed) and cache hits. */
void sv_jobs_counts(sv_jobs *j, size_t *n_run, size_t *n_hits, size_t *n_running);

/* Residents' comments and answers ---------------------------------------------- */
typedef struct sv_hear sv_hear;

int sv_hear_open(sv_hear **out, const char *db_path);
void sv_hear_free(sv_hear *h);
/* Stores a comment once per client_id (a resend after a lost reply is not a second
 * comment); *dup = 1 if it was there already. */
int sv_hear_comment(sv_hear *h, int *dup, const char *client_id, const char *community,
                    const char *dimension, const char *text, const char *lang);
/* Stores one survey response (answers: object question id -> value) as part of a
 * wave, once per client_id. */
int sv_hear_answer(sv_hear *h, int *dup, const char *client_id, const char *wave,
                   const char *community, const char *lang, json_t *answers);
/* Visible comments of a community (newest first, at most limit). */
int sv_hear_comments(sv_hear *h, json_t **out, const char *community, int include_hidden,
                     size_t limit);
int sv_hear_moderate(sv_hear *h, long long id, int hidden);
/* Aggregates per community and question; groups smaller than min_group are
 * suppressed (counted, not shown). */
int sv_hear_aggregate(sv_hear *h, json_t **out, int min_group);
/* CSV export of comments or answers (malloc'd). */
int sv_hear_export(sv_hear *h, char **out, size_t *out_len, int answers);
int sv_hear_count(sv_hear *h, long long *n_comments, long long *n_answers);

/* Catalogs ------------------------------------------------------------------- */
/* Reads po_dir/<lang>.po for each language into {lang: {msgid: msgstr}} (untranslated
 * entries are left out, so the page falls back to the English text). */
int sv_i18n_load(json_t **out, const char *po_dir);

#endif
