/* server.c - the HTTP side of soso serve: routing, security headers, CSRF, limits,
 * the static files of the app, and the JSON API (include/soso/serve.h).
 *
 * libmicrohttpd runs one thread per connection (the Server-Sent Events stream of a
 * job blocks its connection's thread while it waits for progress). Request bodies
 * are collected up to max_body; anything larger is answered 413 without being
 * kept. Every answer carries the same strict headers (CSP without inline script or
 * style, nosniff, no framing, no referrer). Errors are one line of JSON naming the
 * field: {"error":"...","field":"..."}.
 *
 * Static files are read once at start-up from the web folder into a table; a
 * request path is only ever looked up in that table, so no path a client sends
 * reaches the file system (no traversal, no symlink surprises).
 *
 * CSRF: GET /api/session sets a random token in a SameSite=Strict cookie and returns
 * it; every POST must send it back in X-CSRF-Token, with Content-Type
 * application/json, and an Origin (when sent) equal to the Host. The Host header must
 * name the bound address (or localhost) so a rebinding DNS name cannot reach a
 * loopback server. Rate limits: a token bucket per client address and one per
 * session for POSTs.
 */
#define _GNU_SOURCE
#include "soso/serve.h"

#include "serve/serve_int.h"
#include "soso/error.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

enum { N_BUCKETS = 4096, MAX_FILES = 128, MAX_FILE_BYTES = 4 << 20, MIN_GROUP = 5 };

static const char k_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

typedef struct sfile {
  char url[256];        /* "/app.js" */
  char *data;
  size_t len;
  const char *mime;
} sfile;

typedef struct bucket {
  char key[80];         /* "a:" address or "s:" session; "" free */
  double tokens;
  double t;             /* last refill, seconds */
} bucket;

struct soso_serve {
  soso_serve_opts o;
  char region_path[PATH_MAX];
  char token[65];
  int loopback;
  unsigned port;
  char host_ok[3][80];  /* accepted Host headers */
  sv_model *model;
  sv_jobs *jobs;
  sv_hear *hear;
  json_t *catalogs;     /* {lang: {msgid: msgstr}} */
  char *catalog_text[16]; /* per language, serialised (same order as lang_names) */
  char lang_names[16][16];
  size_t n_langs;
  json_t *survey;       /* the questionnaire (web/survey.json) */
  char *map_json;
  size_t map_len;
  char base_id[SV_ID];
  sfile files[MAX_FILES];
  size_t n_files;
  pthread_mutex_t mu;   /* buckets, report cache */
  bucket buckets[N_BUCKETS];
  char *report_md;
  size_t report_len;
  volatile int stopping;
  struct MHD_Daemon *d;
};

typedef struct req {
  char *body;
  size_t len;
  int too_big;
} req;

/* Small helpers ------------------------------------------------------------------- */

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int random_hex(char *out, size_t nbytes) {
  unsigned char b[32];
  if (nbytes > sizeof b) nbytes = sizeof b;
  size_t got = 0;
  while (got < nbytes) {
    ssize_t r = getrandom(b + got, nbytes - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return soso_error_set(SOSO_ERR, "serve: no random numbers: %s", strerror(errno));
    }
    got += (size_t)r;
  }
  for (size_t i = 0; i < nbytes; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
  return 0;
}

static int is_hex(const char *s, size_t n) {
  if (!s || strlen(s) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isxdigit((unsigned char)s[i])) return 0;
  return 1;
}

static const char *mime_of(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot) return NULL;
  static const char *const m[][2] = {{".html", "text/html; charset=utf-8"},
                                     {".css", "text/css; charset=utf-8"},
                                     {".js", "text/javascript; charset=utf-8"},
                                     {".json", "application/json"},
                                     {".webmanifest", "application/manifest+json"},
                                     {".svg", "image/svg+xml"},
                                     {".png", "image/png"},
                                     {".txt", "text/plain; charset=utf-8"}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (strcmp(dot, m[i][0]) == 0) return m[i][1];
  return NULL;
}

/* Responses ----------------------------------------------------------------------- */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *mime,
                                const char *buf, size_t len, int copy, const char *cookie,
                                const char *cache) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      len, (void *)(uintptr_t)buf, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_MUST_FREE);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", mime);
  MHD_add_response_header(r, "Content-Security-Policy", k_csp);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
  MHD_add_response_header(r, "Cache-Control", cache ? cache : "no-store");
  if (cookie) MHD_add_response_header(r, "Set-Cookie", cookie);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *j,
                                 const char *cookie) {
  char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
  json_decref(j);
  if (!s) return MHD_NO;
  return send_buf(c, status, "application/json", s, strlen(s), 0, cookie, NULL);
}

static enum MHD_Result fail(struct MHD_Connection *c, unsigned status, const char *field,
                            const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_t *j = json_pack("{s:s,s:s?}", "error", msg, "field", field);
  return send_json(c, status, j, NULL);
}

/* Limits -------------------------------------------------------------------------- */

