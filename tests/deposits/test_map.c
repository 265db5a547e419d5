/* test_map.c - the Europe map: PNG, SVG and PDF outputs are written whole and are
 * what their extension says; every failure (unknown extension, unreadable
 * boundaries, bad size, unwritable folder) leaves nothing behind.
 *
 * The deposits here are test values (assumed, not sourced): positions scattered
 * around real mining areas, tonnages and commodities chosen to fill the legend.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/districts.h"
#include "soso/error.h"
#include "soso/map.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOUNDARIES SOSO_SOURCE_DIR "/data/" SOSO_MAP_BOUNDARIES
#define OUTDIR "test_map_out"

enum { N = 48 };

typedef struct fixture {
  double lat[N], lon[N], ore[N];
  const char *main[N];
  char *id[N], *source[N];
  soso_deposits set;
} fixture;

static char k_id[] = "test:1", k_source[] = "test-fixture";

static void make_set(fixture *f) {
  static const char *codes[] = {"zn", "pb", "cu", "ag", "au", "w", "sn", "sb", "fluorspar"};
  static const double clat[] = {44.11, 42.93, 37.73, 50.31, 64.59}; /* Srebrenica, Trepca, */
  static const double clon[] = {19.30, 20.88, -7.12, 12.68, 18.72}; /* Iberian belt, Erzgebirge, Skellefte */
  memset(f, 0, sizeof *f);
  for (size_t i = 0; i < N; i++) {
    size_t c = i % 5;
    /* deterministic scatter of up to ~25 km around each centre */
    double a = 2.399963 * (double)i, r = 0.05 + 0.19 * (double)((i * 7) % 11) / 11.0;
    f->lat[i] = clat[c] + r * sin(a);
    f->lon[i] = clon[c] + r * cos(a) / cos(clat[c] * 0.0174532925199433);
    f->ore[i] = (i % 6 == 5) ? NAN : 0.0173 * pow(3.1, (double)(i % 7));
    f->main[i] = codes[(i * 5) % 9];
    f->id[i] = k_id;
    f->source[i] = k_source;
  }
  f->lat[N - 1] = -33.9; /* Sydney: outside the map */
  f->lon[N - 1] = 151.2;
  f->set.n = N;
  f->set.lat = f->lat;
  f->set.lon = f->lon;
  f->set.ore_mt = f->ore;
  f->set.main = f->main;
  f->set.id = f->id;
  f->set.source = f->source;
}

static size_t dir_entries(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  closedir(d);
  return n;
}

static void clean_dir(void) {
  DIR *d = opendir(OUTDIR);
  if (!d) return;
  struct dirent *e;
  char p[512];
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(p, sizeof p, OUTDIR "/%s", e->d_name);
    remove(p);
  }
  closedir(d);
}

static int starts_with(const char *path, const char *magic, size_t n) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return 0;
  char buf[64] = {0};
  size_t got = fread(buf, 1, sizeof buf - 1, fp);
  fclose(fp);
  if (got < n) return 0;
  if (magic) return memcmp(buf, magic, n) == 0;
  return strstr(buf, "<svg") != NULL || strstr(buf, "<?xml") != NULL;
}

static int setup(void **state) {
  mkdir(OUTDIR, 0755);
  clean_dir();
  fixture *f = malloc(sizeof *f);
  if (!f) return -1;
  make_set(f);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  free(*state);
  clean_dir();
  rmdir(OUTDIR);
  return 0;
}

static void test_formats(void **state) {
  fixture *f = *state;
  soso_district_input in = {N, f->lat, f->lon, f->ore, 0, NULL, NULL};
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_find(&ds, &in, 18.0, 3), SOSO_OK);
  assert_true(soso_districts_count(ds) >= 4);
  soso_map_opts o = SOSO_MAP_OPTS_INIT;
  o.boundaries = BOUNDARIES;
  o.eps_km = 18.0;
  o.min_deposits = 3;
  o.title = "Test deposits (assumed values)";
  assert_int_equal(soso_map_draw(OUTDIR "/m.png", &f->set, ds, &o), SOSO_OK);
  assert_int_equal(soso_map_draw(OUTDIR "/m.svg", &f->set, ds, &o), SOSO_OK);
  assert_int_equal(soso_map_draw(OUTDIR "/m.pdf", &f->set, ds, &o), SOSO_OK);
  assert_true(starts_with(OUTDIR "/m.png", "\x89PNG\r\n\x1a\n", 8));
  assert_true(starts_with(OUTDIR "/m.svg", NULL, 5));
  assert_true(starts_with(OUTDIR "/m.pdf", "%PDF-", 5));
  struct stat st;
  assert_int_equal(stat(OUTDIR "/m.png", &st), 0);
  assert_true(st.st_size > 20000); /* a drawn map, not an empty page */
  assert_int_equal(dir_entries(OUTDIR), 3); /* no temporaries left */
  /* Without districts, and with no deposit at all (Europe by default). */
  assert_int_equal(soso_map_draw(OUTDIR "/plain.png", &f->set, NULL, &o), SOSO_OK);
  soso_deposits empty;
  memset(&empty, 0, sizeof empty);
  assert_int_equal(soso_map_draw(OUTDIR "/empty.pdf", &empty, NULL, &o), SOSO_OK);
  assert_true(starts_with(OUTDIR "/empty.pdf", "%PDF-", 5));
  soso_districts_free(ds);
}

static void test_failures_write_nothing(void **state) {
  fixture *f = *state;
  clean_dir();
  soso_map_opts o = SOSO_MAP_OPTS_INIT;
  o.boundaries = BOUNDARIES;
  assert_int_equal(soso_map_draw(OUTDIR "/m.jpg", &f->set, NULL, &o), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "jpg"));
  assert_int_equal(soso_map_draw(OUTDIR "/m", &f->set, NULL, &o), SOSO_EUSAGE);
  o.width = 100;
  assert_int_equal(soso_map_draw(OUTDIR "/m.png", &f->set, NULL, &o), SOSO_EUSAGE);
  o.width = 0;
  o.boundaries = OUTDIR "/no-such-boundaries.geojson";
  assert_int_equal(soso_map_draw(OUTDIR "/m.png", &f->set, NULL, &o), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), "no-such-boundaries"));
  o.boundaries = BOUNDARIES;
  assert_int_equal(soso_map_draw(OUTDIR "/no-such-dir/m.png", &f->set, NULL, &o), SOSO_EIO);
  assert_int_equal(dir_entries(OUTDIR), 0);
  /* A failure does not touch an existing file at the path. */
  FILE *fp = fopen(OUTDIR "/keep.png", "w");
  assert_non_null(fp);
  fputs("old", fp);
  fclose(fp);
  o.boundaries = OUTDIR "/keep.png"; /* not a vector file */
  assert_int_equal(soso_map_draw(OUTDIR "/keep.png", &f->set, NULL, &o), SOSO_EIO);
  assert_true(starts_with(OUTDIR "/keep.png", "old", 3));
  assert_int_equal(dir_entries(OUTDIR), 1);
  assert_int_equal(soso_map_draw(NULL, &f->set, NULL, &o), SOSO_EUSAGE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formats),
      cmocka_unit_test(test_failures_write_nothing),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
