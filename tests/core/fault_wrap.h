/* fault_wrap.h - the fault injector of tests/core/test_faults*.c (issue 12).
 *
 * The test programs are linked with -Wl,--wrap=SYMBOL (top-level CMakeLists.txt,
 * "Fault injection"), so every call libsoso makes to the functions below goes
 * through these __wrap_ functions. Calls made inside SQLite, GDAL, cairo or libc
 * themselves are not seen (they are those libraries' own business).
 *
 * Two ways to choose the call that fails:
 *  - by count (arm): the N-th call of one kind since arming, as SQLite's own
 *    test suite does; used for the import, price and screening sweeps, where
 *    every call is failed in turn;
 *  - by site (arm_site): the K-th call made from one call SITE, a site being the
 *    call's place in libsoso (its return address) together with the next
 *    g_depth - 1 return addresses up the stack (so a helper such as a JSON writer
 *    counts once per caller). A recording run (record_sites) lists every site of
 *    an operation with its number of calls; failing the first and the last call
 *    of each site covers every failure path of the operation in a few hundred
 *    runs instead of tens of thousands.
 *
 * Kinds: allocations (malloc calloc realloc strdup strndup), SQLite calls
 * (prepare_v2 step exec), writes (fwrite fputs fputc fprintf fflush fclose
 * json_dumpf) and
 * file-system calls (fopen fdopen open rename mkdir mkdtemp). A failed write sets the
 * stream's error flag as a real one does; a failed fclose still closes.
 */
#ifndef SOSO_TEST_FAULT_WRAP_H
#define SOSO_TEST_FAULT_WRAP_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <sqlite3.h>

enum { F_ALLOC, F_SQL, F_WRITE, F_FILE, F_KINDS };
static const char *const k_kind[F_KINDS] = {"allocation", "SQLite call", "write",
                                            "file call"};

/* ---- by count ---- */
static int g_armed = -1; /* kind being failed, -1: none */
static long g_count;     /* calls of that kind since arming */
static long g_fail_at;   /* fail the call with this count */
static int g_fired;      /* the fault was injected */

/* ---- by site ---- */
enum { SITE_FRAMES = 4, SITE_SLOTS = 1 << 15 };
typedef struct {
  uintptr_t pc[SITE_FRAMES]; /* return addresses, innermost first */
  int kind;
  int used;
  long calls;  /* calls from this site in the recording run */
  long first;  /* order of first appearance */
} fault_site;
static fault_site *g_sites;   /* SITE_SLOTS, open addressing */
static long g_n_sites;
static int g_depth = 2;       /* return addresses that make a site */
static int g_recording;
static const fault_site *g_target; /* site being failed */
static long g_target_at;           /* its call to fail (1 = first) */
static long g_target_seen;

static void site_key(uintptr_t *pc, void *ra) {
  memset(pc, 0, SITE_FRAMES * sizeof *pc);
  pc[0] = (uintptr_t)ra;
  if (g_depth < 2) return;
  void *bt[32];
  int n = backtrace(bt, 32);
  int i = 0;
  while (i < n && bt[i] != ra) i++;
  for (int k = 1; k < g_depth && k < SITE_FRAMES && i + k < n; k++) pc[k] = (uintptr_t)bt[i + k];
}

static size_t site_hash(const uintptr_t *pc, int kind) {
  uint64_t h = UINT64_C(1469598103934665603) ^ (uint64_t)(unsigned)kind;
  for (int k = 0; k < SITE_FRAMES; k++) h = (h ^ (uint64_t)pc[k]) * UINT64_C(1099511628211);
  return (size_t)(h ^ (h >> 29)) & (SITE_SLOTS - 1);
}

static int site_same(const fault_site *s, const uintptr_t *pc, int kind) {
  return s->used && s->kind == kind && memcmp(s->pc, pc, sizeof s->pc) == 0;
}

