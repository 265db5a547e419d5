/* summary.c - the distribution summary of include/soso/summary.h (GSL statistics). */
#include "soso/summary.h"

#include "soso/error.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

void soso_summary_of(soso_summary *st, double *x, size_t n) {
  static const double levels[SOSO_SUMMARY_NQ] = SOSO_SUMMARY_LEVELS;
  memset(st, 0, sizeof *st);
  st->n = n;
  if (n == 0) return;
  st->mean = gsl_stats_mean(x, 1, n);
  st->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, st->mean) : 0.0;
  gsl_sort(x, 1, n);
  for (int k = 0; k < SOSO_SUMMARY_NQ; k++)
    st->q[k] = gsl_stats_quantile_from_sorted_data(x, 1, n, levels[k]);
}

/* x[i] + d (x[i+1] - x[i]) with i = floor((n-1) f), as
 * gsl_stats_quantile_from_sorted_data, by two quickselects (gsl_stats_select). */
double soso_summary_quantile_select(double *x, size_t n, double f) {
  double idx = (double)(n - 1) * f;
  size_t i = (size_t)idx;
  double d = idx - (double)i;
  double lo = gsl_stats_select(x, 1, n, i);
  if (d == 0.0 || i + 1 >= n) return lo;
  /* Quickselect leaves x partitioned around i; the (i+1)-th smallest is then the
   * minimum of the upper part. The partition is checked, not assumed: if it does
   * not hold, a second select answers. */
  double below = -HUGE_VAL, hi = HUGE_VAL;
  for (size_t k = 0; k < i; k++) below = x[k] > below ? x[k] : below;
  for (size_t k = i + 1; k < n; k++) hi = x[k] < hi ? x[k] : hi;
  if (below > lo || hi < lo) hi = gsl_stats_select(x, 1, n, i + 1);
  return lo + d * (hi - lo);
}

/* Several quantiles at once by radix selection: GSL's selection (gsl_stats_select)
 * finds one order statistic per call by quickselect, whose data-dependent branches
 * cost ~13 ns an element on the fan columns of the region stage, and it has no
 * multi-rank form; hence this hand-written one. Floats map to unsigned keys in the
 * same order (sign flipped for positives, all bits for negatives; -0 as +0), and
 * every wanted rank is located by histograms of the key's top 11 bits, then the
 * next 11, then the last 10: one counting pass per level, the elements of the
 * buckets holding a wanted rank gathered (branch-free) for the next level. Exact:
 * the k-th key is the k-th value, so the result is that of any exact selection. */
enum { QS_MAX = 2 * SOSO_QUANTILES_MAX };

static inline uint32_t fkey(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  if (u == 0x80000000u) u = 0; /* -0 is 0 */
  return u & 0x80000000u ? ~u : u | 0x80000000u;
}

static inline float funkey(uint32_t k) {
  uint32_t u = k & 0x80000000u ? k & 0x7fffffffu : ~k;
  float v;
  memcpy(&v, &u, sizeof v);
  return v;
}

/* Keys of the ascending ranks r[0..m) among k[0..n) into out[0..m); every key of k
 * has the bits above this level equal to prefix's. spare holds n + 1 keys (the
 * last one a discard slot) and may be overwritten, and so may k. cnt: this level's
 * histogram if the caller made it, or NULL. */
