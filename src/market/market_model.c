/* market_model.c - the calibrated real-world model of several commodities.
 *
 * Every series is cut to the common window (the months all of them have inside
 * from..to), optionally deflated, and fitted on its own; the correlation matrix
 * is that of the fitted models' standardised innovations over the same months
 * (for GBM, of the log returns; for OU, of the AR(1) residuals), which is the
 * maximum-likelihood estimate of the shock correlation given the marginal fits
 * (a two-step estimator, as in Schwartz 1997 section 5 for several commodities).
 */
#include "market/factor_int.h"
#include "market/market_int.h"
#include "soso/error.h"

#include <gsl/gsl_statistics_double.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int soso_market_pmodel_ex(soso_pmodel *out, soso_fit *fits, int window[2],
                          soso_store *store, const char *const *commodities, int n,
                          soso_price_kind kind, int from, int to,
                          const soso_price_series *deflator) {
  if (n < 1 || n > SOSO_MAX_FACTORS)
    return soso_error_set(SOSO_EUSAGE, "market model: %d commodities (want 1 to %d)", n,
                          SOSO_MAX_FACTORS);
  soso_price_kind kinds[SOSO_MAX_FACTORS];
  for (int i = 0; i < n; i++) kinds[i] = kind;
  return soso__market_pmodel_kinds(out, fits, window, store, commodities, kinds, n, from, to,
                                   deflator);
}

int soso__market_pmodel_kinds(soso_pmodel *out, soso_fit *fits, int window[2],
                              soso_store *store, const char *const *commodities,
                              const soso_price_kind *kinds, int n, int from, int to,
                              const soso_price_series *deflator) {
  if (!out || !store || !commodities || !kinds)
    return soso_error_set(SOSO_EUSAGE, "market model: no output, store or commodities");
  if (n < 1 || n > SOSO_MAX_FACTORS)
    return soso_error_set(SOSO_EUSAGE, "market model: %d commodities (want 1 to %d)", n,
                          SOSO_MAX_FACTORS);
  for (int i = 0; i < n; i++)
    if (kinds[i] != SOSO_PRICE_GBM && kinds[i] != SOSO_PRICE_OU)
      return soso_error_set(SOSO_EUSAGE, "market model: unknown model kind %d", (int)kinds[i]);
  size_t un = (size_t)n;
  soso_price_series s[SOSO_MAX_FACTORS];
  soso_fit f[SOSO_MAX_FACTORS];
  memset(s, 0, sizeof s);
  double *buf = NULL;
  int rc = SOSO_OK, lo = -1, hi = -1;
  for (size_t i = 0; i < un; i++) {
    for (size_t j = 0; j < i; j++)
      if (strcmp(commodities[i], commodities[j]) == 0) {
        rc = soso_error_set(SOSO_EUSAGE, "market model: %s given twice", commodities[i]);
        goto done;
      }
    if ((rc = soso_market_prices_load(&s[i], store, commodities[i], from, to)) < 0) goto done;
    int last = s[i].first + (int)s[i].n - 1;
    if (i == 0 || s[i].first > lo) lo = s[i].first;
    if (i == 0 || last < hi) hi = last;
  }
  if (hi - lo + 1 < 4) {
    rc = soso_error_set(SOSO_EDATA, "market model: the series share fewer than 4 months");
    goto done;
  }
  size_t len = (size_t)(hi - lo + 1);
  /* Cut every series to the common window (in place), then deflate. */
  for (size_t i = 0; i < un; i++) {
    memmove(s[i].price, s[i].price + (lo - s[i].first), len * sizeof *s[i].price);
    s[i].first = lo;
    s[i].n = len;
    if (deflator && (rc = soso_market_prices_deflate(&s[i], deflator)) < 0) goto done;
    if ((rc = soso_market_fit_model(&f[i], kinds[i], s[i].price, len, 1.0 / 12.0)) < 0) {
      char msg[512];
      snprintf(msg, sizeof msg, "%s", soso_error_last());
      rc = soso_error_set(rc, "market model: %s: %s", s[i].commodity, msg);
      goto done;
    }
  }
  for (size_t i = 0; i < un; i++)
    if (kinds[i] == SOSO_PRICE_OU && !(f[i].kappa > 0.0)) {
      rc = soso_error_set(SOSO_ENUMERIC,
                          "market model: %s: kappa = %.4f: no mean reversion in the window "
                          "(use gbm or another window)",
                          s[i].commodity, f[i].kappa);
      goto done;
    }
  buf = malloc(un * (len - 1) * sizeof *buf);
  if (!buf) {
    rc = soso_error_set(SOSO_ENOMEM, "market model: out of memory");
    goto done;
  }
  for (size_t i = 0; i < un; i++)
    if ((rc = soso_market_fit_residuals(buf + i * (len - 1), &f[i], s[i].price, len)) < 0) goto done;
  soso_pmodel m;
  memset(&m, 0, sizeof m);
  m.d.n = n;
  for (size_t i = 0; i < un; i++) {
    soso_factor *x = &m.d.f[i];
    memcpy(x->name, s[i].commodity, sizeof x->name);
    memcpy(x->unit, s[i].unit, sizeof x->unit);
    x->kind = kinds[i];
    x->s0 = s[i].price[len - 1];
    x->mu = f[i].mu;
    x->kappa = f[i].kappa;
    x->alpha = f[i].alpha;
    x->sigma = f[i].sigma;
    m.d.corr[i * un + i] = 1.0;
    for (size_t j = 0; j < i; j++) {
      double c = gsl_stats_correlation(buf + i * (len - 1), 1, buf + j * (len - 1), 1, len - 1);
      m.d.corr[i * un + j] = m.d.corr[j * un + i] = c;
    }
  }
  if ((rc = soso__dynamics_check(&m.d, "market model: innovation correlation")) < 0) goto done;
  *out = m;
  if (fits) memcpy(fits, f, un * sizeof *f);
  if (window) {
    window[0] = lo;
    window[1] = hi;
  }
done:
  for (size_t i = 0; i < un; i++) soso_market_price_series_clear(&s[i]);
  free(buf);
  return rc;
}

int soso_market_pmodel(soso_pmodel *out, soso_store *store, const char *const *commodities,
                       int n, soso_price_kind kind, const char *from, const char *to) {
  int a = -1, b = -1;
  if (from && soso_market_month_parse(&a, from) < 0)
    return soso_error_set(SOSO_EUSAGE, "market model: from: \"%s\" is not a month (YYYY-MM)",
                          from);
  if (to && soso_market_month_parse(&b, to) < 0)
    return soso_error_set(SOSO_EUSAGE, "market model: to: \"%s\" is not a month (YYYY-MM)", to);
  return soso_market_pmodel_ex(out, NULL, NULL, store, commodities, n, kind, a, b, NULL);
}

int soso_market_cholesky(double *l, const double *a, int n) {
  if (!l || !a || n < 1 || n > SOSO_MAX_FACTORS)
    return soso_error_set(SOSO_EUSAGE, "cholesky: bad arguments (n = %d)", n);
  return soso__cholesky(l, a, n, "cholesky");
}