static int fault_at(int kind, void *ra) {
  if (g_recording) {
    uintptr_t pc[SITE_FRAMES];
    site_key(pc, ra);
    size_t h = site_hash(pc, kind);
    for (size_t probe = 0; probe < SITE_SLOTS; probe++, h = (h + 1) & (SITE_SLOTS - 1)) {
      fault_site *s = &g_sites[h];
      if (site_same(s, pc, kind)) {
        s->calls++;
        break;
      }
      if (!s->used) {
        memcpy(s->pc, pc, sizeof s->pc);
        s->kind = kind;
        s->used = 1;
        s->calls = 1;
        s->first = g_n_sites++;
        break;
      }
    }
    return 0;
  }
  if (g_target) {
    if (g_target->kind != kind || g_fired) return 0;
    uintptr_t pc[SITE_FRAMES];
    site_key(pc, ra);
    if (!site_same(g_target, pc, kind)) return 0;
    if (++g_target_seen != g_target_at) return 0;
    g_fired = 1;
    return 1;
  }
  if (g_armed != kind) return 0;
  if (++g_count != g_fail_at) return 0;
  g_fired = 1;
  return 1;
}
#define FAULT(kind) fault_at((kind), __builtin_return_address(0))

__attribute__((unused)) static void arm(int kind, long n) {
  g_target = NULL;
  g_count = 0;
  g_fail_at = n;
  g_fired = 0;
  g_armed = kind;
}
__attribute__((unused)) static void arm_site(const fault_site *s, long at) {
  g_armed = -1;
  g_fired = 0;
  g_target_seen = 0;
  g_target_at = at;
  g_target = s;
}
__attribute__((unused)) static void disarm(void) {
  g_armed = -1;
  g_target = NULL;
  g_recording = 0;
}
__attribute__((unused)) static void record_sites(void) {
  if (!g_sites) g_sites = calloc(SITE_SLOTS, sizeof *g_sites);
  else memset(g_sites, 0, SITE_SLOTS * sizeof *g_sites);
  g_n_sites = 0;
  g_target = NULL;
  g_armed = -1;
  g_recording = 1;
}

/* "file+0xOFFSET" of each return address of a site, for addr2line. */
__attribute__((unused)) static void site_describe(char *buf, size_t n, const fault_site *s) {
  size_t k = 0;
  buf[0] = '\0';
  for (int f = 0; f < SITE_FRAMES && s->pc[f] && k + 1 < n; f++) {
    Dl_info d;
    if (dladdr((void *)s->pc[f], &d) && d.dli_fname)
      k += (size_t)snprintf(buf + k, n - k, "%s%s+0x%lx", f ? " < " : "",
                            strrchr(d.dli_fname, '/') ? strrchr(d.dli_fname, '/') + 1
                                                      : d.dli_fname,
                            (unsigned long)(s->pc[f] - (uintptr_t)d.dli_fbase - 1));
    else k += (size_t)snprintf(buf + k, n - k, "%s0x%lx", f ? " < " : "",
                               (unsigned long)s->pc[f]);
    if (k >= n) break;
  }
}

/* ---- the wrappers ---- */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n) { return FAULT(F_ALLOC) ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return FAULT(F_ALLOC) ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n) { return FAULT(F_ALLOC) ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return FAULT(F_ALLOC) ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) {
  return FAULT(F_ALLOC) ? NULL : __real_strndup(s, n);
}

int __real_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail);
int __real_sqlite3_step(sqlite3_stmt *st);
int __real_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **err);
int __wrap_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail);
int __wrap_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **err);
int __wrap_sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                              const char **tail) {
  if (FAULT(F_SQL)) {
    *st = NULL;
    return SQLITE_IOERR;
  }
  return __real_sqlite3_prepare_v2(db, sql, n, st, tail);
}
int __wrap_sqlite3_step(sqlite3_stmt *st) {
  return FAULT(F_SQL) ? SQLITE_IOERR : __real_sqlite3_step(st);
}
int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **err) {
  if (FAULT(F_SQL)) {
    if (err) *err = NULL;
    return SQLITE_IOERR;
  }
  return __real_sqlite3_exec(db, sql, cb, arg, err);
}

