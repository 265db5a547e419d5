/* lsm_mine.c - least-squares Monte Carlo for the switch-on / switch-off mine with
 * several correlated price factors, and its soso_policy.
 *
 * Longstaff & Schwartz (2001) applied to optimal switching (Gamba 2003,
 * "Real options valuation: a Monte Carlo approach"): see lsm.h for the method.
 * Layout and invariants:
 *  - px is [path][date][factor] (soso_market_qmodel_paths), v is [state][path] with state
 *    s = mode_index * L + level (mode_index 0 = OPEN, 1 = CLOSED): a backward step
 *    walks each state's values contiguously. v holds, after the step at date n, the
 *    realised value (discounted to t = 0) of being in that state at date n before
 *    deciding; levels are updated from the top down, so V_{n+1}(., k - 1) is still
 *    the old value when level k needs it.
 *  - Rewards that do not depend on prices (closing, care, abandoning, the opening
 *    cost's part of a reopening) are the same on every path and are computed once
 *    per date; the price-dependent production reward once per path and date (twice
 *    when the top level holds a part period). valuation.h defines CLOSED -> OPEN as
 *    "produce - open cost", which is what makes that split exact.
 *  - Ties between actions go to the first of OPEN, CLOSED, ABANDONED in both the
 *    backward pass and the policy, so both follow the same rule.
 *  - Sums over paths are per-block partials reduced in block order by one thread;
 *    thread scratch (continuations of a block) is indexed by thread number but only
 *    ever holds one block's values, so results do not depend on the thread count.
 */
#include "soso/error.h"
#include "soso/lsm.h"
#include "soso/market.h"
#include "soso/rng.h"
#include "valuation/lsq_int.h"
#include "valuation/policy_int.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum { MB = 256 /* paths per block */ };
#define ZMAX 5.0 /* standardised log prices are clamped to +-ZMAX */

/* Fresh (pricing) paths use rng path indices from here on. */
static const uint64_t k_fresh = (uint64_t)1 << 40;

/* Price-independent rewards of one date. */
typedef struct date_rewards {
  double close;      /* OPEN -> CLOSED */
  double stay;       /* CLOSED -> CLOSED */
  double abandon;    /* -> ABANDONED at a level >= 1 (-HUGE_VAL when not allowed) */
  double abandon0;   /* -> ABANDONED at level 0 (always allowed) */
  double open_extra; /* CLOSED -> OPEN minus OPEN -> OPEN (minus the opening cost) */
} date_rewards;

struct soso_lsm_mine {
  const soso_switching *sw;  /* the problem (borrowed) */
  soso_lsm_mine_opts o;      /* options as given (degree resolved) */
  soso_lsm_poly_basis basis;     /* polynomial in the standardised log prices */
  size_t n, N, L, F, P, S;   /* paths, dates, levels, factors, basis size, states 2L */
  size_t n_blocks;           /* ceil(n / MB) */
  int top_partial;           /* 1 if the top level holds a part period of output */
  int nt;                    /* threads of this solve */
  double *px;                /* n x N x F prices */
  double *v;                 /* S x n realised values */
  double *xb;                /* n x P basis values at the current date */
  double *part;              /* n_blocks x (P*P + P*S) regression partials */
  double *mom;               /* n_blocks x 2F sums of ln S and (ln S)^2 */
  double *coef;              /* N x S x P continuation coefficients */
  double *mu, *sd;           /* N x F cross-section mean and sd of ln S */
  double *scratch;           /* nt x (S + 2) x MB continuations and production rewards */
  date_rewards *dr;          /* N price-independent rewards */
  lsq ls, ls1;               /* least squares for P and for the constant only */
  soso_lsm_mine_value val;   /* values at t = 0 */
};

static inline size_t state(const soso_lsm_mine *lm, int mode, size_t k) {
  return (mode == SOSO_MODE_OPEN ? 0 : lm->L) + k;
}

/* The basis at date n for one price vector: the monomials of the standardised,
 * clamped log prices z_f, then one column per factor u_f = exp(sd_f z_f), the
 * price relative to its cross-section geometric mean. The u columns let a fit be
 * linear in the price itself: a producing mine's value is about linear in S at
 * high prices, which a polynomial in ln S approximates badly. */