/* 1 if key may make one more request now. scale: an address gets 10 times a
 * session's rate and burst (several residents may share one address). */
static int rate_ok(soso_serve *s, const char *key, double scale) {
  uint64_t h = 1469598103934665603ULL;
  for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  double t = now_s();
  pthread_mutex_lock(&s->mu);
  bucket *b = NULL;
  for (size_t k = 0; k < 8 && !b; k++) { /* short probe; an old bucket is reused */
    bucket *x = &s->buckets[(h + k) % N_BUCKETS];
    if (strcmp(x->key, key) == 0 || !x->key[0] || t - x->t > 60.0) b = x;
  }
  if (!b) b = &s->buckets[h % N_BUCKETS];
  if (strcmp(b->key, key) != 0) {
    snprintf(b->key, sizeof b->key, "%s", key);
    b->tokens = scale * s->o.rate_burst;
    b->t = t;
  }
  b->tokens = fmin(scale * s->o.rate_burst, b->tokens + (t - b->t) * scale * s->o.rate_per_s);
  b->t = t;
  int ok = b->tokens >= 1.0;
  if (ok) b->tokens -= 1.0;
  pthread_mutex_unlock(&s->mu);
  return ok;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t n) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(out, n, "?");
  if (!ci || !ci->client_addr) return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)n);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)n);
}

static const char *header(struct MHD_Connection *c, const char *name) {
  return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static int host_ok(soso_serve *s, struct MHD_Connection *c) {
  const char *h = header(c, "Host");
  if (!h) return 0;
  if (!s->loopback) return 1; /* off loopback the address is the user's choice */
  for (size_t i = 0; i < 3; i++)
    if (strcmp(h, s->host_ok[i]) == 0) return 1;
  return 0;
}

/* The CSRF check of a POST: cookie, header, content type, origin. */
static const char *csrf_fail(soso_serve *s, struct MHD_Connection *c) {
  const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "soso_csrf");
  const char *hd = header(c, "X-CSRF-Token");
  if (!is_hex(ck, 32) || !hd || strcmp(ck, hd) != 0) return "X-CSRF-Token";
  const char *ct = header(c, "Content-Type");
  if (!ct || strncmp(ct, "application/json", 16) != 0) return "Content-Type";
  const char *origin = header(c, "Origin");
  const char *host = header(c, "Host");
  if (origin && host) {
    const char *p = strstr(origin, "://");
    if (!p || strcmp(p + 3, host) != 0) return "Origin";
  }
  (void)s;
  return NULL;
}

static int facilitator_ok(soso_serve *s, struct MHD_Connection *c) {
  const char *t = header(c, "X-Soso-Token");
  if (t && strlen(t) == strlen(s->token)) {
    unsigned char diff = 0; /* constant time */
    for (size_t i = 0; t[i]; i++) diff |= (unsigned char)(t[i] ^ s->token[i]);
    if (!diff) return 1;
  }
  return s->loopback && !t; /* on loopback the facilitator is whoever sits at the laptop */
}

/* Static files -------------------------------------------------------------------- */

static int load_dir(soso_serve *s, const char *root, const char *rel, int depth) {
  char dir[PATH_MAX];
  if ((size_t)snprintf(dir, sizeof dir, "%s%s", root, rel) >= sizeof dir)
    return soso_error_set(SOSO_EIO, "%s%s: path too long", root, rel);
  DIR *d = opendir(dir);
  if (!d) return soso_error_set(SOSO_EIO, "%s: cannot open the app's folder: %s", dir, strerror(errno));
  struct dirent *e;
  int rc = 0;
  while (!rc && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[PATH_MAX + 512], url[256];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
        (size_t)snprintf(url, sizeof url, "%s/%s", rel, e->d_name) >= sizeof url)
      continue; /* too long to be one of the app's files */
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth < 2) rc = load_dir(s, root, url, depth + 1);
      continue;
    }
    const char *mime = mime_of(e->d_name);
    if (!S_ISREG(st.st_mode) || !mime || st.st_size > MAX_FILE_BYTES) continue;
    if (s->n_files == MAX_FILES) {
      rc = soso_error_set(SOSO_EDATA, "%s: more than %d files in the app", root, MAX_FILES);
      break;
    }
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    sfile *sf = &s->files[s->n_files];
    sf->data = malloc((size_t)st.st_size + 1);
    sf->len = sf->data ? fread(sf->data, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!sf->data) {
      rc = soso_error_set(SOSO_ENOMEM, "serve: out of memory");
      break;
    }
    sf->data[sf->len] = '\0';
    snprintf(sf->url, sizeof sf->url, "%s", url);
    sf->mime = mime;
    s->n_files++;
  }
  closedir(d);
  return rc;
}

static const sfile *find_file(const soso_serve *s, const char *url) {
  if (strcmp(url, "/") == 0) url = "/index.html";
  for (size_t i = 0; i < s->n_files; i++)
    if (strcmp(s->files[i].url, url) == 0) return &s->files[i];
  return NULL;
}

/* Server-Sent Events of a job ------------------------------------------------------- */

