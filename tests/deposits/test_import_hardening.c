/* test_import_hardening.c - regression tests for the deposit-import defects of
 * issue 12: the 16 KiB row arena (heap overflow), grade columns in unknown units,
 * implausible tonnage, over-long ids, control characters, GDAL drivers outside
 * the allow-list and network paths, and --skip-bad with every row bad. Each test
 * failed before its fix. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/store.h"
#include "core/store_int.h"

typedef struct fixture {
  char dir[64];      /* temporary directory */
  char path[128];    /* the input file */
  soso_store *store; /* a fresh store */
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/soso_imph_XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  char db[128];
  snprintf(db, sizeof db, "%s/t.db", f->dir);
  if (soso_store_open(&f->store, db) < 0) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  soso_store_free(f->store);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  int rc = system(cmd);
  free(f);
  return rc == 0 ? 0 : -1;
}

static int import_text(fixture *f, const char *name, const char *text, size_t len,
                       int skip_bad, soso_import_report *rep) {
  snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
  FILE *fp = fopen(f->path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(text, 1, len, fp), len);
  fclose(fp);
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  o.skip_bad = skip_bad;
  return soso_deposits_import(rep, f->store, f->path, &o);
}

static int import_str(fixture *f, const char *name, const char *text, int skip_bad) {
  soso_import_report rep;
  int rc = import_text(f, name, text, strlen(text), skip_bad, &rep);
  soso_deposits_import_report_clear(&rep);
  return rc;
}

static long name_len(const fixture *f, const char *id) {
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(f->store),
                                      "SELECT length(name) FROM deposit WHERE id = ?", -1, &st,
                                      NULL),
                   SQLITE_OK);
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

/* Defect 1: a 16,400-character name and a 20,000-character last field overflowed
 * the 16 KiB arena (abort in the release build); a 20,000-character name alone
 * gave "lat: missing". */
static void test_long_fields(void **state) {
  fixture *f = *state;
  size_t n1 = 16400, n2 = 20000;
  char *t = malloc(n1 + n2 + 256);
  assert_non_null(t);
  size_t k = (size_t)sprintf(t, "id,name,lat,lon,deposit_type\n1,");
  memset(t + k, 'N', n1);
  k += n1;
  k += (size_t)sprintf(t + k, ",44.1,19.3,");
  memset(t + k, 'T', n2);
  k += n2;
  t[k++] = '\n';
  soso_import_report rep;
  assert_int_equal(import_text(f, "big.csv", t, k, 0, &rep), 0);
  assert_int_equal(rep.n_inserted, 1);
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(name_len(f, "big:1"), (long)n1);
  /* a 20,000-character name alone: the row is whole, lat and lon are read */
  k = (size_t)sprintf(t, "id,name,lat,lon\n2,");
  memset(t + k, 'M', n2);
  k += n2;
  k += (size_t)sprintf(t + k, ",44.2,19.4\n");
  assert_int_equal(import_text(f, "big2.csv", t, k, 0, &rep), 0);
  soso_deposits_import_report_clear(&rep);
  assert_int_equal(name_len(f, "big2:2"), (long)n2);
  free(t);
}

/* Defect 3: grade columns in units soso does not know were dropped silently. */
static void test_unknown_grade_units(void **state) {
  fixture *f = *state;
  assert_int_equal(import_str(f, "u1.csv", "id,lat,lon,au_ozt\n1,44,19,0.3\n", 0), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "u1.csv:1: au_ozt: unknown grade unit \"ozt\""));
  assert_int_equal(import_str(f, "u2.csv", "id,lat,lon,zn_ppb\n1,44,19,3\n", 0), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "u2.csv:1: zn_ppb: unknown grade unit"));
  assert_int_equal(import_str(f, "u3.csv", "id,lat,lon,Zn (ozt)\n1,44,19,3\n", 0), SOSO_EDATA);
  /* "Pb (%)" is a grade in a known unit; "y_wgs" is no grade (Y is yttrium) */
  assert_int_equal(import_str(f, "u4.csv", "id,x_wgs,y_wgs,lat,lon,Pb (%)\n1,7,8,44,19,3\n", 0),
                   0);
}

