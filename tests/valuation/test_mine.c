/* test_mine.c - the mine file: a valid polymetallic file, revenue and cash-flow
 * arithmetic, closure cost, the Q model, and every documented load error with its
 * FILE:LINE: key. Fixtures: tests/data/mine_*.yaml (assumed numbers, labelled). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/error.h"
#include "soso/mine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA SOSO_SOURCE_DIR "/tests/data/"
#define assert_close(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static void valid_file(void **state) {
  (void)state;
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, DATA "mine_valid.yaml"), 0);
  assert_string_equal(m->money_unit, "EUR");
  assert_string_equal(m->period, "month");
  assert_close(m->period_years, 1.0 / 12.0, 1e-15);
  assert_close(m->reserve, 287400.0, 0.0);
  assert_int_equal(m->n_commodities, 3);
  assert_string_equal(m->commodity[2].name, "SILVER");
  assert_int_equal(m->commodity[2].factor, 2);
  assert_close(m->commodity[2].refining_charge, 0.0, 0.0); /* default */
  assert_close(m->commodity[0].treatment_charge, 14.37, 0.0);
  assert_int_equal(m->pmodel.d.n, 3);
  assert_int_equal(m->pmodel.d.f[1].kind, SOSO_PRICE_OU);
  assert_close(m->pmodel.d.f[1].kappa, 0.583, 0.0);
  assert_close(m->lambda[1], 0.0391, 0.0);
  assert_close(m->delta[0], 0.0427, 0.0);
  assert_close(m->pmodel.d.corr[1 * 3 + 2], 0.29, 0.0);
  assert_close(m->pmodel.d.corr[2 * 3 + 1], 0.29, 0.0);
  assert_int_equal(m->tax_loss_offset, 0);
  assert_int_equal(m->allow_abandon, 1); /* default */
  assert_close(m->operating_crew, 47.0, 0.0);
  assert_close(m->care_crew, 6.0, 0.0);
  assert_close(m->wage, 4120.0, 0.0);
  assert_close(m->horizon_years, 12.0, 0.0);
  soso_mine_free(m);
  soso_mine_free(NULL);
}

/* Revenue per tonne: sum of price_scale * grade * recovery * payable * (P - RC)
 * - TC, worked out by hand (Python) for the fixture: Zn 109.377277, Pb 31.235297,
 * Ag 22.925411 EUR/t. Exact arithmetic, so the tolerance is rounding only. */
static void revenue(void **state) {
  (void)state;
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, DATA "mine_valid.yaml"), 0);
  double p[3] = {2683.0, 2017.0, 23.71};
  assert_close(soso_mine_revenue_per_ore(m, p), 163.5379852049144, 1e-10);
  double q[3] = {1912.4, 1487.9, 17.93};
  assert_close(soso_mine_revenue_per_ore(m, q), 109.83143599486867, 1e-10);

  /* One quarter at t = 2.7 y mining 17,325 t: royalty on revenue, inflating costs,
   * tax on the positive base only (tax_loss_offset false). */
  soso_mine_flow f;
  double t = 2.7, ore = 17325.0, infl = exp(0.0237 * 2.7);
  soso_mine_operate(&f, m, t, p, ore, 0.25);
  double rev = ore * 163.5379852049144;
  double cost = (ore * 61.3 + 83700.0 * 3.0) * infl;
  double base = rev - 0.0275 * rev - cost;
  assert_true(base > 0.0);
  assert_close(f.revenue, rev, 1e-6);
  assert_close(f.royalty, 0.0275 * rev, 1e-6);
  assert_close(f.cost, cost, 1e-6);
  assert_close(f.tax, 0.213 * base, 1e-6);
  assert_close(f.net, base * (1.0 - 0.213), 1e-6);
  /* A loss: no tax, no credit. */
  double low[3] = {900.0, 700.0, 9.0};
  soso_mine_operate(&f, m, t, low, ore, 0.25);
  assert_true(f.net < 0.0);
  assert_close(f.tax, 0.0, 0.0);
  assert_close(f.net, f.revenue - f.royalty - f.cost, 1e-6);
  soso_mine_free(m);
}

/* Closure: cost spent evenly over 2.5 years, inflating, discounted; checked
 * against Simpson's rule with 2000 intervals (error ~1e-13 relative). */
static void closure(void **state) {
  (void)state;
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, DATA "mine_valid.yaml"), 0);
  double t = 4.35, rate = 0.0671, D = 2.5;
  int n = 2000;
  double sum = 0.0;
  for (int i = 0; i <= n; i++) {
    double s = D * i / n, w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    sum += w * exp(0.0237 * (t + s) - rate * s);
  }
  double want = 2730000.0 / D * sum * (D / n) / 3.0;
  assert_close(soso_mine_closure_at(m, t, rate), want, 1e-6);
  /* Instantaneous closure: just the inflated cost. */
  m->closure_years = 0.0;
  assert_close(soso_mine_closure_at(m, t, rate), 2730000.0 * exp(0.0237 * t), 1e-6);
  m->closure_cost = 0.0;
  assert_close(soso_mine_closure_at(m, t, rate), 0.0, 0.0);
  assert_close(soso_mine_inflation(m, 3.1), exp(0.0237 * 3.1), 1e-15);
  soso_mine_free(m);
}

