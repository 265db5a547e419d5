/* test_sweep.c - the sweep's scenarios file and how a scenario changes a mine:
 * per-commodity multipliers override "all", a log-OU factor's long-run level moves
 * with its price, unset rates keep the mine's; parse errors are FILE:LINE. */
#define _GNU_SOURCE
#include "soso/error.h"
#include "soso/sweep.h"

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

static void assert_close(double got, double want, double tol) {
  if (!(fabs(got - want) <= tol)) fail_msg("got %.17g, want %.17g (tol %g)", got, want, tol);
}

static char *write_tmp(const char *text) {
  char *p = strdup("/tmp/soso-test-sweep-XXXXXX");
  int fd = mkstemp(p);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return p;
}

static void test_apply(void **state) {
  (void)state;
  char *p = write_tmp("window: \"2000-01..latest\"\nlsm_paths: 750\nscenarios:\n"
                      "  - name: base\n"
                      "  - name: mix\n    price: {all: 0.8, ZINC: 1.25}\n"
                      "    volatility: {COPPER: 1.5}\n    opex: 1.1\n    capex: 0.9\n"
                      "    royalty: 0.04\n");
  soso_sweep_scenarios *sc = NULL;
  assert_int_equal(soso_sweep_scenarios_load(&sc, p), 0);
  assert_string_equal(sc->window, "2000-01..latest");
  assert_int_equal(sc->lsm_paths, 750);
  assert_int_equal(sc->n, 2);
  soso_mine m;
  memset(&m, 0, sizeof m);
  m.pmodel.d.n = 2;
  snprintf(m.pmodel.d.f[0].name, SOSO_NAME_MAX, "ZINC");
  m.pmodel.d.f[0].kind = SOSO_PRICE_GBM;
  m.pmodel.d.f[0].s0 = 2950.5;
  m.pmodel.d.f[0].sigma = 0.235;
  snprintf(m.pmodel.d.f[1].name, SOSO_NAME_MAX, "COPPER");
  m.pmodel.d.f[1].kind = SOSO_PRICE_OU;
  m.pmodel.d.f[1].s0 = 9385.25;
  m.pmodel.d.f[1].alpha = 8.9125;
  m.pmodel.d.f[1].sigma = 0.2175;
  m.cash_cost = 61.25;
  m.fixed_cost = 1021.5;
  m.capital_cost = 1.7325e7;
  m.discount_rate = 0.0815;
  m.royalty = 0.0;
  soso_mine b = m;
  soso_sweep_apply(&b, &sc->s[0]);
  assert_memory_equal(&b, &m, sizeof m);
  soso_sweep_apply(&m, &sc->s[1]);
  assert_close(m.pmodel.d.f[0].s0, 2950.5 * 1.25, 1e-9);
  assert_close(m.pmodel.d.f[0].sigma, 0.235, 1e-15);
  assert_close(m.pmodel.d.f[1].s0, 9385.25 * 0.8, 1e-9);
  assert_close(m.pmodel.d.f[1].alpha, 8.9125 + log(0.8), 1e-12);
  assert_close(m.pmodel.d.f[1].sigma, 0.2175 * 1.5, 1e-15);
  assert_close(m.cash_cost, 61.25 * 1.1, 1e-12);
  assert_close(m.fixed_cost, 1021.5 * 1.1, 1e-9);
  assert_close(m.capital_cost, 1.7325e7 * 0.9, 1e-3);
  assert_close(m.discount_rate, 0.0815, 1e-15);
  assert_close(m.royalty, 0.04, 1e-15);
  soso_sweep_scenarios_free(sc);
  unlink(p);
  free(p);
}

static void test_errors(void **state) {
  (void)state;
  static const char *const bad[][2] = {
      {"scenarios: []\n", ":1: scenarios: expected a list"},
      {"scenarios:\n  - price: 1\n", ":2: scenarios[0]: every scenario needs a name"},
      {"scenarios:\n  - name: a\n    royalty: 1.5\n", ":3: scenarios[0].royalty: 1.5 is too large"},
      {"scenarios:\n  - name: a\n    price: {ZINC: x}\n", ":3: scenarios[0].price.ZINC: \"x\" is not a number"},
      {"lsm_paths: 10\nscenarios:\n  - name: a\n", ":1: lsm_paths: 10 is too small"},
      {"scenarios:\n  - name: a\n  - name: a\n", ":3: name: \"a\" is used twice"},
      {"scenario:\n  - name: a\n", ":1: scenario: unknown key"}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *p = write_tmp(bad[i][0]);
    soso_sweep_scenarios *sc = (soso_sweep_scenarios *)1;
    assert_int_equal(soso_sweep_scenarios_load(&sc, p), SOSO_EDATA);
    assert_null(sc);
    const char *e = soso_error_last();
    if (!strstr(e, bad[i][1]) || strncmp(e, p, strlen(p)) != 0)
      fail_msg("case %zu: \"%s\" does not hold \"%s\"", i, e, bad[i][1]);
    unlink(p);
    free(p);
  }
  soso_sweep_scenarios_free(NULL);
  soso_sweep_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_apply), cmocka_unit_test(test_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