typedef struct sse {
  soso_serve *s;
  char id[SV_ID];
  unsigned seq;
  int finished;
} sse;

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  sse *e = cls;
  if (e->finished || e->s->stopping) return MHD_CONTENT_READER_END_OF_STREAM;
  sv_job_status st;
  int n;
  if (sv_jobs_wait(e->s->jobs, e->id, e->seq, 5000, &st)) {
    json_t *j = json_pack("{s:s}", "error", soso_error_last());
    char *t = json_dumps(j, JSON_COMPACT);
    n = snprintf(buf, max, "event: failed\ndata: %s\n\n", t ? t : "{}");
    free(t);
    json_decref(j);
    e->finished = 1;
  } else if (st.seq == e->seq) {
    n = snprintf(buf, max, ": waiting\n\n");
  } else {
    e->seq = st.seq;
    static const char *const kname[] = {"queued", "running", "done", "failed"};
    json_t *j = json_pack("{s:s,s:s,s:f,s:s,s:s}", "id", e->id, "state", kname[st.state],
                          "progress", st.progress, "stage", st.stage, "error", st.error);
    char *t = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    const char *ev = st.state == SV_JOB_DONE ? "done" : st.state == SV_JOB_FAILED ? "failed" : "progress";
    n = snprintf(buf, max, "event: %s\ndata: %s\n\n", ev, t ? t : "{}");
    free(t);
    if (st.state >= SV_JOB_DONE) e->finished = 1;
  }
  if (n < 0) return MHD_CONTENT_READER_END_WITH_ERROR;
  return (ssize_t)((size_t)n < max ? (size_t)n : max - 1);
}

static enum MHD_Result send_sse(soso_serve *s, struct MHD_Connection *c, const char *id) {
  sse *e = calloc(1, sizeof *e);
  if (!e) return MHD_NO;
  e->s = s;
  snprintf(e->id, sizeof e->id, "%s", id);
  struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 2048, sse_read, e, free);
  if (!r) {
    free(e);
    return MHD_NO;
  }
  MHD_add_response_header(r, "Content-Type", "text/event-stream");
  MHD_add_response_header(r, "Cache-Control", "no-store");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Content-Security-Policy", k_csp);
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ret;
}

/* API ------------------------------------------------------------------------------ */

static int community_exists(soso_serve *s, const char *name) {
  const soso_region *r = sv_model_region(s->model);
  for (size_t i = 0; i < soso_region_n_communities(r); i++)
    if (strcmp(soso_region_community_name(r, i), name) == 0) return 1;
  return 0;
}

static int client_id_ok(const char *id) {
  size_t n = id ? strlen(id) : 0;
  if (n < 8 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)id[i]) && id[i] != '-' && id[i] != '_') return 0;
  return 1;
}

static int wave_ok(const char *w) {
  size_t n = strlen(w);
  if (n < 1 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)w[i]) && !strchr("-_.", w[i])) return 0;
  return 1;
}

static int lang_known(soso_serve *s, const char *lang) {
  return lang && json_object_get(s->catalogs, lang) != NULL;
}

static enum MHD_Result api_session(soso_serve *s, struct MHD_Connection *c) {
  const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "soso_csrf");
  char tok[65], cookie[160];
  const char *set = NULL;
  if (is_hex(ck, 32)) {
    snprintf(tok, sizeof tok, "%s", ck);
  } else {
    if (random_hex(tok, 16)) return fail(c, 500, NULL, "%s", soso_error_last());
    snprintf(cookie, sizeof cookie, "soso_csrf=%s; Path=/; SameSite=Strict; HttpOnly", tok);
    set = cookie;
  }
  json_t *langs = json_array();
  for (size_t i = 0; i < s->n_langs; i++) json_array_append_new(langs, json_string(s->lang_names[i]));
  const soso_region *r = sv_model_region(s->model);
  json_t *j = json_pack("{s:s,s:s,s:o,s:b,s:s,s:s,s:I,s:I,s:i}", "csrf", tok, "lang", s->o.lang,
                        "langs", langs, "facilitator_needs_token", !s->loopback, "base", s->base_id,
                        "region", soso_region_name(r), "paths", (json_int_t)s->o.n_paths, "seed",
                        (json_int_t)s->o.seed, "min_group", MIN_GROUP);
  return send_json(c, 200, j, set);
}

static enum MHD_Result api_result(soso_serve *s, struct MHD_Connection *c, const char *id) {
  if (!is_hex(id, 16)) return fail(c, 400, "id", "not a result id");
  char *out;
  size_t len;
  if (sv_jobs_result(s->jobs, id, &out, &len)) return fail(c, 404, "id", "%s", soso_error_last());
  return send_buf(c, 200, "application/json", out, len, 0, NULL, "private, max-age=86400");
}

