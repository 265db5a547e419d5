/* calibrate_ou.c - exact maximum likelihood for the log-price Ornstein-Uhlenbeck
 * model of Schwartz (1997, model 1), dX = kappa (alpha - X) dt + sigma dW, X = ln S.
 *
 * The exact discretisation is an AR(1): X' = a + b X + e, e ~ N(0, v), with
 * b = exp(-kappa dt), a = alpha (1 - b), v = sigma^2 (1 - b^2) / (2 kappa)
 * (Phillips 1972; Brigo, Dalessandro, Neugebauer & Triki 2009, "A stochastic
 * processes toolkit for risk management", section 3). Conditional on the first
 * price, the MLE of (a, b) is least squares and v = RSS/n. Observed information at
 * the MLE: cov(a, b) = v (Z'Z)^-1 with Z = [1, X], var(v) = 2 v^2 / n, and (a, b)
 * independent of v. Standard errors of
 *   kappa = -ln(b)/dt,  alpha = a/(1 - b),  sigma^2 = v g(b), g = -2 ln b/(dt (1 - b^2))
 * follow by the delta method. The mapping holds for any b > 0, b != 1: a slope
 * b > 1 gives kappa < 0 (the window shows no mean reversion, the series drifts
 * away from alpha). That estimate and its standard error are reported as they
 * are - the honest answer to "is there mean reversion here?" - and a model with
 * kappa <= 0 is refused where it would be simulated (soso__dynamics_check).
 */
#include "soso/error.h"
#include "soso/market.h"

#include <math.h>
#include <string.h>

#define LOG_2PI 1.8378770664093454836 /* ln(2 pi) */

int soso_market_fit_ou(soso_fit *out, const double *price, size_t n, double dt) {
  if (!out || !price) return soso_error_set(SOSO_EUSAGE, "fit: no output or prices");
  if (n < 4) return soso_error_set(SOSO_EDATA, "fit ou: %zu prices (need at least 4)", n);
  if (!(dt > 0.0) || !isfinite(dt)) return soso_error_set(SOSO_EUSAGE, "fit: dt %g is not > 0", dt);
  for (size_t i = 0; i < n; i++)
    if (!(price[i] > 0.0) || !isfinite(price[i]))
      return soso_error_set(SOSO_EDATA, "fit: price %zu (%g) is not positive", i, price[i]);
  size_t N = n - 1;
  double dn = (double)N, sz = 0.0, sy = 0.0;
  for (size_t i = 0; i < N; i++) {
    sz += log(price[i]);
    sy += log(price[i + 1]);
  }
  double zbar = sz / dn, ybar = sy / dn, szz = 0.0, szy = 0.0;
  for (size_t i = 0; i < N; i++) {
    double dz = log(price[i]) - zbar, dy = log(price[i + 1]) - ybar;
    szz += dz * dz;
    szy += dz * dy;
  }
  if (!(szz > 0.0)) return soso_error_set(SOSO_ENUMERIC, "fit ou: the prices do not vary");
  double b = szy / szz, a = ybar - b * zbar, rss = 0.0;
  for (size_t i = 0; i < N; i++) {
    double e = log(price[i + 1]) - a - b * log(price[i]);
    rss += e * e;
  }
  double v = rss / dn;
  if (!(b > 0.0) || fabs(b - 1.0) < 1e-12)
    return soso_error_set(SOSO_ENUMERIC,
                          "fit ou: AR(1) slope b = %.6f: the OU mapping needs b > 0, b != 1",
                          b);
  if (!(v > 0.0)) return soso_error_set(SOSO_ENUMERIC, "fit ou: zero residual variance");
  double lb = log(b), omb2 = 1.0 - b * b;
  double kappa = -lb / dt, alpha = a / (1.0 - b);
  double g = -2.0 * lb / (dt * omb2);
  double sigma = sqrt(v * g);
  /* Covariance of (a, b) and variance of v at the MLE. */
  double vbb = v / szz, vaa = v * (1.0 / dn + zbar * zbar / szz), vab = -v * zbar / szz;
  double vvv = 2.0 * v * v / dn;
  double dg = (-2.0 * omb2 / b - 4.0 * b * lb) / (dt * omb2 * omb2);
  double dk_db = -1.0 / (b * dt);
  double dal_da = 1.0 / (1.0 - b), dal_db = a / ((1.0 - b) * (1.0 - b));
  double ds_db = v * dg / (2.0 * sigma), ds_dv = g / (2.0 * sigma);
  memset(out, 0, sizeof *out);
  out->kind = SOSO_PRICE_OU;
  out->n = N;
  out->dt = dt;
  out->kappa = kappa;
  out->alpha = alpha;
  out->sigma = sigma;
  out->se_kappa = fabs(dk_db) * sqrt(vbb);
  out->se_alpha =
      sqrt(dal_da * dal_da * vaa + 2.0 * dal_da * dal_db * vab + dal_db * dal_db * vbb);
  out->se_sigma = sqrt(ds_db * ds_db * vbb + ds_dv * ds_dv * vvv);
  out->loglik = -0.5 * dn * (LOG_2PI + log(v) + 1.0);
  out->aic = 2.0 * 3.0 - 2.0 * out->loglik;
  return SOSO_OK;
}
