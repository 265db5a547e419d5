/* datadir.c - the one lookup of the shipped data folder (see soso/data.h).
 *
 * Invariants: no state between calls (the result is recomputed, a few stat()s);
 * results live in thread-local buffers so the library keeps no mutable globals.
 * SOSO_INSTALL_DATADIR and SOSO_BUILD_DATADIR come from a header CMake generates
 * (this file alone includes it, so changing the install prefix rebuilds one object).
 */
#define _DEFAULT_SOURCE /* realpath, readlink */
#define _POSIX_C_SOURCE 200809L
#include "soso/data.h"
#include "soso/deposits.h"
#include "soso/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soso_datadir_paths.h" /* SOSO_INSTALL_DATADIR, SOSO_BUILD_DATADIR */

enum { DD_PATH = 4096 };

static const char k_marker[] = "impacts/rules.yaml";

/* "" if dir holds the data, else why not. */
static const char *why_not(const char *dir) {
  struct stat st;
  char p[DD_PATH];
  if (stat(dir, &st) != 0) return "no such folder";
  if (!S_ISDIR(st.st_mode)) return "not a folder";
  if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, k_marker) >= sizeof p) return "path too long";
  if (stat(p, &st) != 0) return "no impacts/rules.yaml in it";
  return "";
}

/* <exe dir>/../share/soso into buf; 0 if the program's path is unknown. */
static int exe_relative(char *buf, size_t n) {
  char exe[DD_PATH];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return 0;
  exe[len] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return 0;
  *slash = '\0';
  return (size_t)snprintf(buf, n, "%s/../share/soso", exe) < n;
}

static int take(char *out, size_t n, const char *dir) {
  if ((size_t)snprintf(out, n, "%s", dir) >= n)
    return soso_error_set(SOSO_EUSAGE, "data folder: path too long: %s", dir);
  return 0;
}

int soso_data_dir_find(char *out, size_t n, const char *option) {
  char tried[2048] = "", rel[DD_PATH];
  size_t len = 0;
  const char *why;
  if (out && n) out[0] = '\0';
  if (!out || n == 0) return soso_error_set(SOSO_EUSAGE, "data folder: no output buffer");
  if (option && *option) {
    if (!*(why = why_not(option))) return take(out, n, option);
    return soso_error_set(SOSO_ENOTFOUND, "--data-dir %s: %s (it must be a soso data folder, "
                          "e.g. PREFIX/share/soso)", option, why);
  }
  const char *env = getenv("SOSO_DATA_DIR");
  if (env && *env) {
    if (!*(why = why_not(env))) return take(out, n, env);
    return soso_error_set(SOSO_ENOTFOUND, "SOSO_DATA_DIR=%s: %s (unset it or name a soso data "
                          "folder)", env, why);
  }
  const char *cand[3] = {NULL, SOSO_INSTALL_DATADIR, SOSO_BUILD_DATADIR};
  if (exe_relative(rel, sizeof rel)) cand[0] = rel;
  for (size_t k = 0; k < 3; k++) {
    if (!cand[k]) continue;
    if (!*(why = why_not(cand[k]))) {
      if (k == 0) { /* tidy "<bin>/../share/soso" when it resolves */
        char real[DD_PATH];
        if (realpath(cand[k], real)) return take(out, n, real);
      }
      return take(out, n, cand[k]);
    }
    if (len < sizeof tried)
      len += (size_t)snprintf(tried + len, sizeof tried - len, "; %s (%s)", cand[k], why);
  }
  return soso_error_set(SOSO_ENOTFOUND, "no soso data folder found: --data-dir not given; "
                        "SOSO_DATA_DIR not set%s", tried);
}

const char *soso_data_dir(void) {
  static _Thread_local char buf[DD_PATH];
  return soso_data_dir_find(buf, sizeof buf, NULL) == 0 ? buf : NULL;
}

const char *soso_data_path(char *out, size_t n, const char *rel) {
  char dir[DD_PATH];
  if (soso_data_dir_find(dir, sizeof dir, NULL) != 0)
    snprintf(dir, sizeof dir, "%s", SOSO_BUILD_DATADIR);
  snprintf(out, n, "%s/%s", dir, rel ? rel : "");
  return out;
}

const char *soso_data_subdir(char *out, size_t n, const char *rel, const char *fallback) {
  char dir[DD_PATH];
  struct stat st;
  if (!out || n == 0) return fallback;
  if (soso_data_dir_find(dir, sizeof dir, NULL) == 0 &&
      (size_t)snprintf(out, n, "%s/%s", dir, rel ? rel : "") < n && stat(out, &st) == 0 &&
      S_ISDIR(st.st_mode))
    return out;
  soso_error_clear();
  snprintf(out, n, "%s", fallback ? fallback : "");
  return out;
}

/* deposits.h's name for the same lookup (kept: the report and the tests call it). */
const char *soso_data_dir_builtin(void) {
  static _Thread_local char buf[DD_PATH];
  if (soso_data_dir_find(buf, sizeof buf, NULL) != 0) snprintf(buf, sizeof buf, "%s", SOSO_BUILD_DATADIR);
  return buf;
}
