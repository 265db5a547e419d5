/* report_out.c - the report's output folder, all or nothing (report_out.h).
 *
 * Found by the per-site fault sweep (tests/core/test_faults_report.c): the
 * report used to write each file into place as it went, so a failure half-way
 * (out of memory, a full disk, a failed rename) left a folder mixing new figures
 * and assumptions with the previous report's document, or a new folder holding
 * part of a report.
 */
#define _DEFAULT_SOURCE
#include "report/report_out.h"

#include "soso/error.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const char k_prefix[] = ".soso-report.tmp-";

static char *join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", a, b);
  return p;
}

/* Removes a folder and everything in it (never following a symbolic link). */
static void rm_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char path[4096];
      if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
      struct stat st;
      if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) rm_tree(path);
      else unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

/* Staging folders left by a report process that no longer exists. */
static void remove_stale(const char *out) {
  DIR *d = opendir(out);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, k_prefix, sizeof k_prefix - 1) != 0) continue;
    char *end = NULL;
    long pid = strtol(e->d_name + sizeof k_prefix - 1, &end, 10);
    if (pid <= 0 || *end != '-' || pid == (long)getpid()) continue;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", out, e->d_name) < sizeof path) rm_tree(path);
  }
  closedir(d);
}

int rpt_out_begin(rpt_out *o, const char *out_dir) {
  memset(o, 0, sizeof *o);
  size_t n = strlen(out_dir) + sizeof k_prefix + 32;
  o->final = malloc(strlen(out_dir) + 1);
  char *stage = malloc(n);
  if (!o->final || !stage) {
    free(stage);
    rpt_out_abort(o);
    return soso_error_set(SOSO_ENOMEM, "report: out of memory");
  }
  memcpy(o->final, out_dir, strlen(out_dir) + 1);
  if (mkdir(out_dir, 0777) == 0) o->made_final = 1;
  else if (errno != EEXIST) {
    int e = errno;
    free(stage);
    rpt_out_abort(o);
    return soso_error_set(SOSO_EIO, "%s: cannot create: %s", out_dir, strerror(e));
  }
  remove_stale(out_dir);
  snprintf(stage, n, "%s/%s%ld-XXXXXX", out_dir, k_prefix, (long)getpid());
  if (!mkdtemp(stage)) {
    int e = errno;
    free(stage);
    rpt_out_abort(o);
    return soso_error_set(SOSO_EIO, "%s: cannot create a folder in it: %s", out_dir,
                          strerror(e));
  }
  o->stage = stage;
  return SOSO_OK;
}

typedef struct {
  char *rel;   /* path under both folders */
  int had_old; /* an old file was set aside as stage/.old-<index> */
} entry;

/* The staged files: top level and one level of sub-folders (figures/). */
static int list_files(entry **out, size_t *n_out, const char *stage) {
  *out = NULL;
  *n_out = 0;
  size_t n = 0, cap = 0;
  entry *v = NULL;
  int rc = SOSO_OK;
  const char *subs[2] = {"", NULL};
  char *sub_names[64];
  size_t n_sub = 0;
  for (int level = 0; level < 2 && rc == 0; level++) {
    size_t n_dirs = level == 0 ? 1 : n_sub;
    for (size_t k = 0; k < n_dirs && rc == 0; k++) {
      const char *sub = level == 0 ? subs[0] : sub_names[k];
      char *dir = *sub ? join(stage, sub) : strdup(stage);
      DIR *d = dir ? opendir(dir) : NULL;
      if (!d) {
        rc = soso_error_set(dir ? SOSO_EIO : SOSO_ENOMEM, "%s: cannot read the report: %s",
                            stage, dir ? strerror(errno) : "out of memory");
        free(dir);
        break;
      }
      struct dirent *e;
      while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .. and set-aside old files */
        char *rel = *sub ? join(sub, e->d_name) : strdup(e->d_name);
        char *full = rel ? join(stage, rel) : NULL;
        struct stat st;
        if (!rel || !full) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
        else if (lstat(full, &st) != 0)
          rc = soso_error_set(SOSO_EIO, "%s: %s", full, strerror(errno));
        else if (S_ISDIR(st.st_mode) && level == 0 && n_sub < 64) {
          sub_names[n_sub++] = rel;
          rel = NULL;
        } else if (S_ISREG(st.st_mode)) {
          if (n == cap) {
            size_t c = cap ? 2 * cap : 32;
            entry *nv = realloc(v, c * sizeof *v);
            if (!nv) rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
            else {
              v = nv;
              cap = c;
            }
          }
          if (rc == 0) {
            v[n].rel = rel;
            v[n++].had_old = 0;
            rel = NULL;
          }
        }
        free(rel);
        free(full);
      }
      closedir(d);
      free(dir);
    }
  }
  for (size_t k = 0; k < n_sub; k++) free(sub_names[k]);
  if (rc < 0) {
    for (size_t i = 0; i < n; i++) free(v[i].rel);
    free(v);
    return rc;
  }
  *out = v;
  *n_out = n;
  return SOSO_OK;
}