/* Q model: GBM drift r - delta, OU level alpha - lambda / kappa, P untouched. */
static void qmodel(void **state) {
  (void)state;
  soso_mine *m = NULL;
  assert_int_equal(soso_mine_load(&m, DATA "mine_valid.yaml"), 0);
  soso_qmodel q;
  assert_int_equal(soso_mine_qmodel(&q, m), 0);
  assert_close(q.r, 0.0312, 0.0);
  assert_close(q.d.f[0].mu, 0.0312 - 0.0427, 1e-15);
  assert_close(q.d.f[2].mu, 0.0312 - 0.0071, 1e-15);
  assert_close(q.d.f[1].alpha, 7.612 - 0.0391 / 0.583, 1e-12);
  assert_close(m->pmodel.d.f[0].mu, 0.0163, 0.0);
  assert_int_equal(soso_mine_qmodel(NULL, m), SOSO_EUSAGE);
  soso_mine_free(m);
}

/* The shipped Brennan-Schwartz example loads with the paper's parameters. */
static void brennan_schwartz_file(void **state) {
  (void)state;
  soso_mine *m = NULL;
  assert_int_equal(
      soso_mine_load(&m, SOSO_SOURCE_DIR "/examples/brennan-schwartz-1985/mine.yaml"), 0);
  assert_close(m->reserve, 150.0, 0.0);
  assert_close(m->capacity, 10.0, 0.0);
  assert_close(m->period_years, 1.0, 0.0);
  assert_close(m->pmodel.d.f[0].sigma * m->pmodel.d.f[0].sigma, 0.08, 1e-15);
  assert_int_equal(m->tax_loss_offset, 1);
  assert_close(m->property_tax, 0.02, 0.0);
  assert_close(m->horizon_years / m->step_years, 120.0, 1e-12);
  soso_mine_free(m);
}

/* Loads path, expects failure with code and a message holding want. */
static void expect_fail(const char *path, int code, const char *want) {
  soso_mine *m = (soso_mine *)(uintptr_t)1;
  int rc = soso_mine_load(&m, path);
  if (rc != code || !strstr(soso_error_last(), want))
    print_error("got %d \"%s\", want %d \"%s\"\n", rc, soso_error_last(), code, want);
  assert_int_equal(rc, code);
  assert_null(m);
  assert_non_null(strstr(soso_error_last(), want));
}

/* The fixtures named in the issue: missing, negative, inconsistent, unknown. */
static void fixture_errors(void **state) {
  (void)state;
  expect_fail(DATA "mine_missing_reserve.yaml", SOSO_EDATA,
              "mine_missing_reserve.yaml:3: reserve: missing (required)");
  expect_fail(DATA "mine_negative_cost.yaml", SOSO_EDATA,
              "mine_negative_cost.yaml:28: costs.cash_cost: -61.3 is negative");
  expect_fail(DATA "mine_unknown_key.yaml", SOSO_EDATA,
              "mine_unknown_key.yaml:33: costs.care_costs: unknown key");
  expect_fail(DATA "mine_inconsistent_step.yaml", SOSO_EDATA,
              "mine_inconsistent_step.yaml:81: decisions.step_years: 0.35 does not divide");
  expect_fail(DATA "mine_bad_correlation.yaml", SOSO_EDATA, "not positive definite");
  expect_fail(DATA "mine_bad_correlation.yaml", SOSO_EDATA, "mine_bad_correlation.yaml:");
  expect_fail(DATA "mine_no_such_file.yaml", SOSO_EIO, "mine_no_such_file.yaml: cannot open");
  expect_fail(NULL, SOSO_EUSAGE, "no file");
}

/* Variants of the valid file: replace old by new, expect key and reason on the
 * line where `at` appears in the new text (the line of the offending value). */
typedef struct variant {
  const char *old, *new_text, *at, *want;
} variant;

