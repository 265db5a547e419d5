/* policy.c - the solver-independent front of soso_policy: argument checks and
 * the cases every policy shares, then dispatch through the vtable.
 *
 * Invariant: decide never allocates and never writes to the policy, so a policy
 * may be shared read-only between threads.
 */
#include "valuation/policy_int.h"
#include "soso/error.h"

#include <math.h>
#include <stddef.h>

const char *soso_valuation_mode_name(int mode) {
  switch (mode) {
    case SOSO_MODE_OPEN: return "open";
    case SOSO_MODE_CLOSED: return "closed";
    case SOSO_MODE_ABANDONED: return "abandoned";
    default: return "unknown";
  }
}

int soso_valuation_policy_decide(const soso_policy *p, double t_years, double reserve,
                       const double *prices, int mode, int *next_mode) {
  if (!p || !prices || !next_mode)
    return soso_error_set(SOSO_EUSAGE, "policy: missing argument");
  if (mode != SOSO_MODE_OPEN && mode != SOSO_MODE_CLOSED && mode != SOSO_MODE_ABANDONED)
    return soso_error_set(SOSO_EUSAGE, "policy: mode %d is not a mode", mode);
  if (!isfinite(t_years) || t_years < 0.0 || isnan(reserve))
    return soso_error_set(SOSO_EUSAGE, "policy: time %g or reserve %g out of range",
                          t_years, reserve);
  /* The last decision date at or before t: a tiny tolerance so that t = n * step
   * computed in floating point lands on date n. */
  if (mode == SOSO_MODE_ABANDONED || reserve <= 0.0 || t_years > p->horizon + 1e-9 * p->step) {
    *next_mode = SOSO_MODE_ABANDONED;
    return SOSO_OK;
  }
  return p->vt->decide(p, t_years, reserve, prices, mode, next_mode);
}

double soso_valuation_policy_step(const soso_policy *p) { return p ? p->step : 0.0; }

const char *soso_valuation_policy_method(const soso_policy *p) { return p ? p->vt->method : ""; }

void soso_valuation_policy_free(soso_policy *p) {
  if (p) p->vt->destroy(p);
}