static void basis_at(const soso_lsm_mine *lm, size_t n, const double *prices, double *x) {
  if (n == 0) {
    x[0] = 1.0;
    return;
  }
  double z[SOSO_MAX_FACTORS];
  for (size_t f = 0; f < lm->F; f++) {
    double sd = lm->sd[n * lm->F + f];
    double t = (log(prices[f]) - lm->mu[n * lm->F + f]) / sd;
    z[f] = t > ZMAX ? ZMAX : (t < -ZMAX ? -ZMAX : t);
  }
  soso_lsm_poly_basis_eval(&lm->basis, z, x);
  for (size_t f = 0; f < lm->F; f++) x[lm->basis.n + f] = exp(lm->sd[n * lm->F + f] * z[f]);
}

static inline double dot(const double *a, const double *b, size_t p) {
  double s = 0.0;
  for (size_t i = 0; i < p; i++) s += a[i] * b[i];
  return s;
}

/* The fitted rule at date n, level k, mode (OPEN or CLOSED): the action, its reward. */
static void decide_one(const soso_lsm_mine *lm, size_t n, size_t k, int mode,
                       const double *prices, int *next, double *reward) {
  const soso_switching *sw = lm->sw;
  if (k == 0) {
    *next = SOSO_MODE_ABANDONED;
    *reward = soso_valuation_switching_reward(sw, n, 0, prices, mode, SOSO_MODE_ABANDONED);
    return;
  }
  double x[SOSO_BASIS_MAX];
  basis_at(lm, n, prices, x);
  size_t p = n == 0 ? 1 : lm->P;
  const double *c = lm->coef + n * lm->S * lm->P;
  double r_open = soso_valuation_switching_reward(sw, n, k, prices, mode, SOSO_MODE_OPEN);
  size_t kn = soso_valuation_switching_next_level(sw, k, SOSO_MODE_OPEN);
  double best = r_open + dot(c + state(lm, SOSO_MODE_OPEN, kn) * lm->P, x, p);
  *next = SOSO_MODE_OPEN;
  *reward = r_open;
  double r_cl = soso_valuation_switching_reward(sw, n, k, prices, mode, SOSO_MODE_CLOSED);
  double e_cl = r_cl + dot(c + state(lm, SOSO_MODE_CLOSED, k) * lm->P, x, p);
  if (e_cl > best) {
    best = e_cl;
    *next = SOSO_MODE_CLOSED;
    *reward = r_cl;
  }
  double r_ab = soso_valuation_switching_reward(sw, n, k, prices, mode, SOSO_MODE_ABANDONED);
  if (r_ab > best) {
    *next = SOSO_MODE_ABANDONED;
    *reward = r_ab;
  }
}

/* Sum of rewards (discounted to 0) of following the rule from (mode, top level). */
static double follow(const soso_lsm_mine *lm, const double *path, int mode) {
  size_t k = lm->L - 1;
  double total = 0.0;
  for (size_t n = 0; n < lm->N; n++) {
    int next;
    double r;
    decide_one(lm, n, k, mode, path + n * lm->F, &next, &r);
    total += r;
    if (next == SOSO_MODE_ABANDONED) return total;
    k = soso_valuation_switching_next_level(lm->sw, k, next);
    mode = next;
  }
  return total + soso_valuation_switching_terminal(lm->sw, mode);
}

/* Lowest reserve level a path can hold at date n: at most one level is mined per
 * date, so levels below L - 1 - n are unreachable and neither fitted nor updated. */
static inline size_t kmin(const soso_lsm_mine *lm, size_t n) {
  return lm->L - 1 > n ? lm->L - 1 - n : 0;
}

/* First state index (per mode) whose V_{n+1} is a regression target at date n. */
static inline size_t klo(const soso_lsm_mine *lm, size_t n) {
  size_t k = kmin(lm, n);
  return k > 0 ? k - 1 : 0;
}

static void block_range(const soso_lsm_mine *lm, size_t b, size_t *i0, size_t *i1) {
  *i0 = b * MB;
  *i1 = *i0 + MB < lm->n ? *i0 + MB : lm->n;
}

