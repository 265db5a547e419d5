/* qmodel.c - the one bridge from real-world (P) to risk-neutral (Q) dynamics.
 *
 * GBM (Black-Scholes with a convenience yield, Brennan & Schwartz 1985): under Q the
 * drift of dS/S is r - delta. Log-OU (Schwartz 1997, model 1): under Q
 * dX = kappa (alpha - lambda/kappa - X) dt + sigma dW*, lambda the market price of
 * risk, so only the long-run level moves. Volatilities and correlations are the
 * same under both measures (Girsanov changes drifts only).
 */
#include "market/market_int.h"
#include "soso/error.h"

#include <math.h>
#include <string.h>

int soso_market_qmodel_from_pmodel(soso_qmodel *out, const soso_pmodel *p, double r,
                            const double *delta, const double *lambda) {
  if (!out || !p) return soso_error_set(SOSO_EUSAGE, "qmodel: no model");
  int rc = soso__dynamics_check(&p->d, "qmodel");
  if (rc < 0) return rc;
  if (!isfinite(r)) return soso_error_set(SOSO_EUSAGE, "qmodel: rate is not finite");
  soso_qmodel q;
  memset(&q, 0, sizeof q);
  q.d = p->d;
  q.r = r;
  for (int i = 0; i < q.d.n; i++) {
    soso_factor *f = &q.d.f[i];
    double dl = delta ? delta[i] : 0.0, lm = lambda ? lambda[i] : 0.0;
    if (!isfinite(dl) || !isfinite(lm))
      return soso_error_set(SOSO_EUSAGE, "qmodel: %s: delta or lambda is not finite",
                            f->name);
    if (f->kind == SOSO_PRICE_GBM)
      f->mu = r - dl;
    else
      f->alpha -= lm / f->kappa;
  }
  *out = q;
  return SOSO_OK;
}