static enum MHD_Result api_job(soso_serve *s, struct MHD_Connection *c, const char *id, int events) {
  if (!is_hex(id, 16)) return fail(c, 400, "id", "not a job id");
  if (events) return send_sse(s, c, id);
  sv_job_status st;
  if (sv_jobs_wait(s->jobs, id, UINT_MAX, 0, &st)) return fail(c, 404, "id", "%s", soso_error_last());
  static const char *const kname[] = {"queued", "running", "done", "failed"};
  return send_json(c, 200,
                   json_pack("{s:s,s:s,s:f,s:s,s:s}", "id", id, "state", kname[st.state],
                             "progress", st.progress, "stage", st.stage, "error", st.error),
                   NULL);
}

static enum MHD_Result api_whatif(soso_serve *s, struct MHD_Connection *c, const req *r) {
  sv_whatif w;
  sv_whatif_default(&w, s->model, s->o.n_paths, s->o.seed);
  char field[64];
  if (sv_whatif_parse(&w, s->model, r->body ? r->body : "", r->len, field, sizeof field))
    return fail(c, 400, field, "%s", soso_error_last());
  char id[SV_ID];
  if (sv_jobs_submit(s->jobs, id, &w, 0)) return fail(c, 503, NULL, "%s", soso_error_last());
  sv_job_status st;
  sv_jobs_wait(s->jobs, id, UINT_MAX, 0, &st);
  static const char *const kname[] = {"queued", "running", "done", "failed"};
  return send_json(c, 202, json_pack("{s:s,s:s}", "id", id, "state", kname[st.state]), NULL);
}

static json_t *parse_body(const req *r) {
  if (!r->body) return NULL;
  return json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, NULL);
}

/* A string member of o: *out NULL and 0 if absent and optional. */
static int get_str(json_t *o, const char *key, const char **out, size_t max_len, int required) {
  json_t *v = json_object_get(o, key);
  *out = NULL;
  if (!v) return required ? -1 : 0;
  if (!json_is_string(v) || json_string_length(v) > max_len) return -1;
  *out = json_string_value(v);
  return 0;
}

static int only_keys(json_t *o, const char *const *keys, const char **bad_key) {
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    int ok = 0;
    for (const char *const *p = keys; *p; p++) ok |= strcmp(*p, k) == 0;
    if (!ok) {
      *bad_key = k;
      return 0;
    }
  }
  return 1;
}

static int dimension_ok(const char *d) {
  if (strcmp(d, "general") == 0) return 1;
  for (int v = 0; v < SOSO_VEC_N; v++)
    if (strcmp(d, soso_region_vec_name(v)) == 0) return 1;
  return 0;
}

static enum MHD_Result api_comment(soso_serve *s, struct MHD_Connection *c, const req *r) {
  json_t *o = parse_body(r);
  if (!json_is_object(o)) {
    json_decref(o);
    return fail(c, 400, "body", "the body is not a JSON object");
  }
  static const char *const keys[] = {"client_id", "community", "dimension", "text", "lang", NULL};
  const char *bk = NULL, *cid, *com, *dim, *text, *lang;
  enum MHD_Result ret;
  if (!only_keys(o, keys, &bk)) ret = fail(c, 400, bk, "unknown field \"%s\"", bk);
  else if (get_str(o, "client_id", &cid, 64, 1) || !client_id_ok(cid))
    ret = fail(c, 400, "client_id", "client_id must be 8-64 letters, digits, - or _");
  else if (get_str(o, "community", &com, 128, 1) || !community_exists(s, com))
    ret = fail(c, 400, "community", "community must name a community of the region");
  else if (get_str(o, "dimension", &dim, 32, 1) || !dimension_ok(dim))
    ret = fail(c, 400, "dimension", "dimension must be general or an impact dimension");
  else if (get_str(o, "text", &text, 2000, 1) || !text[0])
    ret = fail(c, 400, "text", "text must be 1-2000 characters");
  else if (get_str(o, "lang", &lang, 15, 0) || (lang && !lang_known(s, lang)))
    ret = fail(c, 400, "lang", "lang must be one of the app's languages");
  else {
    int dup = 0;
    if (sv_hear_comment(s->hear, &dup, cid, com, dim, text, lang ? lang : s->o.lang))
      ret = fail(c, 500, NULL, "%s", soso_error_last());
    else
      ret = send_json(c, dup ? 200 : 201, json_pack("{s:b,s:s}", "stored", 1, "client_id", cid), NULL);
  }
  json_decref(o);
  return ret;
}

/* Checks one answer against the questionnaire. */
static int answer_ok(soso_serve *s, const char *qid, json_t *v) {
  size_t k;
  json_t *q;
  json_array_foreach(json_object_get(s->survey, "questions"), k, q) {
    if (strcmp(json_string_value(json_object_get(q, "id")), qid) != 0) continue;
    const char *type = json_string_value(json_object_get(q, "type"));
    if (strcmp(type, "scale") == 0) {
      json_int_t lo = json_integer_value(json_object_get(q, "min"));
      json_int_t hi = json_integer_value(json_object_get(q, "max"));
      return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
    }
    if (strcmp(type, "choice") == 0) {
      size_t i;
      json_t *opt;
      if (!json_is_string(v)) return 0;
      json_array_foreach(json_object_get(q, "options"), i, opt)
        if (strcmp(json_string_value(json_object_get(opt, "value")), json_string_value(v)) == 0) return 1;
      return 0;
    }
    return json_is_string(v) && json_string_length(v) <= 2000;
  }
  return 0;
}