/* Pass A: sums of ln S and its square per factor over block b at date n. */
static void moments(soso_lsm_mine *lm, size_t n, size_t b) {
  size_t i0, i1;
  block_range(lm, b, &i0, &i1);
  double *m = lm->mom + b * 2 * lm->F;
  memset(m, 0, 2 * lm->F * sizeof *m);
  for (size_t i = i0; i < i1; i++)
    for (size_t f = 0; f < lm->F; f++) {
      double l = log(lm->px[(i * lm->N + n) * lm->F + f]);
      m[f] += l;
      m[lm->F + f] += l * l;
    }
}

/* Pass B: basis values of block b at date n and its regression partial sums. */
static void accumulate(soso_lsm_mine *lm, size_t n, size_t b) {
  size_t i0, i1, p = n == 0 ? 1 : lm->P, S = lm->S;
  block_range(lm, b, &i0, &i1);
  double *xtx = lm->part + b * (lm->P * lm->P + lm->P * S), *xty = xtx + p * p;
  memset(xtx, 0, (p * p + p * S) * sizeof *xtx);
  for (size_t i = i0; i < i1; i++) {
    double *x = lm->xb + i * lm->P;
    basis_at(lm, n, lm->px + (i * lm->N + n) * lm->F, x);
    for (size_t a = 0; a < p; a++)
      for (size_t c = 0; c <= a; c++) xtx[a * p + c] += x[a] * x[c];
  }
  for (size_t s = 0; s < S; s++) {
    if (s % lm->L < klo(lm, n)) continue; /* unreachable: target left at zero */
    const double *y = lm->v + s * lm->n;
    double *t = xty + s * p;
    for (size_t i = i0; i < i1; i++) {
      const double *x = lm->xb + i * lm->P;
      for (size_t a = 0; a < p; a++) t[a] += x[a] * y[i];
    }
  }
}

/* Mean and sd of ln S per factor at date n from the block partials (block order).
 * SOSO_ENUMERIC when a factor has no spread (*bad_factor names it). */
static int standardise(soso_lsm_mine *lm, size_t n, size_t *bad_factor) {
  size_t F = lm->F;
  *bad_factor = F;
  if (n > 0) {
    for (size_t f = 0; f < F; f++) {
      double s1 = 0.0, s2 = 0.0;
      for (size_t b = 0; b < lm->n_blocks; b++) {
        s1 += lm->mom[b * 2 * F + f];
        s2 += lm->mom[b * 2 * F + F + f];
      }
      double mean = s1 / (double)lm->n, var = (s2 - s1 * mean) / (double)(lm->n - 1);
      if (!(var > 1e-24 * (1.0 + mean * mean))) {
        *bad_factor = f;
        return SOSO_ENUMERIC;
      }
      lm->mu[n * F + f] = mean;
      lm->sd[n * F + f] = sqrt(var);
    }
  }
  return 0;
}

/* Reduces the regression partials of date n in block order and fits every state. */
static int solve_date(soso_lsm_mine *lm, size_t n) {
  size_t p = n == 0 ? 1 : lm->P, S = lm->S, stride = lm->P * lm->P + lm->P * S;
  double *xtx = lm->coef + n * S * lm->P; /* borrow: coefficients are written last */
  double acc[SOSO_BASIS_MAX * SOSO_BASIS_MAX];
  memset(acc, 0, p * p * sizeof *acc);
  memset(xtx, 0, p * S * sizeof *xtx);
  for (size_t b = 0; b < lm->n_blocks; b++) {
    const double *part = lm->part + b * stride;
    for (size_t a = 0; a < p * p; a++) acc[a] += part[a];
    for (size_t a = 0; a < p * S; a++) xtx[a] += part[p * p + a];
  }
  for (size_t a = 0; a < p; a++)
    for (size_t c = a + 1; c < p; c++) acc[a * p + c] = acc[c * p + a];
  size_t rank = 0;
  int rc = lsq_solve(n == 0 ? &lm->ls1 : &lm->ls, acc, p, xtx, S, p, &rank);
  if (rc < 0) return rc;
  /* Spread the p-coefficient blocks to stride P (no-op when p == P). */
  if (p != lm->P)
    for (size_t s = S; s-- > 0;) {
      double tmp[SOSO_BASIS_MAX];
      memcpy(tmp, xtx + s * p, p * sizeof *tmp);
      memset(xtx + s * lm->P, 0, lm->P * sizeof *xtx);
      memcpy(xtx + s * lm->P, tmp, p * sizeof *tmp);
    }
  return 0;
}

