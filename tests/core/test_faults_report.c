/* test_faults_report.c - fault injection across a whole report, per call SITE
 * (issue 12: every allocation, write, file-system and SQLite call of a report
 * must fail cleanly).
 *
 * A report of the worked example makes about 126,000 such calls; failing each in
 * turn would take days. But the calls come from a few hundred places in libsoso,
 * and a failure takes the same error path whichever iteration of a loop it hits -
 * except that a late one has more to undo. So a recording run lists every call
 * site (fault_wrap.h: return address plus SOSO_FAULT_DEPTH - 1 callers), and each
 * site is failed at its first call (and, with SOSO_FAULT_LATE=1, at its last),
 * one run each. Every such run must end in:
 *   - a negative result with a one-line message;
 *   - an output folder as it was: runs alternate between a folder holding a
 *     previous report (which must be byte-identical afterwards) and a folder that
 *     did not exist (which must still not exist);
 *   - no temporary file or folder left anywhere under the worker's folder;
 *   - a store unchanged; and no leak (LeakSanitizer at exit in the ASan build).
 * An allocation whose failure the code absorbs by design (a chart drawn without
 * its optional alignment pass, a map without town names) may end in success, with
 * a whole report and no temporary; it is counted, not failed. A write or file
 * call that fails must never end in success.
 * All defects are listed before the test fails, each with its site as
 * "binary+0xOFFSET < caller..." for addr2line -f -i -e <binary>.
 *
 * make check: a one-site report (tests/data/fault_report), 2 paths, depth 1, first
 * calls, 2 workers. make fault: the worked example, 4 paths, depth 2, first and
 * last calls.
 *
 * Environment: SOSO_FAULT_REGION (region file), SOSO_FAULT_PATHS (default 2),
 * SOSO_FAULT_DEPTH (1-4, default 1), SOSO_FAULT_LATE=1 (last calls too),
 * SOSO_FAULT_EVERY=1 (every call of every site: days), SOSO_FAULT_PROGRESS=N (a line every N runs), SOSO_FAULT_JOBS (workers, default
 * 2), SOSO_FAULT_FROM / SOSO_FAULT_TO (a range of sites), SOSO_FAULT_VERBOSE (each
 * run's site before it runs).
 */
#include "fault_wrap.h"

#include <dirent.h>
#include <sys/wait.h>
#include <setjmp.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/market.h"
#include "soso/report.h"
#include "soso/store.h"

static char g_dir[64], g_base[160];
static char g_work[200], g_prev[220], g_fresh[220]; /* this worker's folders */
/* Speed: half a report's time is zlib compressing PNG figures and PDF streams
 * (libpng and cairo, both inside shared libraries, none of it libsoso's calls).
 * This program exports deflateInit_ and deflateInit2_ (CMakeLists.txt), so those
 * libraries get these, which ask zlib for its fastest level; the files differ
 * only in size. SOSO_FAULT_ZLIB=default leaves the level alone. */
int deflateInit_(void *strm, int level, const char *version, int size);
int deflateInit2_(void *strm, int level, int method, int bits, int mem, int strategy,
                  const char *version, int size);
static int fast(void) {
  const char *e = getenv("SOSO_FAULT_ZLIB");
  return !(e && !strcmp(e, "default"));
}
static int fast_zlib(int level) { return fast() ? 1 : level; }
int deflateInit_(void *strm, int level, const char *version, int size) {
  int (*real)(void *, int, const char *, int) = NULL;
  *(void **)&real = dlsym(RTLD_NEXT, "deflateInit_");
  return real(strm, fast_zlib(level), version, size);
}
int deflateInit2_(void *strm, int level, int method, int bits, int mem, int strategy,
                  const char *version, int size) {
  int (*real)(void *, int, int, int, int, int, const char *, int) = NULL;
  *(void **)&real = dlsym(RTLD_NEXT, "deflateInit2_");
  return real(strm, fast_zlib(level), method, bits, mem, strategy, version, size);
}

