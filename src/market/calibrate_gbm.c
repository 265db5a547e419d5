/* calibrate_gbm.c - exact maximum likelihood for geometric Brownian motion.
 *
 * Over a step dt the log return r = ln S(t+dt) - ln S(t) is N(m dt, s2 dt) with
 * m = mu - sigma^2/2 and s2 = sigma^2, independently across steps (Campbell, Lo &
 * MacKinlay 1997, "The Econometrics of Financial Markets", section 9.3.2). The MLE
 * is closed form: m = mean(r)/dt, s2 = mean((r - mean r)^2)/dt (divisor n, not
 * n - 1). The observed information at the MLE is diagonal in (m, s2):
 * var(m) = s2/(n dt), var(s2) = 2 s2^2/n, so by the delta method
 * se(sigma) = sigma/sqrt(2n) and se(mu) = sqrt(s2/(n dt) + s2^2/(2n)).
 * Sums are two-pass (mean first) for accuracy on long series.
 */
#include "soso/error.h"
#include "soso/market.h"

#include <math.h>
#include <string.h>

#define LOG_2PI 1.8378770664093454836 /* ln(2 pi) */

/* Arguments every fit needs: >= 3 finite positive prices, dt > 0. */
static int check(const soso_fit *out, const double *price, size_t n, double dt) {
  if (!out || !price) return soso_error_set(SOSO_EUSAGE, "fit: no output or prices");
  if (n < 3) return soso_error_set(SOSO_EDATA, "fit: %zu prices (need at least 3)", n);
  if (!(dt > 0.0) || !isfinite(dt)) return soso_error_set(SOSO_EUSAGE, "fit: dt %g is not > 0", dt);
  for (size_t i = 0; i < n; i++)
    if (!(price[i] > 0.0) || !isfinite(price[i]))
      return soso_error_set(SOSO_EDATA, "fit: price %zu (%g) is not positive", i, price[i]);
  return SOSO_OK;
}

int soso_market_fit_gbm(soso_fit *out, const double *price, size_t n, double dt) {
  int rc = check(out, price, n, dt);
  if (rc < 0) return rc;
  size_t N = n - 1;
  double dn = (double)N, sum = 0.0, ss = 0.0;
  for (size_t i = 0; i < N; i++) sum += log(price[i + 1] / price[i]);
  double rbar = sum / dn;
  for (size_t i = 0; i < N; i++) {
    double d = log(price[i + 1] / price[i]) - rbar;
    ss += d * d;
  }
  double s2 = ss / dn / dt;
  if (!(s2 > 0.0)) return soso_error_set(SOSO_ENUMERIC, "fit gbm: the prices do not vary");
  memset(out, 0, sizeof *out);
  out->kind = SOSO_PRICE_GBM;
  out->n = N;
  out->dt = dt;
  out->sigma = sqrt(s2);
  out->mu = rbar / dt + 0.5 * s2;
  out->se_mu = sqrt(s2 / (dn * dt) + s2 * s2 / (2.0 * dn));
  out->se_sigma = out->sigma / sqrt(2.0 * dn);
  out->loglik = -0.5 * dn * (LOG_2PI + log(s2 * dt) + 1.0);
  out->aic = 2.0 * 2.0 - 2.0 * out->loglik;
  return SOSO_OK;
}
