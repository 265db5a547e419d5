/* site_sim.c - runs the SOSO engine for a site: its mine's valuation (the one entry
 * point soso_value_solve: grid for one price factor, least-squares Monte Carlo for
 * several) and the optimal policy followed along real-world price paths
 * (soso_ops_simulate).
 *
 * Invariants: the policy is solved under the risk-neutral model (valuation), the
 * paths are drawn from the mine's real-world model (ops.h); everything but
 * the returned result is freed before returning. Results are reproducible from the
 * seed whatever the thread count (both engines guarantee it).
 */
#include "soso/site.h"
#include "soso/error.h"
#include "soso/value.h"

#include <stdio.h>

int soso_site_operations(soso_ops_result **out, const soso_site *s, const soso_ops_opts *o,
                         char *method, size_t method_n) {
  *out = NULL;
  const soso_mine *m = soso_site_mine(s);
  soso_valuation *v = NULL;
  soso_value_opts vo = SOSO_VALUE_OPTS_INIT;
  vo.n_threads = o->n_threads;
  int rc = soso_value_solve(&v, m, &vo);
  if (!rc && method) soso_value_describe(v, method, method_n);
  if (!rc) rc = soso_ops_simulate(out, soso_value_policy(v), m, o);
  soso_value_free(v);
  return rc;
}
