/* policy_int.h - the private vtable behind soso_policy (valuation.h).
 *
 * A solver's policy embeds `soso_policy base` as its FIRST member and fills base.vt
 * and base.step; soso_valuation_policy_decide checks the common cases (abandoned stays
 * abandoned, exhausted reserve, past the horizon, NULL arguments) and then calls
 * vt->decide. Implementations must be allocation-free and read-only in decide so
 * that many threads may decide at once. destroy frees the whole object.
 */
#ifndef SOSO_VALUATION_POLICY_INT_H
#define SOSO_VALUATION_POLICY_INT_H

#include "soso/valuation.h"

typedef struct soso_policy_vt {
  const char *method; /* "grid", "lsm" */
  /* Called with mode OPEN or CLOSED, reserve > 0, 0 <= t <= horizon. */
  int (*decide)(const soso_policy *p, double t_years, double reserve, const double *prices,
                int mode, int *next_mode);
  void (*destroy)(soso_policy *p); /* frees p (and what it owns) */
} soso_policy_vt;

struct soso_policy {
  const soso_policy_vt *vt; /* the implementation */
  double step;              /* years between decision dates */
  double horizon;           /* last decision date (years); later -> ABANDONED */
};

#endif