static enum MHD_Result api_answer(soso_serve *s, struct MHD_Connection *c, const req *r) {
  json_t *o = parse_body(r);
  if (!json_is_object(o)) {
    json_decref(o);
    return fail(c, 400, "body", "the body is not a JSON object");
  }
  static const char *const keys[] = {"client_id", "community", "wave", "lang", "answers", NULL};
  const char *bk = NULL, *cid, *com, *wave, *lang;
  json_t *ans = json_object_get(o, "answers");
  enum MHD_Result ret = MHD_YES;
  int done = 0;
  if (!only_keys(o, keys, &bk)) ret = fail(c, 400, bk, "unknown field \"%s\"", bk), done = 1;
  else if (get_str(o, "client_id", &cid, 64, 1) || !client_id_ok(cid))
    ret = fail(c, 400, "client_id", "client_id must be 8-64 letters, digits, - or _"), done = 1;
  else if (get_str(o, "community", &com, 128, 1) || !community_exists(s, com))
    ret = fail(c, 400, "community", "community must name a community of the region"), done = 1;
  else if (get_str(o, "wave", &wave, 64, 0) || (wave && !wave_ok(wave)))
    ret = fail(c, 400, "wave", "wave must be 1-64 letters, digits, -, _ or ."), done = 1;
  else if (get_str(o, "lang", &lang, 15, 0) || (lang && !lang_known(s, lang)))
    ret = fail(c, 400, "lang", "lang must be one of the app's languages"), done = 1;
  else if (!json_is_object(ans) || json_object_size(ans) == 0 || json_object_size(ans) > 64)
    ret = fail(c, 400, "answers", "answers must be an object of 1-64 answers"), done = 1;
  if (!done) {
    const char *qid;
    json_t *v;
    json_object_foreach(ans, qid, v) {
      if (!answer_ok(s, qid, v)) {
        char f[96];
        snprintf(f, sizeof f, "answers.%s", qid);
        ret = fail(c, 400, f, "not a question of the survey, or not one of its answers");
        done = 1;
        break;
      }
    }
  }
  if (!done) {
    int dup = 0;
    if (sv_hear_answer(s->hear, &dup, cid, wave ? wave : "meeting", com, lang ? lang : s->o.lang, ans))
      ret = fail(c, 500, NULL, "%s", soso_error_last());
    else
      ret = send_json(c, dup ? 200 : 201, json_pack("{s:b,s:s}", "stored", 1, "client_id", cid), NULL);
  }
  json_decref(o);
  return ret;
}

static enum MHD_Result api_report(soso_serve *s, struct MHD_Connection *c) {
  pthread_mutex_lock(&s->mu);
  if (!s->report_md &&
      sv_model_markdown(&s->report_md, &s->report_len, s->model, s->o.n_paths, s->o.seed)) {
    pthread_mutex_unlock(&s->mu);
    return fail(c, 500, NULL, "%s", soso_error_last());
  }
  enum MHD_Result ret = send_buf(c, 200, "text/markdown; charset=utf-8", s->report_md,
                                 s->report_len, 1, NULL, NULL);
  pthread_mutex_unlock(&s->mu);
  return ret;
}

static enum MHD_Result api_facilitator(soso_serve *s, struct MHD_Connection *c, const char *what,
                                       const char *method, const req *r) {
  if (!facilitator_ok(s, c)) return fail(c, 401, "X-Soso-Token", "the facilitator token is missing or wrong");
  if (strcmp(method, "GET") == 0 && strcmp(what, "aggregate") == 0) {
    json_t *j;
    if (sv_hear_aggregate(s->hear, &j, MIN_GROUP)) return fail(c, 500, NULL, "%s", soso_error_last());
    return send_json(c, 200, j, NULL);
  }
  if (strcmp(method, "GET") == 0 && strcmp(what, "comments") == 0) {
    json_t *j;
    if (sv_hear_comments(s->hear, &j, NULL, 1, 1000)) return fail(c, 500, NULL, "%s", soso_error_last());
    return send_json(c, 200, json_pack("{s:o}", "comments", j), NULL);
  }
  if (strcmp(method, "GET") == 0 && strcmp(what, "stats") == 0) {
    long long nc = 0, na = 0;
    size_t nrun, nhit, nrunning;
    if (sv_hear_count(s->hear, &nc, &na)) return fail(c, 500, NULL, "%s", soso_error_last());
    sv_jobs_counts(s->jobs, &nrun, &nhit, &nrunning);
    return send_json(c, 200,
                     json_pack("{s:I,s:I,s:I,s:I,s:I}", "comments", (json_int_t)nc, "answers",
                               (json_int_t)na, "jobs_run", (json_int_t)nrun, "cache_hits",
                               (json_int_t)nhit, "jobs_running", (json_int_t)nrunning),
                     NULL);
  }
  if (strcmp(method, "GET") == 0 && (strcmp(what, "export-answers.csv") == 0 ||
                                     strcmp(what, "export-comments.csv") == 0)) {
    char *csv;
    size_t len;
    if (sv_hear_export(s->hear, &csv, &len, what[7] == 'a')) return fail(c, 500, NULL, "%s", soso_error_last());
    return send_buf(c, 200, "text/csv; charset=utf-8", csv, len, 0, NULL, NULL);
  }
  if (strcmp(method, "POST") == 0 && strcmp(what, "moderate") == 0) {
    json_t *o = parse_body(r);
    json_t *id = json_object_get(o, "id"), *hid = json_object_get(o, "hidden");
    enum MHD_Result ret;
    if (!json_is_integer(id)) ret = fail(c, 400, "id", "id must be a comment id");
    else if (!json_is_boolean(hid)) ret = fail(c, 400, "hidden", "hidden must be true or false");
    else if (sv_hear_moderate(s->hear, (long long)json_integer_value(id), json_is_true(hid)))
      ret = fail(c, soso_error_code() == SOSO_ENOTFOUND ? 404 : 500, "id", "%s", soso_error_last());
    else ret = send_json(c, 200, json_pack("{s:b}", "ok", 1), NULL);
    json_decref(o);
    return ret;
  }
  return fail(c, 404, "path", "no such facilitator page");
}

