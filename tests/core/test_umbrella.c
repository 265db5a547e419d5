/* test_umbrella.c - the umbrella header compiles on its own (every public header is
 * self-contained and free of third-party types) and the stage entry points it
 * promises are declared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "soso/soso.h"

static void test_entry_points(void **state) {
  (void)state;
  /* Typed function pointers: a missing declaration or a changed signature fails to
   * compile. */
  int (*value)(soso_valuation **, const soso_mine *, const soso_value_opts *) =
      soso_value_solve;
  int (*ops)(soso_ops_result **, const soso_policy *, const soso_mine *,
             const soso_ops_opts *) = soso_ops_simulate;
  int (*impacts)(soso_assessment **, const soso_site *, const soso_community *,
                 const soso_rules *, const soso_impacts_opts *) = soso_impacts_run;
  int (*region)(soso_region_analysis **, const soso_region *, const soso_rules *,
                const soso_cumrules *, const soso_region_opts *) = soso_region_analyse;
  assert_true(value != NULL && ops != NULL && impacts != NULL && region != NULL);
  soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
  assert_int_equal(vo.method, SOSO_VALUE_AUTO);
  soso_impacts_opts io = SOSO_IMPACTS_OPTS_INIT;
  assert_int_equal(io.n_paths, 0);
  soso_region_opts ro = SOSO_REGION_OPTS_INIT;
  assert_int_equal(ro.strategy, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_entry_points)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