/* Defect 9: tonnage of 1e308 became inf in districts. */
static void test_implausible_tonnage(void **state) {
  fixture *f = *state;
  assert_int_equal(import_str(f, "t.csv", "id,lat,lon,ore_mt\n1,44,19,1e308\n", 0), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "t.csv:2: ore_mt: tonnage 1e+308 Mt is not plausible"));
  assert_int_equal(import_str(f, "t2.csv", "id,lat,lon,commodity,ore,ore_unit,grade,grade_unit\n"
                                           "1,44,19,Zinc,1e20,tonnes,5,percent\n", 0),
                   SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "t2.csv:2: ore: tonnage"));
}

/* Defect 11: ids over 255 characters were cut into false duplicates; control
 * characters reached terminals. */
static void test_ids_and_control_chars(void **state) {
  fixture *f = *state;
  char t[1024];
  int k = sprintf(t, "id,name,lat,lon\n");
  memset(t + k, 'i', 300);
  sprintf(t + k + 300, ",A,44,19\n");
  assert_int_equal(import_str(f, "id.csv", t, 0), SOSO_EDATA);
  assert_non_null(strstr(soso_error_last(), "id.csv:2: id: longer than 255 bytes"));
  assert_int_equal(import_str(f, "esc.csv", "id,name,lat,lon\n1,A\x1b[31mB\x07,44,19\n", 0), 0);
  sqlite3_stmt *st = NULL;
  assert_int_equal(sqlite3_prepare_v2(soso__store_db(f->store),
                                      "SELECT name FROM deposit WHERE id = 'esc:1'", -1, &st,
                                      NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(st, 0),
                      "A\xEF\xBF\xBD[31mB\xEF\xBF\xBD");
  sqlite3_finalize(st);
}

/* Defect 6: every GDAL driver was accepted, VRT included (which can fetch URLs). */
static void test_driver_allow_list(void **state) {
  fixture *f = *state;
  const char *vrt = "<OGRVRTDataSource><OGRVRTLayer name=\"x\">"
                    "<SrcDataSource>/vsicurl/http://127.0.0.1:9/x.csv</SrcDataSource>"
                    "</OGRVRTLayer></OGRVRTDataSource>\n";
  assert_int_equal(import_str(f, "x.vrt", vrt, 0), SOSO_EIO);
  assert_non_null(strstr(soso_error_last(), "x.vrt: not a vector file GDAL/OGR can read"));
  soso_import_report rep;
  soso_import_opts o = SOSO_IMPORT_OPTS_INIT;
  assert_int_equal(soso_deposits_import(&rep, f->store, "/vsicurl/http://127.0.0.1:9/a.gpkg", &o),
                   SOSO_EUSAGE);
  soso_deposits_import_report_clear(&rep);
  assert_non_null(strstr(soso_error_last(), "virtual and network file systems"));
}

/* Defect 8: --skip-bad exited 0 when every row was bad. */
static void test_skip_bad_all_bad(void **state) {
  fixture *f = *state;
  soso_import_report rep;
  const char *t = "id,lat,lon\n1,91,19\n2,x,19\n";
  assert_int_equal(import_text(f, "bad.csv", t, strlen(t), 1, &rep), SOSO_EDATA);
  assert_int_equal(rep.n_bad, 2);
  assert_int_equal(rep.n_inserted, 0);
  soso_deposits_import_report_clear(&rep);
  assert_non_null(strstr(soso_error_last(), "bad.csv: every row is bad (2 rows)"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_long_fields, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unknown_grade_units, setup, teardown),
      cmocka_unit_test_setup_teardown(test_implausible_tonnage, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ids_and_control_chars, setup, teardown),
      cmocka_unit_test_setup_teardown(test_driver_allow_list, setup, teardown),
      cmocka_unit_test_setup_teardown(test_skip_bad_all_bad, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