/* The other half is libpng choosing a row filter: PNGs are written unfiltered. */
void *png_create_write_struct(const char *ver, void *err, void *err_fn, void *warn_fn);
void *png_create_write_struct(const char *ver, void *err, void *err_fn, void *warn_fn) {
  void *(*real)(const char *, void *, void *, void *) = NULL;
  void (*set_filter)(void *, int, int) = NULL;
  *(void **)&real = dlsym(RTLD_NEXT, "png_create_write_struct");
  void *png = real(ver, err, err_fn, warn_fn);
  *(void **)&set_filter = dlsym(RTLD_NEXT, "png_set_filter");
  if (png && set_filter && fast()) set_filter(png, 0, 0x08); /* PNG_FILTER_NONE */
  return png;
}

static pid_t g_parent;
static const char *g_region = SOSO_SOURCE_DIR "/tests/data/fault_report/one_site.region.yaml";
static long g_paths = 2;

/* ---- a growing text buffer (test side: only used disarmed) ---- */
typedef struct {
  char *p;
  size_t n, cap;
} tbuf;
static void tb_add(tbuf *b, const char *s) {
  size_t len = strlen(s);
  if (b->n + len + 1 > b->cap) {
    b->cap = 2 * (b->n + len + 1) + 256;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
  }
  memcpy(b->p + b->n, s, len + 1);
  b->n += len;
}

static uint64_t file_hash(const char *path, long *size) {
  uint64_t h = UINT64_C(1469598103934665603);
  *size = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    for (size_t i = 0; i < n; i++) h = (h ^ buf[i]) * UINT64_C(1099511628211);
    *size += (long)n;
  }
  fclose(f);
  return h;
}

/* Every entry under dir, sorted: "rel/path size hash" for files, "rel/ dir". */
static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}
static void walk(tbuf *lines, const char *dir, const char *rel) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char full[1024], r[1024], line[1200];
    snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
    snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    struct stat st;
    if (lstat(full, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      snprintf(line, sizeof line, "%s/\n", r);
      tb_add(lines, line);
      walk(lines, full, r);
    } else {
      long size = 0;
      uint64_t h = S_ISREG(st.st_mode) ? file_hash(full, &size) : 0;
      snprintf(line, sizeof line, "%s %ld %016llx\n", r, size, (unsigned long long)h);
      tb_add(lines, line);
    }
  }
  closedir(d);
}
static char *snapshot(const char *dir) {
  tbuf raw = {0};
  tb_add(&raw, "");
  walk(&raw, dir, "");
  size_t n = 0;
  for (char *p = raw.p; *p; p++) n += *p == '\n';
  char **v = calloc(n + 1, sizeof *v);
  assert_non_null(v);
  size_t k = 0;
  for (char *p = raw.p; *p;) {
    char *nl = strchr(p, '\n');
    *nl = '\0';
    v[k++] = p;
    p = nl + 1;
  }
  qsort(v, k, sizeof *v, cmp_str);
  tbuf out = {0};
  tb_add(&out, "");
  for (size_t i = 0; i < k; i++) {
    tb_add(&out, v[i]);
    tb_add(&out, "\n");
  }
  free(v);
  free(raw.p);
  return out.p;
}

/* A temporary ("*.tmp*") anywhere in a snapshot. */
static const char *temporary_in(const char *snap) {
  static char name[512];
  for (const char *p = snap; *p;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    snprintf(name, sizeof name, "%.*s", (int)(len < 500 ? len : 500), p);
    char *sp = strchr(name, ' ');
    if (sp) *sp = '\0';
    if (strstr(name, ".tmp")) return name;
    p += len + (nl ? 1 : 0);
  }
  return NULL;
}

/* The worker folder's entries beside the two output folders. */
static char *others(void) {
  tbuf b = {0};
  tb_add(&b, "");
  DIR *d = opendir(g_work);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "prev") &&
        strcmp(e->d_name, "fresh")) {
      tb_add(&b, e->d_name);
      tb_add(&b, "\n");
    }
  if (d) closedir(d);
  return b.p;
}

