/* test_io.c - input-output analysis: the reference two-sector case (reference
 * README section 4), Type II against an independent 3 x 3 inverse, site spill-overs,
 * and every table error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/io.h"
#include "impacts/fixture.h"

#include <math.h>
#include <stdlib.h>

/* Exact arithmetic on a 2 x 2 table: agreement to 1e-12 relative is LU round-off. */
#define TIGHT 1e-12

static void test_reference_case(void **state) {
  (void)state;
  const double Z[] = {150, 500, 200, 100}, f[] = {350, 1700}, x[] = {1000, 2000};
  soso_io_table *t = NULL;
  assert_int_equal(soso_io_table_new(&t, 2, NULL, Z, f, x), SOSO_OK);
  soso_io_result *r = NULL;
  assert_int_equal(soso_io_analyse(&r, t), SOSO_OK);
  /* A = [[.15,.25],[.2,.05]]; det(I - A) = .85 * .95 - .25 * .2 = .7575 */
  const double det = 0.7575;
  const double L[] = {0.95 / det, 0.25 / det, 0.2 / det, 0.85 / det};
  for (int i = 0; i < 4; i++) assert_true(fabs(r->L[i] - L[i]) < TIGHT);
  /* L f must reproduce x (reference section 4). */
  assert_true(fabs(r->x_check[0] - 1000) < 1e-9);
  assert_true(fabs(r->x_check[1] - 2000) < 1e-9);
  /* Type I output multipliers: column sums of L. */
  assert_true(fabs(r->output_type1[0] - 1.15 / det) < TIGHT);
  assert_true(fabs(r->output_type1[1] - 1.10 / det) < TIGHT);
  assert_null(r->output_type2);
  assert_null(r->emp_type1);
  soso_io_result_free(r);
  soso_io_table_free(t);
}

