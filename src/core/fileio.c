/* fileio.c - write-to-temporary-and-rename outputs (see include/soso/fileio.h).
 *
 * The temporary name is "<dir>/.<base>.tmp-<pid>-<counter>"; rename(2) within one
 * directory is atomic on POSIX file systems, which is the whole point.
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/fileio.h"
#include "soso/error.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct soso_afile {
  FILE *fp;     /* open stream on tmp, or NULL once closed */
  char *tmp;    /* temporary path (owned) */
  char *target; /* final path (owned) */
};

static atomic_uint g_counter; /* distinguishes temporaries within one process */

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
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
  unsigned c = atomic_fetch_add(&g_counter, 1u);
  snprintf(af->tmp, n, "%.*s.%s.tmp-%ld-%u", (int)dirlen, path, base, (long)getpid(), c);
  af->fp = fopen(af->tmp, "w");
  if (!af->fp) {
    int e = errno;
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
    int bad = ferror(af->fp);
    if (fclose(af->fp) != 0 || bad)
      rc = soso_error_set(SOSO_EIO, "%s: write failed: %s", af->target, strerror(errno));
    af->fp = NULL;
  }
  if (rc == SOSO_OK && rename(af->tmp, af->target) != 0)
    rc = soso_error_set(SOSO_EIO, "%s: cannot rename temporary file: %s", af->target,
                        strerror(errno));
  if (rc != SOSO_OK) {
    soso_afile_abort(af);
    return rc;
  }
  free(af->tmp);
  free(af->target);
  free(af);
  return SOSO_OK;
}

void soso_afile_abort(soso_afile *af) {
  if (!af) return;
  if (af->fp) fclose(af->fp);
  if (af->tmp) remove(af->tmp);
  free(af->tmp);
  free(af->target);
  free(af);
}

const char *soso_path_ext(const char *path, char *buf, size_t n) {
  const char *dot = strrchr(path, '.');
  const char *slash = strrchr(path, '/');
  size_t i = 0;
  if (dot && (!slash || dot > slash)) {
    for (dot++; *dot && i + 1 < n; dot++, i++) buf[i] = (char)tolower((unsigned char)*dot);
  }
  if (n) buf[i] = '\0';
  return buf;
}

int soso_read_file(char **out, size_t *len, const char *path) {
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