/* Puts entries [0, done) back: the new file returns to the staging folder, the
 * old one (if any) to its place. */
static void roll_back(const rpt_out *o, entry *v, size_t done) {
  for (size_t i = done; i-- > 0;) {
    char *target = join(o->final, v[i].rel), *staged = join(o->stage, v[i].rel);
    char old[64];
    snprintf(old, sizeof old, ".old-%zu", i);
    char *aside = join(o->stage, old);
    if (target && staged && rename(target, staged) != 0) unlink(target);
    if (v[i].had_old && target && aside) rename(aside, target);
    free(target);
    free(staged);
    free(aside);
  }
}

int rpt_out_publish(rpt_out *o) {
  entry *v = NULL;
  size_t n = 0;
  int rc = list_files(&v, &n, o->stage);
  char *made_sub[64];
  size_t n_made = 0;
  size_t i = 0;
  for (; i < n && rc == 0; i++) {
    char *target = join(o->final, v[i].rel), *staged = join(o->stage, v[i].rel);
    char old[64];
    snprintf(old, sizeof old, ".old-%zu", i);
    char *aside = join(o->stage, old);
    struct stat st;
    const char *slash = strchr(v[i].rel, '/');
    if (!target || !staged || !aside) {
      rc = soso_error_set(SOSO_ENOMEM, "report: out of memory");
    } else if (slash) {
      /* the sub-folder (figures/) in the output folder */
      char sub[4096];
      snprintf(sub, sizeof sub, "%s/%.*s", o->final, (int)(slash - v[i].rel), v[i].rel);
      if (mkdir(sub, 0777) == 0) {
        if (n_made < 64 && (made_sub[n_made] = malloc(strlen(sub) + 1)) != NULL)
          memcpy(made_sub[n_made++], sub, strlen(sub) + 1);
      } else if (errno != EEXIST) {
        rc = soso_error_set(SOSO_EIO, "%s: cannot create: %s", sub, strerror(errno));
      }
    }
    if (rc == 0 && lstat(target, &st) == 0) {
      if (rename(target, aside) != 0)
        rc = soso_error_set(SOSO_EIO, "%s: cannot replace: %s", target, strerror(errno));
      else v[i].had_old = 1;
    }
    if (rc == 0 && rename(staged, target) != 0) {
      rc = soso_error_set(SOSO_EIO, "%s: cannot move into place: %s", target, strerror(errno));
      if (v[i].had_old) rename(aside, target);
    }
    free(target);
    free(staged);
    free(aside);
  }
  if (rc < 0) {
    roll_back(o, v, i ? i - 1 : 0);
    for (size_t k = n_made; k-- > 0;) rmdir(made_sub[k]);
  }
  for (size_t k = 0; k < n_made; k++) free(made_sub[k]);
  for (size_t k = 0; k < n; k++) free(v[k].rel);
  free(v);
  if (rc < 0) return rc;
  rm_tree(o->stage); /* the old files set aside */
  free(o->stage);
  o->stage = NULL;
  o->made_final = 0;
  rpt_out_abort(o);
  return SOSO_OK;
}

void rpt_out_abort(rpt_out *o) {
  if (!o) return;
  if (o->stage) rm_tree(o->stage);
  if (o->made_final && o->final) rmdir(o->final);
  free(o->stage);
  free(o->final);
  memset(o, 0, sizeof *o);
}
