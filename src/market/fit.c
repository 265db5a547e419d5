/* fit.c - what the two price models' fits share: dispatch on the model kind and the
 * standardised innovations used for the correlation of several commodities.
 *
 * Innovations are those of the exact discretisation (see calibrate_gbm.c and
 * calibrate_ou.c); at the MLE they have mean 0 and variance 1 by construction.
 */
#include "soso/error.h"
#include "soso/market.h"

#include <math.h>

int soso_market_fit_model(soso_fit *out, soso_price_kind kind, const double *price, size_t n,
                   double dt) {
  if (kind == SOSO_PRICE_GBM) return soso_market_fit_gbm(out, price, n, dt);
  if (kind == SOSO_PRICE_OU) return soso_market_fit_ou(out, price, n, dt);
  return soso_error_set(SOSO_EUSAGE, "fit: unknown model kind %d", (int)kind);
}

int soso_market_fit_residuals(double *out, const soso_fit *fit, const double *price, size_t n) {
  if (!out || !fit || !price || n < 2)
    return soso_error_set(SOSO_EUSAGE, "fit residuals: no output, fit or prices");
  if (fit->kind == SOSO_PRICE_GBM) {
    double m = (fit->mu - 0.5 * fit->sigma * fit->sigma) * fit->dt;
    double sd = fit->sigma * sqrt(fit->dt);
    for (size_t i = 0; i + 1 < n; i++) out[i] = (log(price[i + 1] / price[i]) - m) / sd;
    return SOSO_OK;
  }
  if (fit->kind != SOSO_PRICE_OU)
    return soso_error_set(SOSO_EUSAGE, "fit residuals: unknown model kind %d", (int)fit->kind);
  double b = exp(-fit->kappa * fit->dt), a = fit->alpha * (1.0 - b);
  double sd = fit->sigma * sqrt(-expm1(-2.0 * fit->kappa * fit->dt) / (2.0 * fit->kappa));
  for (size_t i = 0; i + 1 < n; i++) out[i] = (log(price[i + 1]) - a - b * log(price[i])) / sd;
  return SOSO_OK;
}