static enum MHD_Result route(soso_serve *s, struct MHD_Connection *c, const char *url,
                             const char *method, const req *r) {
  char addr[64];
  client_addr(c, addr, sizeof addr);
  if (!host_ok(s, c)) return fail(c, 403, "Host", "the Host header does not name this server");
  char akey[80];
  snprintf(akey, sizeof akey, "a:%s", addr);
  if (!rate_ok(s, akey, 10.0)) return fail(c, 429, NULL, "too many requests; slow down");
  int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
  int post = strcmp(method, "POST") == 0;
  if (!get && !post) return fail(c, 405, "method", "method %s is not allowed", method);
  if (r->too_big) return fail(c, 413, "body", "the body is larger than %zu bytes", s->o.max_body);
  if (post) {
    const char *why = csrf_fail(s, c);
    if (why) return fail(c, 403, why, "missing or wrong %s (CSRF protection)", why);
    char key[48];
    snprintf(key, sizeof key, "s:%s", MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "soso_csrf"));
    if (!rate_ok(s, key, 1.0)) return fail(c, 429, NULL, "too many posts from this session; slow down");
  }
  if (strncmp(url, "/api/", 5) != 0) {
    if (!get) return fail(c, 405, "method", "method %s is not allowed here", method);
    const sfile *f = find_file(s, url);
    if (!f) return fail(c, 404, "path", "no such page");
    return send_buf(c, 200, f->mime, f->data, f->len, 1, NULL, "no-cache");
  }
  const char *p = url + 5;
  if (get && strcmp(p, "session") == 0) return api_session(s, c);
  if (get && strncmp(p, "i18n/", 5) == 0) {
    for (size_t i = 0; i < s->n_langs; i++)
      if (strcmp(p + 5, s->lang_names[i]) == 0)
        return send_buf(c, 200, "application/json", s->catalog_text[i], strlen(s->catalog_text[i]), 1, NULL, "no-cache");
    return fail(c, 404, "lang", "no catalog for this language");
  }
  if (get && strcmp(p, "map") == 0)
    return send_buf(c, 200, "application/json", s->map_json, s->map_len, 1, NULL, "no-cache");
  if (get && strcmp(p, "survey") == 0) return send_json(c, 200, json_incref(s->survey), NULL);
  if (get && strcmp(p, "region") == 0) return api_result(s, c, s->base_id);
  if (get && strncmp(p, "results/", 8) == 0) return api_result(s, c, p + 8);
  if (get && strncmp(p, "jobs/", 5) == 0) {
    char id[SV_ID + 1] = "";
    const char *rest = p + 5;
    size_t n = strcspn(rest, "/");
    if (n < sizeof id) memcpy(id, rest, n), id[n] = '\0';
    if (rest[n] == '\0') return api_job(s, c, id, 0);
    if (strcmp(rest + n, "/events") == 0) return api_job(s, c, id, 1);
    return fail(c, 404, "path", "no such job page");
  }
  if (get && strcmp(p, "report.md") == 0) return api_report(s, c);
  if (get && strcmp(p, "comments") == 0) {
    const char *com = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "community");
    if (com && !community_exists(s, com)) return fail(c, 400, "community", "no such community");
    json_t *j;
    if (sv_hear_comments(s->hear, &j, com, 0, 200)) return fail(c, 500, NULL, "%s", soso_error_last());
    return send_json(c, 200, json_pack("{s:o}", "comments", j), NULL);
  }
  if (post && strcmp(p, "whatif") == 0) return api_whatif(s, c, r);
  if (post && strcmp(p, "comments") == 0) return api_comment(s, c, r);
  if (post && strcmp(p, "answers") == 0) return api_answer(s, c, r);
  if (strncmp(p, "facilitator/", 12) == 0) return api_facilitator(s, c, p + 12, get ? "GET" : "POST", r);
  return fail(c, 404, "path", "no such API");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **ptr) {
  (void)version;
  soso_serve *s = cls;
  req *r = *ptr;
  if (!r) {
    r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    *ptr = r;
    return MHD_YES;
  }
  if (*upload_size) {
    if (!r->too_big && r->len + *upload_size <= s->o.max_body) {
      char *b = realloc(r->body, r->len + *upload_size + 1);
      if (!b) return MHD_NO;
      memcpy(b + r->len, upload, *upload_size);
      r->body = b;
      r->len += *upload_size;
      r->body[r->len] = '\0';
    } else {
      r->too_big = 1;
      free(r->body);
      r->body = NULL;
      r->len = 0;
    }
    *upload_size = 0;
    return MHD_YES;
  }
  return route(s, c, url, method, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **ptr,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls, (void)c, (void)toe;
  req *r = *ptr;
  if (r) {
    free(r->body);
    free(r);
  }
  *ptr = NULL;
}

/* Set-up ------------------------------------------------------------------------------ */

static int parse_listen(struct sockaddr_storage *ss, socklen_t *sl, int *loopback,
                        const char *listen) {
  char host[128];
  const char *colon = strrchr(listen, ':');
  if (!colon || colon == listen)
    return soso_error_set(SOSO_EUSAGE, "--listen: \"%s\" is not ADDR:PORT", listen);
  size_t hl = (size_t)(colon - listen);
  if (listen[0] == '[') {
    if (hl < 3 || listen[hl - 1] != ']')
      return soso_error_set(SOSO_EUSAGE, "--listen: \"%s\" is not [ADDR]:PORT", listen);
    snprintf(host, sizeof host, "%.*s", (int)(hl - 2), listen + 1);
  } else {
    snprintf(host, sizeof host, "%.*s", (int)hl, listen);
  }
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || end == colon + 1 || port < 0 || port > 65535)
    return soso_error_set(SOSO_EUSAGE, "--listen: port \"%s\" is not 0-65535", colon + 1);
  struct addrinfo hints = {0}, *ai = NULL;
  hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(host, NULL, &hints, &ai) != 0 || !ai)
    return soso_error_set(SOSO_EUSAGE, "--listen: \"%s\" is not a numeric IPv4 or IPv6 address", host);
  memcpy(ss, ai->ai_addr, ai->ai_addrlen);
  *sl = ai->ai_addrlen;
  freeaddrinfo(ai);
  if (ss->ss_family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *)(void *)ss;
    a->sin_port = htons((uint16_t)port);
    *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)ss;
    a->sin6_port = htons((uint16_t)port);
    *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
  }
  return 0;
}

