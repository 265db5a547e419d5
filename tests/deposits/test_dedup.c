/* test_dedup.c - duplicates across sources: same normalised name within 1 km
 * collapse into the record with the most information, the others' ids in also;
 * one source's records, unnamed records and records further apart stay; the set's
 * commodities follow the compaction; --keep-duplicates (opts.keep_duplicates)
 * keeps every record.
 *
 * The two small files below are made up for the test (assumed values with many
 * digits so that a record's grades cannot be mistaken for another's).
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "soso/deposits.h"
#include "soso/error.h"
#include "soso/store.h"

#define DATA_DIR SOSO_SOURCE_DIR "/data"

/* Source "a": Mann Fjell has the most information of its name; A2 and A3 are one
 * source's two records under one name at one place; A5 is 1.5 km from B3. */
static const char k_a[] =
    "record_id,name,country,lat,lon,status,ore_mt,zn_pct,pb_pct,cu_pct\n"
    "A1,Mann Fjell,NO,63.365833,11.647778,deposit,0.0917,8.13,1.37,\n"
    "A2,Twin,HR,45.1,15.2,,,,,\n"
    "A3,Twin,HR,45.1,15.2,,,,,\n"
    "A4,,DE,50.0,10.0,,,,,\n"
    "A5,Far,HR,46.0,16.0193,,,,,\n"
    "A6,Rich,RS,44.3,20.7,,,,,\n";
/* Source "b": B1 is Mann Fjell 30 m away with less information, B6 a second record
 * of b under that name; B5 has more information than A6. */
static const char k_b[] =
    "record_id,name,country,lat,lon,status,ore_mt,zn_pct,pb_pct,cu_pct\n"
    "B1,mannfjell,NO,63.3661,11.6482,deposit,0.09,,,\n"
    "B2,Twin,HR,45.1,15.2,,,,,\n"
    "B3,Far,HR,46.0,16.0,,,,,\n"
    "B4,,DE,50.0,10.0,,,,,\n"
    "B5,Rich,RS,44.3003,20.7002,mine,0.413,,,2.87\n"
    "B6,MANNFJELL,NO,63.3658,11.6478,,,,,\n";

typedef struct fixture {
  char dir[64];      /* temporary directory */
  soso_store *store; /* store with sources a and b */
} fixture;

static int put(fixture *f, const char *name, const char *text) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s.csv", f->dir, name);
  FILE *fp = fopen(path, "w");
  if (!fp) return -1;
  fputs(text, fp);
  fclose(fp);
  soso_import_report rep;
  int rc = soso_deposits_import(&rep, f->store, path, NULL);
  soso_deposits_import_report_clear(&rep);
  return rc;
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof *f);
  char path[160];
  snprintf(f->dir, sizeof f->dir, "/tmp/soso_dup_XXXXXX");
  if (!f || !mkdtemp(f->dir)) return -1;
  snprintf(path, sizeof path, "%s/t.db", f->dir);
  if (soso_store_open(&f->store, path) < 0) return -1;
  *state = f;
  return put(f, "a", k_a) < 0 || put(f, "b", k_b) < 0 ? -1 : 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  soso_store_free(f->store);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  int rc = system(cmd);
  free(f);
  return rc == 0 ? 0 : -1;
}

static soso_deposits *run(fixture *f, int keep) {
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  o.keep_duplicates = keep;
  soso_deposits *s = NULL;
  assert_int_equal(soso_deposits_screen_run(&s, f->store, &o, DATA_DIR), 0);
  return s;
}

static long find(const soso_deposits *s, const char *id) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->id[i], id) == 0) return (long)i;
  return -1;
}

static void test_collapse(void **state) {
  fixture *f = *state;
  soso_deposits *s = run(f, 0);
  const char *kept[] = {"a:A1", "a:A2", "a:A3", "a:A4", "a:A5", "b:B3", "b:B4", "b:B5", "b:B6"};
  assert_int_equal(s->n, 9);
  for (size_t k = 0; k < 9; k++) assert_string_equal(s->id[k], kept[k]); /* still by id */
  assert_non_null(s->also);
  assert_string_equal(s->also[find(s, "a:A1")], "b:B1");
  assert_string_equal(s->also[find(s, "a:A2")], "b:B2");
  assert_string_equal(s->also[find(s, "b:B5")], "a:A6");
  const char *alone[] = {"a:A3", "a:A4", "a:A5", "b:B3", "b:B4", "b:B6"};
  for (size_t k = 0; k < 6; k++) assert_null(s->also[find(s, alone[k])]);
  /* Commodities and main moved with their records. */
  long a1 = find(s, "a:A1"), b5 = find(s, "b:B5");
  assert_string_equal(s->main[a1], "zn");
  assert_true(fabs(s->ore_mt[a1] - 0.0917) < 1e-12);
  assert_true(fabs(soso_deposits_contained(s, (size_t)a1, "pb") - 0.0917e6 * 0.0137) < 1e-6);
  assert_string_equal(s->main[b5], "cu");
  assert_true(fabs(soso_deposits_contained(s, (size_t)b5, "cu") - 0.413e6 * 0.0287) < 1e-6);
  assert_int_equal(s->first[s->n], s->n_items);
  soso_deposits_free(s);
}

static void test_keep(void **state) {
  fixture *f = *state;
  soso_deposits *s = run(f, 1);
  assert_int_equal(s->n, 12);
  assert_null(s->also);
  /* Deduplicating the kept set by hand gives the same as the default, and again
   * changes nothing. */
  size_t removed = 99;
  assert_int_equal(soso_deposits_dedup(s, SOSO_DEDUP_KM, &removed), 0);
  assert_int_equal(removed, 3);
  assert_int_equal(soso_deposits_dedup(s, SOSO_DEDUP_KM, &removed), 0);
  assert_int_equal(removed, 0);
  assert_int_equal(s->n, 9);
  /* A wider distance takes in A5 and B3 (1.5 km apart). */
  assert_int_equal(soso_deposits_dedup(s, 2.0, &removed), 0);
  assert_int_equal(removed, 1);
  assert_int_equal(s->n, 8);
  assert_int_equal(find(s, "b:B3"), -1); /* A5 and B3 score alike: the lower id stays */
  assert_string_equal(s->also[find(s, "a:A5")], "b:B3");
  assert_string_equal(s->also[find(s, "a:A1")], "b:B1"); /* earlier passes kept */
  assert_null(s->also[find(s, "b:B6")]);
  assert_int_equal(soso_deposits_dedup(s, -1.0, &removed), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "dedup"));
  soso_deposits_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_collapse, setup, teardown),
      cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