static void rsel(uint32_t *k, size_t n, int lvl, uint32_t prefix, const size_t *r, size_t m,
                 uint32_t *out, uint32_t *spare, uint32_t *cnt) {
  static const int sh[3] = {21, 10, 0}, wd[3] = {11, 11, 10};
  uint32_t own[2048];
  unsigned char gid[2048];
  size_t nb = (size_t)1 << wd[lvl];
  uint32_t mask = (uint32_t)nb - 1u;
  int s = sh[lvl];
  if (!cnt) {
    cnt = own;
    memset(cnt, 0, nb * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[(k[i] >> s) & mask]++;
  }
  /* the bucket of each rank; ranks in one bucket form a group */
  size_t gb[QS_MAX], gbelow[QS_MAX], gfirst[QS_MAX + 1], ng = 0;
  size_t b = 0, below = 0;
  for (size_t j = 0; j < m; j++) {
    while (below + cnt[b] <= r[j]) below += cnt[b++];
    if (ng == 0 || gb[ng - 1] != b) {
      gb[ng] = b;
      gbelow[ng] = below;
      gfirst[ng++] = j;
    }
  }
  gfirst[ng] = m;
  if (lvl == 2) { /* all 32 bits known */
    for (size_t g = 0; g < ng; g++)
      for (size_t j = gfirst[g]; j < gfirst[g + 1]; j++) out[j] = prefix | (uint32_t)gb[g];
    return;
  }
  size_t rr[QS_MAX];
  if (ng == 1 && cnt[gb[0]] == n) { /* one bucket holds everything: no gather */
    for (size_t j = 0; j < m; j++) rr[j] = r[j];
    rsel(k, n, lvl + 1, prefix | (uint32_t)gb[0] << s, rr, m, out, spare, NULL);
    return;
  }
  size_t pos[QS_MAX + 1], off = 0;
  memset(gid, (int)ng, nb);
  for (size_t g = 0; g < ng; g++) {
    gid[gb[g]] = (unsigned char)g;
    pos[g] = off;
    off += cnt[gb[g]];
  }
  pos[ng] = n; /* the discard slot */
  for (size_t i = 0; i < n; i++) {
    uint32_t key = k[i];
    size_t g = gid[(key >> s) & mask];
    spare[pos[g]] = key;
    pos[g] += g != ng;
  }
  off = 0;
  for (size_t g = 0; g < ng; g++) {
    size_t c = cnt[gb[g]];
    for (size_t j = gfirst[g]; j < gfirst[g + 1]; j++) rr[j] = r[j] - gbelow[g];
    rsel(spare + off, c, lvl + 1, prefix | (uint32_t)gb[g] << s, rr + gfirst[g],
         gfirst[g + 1] - gfirst[g], out + gfirst[g], k, NULL);
    off += c;
  }
}

int soso_summary_quantiles_select_float(double *q, const float *x, size_t n, const double *f, size_t nf,
                                uint32_t *work) {
  if (!q || !x || !f || !work || n == 0 || nf > SOSO_QUANTILES_MAX)
    return soso_error_set(SOSO_EUSAGE, "quantiles: %zu values, %zu fractions (at most %d)", n,
                          nf, SOSO_QUANTILES_MAX);
  /* ranks i and i + 1 of every fraction, sorted (insertion) and deduplicated */
  size_t rk[QS_MAX], m = 0, lo_at[SOSO_QUANTILES_MAX], hi_at[SOSO_QUANTILES_MAX];
  double dk[SOSO_QUANTILES_MAX];
  size_t ik[SOSO_QUANTILES_MAX];
  for (size_t k = 0; k < nf; k++) {
    double idx = (double)(n - 1) * f[k];
    ik[k] = (size_t)idx;
    dk[k] = idx - (double)ik[k];
    for (size_t e = 0; e < 2; e++) {
      size_t v = ik[k] + e;
      if (v >= n) continue;
      size_t t = m;
      while (t > 0 && rk[t - 1] > v) t--;
      if (t > 0 && rk[t - 1] == v) continue;
      memmove(rk + t + 1, rk + t, (m - t) * sizeof *rk);
      rk[t] = v;
      m++;
    }
  }
  uint32_t *k = work, *spare = work + n, out[QS_MAX];
  uint32_t cnt[2048] = {0}; /* the first level's histogram, made with the keys */
  uint32_t kmin = UINT32_MAX, kmax = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t key = fkey(x[i]);
    k[i] = key;
    cnt[key >> 21]++;
    kmin = key < kmin ? key : kmin;
    kmax = key > kmax ? key : kmax;
  }
  if (kmin == kmax) /* all equal (a month nobody works in): every order statistic */
    for (size_t j = 0; j < m; j++) out[j] = kmin;
  else
    rsel(k, n, 0, 0u, rk, m, out, spare, cnt);
  for (size_t j = 0; j < nf; j++) {
    lo_at[j] = hi_at[j] = 0;
    for (size_t t = 0; t < m; t++) {
      if (rk[t] == ik[j]) lo_at[j] = t;
      if (rk[t] == ik[j] + 1) hi_at[j] = t;
    }
    double lo = funkey(out[lo_at[j]]);
    q[j] = (dk[j] == 0.0 || ik[j] + 1 >= n) ? lo : lo + dk[j] * ((double)funkey(out[hi_at[j]]) - lo);
  }
  return 0;
}