/* A failed write marks the stream in error, as a real one does (glibc's flag). */
static void stream_error(FILE *f) {
  f->_flags |= 0x20; /* _IO_ERR_SEEN: ferror(f) is now true */
  errno = ENOSPC;
}
size_t __real_fwrite(const void *p, size_t k, size_t n, FILE *f);
int __real_fputs(const char *s, FILE *f);
int __real_fputc(int c, FILE *f);
int __real_fflush(FILE *f);
int __real_fclose(FILE *f);
size_t __wrap_fwrite(const void *p, size_t k, size_t n, FILE *f);
int __wrap_fputs(const char *s, FILE *f);
int __wrap_fputc(int c, FILE *f);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_fflush(FILE *f);
int __wrap_fclose(FILE *f);
size_t __wrap_fwrite(const void *p, size_t k, size_t n, FILE *f) {
  if (FAULT(F_WRITE)) {
    stream_error(f);
    return 0;
  }
  return __real_fwrite(p, k, n, f);
}
int __wrap_fputs(const char *s, FILE *f) {
  if (FAULT(F_WRITE)) {
    stream_error(f);
    return EOF;
  }
  return __real_fputs(s, f);
}
int __wrap_fputc(int c, FILE *f) {
  if (FAULT(F_WRITE)) {
    stream_error(f);
    return EOF;
  }
  return __real_fputc(c, f);
}
int __wrap_fprintf(FILE *f, const char *fmt, ...) {
  if (FAULT(F_WRITE)) {
    stream_error(f);
    return -1;
  }
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}
/* fflush(NULL) flushes every stream: not a stream of ours, never failed; nor is
 * the flush or close of a stream opened for reading (glibc's _IO_NO_WRITES). */
static int writable(FILE *f) { return f && !(f->_flags & 0x8); }
int __wrap_fflush(FILE *f) {
  if (writable(f) && FAULT(F_WRITE)) {
    stream_error(f);
    return EOF;
  }
  return __real_fflush(f);
}
/* A failed close (the last buffered write hit a full disk) still closes. */
int __wrap_fclose(FILE *f) {
  int fail = writable(f) && FAULT(F_WRITE);
  int rc = __real_fclose(f);
  if (fail) {
    errno = ENOSPC;
    return EOF;
  }
  return rc;
}

/* jansson writes through its own fwrite calls: its whole dump counts as one write. */
struct json_t;
int __real_json_dumpf(const struct json_t *j, FILE *f, size_t flags);
int __wrap_json_dumpf(const struct json_t *j, FILE *f, size_t flags);
int __wrap_json_dumpf(const struct json_t *j, FILE *f, size_t flags) {
  if (FAULT(F_WRITE)) {
    stream_error(f);
    return -1;
  }
  return __real_json_dumpf(j, f, flags);
}

FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);
int __real_open(const char *path, int flags, ...);
int __real_rename(const char *from, const char *to);
int __real_mkdir(const char *path, mode_t mode);
char *__real_mkdtemp(char *tmpl);
char *__wrap_mkdtemp(char *tmpl);
char *__wrap_mkdtemp(char *tmpl) {
  if (FAULT(F_FILE)) {
    errno = ENOSPC;
    return NULL;
  }
  return __real_mkdtemp(tmpl);
}
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);
int __wrap_open(const char *path, int flags, ...);
int __wrap_rename(const char *from, const char *to);
int __wrap_mkdir(const char *path, mode_t mode);
FILE *__wrap_fopen(const char *path, const char *mode) {
  if (FAULT(F_FILE)) {
    errno = EMFILE;
    return NULL;
  }
  return __real_fopen(path, mode);
}
FILE *__wrap_fdopen(int fd, const char *mode) {
  if (FAULT(F_FILE)) {
    errno = ENOMEM;
    return NULL;
  }
  return __real_fdopen(fd, mode);
}
int __wrap_open(const char *path, int flags, ...) {
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = (mode_t)va_arg(ap, unsigned);
    va_end(ap);
  }
  if (FAULT(F_FILE)) {
    errno = EACCES;
    return -1;
  }
  return __real_open(path, flags, mode);
}
int __wrap_rename(const char *from, const char *to) {
  if (FAULT(F_FILE)) {
    errno = EIO;
    return -1;
  }
  return __real_rename(from, to);
}
int __wrap_mkdir(const char *path, mode_t mode) {
  if (FAULT(F_FILE)) {
    errno = EACCES;
    return -1;
  }
  return __real_mkdir(path, mode);
}

#endif