/* The store's content (read-only; unarmed). */
static char *dump(const char *db) {
  sqlite3 *h = NULL;
  assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  /* The workers share this store: another worker's report may hold its lock for a
   * moment (opening it sets the WAL mode), so wait as soso's own store does. */
  sqlite3_busy_timeout(h, 10000);
  static const char *const q[] = {"SELECT * FROM deposit ORDER BY id",
                                  "SELECT * FROM price_observation ORDER BY 1, 2"};
  tbuf out = {0};
  tb_add(&out, "");
  for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, q[i], -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        const char *t = (const char *)sqlite3_column_text(st, c);
        tb_add(&out, t ? t : "NULL");
        tb_add(&out, "|");
      }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out.p;
}

static int run_report(const char *out) {
  soso_store *s = NULL;
  int rc = soso_store_open_read(&s, g_base);
  soso_report_opts o = SOSO_REPORT_OPTS_INIT;
  o.n_paths = (size_t)g_paths;
  o.store = s;
  o.n_threads = 1;
  soso_report_info info;
  if (rc == 0) rc = soso_report_region(&info, g_region, out, &o);
  soso_store_free(s);
  return rc;
}

static int rm_rf(const char *path) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  return system(cmd);
}

static int setup(void **state) {
  (void)state;
  const char *e;
  g_parent = getpid();
  if ((e = getenv("SOSO_FAULT_REGION")) && *e) g_region = e;
  if ((e = getenv("SOSO_FAULT_PATHS")) && atol(e) >= 2) g_paths = atol(e);
  g_depth = 1;
  if ((e = getenv("SOSO_FAULT_DEPTH")) && atoi(e) >= 1)
    g_depth = atoi(e) < SITE_FRAMES ? atoi(e) : SITE_FRAMES;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso_faultsr_XXXXXX");
  if (!mkdtemp(g_dir)) return -1;
  snprintf(g_base, sizeof g_base, "%s/base.db", g_dir);
  soso_store *s = NULL;
  if (soso_store_open(&s, g_base) < 0) return -1;
  soso_import_report rep;
  int rc = soso_deposits_import(&rep, s, SOSO_SOURCE_DIR "/examples/drina/deposits.csv", NULL);
  soso_deposits_import_report_clear(&rep);
  if (rc == 0) rc = soso_market_prices_import(s, SOSO_SOURCE_DIR "/tests/data/prices_long_ok.csv", NULL);
  if (rc == 0) rc = soso_store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE);");
  soso_store_free(s);
  return rc;
}

static int teardown(void **state) {
  (void)state;
  if (getpid() != g_parent) return 0; /* a worker that failed: the parent cleans up */
  free(g_sites);
  g_sites = NULL;
  return rm_rf(g_dir) == 0 ? 0 : -1;
}

static int by_first(const void *a, const void *b) {
  long x = (*(const fault_site *const *)a)->first, y = (*(const fault_site *const *)b)->first;
  return (x > y) - (x < y);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  long sites, runs, fired, unreached, defects, degraded;
} sweep_result;