/* Pass C: decisions at date n for block b, updating v in place. */
static void step_block(soso_lsm_mine *lm, size_t n, size_t b) {
  size_t i0, i1, p = n == 0 ? 1 : lm->P, S = lm->S, L = lm->L, nn = lm->n;
  block_range(lm, b, &i0, &i1);
  size_t m = i1 - i0;
  double *chat = lm->scratch + (size_t)omp_get_thread_num() * (S + 2) * MB;
  double *prod1 = chat + S * MB, *prodtop = prod1 + MB;
  const double *c = lm->coef + n * S * lm->P;
  for (size_t s = 0; s < S; s++) {
    if (s % L < klo(lm, n)) continue;
    for (size_t t = 0; t < m; t++) chat[s * MB + t] = dot(c + s * lm->P, lm->xb + (i0 + t) * lm->P, p);
  }
  for (size_t t = 0; t < m; t++) {
    const double *pr = lm->px + ((i0 + t) * lm->N + n) * lm->F;
    prod1[t] = soso_valuation_switching_reward(lm->sw, n, 1, pr, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
    prodtop[t] = lm->top_partial
                     ? soso_valuation_switching_reward(lm->sw, n, L - 1, pr, SOSO_MODE_OPEN, SOSO_MODE_OPEN)
                     : prod1[t];
  }
  const date_rewards *d = &lm->dr[n];
  size_t k_end = kmin(lm, n) > 1 ? kmin(lm, n) : 1;
  for (size_t k = L - 1; k >= k_end; k--) {
    size_t kn = soso_valuation_switching_next_level(lm->sw, k, SOSO_MODE_OPEN);
    const double *prod = (k == L - 1) ? prodtop : prod1;
    double *vo = lm->v + state(lm, SOSO_MODE_OPEN, k) * nn;
    double *vc = lm->v + state(lm, SOSO_MODE_CLOSED, k) * nn;
    const double *vo_next = lm->v + state(lm, SOSO_MODE_OPEN, kn) * nn;
    const double *co = chat + state(lm, SOSO_MODE_OPEN, kn) * MB;
    const double *cc = chat + state(lm, SOSO_MODE_CLOSED, k) * MB;
    for (size_t t = 0; t < m; t++) {
      size_t i = i0 + t;
      double von = vo_next[i], vcn = vc[i];
      for (int mi = 0; mi < 2; mi++) {
        double r_open = mi == 0 ? prod[t] : prod[t] + d->open_extra;
        double r_cl = mi == 0 ? d->close : d->stay;
        double best = r_open + co[t], val = r_open + von;
        double e_cl = r_cl + cc[t];
        if (e_cl > best) {
          best = e_cl;
          val = r_cl + vcn;
        }
        if (d->abandon > best) val = d->abandon;
        if (mi == 0)
          vo[i] = val;
        else
          vc[i] = val;
      }
    }
  }
  for (size_t t = 0; t < m; t++) {
    lm->v[state(lm, SOSO_MODE_OPEN, 0) * nn + i0 + t] = d->abandon0;
    lm->v[state(lm, SOSO_MODE_CLOSED, 0) * nn + i0 + t] = d->abandon0;
  }
}

/* Pass D (two-pass): fresh paths of block b, the rule followed from both modes;
 * the block's sums of values and squares go to the start of its partial. */
static int fresh_block(soso_lsm_mine *lm, const soso_rng *rng, size_t b) {
  size_t i0, i1;
  block_range(lm, b, &i0, &i1);
  double *row = lm->px + i0 * lm->N * lm->F;
  int rc = soso_market_qmodel_paths(&lm->sw->q, rng, k_fresh + i0, i1 - i0, lm->N - 1, lm->sw->dt, row);
  if (rc < 0) return rc;
  double s[4] = {0, 0, 0, 0};
  for (size_t i = i0; i < i1; i++) {
    const double *path = lm->px + i * lm->N * lm->F;
    double vo = follow(lm, path, SOSO_MODE_OPEN), vc = follow(lm, path, SOSO_MODE_CLOSED);
    s[0] += vo;
    s[1] += vo * vo;
    s[2] += vc;
    s[3] += vc * vc;
  }
  memcpy(lm->part + b * (lm->P * lm->P + lm->P * lm->S), s, sizeof s);
  return 0;
}

static void mean_se(double s1, double s2, size_t n, double *mean, double *se) {
  double dn = (double)n;
  *mean = s1 / dn;
  double var = (s2 - s1 * *mean) / (dn - 1.0);
  *se = var > 0.0 ? sqrt(var / dn) : 0.0;
}

static int alloc_all(soso_lsm_mine *lm) {
  size_t n = lm->n, N = lm->N, F = lm->F, P = lm->P, S = lm->S;
  lm->px = malloc(n * N * F * sizeof *lm->px);
  lm->v = malloc(S * n * sizeof *lm->v);
  lm->xb = malloc(n * P * sizeof *lm->xb);
  lm->part = malloc(lm->n_blocks * (P * P + P * S) * sizeof *lm->part);
  lm->mom = malloc(lm->n_blocks * 2 * F * sizeof *lm->mom);
  lm->coef = calloc(N * S * P, sizeof *lm->coef);
  lm->mu = calloc(N * F, sizeof *lm->mu);
  lm->sd = calloc(N * F, sizeof *lm->sd);
  lm->scratch = malloc((size_t)lm->nt * (S + 2) * MB * sizeof *lm->scratch);
  lm->dr = malloc(N * sizeof *lm->dr);
  if (!lm->px || !lm->v || !lm->xb || !lm->part || !lm->mom || !lm->coef || !lm->mu ||
      !lm->sd || !lm->scratch || !lm->dr)
    return soso_error_set(SOSO_ENOMEM, "lsm: out of memory for %zu paths x %zu dates x "
                                       "%zu states", n, N, S);
  if (lsq_init(&lm->ls, P) < 0 || lsq_init(&lm->ls1, 1) < 0) return SOSO_ENOMEM;
  return 0;
}

void soso_lsm_mine_free(soso_lsm_mine *lm) {
  if (!lm) return;
  free(lm->px);
  free(lm->v);
  free(lm->xb);
  free(lm->part);
  free(lm->mom);
  free(lm->coef);
  free(lm->mu);
  free(lm->sd);
  free(lm->scratch);
  free(lm->dr);
  lsq_free(&lm->ls);
  lsq_free(&lm->ls1);
  free(lm);
}

/* The backward induction over all dates (one parallel region). Returns 0 or the
 * first failure, with *bad_date / *bad_factor saying where. */
static int backward(soso_lsm_mine *lm, const soso_rng *rng, size_t *bad_date,
                    size_t *bad_factor) {
  long nb = (long)lm->n_blocks;
  int status = 0;
  *bad_factor = lm->F;
#pragma omp parallel num_threads(lm->nt)
  {
#pragma omp for schedule(static)
    for (long b = 0; b < nb; b++) {
      size_t i0, i1;
      block_range(lm, (size_t)b, &i0, &i1);
      int rc = soso_market_qmodel_paths(&lm->sw->q, rng, i0, i1 - i0, lm->N - 1, lm->sw->dt,
                                 lm->px + i0 * lm->N * lm->F);
      if (rc < 0) {
#pragma omp atomic write
        status = rc;
      }
      for (size_t s = 0; s < lm->S; s++) {
        double term = soso_valuation_switching_terminal(lm->sw, s < lm->L ? SOSO_MODE_OPEN : SOSO_MODE_CLOSED);
        for (size_t i = i0; i < i1; i++) lm->v[s * lm->n + i] = term;
      }
    }
    for (size_t n = lm->N; n-- > 0 && status == 0;) {
      if (n > 0) {
#pragma omp for schedule(static)
        for (long b = 0; b < nb; b++) moments(lm, n, (size_t)b);
#pragma omp single
        {
          int rc = standardise(lm, n, bad_factor);
          if (rc < 0) {
            status = rc;
            *bad_date = n;
          }
        }
      }
      if (status != 0) break; /* all threads read status after the same barrier */
#pragma omp for schedule(static)
      for (long b = 0; b < nb; b++) accumulate(lm, n, (size_t)b);
#pragma omp single
      {
        int rc = solve_date(lm, n);
        if (rc < 0) {
          status = rc;
          *bad_date = n;
        }
      }
      if (status != 0) break;
      /* No barrier after the decisions: the next date's loops are schedule(static)
       * over the same blocks, so block b stays on the thread that updated it. */
#pragma omp for schedule(static) nowait
      for (long b = 0; b < nb; b++) step_block(lm, n, (size_t)b);
    }
  }
  return status;
}

int soso_lsm_mine_solve(soso_lsm_mine **out, const soso_switching *sw,
                        const soso_lsm_mine_opts *o) {
  *out = NULL;
  if (!sw || !o || !sw->mine) return soso_error_set(SOSO_EUSAGE, "lsm: missing argument");
  if (o->n_paths < 64 || o->degree < 0 || o->degree > 4)
    return soso_error_set(SOSO_EUSAGE, "lsm: %zu paths (want >= 64), degree %d (want 0..4)",
                          o->n_paths, o->degree);
  if (sw->n_dates < 1 || sw->n_levels < 2)
    return soso_error_set(SOSO_EUSAGE, "lsm: %zu dates, %zu reserve levels", sw->n_dates,
                          sw->n_levels);
  soso_lsm_mine *lm = calloc(1, sizeof *lm);
  if (!lm) return soso_error_set(SOSO_ENOMEM, "lsm: out of memory");
  lm->sw = sw;
  lm->o = *o;
  lm->F = (size_t)sw->q.d.n;
  if (lm->o.degree == 0) lm->o.degree = lm->F <= 2 ? 3 : 2;
  int rc = soso_lsm_poly_basis_init(&lm->basis, lm->F, lm->o.degree);
  if (rc == 0 && lm->basis.n + lm->F > SOSO_BASIS_MAX)
    rc = soso_error_set(SOSO_EUSAGE, "lsm: %d factors at degree %d exceed %d basis functions",
                        sw->q.d.n, lm->o.degree, SOSO_BASIS_MAX);
  if (rc < 0) {
    free(lm);
    return rc;
  }
  lm->n = o->n_paths;
  lm->N = sw->n_dates;
  lm->L = sw->n_levels;
  lm->P = lm->basis.n + lm->F;
  lm->S = 2 * lm->L;
  lm->n_blocks = (lm->n + MB - 1) / MB;
  lm->nt = o->n_threads > 0 ? o->n_threads : omp_get_max_threads();
  if (sw->reserve_binding && lm->L >= 3) {
    double top = soso_valuation_switching_reserve(sw, lm->L - 1) - soso_valuation_switching_reserve(sw, lm->L - 2);
    lm->top_partial = fabs(top - sw->level_ore) > 1e-12 * sw->level_ore;
  }
  if ((rc = alloc_all(lm)) < 0) {
    soso_lsm_mine_free(lm);
    return rc;
  }
  double p0[SOSO_MAX_FACTORS];
  for (size_t f = 0; f < lm->F; f++) p0[f] = sw->q.d.f[f].s0;
  for (size_t n = 0; n < lm->N; n++) {
    date_rewards *d = &lm->dr[n];
    d->close = soso_valuation_switching_reward(sw, n, 1, p0, SOSO_MODE_OPEN, SOSO_MODE_CLOSED);
    d->stay = soso_valuation_switching_reward(sw, n, 1, p0, SOSO_MODE_CLOSED, SOSO_MODE_CLOSED);
    d->abandon = soso_valuation_switching_reward(sw, n, 1, p0, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
    d->abandon0 = soso_valuation_switching_reward(sw, n, 0, p0, SOSO_MODE_OPEN, SOSO_MODE_ABANDONED);
    d->open_extra = soso_valuation_switching_reward(sw, n, 1, p0, SOSO_MODE_CLOSED, SOSO_MODE_OPEN) -
                    soso_valuation_switching_reward(sw, n, 1, p0, SOSO_MODE_OPEN, SOSO_MODE_OPEN);
  }
  soso_rng rng = soso_rng_make(o->seed, SOSO_STREAM_PRICES);
  size_t bad_date = 0, bad_factor = lm->F;
  rc = backward(lm, &rng, &bad_date, &bad_factor);
  if (rc == SOSO_ENUMERIC) {
    const char *name = bad_factor < lm->F ? sw->q.d.f[bad_factor].name : "";
    size_t n_basis = lm->P;
    soso_lsm_mine_free(lm);
    if (*name)
      return soso_error_set(rc, "lsm: regression singular at decision date %zu: factor %s "
                                "has no spread across the paths", bad_date, name);
    return soso_error_set(rc, "lsm: regression singular at decision date %zu (%zu basis "
                              "functions, %zu paths)", bad_date, n_basis, o->n_paths);
  }
  if (rc < 0) {
    soso_lsm_mine_free(lm);
    return rc;
  }
  soso_lsm_mine_value *val = &lm->val;
  val->n_paths = lm->n;
  val->n_basis = lm->P;
  val->n_dates = lm->N;
  val->n_levels = lm->L;
  double s[4] = {0, 0, 0, 0};
  if (!o->two_pass) {
    const double *vo = lm->v + state(lm, SOSO_MODE_OPEN, lm->L - 1) * lm->n;
    const double *vc = lm->v + state(lm, SOSO_MODE_CLOSED, lm->L - 1) * lm->n;
    for (size_t i = 0; i < lm->n; i++) {
      s[0] += vo[i];
      s[1] += vo[i] * vo[i];
      s[2] += vc[i];
      s[3] += vc[i] * vc[i];
    }
  } else {
    long nb = (long)lm->n_blocks;
    int status = 0;
#pragma omp parallel for schedule(static) num_threads(lm->nt)
    for (long b = 0; b < nb; b++) {
      int frc = fresh_block(lm, &rng, (size_t)b);
      if (frc < 0) {
#pragma omp atomic write
        status = frc;
      }
    }
    if (status < 0) {
      soso_lsm_mine_free(lm);
      return status;
    }
    size_t stride = lm->P * lm->P + lm->P * lm->S;
    for (size_t b = 0; b < lm->n_blocks; b++)
      for (int j = 0; j < 4; j++) s[j] += lm->part[b * stride + (size_t)j];
  }
  mean_se(s[0], s[1], lm->n, &val->value_open, &val->se_open);
  mean_se(s[2], s[3], lm->n, &val->value_closed, &val->se_closed);
  *out = lm;
  return 0;
}

void soso_lsm_mine_get_value(const soso_lsm_mine *lm, soso_lsm_mine_value *out) {
  *out = lm->val;
}

/* The policy ------------------------------------------------------------------- */

typedef struct lsm_policy {
  soso_policy base;         /* must be first */
  const soso_lsm_mine *lm;  /* the fitted solver (borrowed) */
} lsm_policy;

static int policy_decide(const soso_policy *p, double t_years, double reserve,
                         const double *prices, int mode, int *next_mode) {
  const soso_lsm_mine *lm = ((const lsm_policy *)(const void *)p)->lm;
  const soso_switching *sw = lm->sw;
  for (size_t f = 0; f < lm->F; f++)
    if (!(prices[f] > 0.0) || !isfinite(prices[f]))
      return soso_error_set(SOSO_EUSAGE, "policy: price %g of factor %zu is not positive",
                            prices[f], f);
  double fn = floor(t_years / sw->dt + 1e-9);
  size_t n = fn >= (double)(lm->N - 1) ? lm->N - 1 : (size_t)fn;
  size_t k = 1;
  if (sw->reserve_binding) {
    double fk = ceil(reserve / sw->level_ore - 1e-9);
    k = fk < 1.0 ? 1 : (fk >= (double)(lm->L - 1) ? lm->L - 1 : (size_t)fk);
  }
  double r;
  decide_one(lm, n, k, mode, prices, next_mode, &r);
  return 0;
}

static void policy_destroy(soso_policy *p) { free(p); }

static const soso_policy_vt k_lsm_vt = {"lsm", policy_decide, policy_destroy};

int soso_lsm_mine_policy(soso_policy **out, const soso_lsm_mine *lm) {
  *out = NULL;
  lsm_policy *p = calloc(1, sizeof *p);
  if (!p) return soso_error_set(SOSO_ENOMEM, "lsm: out of memory");
  p->base.vt = &k_lsm_vt;
  p->base.step = lm->sw->dt;
  p->base.horizon = (double)(lm->N - 1) * lm->sw->dt;
  p->lm = lm;
  *out = &p->base;
  return 0;
}