static const variant k_variants[] = {
    {"recovery: 0.886", "recovery: 1.886", "recovery: 1.886",
     "commodities[0].recovery: 1.886 is too large"},
    {"grade: 0.0731", "grade: 0,0731", "grade: 0,0731", "(use a decimal point)"},
    {"period: month", "period: fortnight", "period: fortnight", "period: \"fortnight\""},
    {"      model: ou", "      model: heston", "model: heston", "is not gbm or ou"},
    {"      kappa: 0.583", "      kappa: 0.583\n      mu: 0.01", "mu: 0.01\n",
     "prices.factors[1].mu: belongs to model gbm"},
    {"      mu: 0.0163", "      mu: 0.0163\n      kappa: 1.2", "kappa: 1.2",
     "prices.factors[0].kappa: belongs to model ou"},
    {"      kappa: 0.583", "      kappa: 0", "kappa: 0", "kappa: 0 is too small"},
    {"commodity: SILVER", "commodity: GOLD", "commodity: GOLD",
     "\"GOLD\" is not one of the mine's commodities"},
    {"commodity: SILVER", "commodity:  ZINC", "commodity:  ZINC", "has two price factors"},
    {"care_crew: 6", "care_crew: 61", "care_crew: 61", "exceeds the operating crew"},
    {"  closure_cost: 2730000\n", "", "closure_years:", "closure takes 2.5 years"},
    {"  royalty: 0.0275", "  royalty: 0.0275\n  royalty: 0.03", "royalty: 0.03",
     "royalty: given twice (first on line"},
    {"income_tax: 0.213", "income_tax: 1.3", "income_tax: 1.3", "1.3 is too large"},
    {"- [0.61, 1, 0.29]", "- [0.61, 1, 0.92]", "- [0.34, 0.29, 1]", "not symmetric at (2, 1)"},
    {"    - [0.34, 0.29, 1]\n", "", "- [1, 0.61", "must be a 3 x 3 matrix"},
    {"- [0.61, 1, 0.29]", "- [0.61, 0.9, 0.29]", "- [0.61, 0.9", "diagonal entry 1"},
    {"tax_loss_offset: false", "tax_loss_offset: maybe", "tax_loss_offset: maybe",
     "must be true or false"},
    {"sigma: 0.241", "sigma: 24.1", "sigma: 24.1", "implausible"},
    {"  - name: LEAD", "  - name: ZINC", "name: ZINC\n    grade: 0.0248", "listed twice"},
    {"horizon_years: 12", "horizon_years: 0", "horizon_years: 0", "0 is too small"},
    {"money_unit: EUR\n", "", "name:", "money_unit: missing"},
    {"name: Fixture", "nmae: Fixture", "nmae:", "nmae: unknown key"},
    {"  wage: 4120", "  wage: -4120", "wage: -4120", "workforce.wage: -4120 is negative"},
    {"  care_crew: 6\n", "", "operating_crew:", "workforce.care_crew: missing"},
    {"capacity: 6150", "capacity: 0", "capacity: 0", "capacity: 0 is too small"},
    {"      s0: 23.71", "      s0: -23.71", "s0: -23.71", "s0: -23.71 is negative"},
    {"    - commodity: SILVER\n", "    - commodity: SILVER\n      bogus: 1\n", "bogus:",
     "prices.factors[2].bogus: unknown key"},
    {"costs:\n", "costs: [\n", "  fixed_cost: 83700", "yaml: did not find expected"},
};

static int line_of(const char *text, const char *at) {
  const char *p = strstr(text, at);
  int line = 1;
  for (const char *c = text; p && c < p; c++) line += *c == '\n';
  return p ? line : -1;
}

static void variant_errors(void **state) {
  (void)state;
  char *base = NULL;
  size_t len = 0;
  FILE *f = fopen(DATA "mine_valid.yaml", "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  base = calloc(len + 1, 1);
  assert_int_equal(fread(base, 1, len, f), len);
  fclose(f);
  const char *path = SOSO_BINARY_DIR "/test_mine_variant.yaml";
  for (size_t i = 0; i < sizeof k_variants / sizeof k_variants[0]; i++) {
    const variant *v = &k_variants[i];
    const char *p = strstr(base, v->old);
    assert_non_null(p);
    size_t head = (size_t)(p - base), ol = strlen(v->old), nl = strlen(v->new_text);
    char *text = calloc(len - ol + nl + 1, 1);
    memcpy(text, base, head);
    memcpy(text + head, v->new_text, nl);
    memcpy(text + head + nl, p + ol, len - head - ol);
    FILE *o = fopen(path, "wb");
    assert_non_null(o);
    fputs(text, o);
    fclose(o);
    char want[256];
    snprintf(want, sizeof want, "test_mine_variant.yaml:%d: ", line_of(text, v->at));
    expect_fail(path, SOSO_EDATA, want);
    expect_fail(path, SOSO_EDATA, v->want);
    free(text);
  }
  /* Empty file and a file that is not a mapping. */
  FILE *o = fopen(path, "wb");
  fclose(o);
  expect_fail(path, SOSO_EDATA, "the file is empty");
  o = fopen(path, "wb");
  fputs("- 1\n- 2\n", o);
  fclose(o);
  expect_fail(path, SOSO_EDATA, "test_mine_variant.yaml:1: file: must be a mapping");
  remove(path);
  free(base);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(valid_file),     cmocka_unit_test(revenue),
      cmocka_unit_test(closure),        cmocka_unit_test(qmodel),
      cmocka_unit_test(brennan_schwartz_file), cmocka_unit_test(fixture_errors),
      cmocka_unit_test(variant_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