/* Worker w of n_workers: its own folders, every n_workers-th site. */
static void work(sweep_result *res, int w, int n_workers) {
  snprintf(g_work, sizeof g_work, "%s/w%d", g_dir, w);
  snprintf(g_prev, sizeof g_prev, "%s/prev", g_work);
  snprintf(g_fresh, sizeof g_fresh, "%s/fresh", g_work);
  assert_int_equal(mkdir(g_work, 0777), 0);
  double t0 = now();
  const char *e = getenv("SOSO_FAULT_LATE");
  int late = e && !strcmp(e, "1");
  e = getenv("SOSO_FAULT_EVERY");
  int every = e && !strcmp(e, "1");
  e = getenv("SOSO_FAULT_PROGRESS");
  long progress = e ? atol(e) : 0;

  /* the previous state: a complete report in prev/ */
  soso_error_clear();
  if (run_report(g_prev) < 0) fail_msg("report fails without a fault: %s", soso_error_last());
  char *prev = snapshot(g_prev);
  char *store = dump(g_base);
  char *top = others();

  /* the sites */
  record_sites();
  int rc = run_report(g_fresh);
  disarm();
  if (rc < 0) fail_msg("report fails while recording: %s", soso_error_last());
  assert_int_equal(rm_rf(g_fresh), 0);
  fault_site **v = calloc((size_t)g_n_sites + 1, sizeof *v);
  assert_non_null(v);
  long n = 0, calls[F_KINDS] = {0}, sites[F_KINDS] = {0};
  for (size_t i = 0; i < SITE_SLOTS; i++)
    if (g_sites[i].used) {
      v[n++] = &g_sites[i];
      calls[g_sites[i].kind] += g_sites[i].calls;
      sites[g_sites[i].kind]++;
    }
  qsort(v, (size_t)n, sizeof *v, by_first);
  if (w == 0) {
    fprintf(stderr, "faults: report (%s, %ld paths, site depth %d, %d workers): %ld sites\n",
            g_region, g_paths, g_depth, n_workers, n);
    for (int k = 0; k < F_KINDS; k++)
      fprintf(stderr, "faults:   %ss: %ld calls from %ld sites\n", k_kind[k], calls[k], sites[k]);
  }

  long runs = 0, fired = 0, unreached = 0, defects = 0, degraded = 0;
  e = getenv("SOSO_FAULT_FROM");
  long from = e ? atol(e) : 0;
  e = getenv("SOSO_FAULT_TO");
  long to = e ? atol(e) : n;
  int verbose = getenv("SOSO_FAULT_VERBOSE") != NULL;
  for (long i = from; i < n && i < to; i++) {
    if (i % n_workers != w) continue;
    const fault_site *s = v[i];
    long at_list[2] = {1, s->calls};
    long n_at = late && s->calls > 1 ? 2 : 1;
    for (long j = 0; j < (every ? s->calls : n_at); j++) {
      long at = every ? j + 1 : at_list[j];
      int fresh = runs % 2 == 1;
      const char *out = fresh ? g_fresh : g_prev;
      runs++;
      if (verbose) {
        char where[600];
        site_describe(where, sizeof where, s);
        fprintf(stderr, "faults: [%d] site %ld %s %ld/%ld [%s]\n", w, i, k_kind[s->kind], at,
                s->calls, where);
      }
      soso_error_clear();
      arm_site(s, at);
      rc = run_report(out);
      int hit = g_fired;
      disarm();
      char where[600], problem[1200] = "";
      site_describe(where, sizeof where, s);
      if (hit && rc == 0 && s->kind == F_ALLOC) {
        fired++;
        /* an allocation whose failure the code absorbs by design (e.g. a chart
         * drawn without aligning its panels): a complete report, no temporary */
        degraded++;
        char *tree = snapshot(g_work);
        const char *tmp = temporary_in(tree);
        if (tmp) snprintf(problem, sizeof problem, "temporary left: %s", tmp);
        free(tree);
        fprintf(stderr, "faults: [%d] absorbed: allocation %ld/%ld of site %ld [%s]\n", w, at,
                  s->calls, s->first, where);
        if (fresh) rm_rf(g_fresh);
        free(prev);
        prev = snapshot(g_prev);
      } else if (!hit) {
        unreached++;
        if (rc < 0)
          snprintf(problem, sizeof problem, "no fault injected but failed: %s",
                   soso_error_last());
        /* a complete new report: the previous state from now on */
        if (fresh) rm_rf(g_fresh);
        free(prev);
        prev = snapshot(g_prev);
      } else {
        fired++;
        const char *msg = soso_error_last();
        char *after = fresh ? NULL : snapshot(g_prev);
        char *tree = snapshot(g_work), *now_top = others();
        char *st = dump(g_base);
        const char *tmp = temporary_in(tree);
        struct stat sb;
        if (rc >= 0 || !*msg)
          snprintf(problem, sizeof problem, "result %d, message \"%s\"", rc, msg);
        else if (strchr(msg, '\n'))
          snprintf(problem, sizeof problem, "message of more than one line: \"%s\"", msg);
        else if (tmp) snprintf(problem, sizeof problem, "temporary left: %s (\"%s\")", tmp, msg);
        else if (fresh && stat(g_fresh, &sb) == 0)
          snprintf(problem, sizeof problem, "new output folder left behind (\"%s\")", msg);
        else if (!fresh && strcmp(after, prev) != 0)
          snprintf(problem, sizeof problem, "previous report changed (\"%s\")", msg);
        else if (strcmp(st, store) != 0)
          snprintf(problem, sizeof problem, "store changed (\"%s\")", msg);
        free(after);
        free(st);
        /* whatever was left, start the next run from the same state */
        if (fresh) rm_rf(g_fresh);
        if (strcmp(now_top, top) != 0 && !*problem) {
          /* an entry beside the output folders (neither prev/ nor fresh/) */
          snprintf(problem, sizeof problem, "the test folder changed (\"%s\")", msg);
        }
        free(now_top);
        free(tree);
        if (*problem && !fresh) {
          /* restore prev/ to the previous report for the following runs */
          rm_rf(g_prev);
          if (run_report(g_prev) < 0) fail_msg("report fails after a fault run");
          free(prev);
          prev = snapshot(g_prev);
        }
      }
      if (progress && runs % progress == 0)
        fprintf(stderr, "faults: [%d] %ld runs (site %ld of %ld), %ld defects, %.0f s\n", w, runs,
                i + 1, n, defects + (*problem != 0), now() - t0);
      if (*problem) {
        defects++;
        fprintf(stderr, "faults: [%d] DEFECT %s %ld/%ld of site %ld [%s] (%s folder): %s\n",
                w, k_kind[s->kind], at, s->calls, s->first, where, fresh ? "new" : "existing",
                problem);
      }
    }
  }
  free(v);
  free(prev);
  free(store);
  free(top);
  res->sites = n;
  res->runs = runs;
  res->fired = fired;
  res->unreached = unreached;
  res->defects = defects;
  res->degraded = degraded;
}