/* det of a 3 x 3 row-major matrix. */
static double det3(const double *m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

static void test_type2_and_jobs(void **state) {
  (void)state;
  const double Z[] = {150, 500, 200, 100}, f[] = {350, 1700}, x[] = {1000, 2000};
  const double W[] = {317.3, 811.9}, C[] = {143.7, 655.1}, jobs[] = {37.9, 21.3};
  soso_io_table *t = NULL;
  assert_int_equal(soso_io_table_new(&t, 2, NULL, Z, f, x), SOSO_OK);
  assert_int_equal(soso_io_table_set_households(t, W, C, 0), SOSO_OK);
  assert_int_equal(soso_io_table_set_employment(t, jobs), SOSO_OK);
  soso_io_result *r = NULL;
  assert_int_equal(soso_io_analyse(&r, t), SOSO_OK);
  /* Independent oracle: (I - A*)^-1 by Cramer's rule (cofactors / det). */
  double XH = W[0] + W[1];
  double As[9] = {0.15, 0.25, C[0] / XH, 0.2, 0.05, C[1] / XH, W[0] / 1000, W[1] / 2000, 0};
  double M[9];
  for (int i = 0; i < 9; i++) M[i] = (i % 4 == 0) - As[i];
  double d = det3(M);
  for (int j = 0; j < 2; j++) {
    double colsum = 0.0, hh = 0.0, jobs2 = 0.0;
    for (int i = 0; i < 3; i++) {
      /* inverse(i, j) = cofactor(j, i) / det */
      int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
      double cof = M[r0 * 3 + c0] * M[r1 * 3 + c1] - M[r0 * 3 + c1] * M[r1 * 3 + c0];
      double inv = cof / d;
      if (i < 2) {
        colsum += inv;
        jobs2 += jobs[i] / x[i] * inv;
      } else {
        hh = inv;
      }
    }
    assert_true(fabs(r->output_type2[j] - colsum) < 1e-12);
    assert_true(fabs(r->income_type2[j] - hh) < 1e-12);
    assert_true(fabs(r->emp_type2[j] - jobs2) < 1e-12);
    assert_true(r->output_type2[j] > r->output_type1[j]); /* households add spending */
  }
  /* Site effects: ratios applied to the site's own direct figures. */
  soso_io_site s;
  assert_int_equal(soso_io_site_effects(&s, r, 1, 47.0, 1.9e6, 8.3e6), SOSO_OK);
  double e1 = jobs[1] / 2000;
  assert_true(fabs(s.indirect_jobs - 47.0 * (r->emp_type1[1] / e1 - 1)) < 1e-9);
  assert_true(fabs(s.induced_jobs - 47.0 * (r->emp_type2[1] - r->emp_type1[1]) / e1) < 1e-9);
  assert_true(fabs(s.indirect_output - 8.3e6 * (r->output_type1[1] - 1)) < 1e-3);
  assert_true(s.have_jobs && s.have_income && s.have_type2);
  assert_int_equal(soso_io_site_effects(&s, r, 2, 1, 1, 1), SOSO_EUSAGE);
  soso_io_result_free(r);
  soso_io_table_free(t);
}

static void test_not_productive(void **state) {
  (void)state;
  /* Column sums of A above one: the Leontief inverse has negative entries. */
  const double Z[] = {60, 150, 90, 40}, f[] = {1, 1}, x[] = {100, 100};
  soso_io_table *t = NULL;
  assert_int_equal(soso_io_table_new(&t, 2, NULL, Z, f, x), SOSO_OK);
  soso_io_result *r = NULL;
  assert_int_equal(soso_io_analyse(&r, t), SOSO_ENUMERIC);
  assert_null(r);
  soso_io_table_free(t);
  /* Singular: I - A = 0. */
  const double Z1[] = {100}, f1[] = {0}, x1[] = {100};
  assert_int_equal(soso_io_table_new(&t, 1, NULL, Z1, f1, x1), SOSO_OK);
  assert_int_equal(soso_io_analyse(&r, t), SOSO_ENUMERIC);
  assert_non_null(strstr(soso_error_last(), "singular"));
  soso_io_table_free(t);
}

static const char *k_good =
    "# a comment\n"
    "sector,farm,mine,households,final_demand,total_output\n"
    "farm,150,500,120,350,1000\n"
    "mine,200,100,300,1700,2000\n"
    "households,317.3,811.9,,,\n"
    "employment,37.9,21.3,,,\n";

static void test_csv_load(void **state) {
  (void)state;
  fx_write("io_good.csv", k_good);
  soso_io_table *t = NULL;
  assert_int_equal(soso_io_table_load(&t, "io_good.csv"), SOSO_OK);
  assert_int_equal(soso_io_table_size(t), 2);
  assert_string_equal(soso_io_table_sector(t, 1), "mine");
  assert_int_equal(soso_io_table_find(t, "mine"), 1);
  assert_int_equal(soso_io_table_find(t, "gold"), -1);
  soso_io_result *r = NULL;
  assert_int_equal(soso_io_analyse(&r, t), SOSO_OK);
  assert_true(fabs(r->x_check[1] - 2000) < 1e-9);
  assert_non_null(r->emp_type2);
  soso_io_result_free(r);
  soso_io_table_free(t);
}

static void test_csv_errors(void **state) {
  (void)state;
  static const struct { const char *from, *to, *f1, *f2; } cases[] = {
      {"sector,farm", "name,farm", "io_bad.csv:2: header", "sector"},
      {",final_demand,total_output", ",fd,total_output", "final_demand and total_output", NULL},
      {"farm,150,500", "farm,15O,500", "io_bad.csv:3: farm: \"15O\" is not a number", NULL},
      {"farm,150,500", "farm,-150,500", "io_bad.csv:3: farm: -150 is negative", NULL},
      {"mine,200,100,300,1700,2000", "mine,200,100,300,1700,2100", "io_bad.csv:4: total_output",
       "0.5 %"},
      {"mine,200,100,300", "mine,200,100", "io_bad.csv:4: mine: 5 cells", NULL},
      {"farm,150,500,120,350,1000\nmine", "mine,200,100,300,1700,2000\nfarm", "io_bad.csv:3: sector",
       "expected"},
      {"households,317.3,811.9", "households,,811.9", "io_bad.csv:5: farm: empty cell", NULL},
      {"employment,37.9,21.3", "households,37.9,21.3", "io_bad.csv:6: households: row given twice",
       NULL},
      {"farm,150,500,120,350", "farm,150,500,400,350", "io_bad.csv:3: households", "exceeds"},
      {"farm,150,500,120,350,1000", "farm,150,500,120,350,0", "io_bad.csv:3: total_output", NULL},
      {"farm,mine,households", "farm,households,mine", "io_bad.csv:2: mine",
       "must come before"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fx_write("io_bad.csv", fx_replace(k_good, cases[i].from, cases[i].to));
    soso_io_table *t = NULL;
    fx_expect(soso_io_table_load(&t, "io_bad.csv"), cases[i].f1, cases[i].f2);
    assert_null(t);
  }
  /* households row without the households column */
  fx_write("io_bad.csv", "sector,a,final_demand,total_output\na,1,9,10\nhouseholds,2,,\n");
  soso_io_table *t = NULL;
  fx_expect(soso_io_table_load(&t, "io_bad.csv"), "io_bad.csv:3: households", "Type II");
  fx_write("io_bad.csv", "# only a comment\n");
  fx_expect(soso_io_table_load(&t, "io_bad.csv"), "io_bad.csv:1: header", "empty");
  fx_write("io_bad.csv", "sector,a,b,final_demand,total_output\na,1,1,8,10\n");
  fx_expect(soso_io_table_load(&t, "io_bad.csv"), "sector: 1 sector rows", NULL);
  assert_int_equal(soso_io_table_load(&t, "no-such-table.csv"), SOSO_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reference_case), cmocka_unit_test(test_type2_and_jobs),
      cmocka_unit_test(test_not_productive), cmocka_unit_test(test_csv_load),
      cmocka_unit_test(test_csv_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