static int load_catalogs(soso_serve *s, const char *po_dir) {
  int rc = sv_i18n_load(&s->catalogs, po_dir);
  if (rc) return rc;
  const char *lang;
  json_t *cat;
  json_object_foreach(s->catalogs, lang, cat) {
    if (s->n_langs == 16 || strlen(lang) >= sizeof s->lang_names[0]) break;
    snprintf(s->lang_names[s->n_langs], sizeof s->lang_names[0], "%s", lang);
    s->catalog_text[s->n_langs] = json_dumps(cat, JSON_COMPACT | JSON_SORT_KEYS);
    if (!s->catalog_text[s->n_langs]) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
    s->n_langs++;
  }
  if (!lang_known(s, s->o.lang))
    return soso_error_set(SOSO_EUSAGE, "--lang: \"%s\" has no catalog in %s", s->o.lang, po_dir);
  return 0;
}

static int load_survey(soso_serve *s, const char *web_dir) {
  const sfile *f = find_file(s, "/survey.json");
  if (!f) return soso_error_set(SOSO_EIO, "%s/survey.json: missing", web_dir);
  json_error_t je;
  s->survey = json_loadb(f->data, f->len, 0, &je);
  json_t *qs = json_object_get(s->survey, "questions");
  if (!json_is_array(qs))
    return soso_error_set(SOSO_EDATA, "%s/survey.json:%d: questions: %s", web_dir, je.line,
                          s->survey ? "missing" : je.text);
  size_t k;
  json_t *q;
  json_array_foreach(qs, k, q) {
    const char *type = json_string_value(json_object_get(q, "type"));
    if (!json_string_value(json_object_get(q, "id")) || !type ||
        (strcmp(type, "scale") && strcmp(type, "choice") && strcmp(type, "text")))
      return soso_error_set(SOSO_EDATA, "%s/survey.json: questions[%zu]: needs id and type scale|choice|text", web_dir, k);
  }
  return 0;
}

