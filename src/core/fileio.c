/* fileio.c - write-to-temporary-and-rename outputs (see include/soso/afile.h).
 *
 * The temporary name is "<dir>/.<base>.tmp-<pid>-<random>", created with
 * O_CREAT | O_EXCL | O_NOFOLLOW: a name planted in advance (a symlink to a file
 * the attacker wants overwritten) makes the open fail and another random name is
 * tried, never followed. rename(2) within one directory is atomic on POSIX file
 * systems, which is the whole point. Live temporaries are listed in a fixed table
 * of atomic slots so that soso_afile_remove_all can unlink them from a signal
 * handler (unlink is async-signal-safe; the table never allocates); temporaries
 * left by a process killed with SIGKILL are removed by the next open of the same
 * target once their pid is gone.
 */
#define _DEFAULT_SOURCE
#include "soso/afile.h"
#include "soso/error.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

struct soso_afile {
  FILE *fp;     /* open stream on tmp, or NULL once closed */
  char *tmp;    /* temporary path (owned) */
  char *target; /* final path (owned) */
};

/* Live temporary names, for soso_afile_remove_all (see the top of the file). The
 * one piece of process-wide state in the library: a signal handler has no other
 * way to find them. */
enum { LIVE_SLOTS = 64 };
static _Atomic(char *) g_live[LIVE_SLOTS];

static void live_add(char *tmp) {
  for (int i = 0; i < LIVE_SLOTS; i++) {
    char *expect = NULL;
    if (atomic_compare_exchange_strong(&g_live[i], &expect, tmp)) return;
  }
  /* table full: this temporary is still removed on every error path, only not
   * from a signal handler */
}

static void live_remove(const char *tmp) {
  for (int i = 0; i < LIVE_SLOTS; i++) {
    char *expect = (char *)(uintptr_t)tmp;
    if (atomic_compare_exchange_strong(&g_live[i], &expect, NULL)) return;
  }
}

void soso_afile_remove_all(void) {
  for (int i = 0; i < LIVE_SLOTS; i++) {
    char *t = atomic_load(&g_live[i]);
    if (t) unlink(t);
  }
}

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

/* Removes "<dir>/.<base>.tmp-<pid>-*" files whose process no longer exists (left
 * by a run killed with SIGKILL, which no handler sees). */
static void remove_stale(const char *path, size_t dirlen, const char *base) {
  char dir[4096];
  if (dirlen >= sizeof dir) return;
  if (dirlen) memcpy(dir, path, dirlen);
  dir[dirlen] = '\0';
  DIR *d = opendir(dirlen ? dir : ".");
  if (!d) return;
  size_t nb = strlen(base);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    const char *n = e->d_name;
    if (n[0] != '.' || strncmp(n + 1, base, nb) != 0 || strncmp(n + 1 + nb, ".tmp-", 5) != 0)
      continue;
    char *end = NULL;
    long pid = strtol(n + 1 + nb + 5, &end, 10);
    if (pid <= 0 || *end != '-' || pid == (long)getpid()) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
    char full[8192];
    snprintf(full, sizeof full, "%s%s", dir, n);
    unlink(full);
  }
  closedir(d);
}

int soso_afile_open(soso_afile **out, FILE **fp, const char *path) {
  *out = NULL;
  if (fp) *fp = NULL;
  soso_afile *af = calloc(1, sizeof *af);
  if (!af) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
  const char *base = slash ? slash + 1 : path;
  size_t n = strlen(path) + 64;
  af->tmp = malloc(n);
  af->target = dupstr(path);
  if (!af->tmp || !af->target) {
    soso_afile_abort(af);
    return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  }
  remove_stale(path, dirlen, base);
  int fd = -1, e = 0;
  for (int tries = 0; fd < 0 && tries < 100; tries++) {
    unsigned long long r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
      r = ((unsigned long long)clock() << 20) ^ (unsigned long long)(uintptr_t)af ^
          (unsigned long long)tries;
    snprintf(af->tmp, n, "%.*s.%s.tmp-%ld-%016llx", (int)dirlen, path, base, (long)getpid(), r);
    fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    e = errno;
    if (fd < 0 && e != EEXIST) break;
  }
  if (fd >= 0) live_add(af->tmp);
  if (fd >= 0 && !(af->fp = fdopen(fd, "w"))) {
    e = errno;
    close(fd);
    unlink(af->tmp);
    live_remove(af->tmp);
  }
  if (!af->fp) {
    free(af->tmp);
    af->tmp = NULL;
    soso_afile_abort(af);
    return soso_error_set(SOSO_EIO, "%s: cannot write: %s", path, strerror(e));
  }
  if (fp) *fp = af->fp;
  *out = af;
  return SOSO_OK;
}

const char *soso_afile_tmpname(const soso_afile *af) { return af->tmp; }

int soso_afile_commit(soso_afile *af) {
  int rc = SOSO_OK;
  if (af->fp) {
    int bad = ferror(af->fp), e = bad ? EIO : 0;
    if (fflush(af->fp) != 0 && !e) e = errno;
    if (fclose(af->fp) != 0 && !e) e = errno;
    af->fp = NULL;
    if (e) rc = soso_error_set(SOSO_EIO, "%s: write failed: %s", af->target, strerror(e));
  }
  if (rc == SOSO_OK && rename(af->tmp, af->target) != 0)
    rc = soso_error_set(SOSO_EIO, "%s: cannot rename temporary file: %s", af->target,
                        strerror(errno));
  if (rc != SOSO_OK) {
    soso_afile_abort(af);
    return rc;
  }
  live_remove(af->tmp);
  free(af->tmp);
  free(af->target);
  free(af);
  return SOSO_OK;
}

void soso_afile_abort(soso_afile *af) {
  if (!af) return;
  if (af->fp) fclose(af->fp);
  if (af->tmp) {
    remove(af->tmp);
    live_remove(af->tmp);
  }
  free(af->tmp);
  free(af->target);
  free(af);
}

const char *soso_afile_path_ext(const char *path, char *buf, size_t n) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  size_t i = 0;
  if (dot && (!slash || dot > slash)) {
    for (dot++; *dot && i + 1 < n; dot++, i++) buf[i] = (char)tolower((unsigned char)*dot);
  }
  if (n) buf[i] = '\0';
  return buf;
}

int soso_afile_read_file(char **out, size_t *len, const char *path) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return soso_error_set(SOSO_EIO, "%s: cannot open: %s", path, strerror(errno));
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n + 1 < cap) break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  if (bad) {
    free(buf);
    return soso_error_set(SOSO_EIO, "%s: read error", path);
  }
  buf[n] = '\0';
  *out = buf;
  if (len) *len = n;
  return SOSO_OK;
}
