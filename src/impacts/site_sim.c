/* site_sim.c - runs the SOSO engine for a site: the optimal switching policy of its
 * mine (grid dynamic programming for one price factor, least-squares Monte Carlo
 * for several) followed along real-world price paths (soso_ops_simulate).
 *
 * Invariants: the policy is solved under the risk-neutral model (valuation), the
 * paths are drawn from the mine's real-world model (operations.h); everything but
 * the returned result is freed before returning. Results are reproducible from the
 * seed whatever the thread count (both engines guarantee it).
 */
#include "soso/site.h"
#include "soso/error.h"
#include "soso/lsm.h"
#include "soso/valuation.h"

#include <stdio.h>

int soso_site_operations(soso_ops_result **out, const soso_site *s, const soso_ops_opts *o,
                         char *method, size_t method_n) {
  *out = NULL;
  const soso_mine *m = soso_site_mine(s);
  soso_qmodel q;
  soso_switching sw;
  soso_policy *p = NULL;
  soso_grid *g = NULL;
  soso_lsm_mine *lm = NULL;
  int rc = soso_mine_qmodel(&q, m);
  if (!rc) rc = soso_switching_init(&sw, m, &q);
  if (!rc && m->pmodel.d.n == 1) {
    soso_grid_opts go = SOSO_GRID_OPTS_INIT;
    rc = soso_grid_solve(&g, &sw, &go);
    if (!rc) rc = soso_grid_policy(&p, g);
    if (method) snprintf(method, method_n, "grid dynamic programming (one price factor)");
  } else if (!rc) {
    soso_lsm_mine_opts lo = SOSO_LSM_MINE_OPTS_INIT;
    /* regression paths: as many as the simulation's, within [2000, 20000] (fewer
     * fit a rougher policy; more cost time without changing a screening) */
    lo.n_paths = o->n_paths < 2000 ? 2000 : o->n_paths > 20000 ? 20000 : o->n_paths;
    lo.seed = o->seed;
    lo.n_threads = o->n_threads;
    rc = soso_lsm_mine_solve(&lm, &sw, &lo);
    if (!rc) rc = soso_lsm_mine_policy(&p, lm);
    if (method)
      snprintf(method, method_n, "least-squares Monte Carlo (%d price factors, %zu paths)",
               m->pmodel.d.n, lo.n_paths);
  }
  if (!rc) rc = soso_ops_simulate(out, p, m, o);
  soso_policy_free(p);
  soso_grid_free(g);
  soso_lsm_mine_free(lm);
  return rc;
}