int soso_serve_new(soso_serve **out, const soso_serve_opts *opts) {
  *out = NULL;
  if (!opts || !opts->region_path || !opts->db_path)
    return soso_error_set(SOSO_EUSAGE, "serve: a region file and a store are required");
  if (opts->max_jobs < 1 || opts->max_jobs > 64)
    return soso_error_set(SOSO_EUSAGE, "--jobs: %d is outside 1 .. 64", opts->max_jobs);
  if (opts->n_paths < 10 || opts->n_paths > 100000)
    return soso_error_set(SOSO_EUSAGE, "--paths: %zu is outside 10 .. 100000", opts->n_paths);
  soso_serve *s = calloc(1, sizeof *s);
  if (!s) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  s->o = *opts;
  if (!s->o.lang) s->o.lang = "en";
  if (s->o.rate_per_s <= 0) s->o.rate_per_s = 20.0;
  if (s->o.rate_burst < 1) s->o.rate_burst = 200.0;
  if (!s->o.max_body) s->o.max_body = 65536;
  pthread_mutex_init(&s->mu, NULL);
  int rc = 0;
  struct sockaddr_storage ss;
  socklen_t sl = 0;
  const char *web = s->o.web_dir ? s->o.web_dir : soso_serve_web_dir();
  const char *po = s->o.po_dir ? s->o.po_dir : soso_serve_po_dir();
  if ((rc = parse_listen(&ss, &sl, &s->loopback, s->o.listen ? s->o.listen : "127.0.0.1:8080")))
    goto fail;
  if (s->o.token) {
    if (strlen(s->o.token) < 16 || strlen(s->o.token) >= sizeof s->token) {
      rc = soso_error_set(SOSO_EUSAGE, "token: must be 16-64 characters");
      goto fail;
    }
    snprintf(s->token, sizeof s->token, "%s", s->o.token);
  } else if ((rc = random_hex(s->token, 16))) {
    goto fail;
  }
  s->o.token = NULL;
  if ((rc = load_dir(s, web, "", 0)) || (rc = load_survey(s, web)) || (rc = load_catalogs(s, po)))
    goto fail;
  if (s->o.progress) s->o.progress(s->o.closure, "load", 0, 3);
  if ((rc = sv_model_new(&s->model, s->o.region_path)) ||
      (rc = sv_model_map(&s->map_json, &s->map_len, s->model, soso_region_default_boundaries())) ||
      (rc = sv_hear_open(&s->hear, s->o.db_path)) ||
      (rc = sv_jobs_new(&s->jobs, s->model, s->o.max_jobs, s->o.max_queue, 32)))
    goto fail;
  /* The base case, run before the first page asks for it. */
  if (s->o.progress) s->o.progress(s->o.closure, "base case", 1, 3);
  sv_whatif w;
  sv_whatif_default(&w, s->model, s->o.n_paths, s->o.seed);
  if ((rc = sv_jobs_submit(s->jobs, s->base_id, &w, 1))) goto fail;
  sv_job_status st = {0};
  unsigned seq = 0;
  while (st.state < SV_JOB_DONE) {
    if ((rc = sv_jobs_wait(s->jobs, s->base_id, seq, 1000, &st))) goto fail;
    seq = st.seq;
  }
  if (st.state == SV_JOB_FAILED) {
    rc = soso_error_set(SOSO_EDATA, "%s", st.error);
    goto fail;
  }
  if (s->o.progress) s->o.progress(s->o.closure, "listen", 2, 3);
  unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
  if (ss.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                          (struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 1000u,
                          MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_NOTIFY_COMPLETED,
                          on_completed, s, MHD_OPTION_END);
  if (!s->d) {
    rc = soso_error_set(SOSO_EIO, "--listen: cannot listen on %s (in use or not allowed)",
                        s->o.listen ? s->o.listen : "127.0.0.1:8080");
    goto fail;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : 0;
  snprintf(s->host_ok[0], sizeof s->host_ok[0], "127.0.0.1:%u", s->port);
  snprintf(s->host_ok[1], sizeof s->host_ok[1], "localhost:%u", s->port);
  snprintf(s->host_ok[2], sizeof s->host_ok[2], "[::1]:%u", s->port);
  if (s->o.progress) s->o.progress(s->o.closure, "listen", 3, 3);
  *out = s;
  return 0;
fail:
  soso_serve_free(s);
  return rc;
}

void soso_serve_free(soso_serve *s) {
  if (!s) return;
  s->stopping = 1;
  if (s->d) MHD_stop_daemon(s->d);
  sv_jobs_free(s->jobs);
  sv_hear_free(s->hear);
  sv_model_free(s->model);
  json_decref(s->catalogs);
  json_decref(s->survey);
  for (size_t i = 0; i < s->n_langs; i++) free(s->catalog_text[i]);
  for (size_t i = 0; i < s->n_files; i++) free(s->files[i].data);
  free(s->map_json);
  free(s->report_md);
  pthread_mutex_destroy(&s->mu);
  free(s);
}

unsigned soso_serve_port(const soso_serve *s) { return s->port; }
const char *soso_serve_token(const soso_serve *s) { return s->token; }
int soso_serve_is_loopback(const soso_serve *s) { return s->loopback; }
