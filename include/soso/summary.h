/* summary.h - the one distribution summary of the library: count, mean, standard
 * deviation and the 5, 25, 50, 75 and 95 % quantiles of a sample (over Monte Carlo
 * paths, spells, respondents ...). Every stage reports its distributions with it.
 *
 * Quantiles are GSL's type-7 estimate (gsl_stats_quantile_from_sorted_data: linear
 * interpolation between order statistics), sd has the n - 1 denominator.
 */
#ifndef SOSO_SUMMARY_H
#define SOSO_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_SUMMARY_NQ = 5 };

/* The quantile levels of soso_summary.q. */
#define SOSO_SUMMARY_LEVELS {0.05, 0.25, 0.50, 0.75, 0.95}

typedef struct soso_summary {
  size_t n;                    /* observations */
  double mean;                 /* mean (0 when n = 0) */
  double sd;                   /* standard deviation, n - 1 denominator (0 when n < 2) */
  double q[SOSO_SUMMARY_NQ];   /* quantiles at SOSO_SUMMARY_LEVELS (0 when n = 0) */
} soso_summary;

/* Summarises x[0..n) and SORTS x in place. n = 0 gives all zeros. */
void soso_summary_of(soso_summary *out, double *x, size_t n);

/* The f-quantile (0 <= f <= 1) of x[0..n), n >= 1, with the interpolation of
 * soso_summary (type 7), by selection (O(n)) instead of a sort; x is reordered. */
double soso_summary_quantile_select(double *x, size_t n, double f);

/* Most fractions soso_summary_quantiles_select_float takes at once. */
#define SOSO_QUANTILES_MAX 8

/* The quantiles f[0..nf) (each in [0, 1], nf <= SOSO_QUANTILES_MAX) of x[0..n),
 * n >= 1, into q[0..nf): each exactly what soso_summary_quantile_select gives (the same
 * order statistics, the same interpolation; -0 counts as 0), found together by
 * radix selection in a few passes. x is not changed; work holds 2 n + 1 keys.
 * Returns 0 or SOSO_EUSAGE. */
int soso_summary_quantiles_select_float(double *q, const float *x, size_t n, const double *f, size_t nf,
                                uint32_t *work);

#ifdef __cplusplus
}
#endif
#endif
