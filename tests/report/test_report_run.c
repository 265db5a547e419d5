/* test_report_run.c - soso report's library side: the plain-language rounding of
 * the summary, the errors of soso_report_region (nothing written on failure), a
 * region whose sites have no site files (sections say "Not assessed"), and the
 * assumptions collected from the worked example's files.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/report_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DRINA SOSO_SOURCE_DIR "/examples/drina/"

static void test_fmt_count(void **state) {
  (void)state;
  char b[64];
  /* Two significant figures from 100 up, whole numbers below. */
  const struct {
    double v;
    const char *want;
  } cases[] = {{1234.5, "1,200"}, {45.4, "45"}, {99.6, "100"}, {-2561.0, "-2,600"},
               {1234567.0, "1,200,000"}, {0.4, "0"}, {7.0, "7"}, {187.0, "190"}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rpt_fmt_count(b, sizeof b, cases[i].v);
    assert_string_equal(b, cases[i].want);
  }
  rpt_fmt_count(b, sizeof b, NAN);
  assert_string_equal(b, "unknown");
}

static void test_fmt_money(void **state) {
  (void)state;
  char b[64];
  rpt_fmt_money(b, sizeof b, 12.31e6, "EUR");
  assert_string_equal(b, "12 million EUR");
  rpt_fmt_money(b, sizeof b, 2.34e6, "EUR");
  assert_string_equal(b, "2.3 million EUR");
  rpt_fmt_money(b, sizeof b, 452.7e3, "EUR");
  assert_string_equal(b, "453 thousand EUR");
  rpt_fmt_money(b, sizeof b, -3.08e6, "RSD");
  assert_string_equal(b, "minus 3.1 million RSD");
  rpt_fmt_money(b, sizeof b, INFINITY, "EUR");
  assert_string_equal(b, "unknown");
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void test_errors(void **state) {
  (void)state;
  soso_report_opts o = SOSO_REPORT_OPTS_INIT;
  char out[256];
  snprintf(out, sizeof out, "%s/report_err_%ld", SOSO_BINARY_DIR, (long)getpid());
  assert_int_equal(soso_report_region(NULL, NULL, out, &o), SOSO_EUSAGE);
  o.n_paths = 1;
  assert_int_equal(soso_report_region(NULL, DRINA "drina.region.yaml", out, &o), SOSO_EUSAGE);
  o.n_paths = 4;
  int rc = soso_report_region(NULL, DRINA "no-such.region.yaml", out, &o);
  assert_true(rc < 0);
  assert_non_null(strstr(soso_error_last(), "no-such.region.yaml"));
  /* A bad rules file fails before anything is created. */
  o.rules = DRINA "drina-io.csv";
  rc = soso_report_region(NULL, DRINA "drina.region.yaml", out, &o);
  assert_true(rc < 0);
  assert_false(exists(out));
}

/* Copies a file of the worked example into dir. The region file's entries name
 * their site files (`site: x.site.yaml`); in the copy they name the mine files
 * instead (`mine: x.mine.yaml`), so that the report has no site file to use and
 * its distance fallback finds none beside the copy. */
static void copy(const char *dir, const char *name) {
  char src[512], dst[512];
  snprintf(src, sizeof src, DRINA "%s", name);
  snprintf(dst, sizeof dst, "%s/%s", dir, name);
  FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char line[4096];
  while (fgets(line, sizeof line, in)) {
    char *k = strstr(line, "    site: "), *e = strstr(line, ".site.yaml");
    if (k == line && e) {
      *e = '\0';
      fprintf(out, "    mine: %s.mine.yaml%s", line + 10, e + 10);
    } else {
      fputs(line, out);
    }
  }
  fclose(in);
  fclose(out);
}

static void test_unmatched_sites(void **state) {
  (void)state;
  char dir[256], region[320], out[320];
  snprintf(dir, sizeof dir, "%s/report_nosites_%ld", SOSO_BINARY_DIR, (long)getpid());
  assert_int_equal(mkdir(dir, 0777), 0);
  const char *files[] = {"drina.region.yaml", "veliki-majdan.mine.yaml", "sase.mine.yaml",
                         "olovo.mine.yaml", "gorazde.mine.yaml", "rudnik.mine.yaml",
                         "ljubovija.community.yaml", "srebrenica.community.yaml",
                         "olovo.community.yaml", "gorazde.community.yaml",
                         "gornji-milanovac.community.yaml"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) copy(dir, files[i]);
  snprintf(region, sizeof region, "%s/drina.region.yaml", dir);
  snprintf(out, sizeof out, "%s/out", dir);
  soso_report_opts o = SOSO_REPORT_OPTS_INIT;
  o.n_paths = 4;
  o.seed = 977;
  soso_report_info info;
  assert_int_equal(soso_report_region(&info, region, out, &o), SOSO_OK);
  assert_int_equal(info.n_sites, 5);
  assert_int_equal(info.n_sites_assessed, 0);
  /* Region map, district timeline, community jobs, pressures, strategies. */
  assert_int_equal(info.n_figures, 5);
  /* Only the region file's own assumptions are collected without site files. */
  assert_true(info.n_assumptions > 50);
  FILE *f = fopen(info.html, "rb");
  assert_non_null(f);
  char *html = calloc(1, 1 << 24);
  size_t len = fread(html, 1, (1 << 24) - 1, f);
  fclose(f);
  assert_true(len > 1000);
  size_t n = 0;
  for (const char *p = html; (p = strstr(p, "Not assessed")) != NULL; p++) n++;
  assert_int_equal(n, 5);
  assert_non_null(strstr(html, "random seed: 977"));
  free(html);
  assert_true(exists(info.pdf));
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fmt_count),
      cmocka_unit_test(test_fmt_money),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_unmatched_sites),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
