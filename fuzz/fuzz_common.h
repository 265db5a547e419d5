/* fuzz_common.h - what every libFuzzer harness in fuzz/ shares: the input is
 * written to a file in a private folder (the parsers take paths, as the CLI
 * calls them) beside copies of the worked example's YAML files, so that a site or
 * region file naming "sase.mine.yaml" finds it and the fuzzer reaches the checks
 * after the references. Every harness calls the library directly, in process.
 */
#ifndef SOSO_FUZZ_COMMON_H
#define SOSO_FUZZ_COMMON_H

#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[256];

/* Makes the private folder (once) with the example files in it. */
static void fuzz_setup(void) {
  if (g_dir[0]) return;
  snprintf(g_dir, sizeof g_dir, "/tmp/soso-fuzz-%ld", (long)getpid());
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "mkdir -p '%s' && cp %s/examples/drina/*.yaml %s/examples/drina/*.csv '%s'/ "
           "2>/dev/null; true",
           g_dir, SOSO_SOURCE_DIR, SOSO_SOURCE_DIR, g_dir);
  if (system(cmd) != 0) abort();
}

/* Writes the input to DIR/name; returns the path (static). */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t size) {
  static char path[512];
  fuzz_setup();
  snprintf(path, sizeof path, "%s/%s", g_dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  return path;
}

#endif
