/* test_plant.c - the one mobile plant serves only the sites it can: a site whose
 * site file plans a fixed plant, or whose ore a month is outside the plant's
 * capacity range (strategy.plant_capacity_t_month), is reported and left out of
 * the sequential and optimised plans; the concurrent strategy (own plants) keeps
 * every site. Runs on the worked example examples/drina. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DRINA SOSO_SOURCE_DIR "/examples/drina/"

static size_t index_of(const soso_region *r, const char *name) {
  for (size_t i = 0; i < soso_region_n_sites(r); i++)
    if (strcmp(soso_region_site_name(r, i), name) == 0) return i;
  fail_msg("no site %s", name);
  return 0;
}

/* s without the thousands commas English numbers carry in a reader's text
 * (soso_i18n_number: 22,000), to compare with the machine reason (22000). */
static const char *nocomma(char *s) {
  size_t w = 0;
  for (size_t k = 0; s[k]; k++)
    if (s[k] != ',' || !(k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9' && s[k + 1] >= '0' &&
                         s[k + 1] <= '9'))
      s[w++] = s[k];
  s[w] = '\0';
  return s;
}

static int in_plan(const soso_region_result *res, size_t i) {
  for (size_t k = 0; k < res->n_used; k++)
    if (res->order[k] == i) return 1;
  return 0;
}

static void test_flags(void **state) {
  (void)state;
  soso_region *r = NULL;
  assert_int_equal(soso_region_load(&r, DRINA "drina.region.yaml"), SOSO_OK);
  size_t vm = index_of(r, "Veliki Majdan"), ru = index_of(r, "Rudnik"), sa = index_of(r, "Sase");
  /* Veliki Majdan's site file: plant modular false */
  assert_non_null(strstr(soso_region_site_not_served(r, vm), "fixed plant"));
  /* Rudnik: fixed plant, and 22,000 t a month above the 6,000 t of the plant */
  assert_non_null(strstr(soso_region_site_not_served(r, ru), "22000 t of ore a month"));
  assert_string_equal(soso_region_site_not_served(r, sa), "");
  /* The reader's-language text (no language set up: English) says what the stored
   * reason says, for each of the three cases (fixed; fixed and out of range; none). */
  char why[512];
  for (size_t i = 0; i < soso_region_n_sites(r); i++)
    assert_string_equal(nocomma(soso_region_site_not_served_text(why, sizeof why, r, i)),
                        soso_region_site_not_served(r, i));
  assert_string_equal(soso_region_site_not_served_text(why, sizeof why, r, 99), "");
  assert_non_null(strstr(soso_region_site_file(r, sa), "sase.site.yaml"));
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = 16;
  for (int k = SOSO_STRATEGY_CONCURRENT; k <= SOSO_STRATEGY_OPTIMISED; k++) {
    soso_region_result *res = NULL;
    assert_int_equal(soso_region_run(&res, r, (soso_strategy)k, &o), SOSO_OK);
    int one_plant = k != SOSO_STRATEGY_CONCURRENT;
    assert_int_equal(in_plan(res, vm), !one_plant);
    assert_int_equal(in_plan(res, ru), !one_plant);
    assert_true(in_plan(res, sa));
    soso_region_result_free(res);
  }
  soso_region_free(r);
}

/* The drina region file with its strategy's capacity range replaced, written with
 * absolute file names so that it can live outside the example folder. */
static void variant(const char *path, const char *range) {
  FILE *in = fopen(DRINA "drina.region.yaml", "r"), *out = fopen(path, "w");
  assert_non_null(in);
  assert_non_null(out);
  char line[4096];
  while (fgets(line, sizeof line, in)) {
    char *k;
    if ((k = strstr(line, "plant_capacity_t_month:")) != NULL)
      fprintf(out, "  plant_capacity_t_month: %s\n", range);
    else if ((k = strstr(line, "site: ")) != NULL && strstr(line, ".site.yaml"))
      fprintf(out, "    site: %s%s", DRINA, k + 6);
    else if ((k = strstr(line, "- file: ")) != NULL)
      fprintf(out, "  - file: %s%s", DRINA, k + 8);
    else
      fputs(line, out);
  }
  fclose(in);
  fclose(out);
}

static void test_capacity(void **state) {
  (void)state;
  char path[512];
  snprintf(path, sizeof path, "%s/plant_%ld.region.yaml", SOSO_BINARY_DIR, (long)getpid());
  /* 4,000-4,300 t a month: Sase (4,200) fits; Olovo (3,800) and Gorazde (2,500) do not */
  variant(path, "[4000, 4300]");
  soso_region *r = NULL;
  assert_int_equal(soso_region_load(&r, path), SOSO_OK);
  assert_string_equal(soso_region_site_not_served(r, index_of(r, "Sase")), "");
  assert_non_null(strstr(soso_region_site_not_served(r, index_of(r, "Olovo")),
                         "3800 t of ore a month, outside the mobile plant's range of 4000 "
                         "to 4300 t"));
  assert_non_null(strstr(soso_region_site_not_served(r, index_of(r, "Gorazde")), "2500 t"));
  char why[512]; /* out of range only: the same words in the reader's-language text */
  assert_string_equal(
      nocomma(soso_region_site_not_served_text(why, sizeof why, r, index_of(r, "Olovo"))),
      soso_region_site_not_served(r, index_of(r, "Olovo")));
  soso_region_opts o = SOSO_REGION_OPTS_INIT;
  o.n_paths = 16;
  soso_region_result *res = NULL;
  assert_int_equal(soso_region_run(&res, r, SOSO_STRATEGY_SEQUENTIAL, &o), SOSO_OK);
  assert_int_equal(res->n_used, 1);
  assert_int_equal(res->order[0], index_of(r, "Sase"));
  soso_region_result_free(res);
  soso_region_free(r);
  /* a range with max below min is an error naming the file, line and key */
  variant(path, "[6000, 2000]");
  assert_true(soso_region_load(&r, path) < 0);
  assert_null(r);
  assert_non_null(strstr(soso_error_last(), "plant_capacity_t_month: max 2000 is below min 6000"));
  assert_non_null(strstr(soso_error_last(), ".region.yaml:"));
  variant(path, "[lots, 2000]");
  assert_true(soso_region_load(&r, path) < 0);
  assert_non_null(strstr(soso_error_last(), "\"lots\" is not a number"));
  remove(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_flags),
                                     cmocka_unit_test(test_capacity)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