/* SOSO_FAULT_JOBS workers (default 2), forked before any report runs (no thread
 * exists yet), each recording the sites itself: the same binary and inputs give
 * the same sites in the same order. */
static void test_report_sites(void **state) {
  (void)state;
  double t0 = now();
  const char *e = getenv("SOSO_FAULT_JOBS");
  int jobs = e && atoi(e) >= 1 ? atoi(e) : 2;
  sweep_result total = {0};
  if (jobs == 1) {
    work(&total, 0, 1);
  } else {
    pid_t pid[64];
    if (jobs > 64) jobs = 64;
    fflush(NULL);
    for (int w = 0; w < jobs; w++) {
      pid[w] = fork();
      assert_true(pid[w] >= 0);
      if (pid[w] == 0) {
        sweep_result r = {0};
        work(&r, w, jobs);
        char path[160];
        snprintf(path, sizeof path, "%s/w%d.result", g_dir, w);
        FILE *f = fopen(path, "w");
        if (!f) _exit(2);
        fprintf(f, "%ld %ld %ld %ld %ld %ld\n", r.sites, r.runs, r.fired, r.unreached, r.defects,
                r.degraded);
        fclose(f);
        free(g_sites);
        exit(0); /* exit, not _exit: LeakSanitizer checks this worker's leaks */
      }
    }
    int bad = 0;
    for (int w = 0; w < jobs; w++) {
      int st = 0;
      assert_int_equal(waitpid(pid[w], &st, 0), pid[w]);
      char path[160];
      snprintf(path, sizeof path, "%s/w%d.result", g_dir, w);
      FILE *f = fopen(path, "r");
      sweep_result r = {0};
      if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !f ||
          fscanf(f, "%ld %ld %ld %ld %ld %ld", &r.sites, &r.runs, &r.fired, &r.unreached,
                 &r.defects, &r.degraded) != 6) {
        fprintf(stderr, "faults: worker %d failed (status %d)\n", w, st);
        bad++;
      }
      if (f) fclose(f);
      total.sites = r.sites;
      total.runs += r.runs;
      total.fired += r.fired;
      total.unreached += r.unreached;
      total.defects += r.defects;
      total.degraded += r.degraded;
    }
    if (bad) fail_msg("%d fault workers failed (a crash, a leak or a failed check; above)", bad);
  }
  fprintf(stderr,
          "faults: report: %ld sites, %ld runs, %ld faults injected (%ld absorbed by design), "
          "%ld not reached again, %ld defects, %.1f s\n",
          total.sites, total.runs, total.fired, total.degraded, total.unreached, total.defects,
          now() - t0);
  if (total.defects)
    fail_msg("%ld fault runs of the report did not end cleanly (listed above)", total.defects);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_report_sites),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
