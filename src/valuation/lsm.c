/* lsm.c - least-squares Monte Carlo for a Bermudan put or call on one GBM asset.
 *
 * Longstaff & Schwartz (2001), "Valuing American options by simulation: a simple
 * least-squares approach", RFS 14(1). Backward induction over the exercise dates:
 * v[i] holds the realised cash flow of path i discounted to the current date; at
 * date j the in-the-money paths regress v on the basis of x = S/K, and a path
 * exercises when the payoff beats the fitted continuation, replacing v[i] by the
 * payoff. With two_pass the fitted rule is then applied forward to independent
 * paths, which removes the in-sample (foresight) bias and leaves a low-biased
 * estimate of the Bermudan value.
 *
 * Layout: s is [date][path] (row j-1 holds date j), so each backward step reads
 * one contiguous row. The fitting paths' prices are stored as float, which halves
 * the memory the backward pass streams through (it is memory-bound at 10^5 paths).
 * Float is also where the two exponentials are taken, by SLEEF's 8-lane float exp
 * (twice the lanes of the double one): S = s0 exp(L) with the log price L summed in
 * double and rounded to float for the exp, and the Laguerre weight exp(-x/2).
 * Error budget, relative on S: 2^-24 |L| (rounding L; |L| < 3 in LS 2001's cases)
 * + 1 float ulp (the exp) + 2^-24 (the store) < 3e-7, so at most 3e-7 S (1.2e-5 at
 * K = 40) on any payoff, under 1/1000 of a standard error at 2 x 10^4 paths (0.013);
 * the basis values carry relative errors of the same size, far below the Monte Carlo
 * error of the regression coefficients. What these roundings do move is which few
 * paths sit on either side of the exercise boundary, so an estimate changes by a
 * fraction of its standard error (up to 0.3 se on LS 2001's 20 puts, seed 42): a
 * different, equally valid realisation, not a bias (RMS against QuantLib's QdFp
 * values over the 20 puts: 0.0150 with double, 0.0155 with float exponentials,
 * QuantLib's MCAmericanEngine 0.0155; bench/RESULTS.md).
 * Products, sums, the regression and the decisions are in double. The pricing pass
 * of two_pass stores nothing: each path is generated, tested and dropped (forward). Paths are generated in blocks of SOSO_LSM_BLOCK; within a
 * block, antithetic pairs (2m, 2m+1) use the normals of rng path index
 * base + first/2 + m with signs + and -. Every cross-path sum is a per-block
 * partial sum reduced in block order by one thread (see lsm.h).
 * Dates with fewer than 2p in-the-money paths (p basis functions) are too thin to
 * regress on; they are not exercise dates for that run (this happens only in the
 * first few dates of deep out-of-the-money cases, where exercise is worthless).
 */
#include "soso/lsm.h"

#include "core/vmath_int.h"
#include "soso/error.h"
#include "soso/rng.h"
#include "valuation/lsq_int.h"

#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum {
  NB_MAX = 1 + SOSO_LAGUERRE_MAX,       /* most basis functions */
  PART = NB_MAX * NB_MAX + NB_MAX + 1,  /* one block's X'X, X'y and count */
  CHUNK = 64                            /* normals fetched at a time (multiple of 4) */
};

/* Pricing paths use rng path indices from here on, apart from the fitting paths. */
static const uint64_t k_pricing_base = (uint64_t)1 << 40;

struct soso_lsm {
  size_t max_paths;      /* paths the workspace holds */
  size_t max_dates;      /* exercise dates it holds */
  size_t n_blocks;       /* ceil(max_paths / SOSO_LSM_BLOCK) */
  float *s;              /* max_dates x max_paths asset prices, [date][path], stored as
                            float (the error budget is in the file comment) */
  double *v;             /* max_paths discounted realised cash flows */
  double *bx;            /* max_paths x NB_MAX: basis rows of the current date, block b's
                            in-the-money paths packed (stride p) from row b * BLOCK */
  double *part;          /* n_blocks x PART per-block partial sums */
  double *coef;          /* (max_dates + 1) x NB_MAX fitted coefficients per date */
  unsigned char *fit;    /* max_dates + 1: 1 if date j has a fitted rule */
  unsigned *itm;         /* max_paths: in-the-money path indices, listed per block */
  size_t *n_itm;         /* n_blocks: in-the-money paths of each block at this date */
  double *growth;        /* max_dates: s0^2 exp(2 j drift), antithetic partner = growth/S */
  double *disc;          /* max_dates + 1: discount factor from date j to 0 */
  lsq ls[NB_MAX];        /* least-squares workspaces for p = 1..NB_MAX */
};

int soso_lsm_new(soso_lsm **out, size_t max_paths, size_t max_dates) {
  *out = NULL;
  if (max_paths == 0 || max_dates == 0)
    return soso_error_set(SOSO_EUSAGE, "lsm: workspace for %zu paths and %zu dates",
                          max_paths, max_dates);
  soso_lsm *w = calloc(1, sizeof *w);
  if (!w) return soso_error_set(SOSO_ENOMEM, "lsm: out of memory");
  w->max_paths = max_paths;
  w->max_dates = max_dates;
  w->n_blocks = (max_paths + SOSO_LSM_BLOCK - 1) / SOSO_LSM_BLOCK;
  w->s = malloc(max_paths * max_dates * sizeof *w->s);
  w->v = malloc(max_paths * sizeof *w->v);
  w->bx = malloc(max_paths * NB_MAX * sizeof *w->bx);
  w->part = malloc(w->n_blocks * PART * sizeof *w->part);
  w->coef = calloc((max_dates + 1) * NB_MAX, sizeof *w->coef);
  w->fit = calloc(max_dates + 1, 1);
  w->itm = malloc(max_paths * sizeof *w->itm);
  w->n_itm = calloc(w->n_blocks, sizeof *w->n_itm);
  w->growth = malloc(max_dates * sizeof *w->growth);
  w->disc = malloc((max_dates + 1) * sizeof *w->disc);
  int ok = w->s && w->v && w->bx && w->part && w->coef && w->fit && w->itm && w->n_itm &&
           w->growth && w->disc && max_paths <= UINT_MAX;
  for (size_t p = 1; ok && p <= NB_MAX; p++) ok = lsq_init(&w->ls[p - 1], p) == 0;
  if (!ok) {
    soso_lsm_free(w);
    return soso_error_set(SOSO_ENOMEM, "lsm: out of memory for %zu paths x %zu dates",
                          max_paths, max_dates);
  }
  *out = w;
  return 0;
}

void soso_lsm_free(soso_lsm *w) {
  if (!w) return;
  free(w->s);
  free(w->v);
  free(w->bx);
  free(w->part);
  free(w->coef);
  free(w->fit);
  free(w->itm);
  free(w->n_itm);
  free(w->growth);
  free(w->disc);
  for (size_t p = 0; p < NB_MAX; p++) lsq_free(&w->ls[p]);
  free(w);
}

/* What one pricing run needs, shared read-only by the threads. */
typedef struct run {
  const soso_lsm_option *opt; /* the option */
  soso_rng rng;               /* price shocks */
  size_t np;                  /* paths in this pass (row stride of s) */
  size_t nd;                  /* exercise dates after 0 */
  size_t nb;                  /* basis size 1 + n_laguerre */
  size_t nlag;                /* Laguerre terms */
  int anti;                   /* antithetic pairs */
  double drift, vol;          /* per-step log drift and volatility */
  double df;                  /* one-step discount factor */
  soso__isa isa;              /* vector kernels of this CPU, looked up once */
  double sg, ks;              /* +1 and K for a put, -1 and -K for a call (in_money) */
} run;

/* The exercise value K - s (put) or s - K (call) without the maximum: the payoff
 * wherever in_money(r, s), and used alone only there. */
static inline double intrinsic(const soso_lsm_option *o, double s) {
  return o->payoff == SOSO_LSM_PUT ? o->strike - s : s - o->strike;
}

static inline double payoff(const soso_lsm_option *o, double s) {
  double g = intrinsic(o, s);
  return g > 0.0 ? g : 0.0;
}

/* 1 if payoff > 0 at price s: K - s > 0 exactly when K > s, and for a call
 * s > K exactly when -s < -K; with sg = +1 (put) or -1 (call) and ks = sg K, both
 * are sg s < ks (multiplying by +-1 is exact): one comparison, no branch on the
 * payoff type in the loops (gcc kept that test inside them). */
static inline int in_money(const run *r, double s) { return r->sg * s < r->ks; }

/* Basis rows (constant + n weighted Laguerre terms) of m points x = S/K, the
 * weights exp(-x/2) by one float vector exp (the error budget is in the file
 * comment; the polynomials and products stay in double). */
static void laguerre_rows(const run *r, const double *x, size_t m, double *out, float *tmp) {
  size_t p = 1 + r->nlag;
  for (size_t t = 0; t < m; t++) tmp[t] = (float)(-0.5 * x[t]);
  if (r->nlag) soso__vexpf(r->isa, tmp, m);
  if (r->nlag == 3) /* the paper's basis: a literal count, so the recurrence unrolls */
    for (size_t t = 0; t < m; t++) soso__laguerre_w(x[t], (double)tmp[t], 3, out + t * 4);
  else
    for (size_t t = 0; t < m; t++) soso__laguerre_w(x[t], (double)tmp[t], r->nlag, out + t * p);
}

/* Fills the prices of block b (all dates) from rng path indices starting at base.
 * The antithetic partner of a path with log increment sum L_j has -L_j + 2 j drift,
 * so its price is s0^2 exp(2 j drift) / S_j: one division instead of an exp. */
static void gen_block(const run *r, const double *growth, float *s, size_t b, uint64_t base) {
  size_t i0 = b * SOSO_LSM_BLOCK, i1 = i0 + SOSO_LSM_BLOCK;
  if (i1 > r->np) i1 = r->np;
  double z[CHUNK];
  float e[CHUNK];
  size_t step = r->anti ? 2 : 1;
  for (size_t i = i0; i < i1; i += step) {
    uint64_t pid = base + (r->anti ? i / 2 : i);
    double la = 0.0;
    for (size_t j0 = 0; j0 < r->nd; j0 += CHUNK) {
      size_t m = r->nd - j0 < CHUNK ? r->nd - j0 : CHUNK;
      soso_rng_normals(&r->rng, pid, j0 / 4, z, m);
      for (size_t k = 0; k < m; k++) {
        la += r->drift + r->vol * z[k];
        e[k] = (float)la;
      }
      soso__vexpf(r->isa, e, m); /* one vector exp for the chunk's dates */
      for (size_t k = 0; k < m; k++) {
        float *row = s + (j0 + k) * r->np;
        double sa = r->opt->s0 * (double)e[k];
        row[i] = (float)sa;
        if (r->anti) row[i + 1] = (float)(growth[j0 + k] / sa);
      }
    }
  }
}

/* Adds one observation (basis x, target y) to the lower triangle of X'X and X'y;
 * inlined with a literal p for the paper's basis so the loops unroll. */
static inline void add_obs(double *restrict xtx, double *restrict xty, const double *restrict x,
                           double y, size_t p) {
  for (size_t a = 0; a < p; a++) {
    for (size_t c = 0; c <= a; c++) xtx[a * p + c] += x[a] * x[c];
    xty[a] += x[a] * y;
  }
}

/* add_obs over n rows of the paper's basis (1, x1, x2, x3), into zeroed xtx and xty:
 * the same sums, each with the same terms in the same order, so the same bits. The
 * basis's first term is exactly 1 (soso__laguerre_w), so 1 * x = x and 1 * 1 = 1 are
 * exact and taken as such: X'X[0][0] is the count, X'X[a][0] the sum of x_a, X'y[0]
 * the sum of y. The 13 other sums go in two passes over the rows (in L1: at most
 * SOSO_LSM_BLOCK rows of 32 bytes), 7 and 6 accumulators, so each pass keeps its
 * sums in registers; in one pass gcc spilled two of them to the stack and every row
 * waited on a store and a reload. */
static void add_sums4(const double *restrict bx, const double *restrict v,
                      const unsigned *restrict idx, size_t n, double *restrict xtx,
                      double *restrict xty) {
  double s10 = 0, s20 = 0, s30 = 0, y0 = 0, y1 = 0, s11 = 0, s21 = 0;
  for (size_t t = 0; t < n; t++) {
    const double *x = bx + 4 * t;
    double y = v[idx[t]];
    s10 += x[1];
    s20 += x[2];
    s30 += x[3];
    y0 += y;
    y1 += x[1] * y;
    s11 += x[1] * x[1];
    s21 += x[2] * x[1];
  }
  double s22 = 0, s31 = 0, s32 = 0, s33 = 0, y2 = 0, y3 = 0;
  for (size_t t = 0; t < n; t++) {
    const double *x = bx + 4 * t;
    double y = v[idx[t]];
    s22 += x[2] * x[2];
    s31 += x[3] * x[1];
    s32 += x[3] * x[2];
    s33 += x[3] * x[3];
    y2 += x[2] * y;
    y3 += x[3] * y;
  }
  xtx[0] = (double)n;
  xtx[4] = s10, xtx[5] = s11;
  xtx[8] = s20, xtx[9] = s21, xtx[10] = s22;
  xtx[12] = s30, xtx[13] = s31, xtx[14] = s32, xtx[15] = s33;
  xty[0] = y0, xty[1] = y1, xty[2] = y2, xty[3] = y3;
}

/* Backward step at date j (1 <= j < nd), block b: discounts v one step, lists the
 * block's in-the-money paths (branch-free) and adds their regression sums into the
 * block's partial. */
static void accumulate(const run *r, soso_lsm *w, size_t j, size_t b) {
  size_t i0 = b * SOSO_LSM_BLOCK, i1 = i0 + SOSO_LSM_BLOCK;
  if (i1 > r->np) i1 = r->np;
  const float *row = w->s + (j - 1) * r->np;
  size_t p = r->nb;
  double *part = w->part + b * PART;
  double *xtx = part, *xty = part + p * p;
  memset(part, 0, (p * p + p + 1) * sizeof *part);
  for (size_t i = i0; i < i1; i++) w->v[i] *= r->df;
  unsigned *idx = w->itm + i0;
  size_t n = 0;
  for (size_t i = i0; i < i1; i++) {
    idx[n] = (unsigned)i;
    n += (size_t)in_money(r, (double)row[i]);
  }
  w->n_itm[b] = n;
  /* The basis rows of the block's in-the-money paths (one vector exp for their
   * weights), kept for decide, and added to the sums. */
  double inv_k = 1.0 / r->opt->strike;
  double *bx = w->bx + i0 * NB_MAX; /* the block's basis rows, in list order */
  double xs[SOSO_LSM_BLOCK] = {0}; /* initialised: gcc -O3 cannot see that only [0, n) is read */
  float tmp[SOSO_LSM_BLOCK];
  for (size_t t = 0; t < n; t++) xs[t] = (double)row[idx[t]] * inv_k;
  laguerre_rows(r, xs, n, bx, tmp);
  if (p == 4) {
    add_sums4(bx, w->v, idx, n, xtx, xty);
  } else {
    for (size_t t = 0; t < n; t++) add_obs(xtx, xty, bx + t * p, w->v[idx[t]], p);
  }
  xty[p] = (double)n;
}

/* Continuation value beta . x, summed from the first term: inlined with a literal p
 * for the paper's basis so the loop unrolls (the same additions in the same order). */
static inline double dot(const double *restrict beta, const double *restrict x, size_t p) {
  double cont = 0.0;
  for (size_t a = 0; a < p; a++) cont += beta[a] * x[a];
  return cont;
}

/* c ? a : b by a bit mask, so the exercise decision (taken on about half the paths,
 * unpredictably) is a select and an unconditional store, not a branch: gcc turns
 * the plain conditional expression into a branch over the store. Bit-identical. */
static inline double pick(int c, double a, double b) {
  uint64_t ua, ub, m = (uint64_t)0 - (uint64_t)(c != 0);
  memcpy(&ua, &a, sizeof ua);
  memcpy(&ub, &b, sizeof ub);
  ua = (ua & m) | (ub & ~m);
  memcpy(&a, &ua, sizeof a);
  return a;
}

/* The decisions of decide() for p basis terms (p a literal at the call). */
static inline void decide_p(const run *r, const float *row, const double *beta,
                            const unsigned *idx, const double *bx, size_t n, double *v,
                            size_t p) {
  const soso_lsm_option *o = r->opt;
  for (size_t t = 0; t < n; t++) {
    size_t i = idx[t];
    double g = intrinsic(o, (double)row[i]); /* the listed paths are in the money */
    double cont = dot(beta, bx + t * p, p);
    v[i] = pick(g > cont, g, v[i]);
  }
}

/* Exercise decisions at date j for block b with the fitted coefficients and the
 * basis rows accumulate() kept. */
static void decide(const run *r, soso_lsm *w, size_t j, size_t b) {
  size_t i0 = b * SOSO_LSM_BLOCK;
  const float *row = w->s + (j - 1) * r->np;
  const double *beta = w->coef + j * NB_MAX;
  const unsigned *idx = w->itm + i0;
  const double *bx = w->bx + i0 * NB_MAX;
  if (r->nb == 4)
    decide_p(r, row, beta, idx, bx, w->n_itm[b], w->v, 4);
  else
    decide_p(r, row, beta, idx, bx, w->n_itm[b], w->v, r->nb);
}

/* Sums block partials in block order and fits date j. Returns 0 or SOSO_ENUMERIC. */
static int fit_date(const run *r, soso_lsm *w, size_t j, size_t n_blocks, size_t *rank) {
  size_t p = r->nb;
  double xtx[NB_MAX * NB_MAX] = {0}, xty[NB_MAX] = {0}, cnt = 0.0;
  for (size_t b = 0; b < n_blocks; b++) {
    const double *part = w->part + b * PART;
    for (size_t a = 0; a < p * p; a++) xtx[a] += part[a];
    for (size_t a = 0; a < p; a++) xty[a] += part[p * p + a];
    cnt += part[p * p + p];
  }
  w->fit[j] = 0;
  if (cnt < 2.0 * (double)p) return 0; /* too thin to regress: no exercise here */
  for (size_t a = 0; a < p; a++)
    for (size_t c = a + 1; c < p; c++) xtx[a * p + c] = xtx[c * p + a];
  int rc = lsq_solve(&w->ls[p - 1], xtx, p, xty, 1, 1, rank);
  if (rc < 0) return rc;
  memcpy(w->coef + j * NB_MAX, xty, p * sizeof *xty);
  w->fit[j] = 1;
  return 0;
}

/* Forward pass of the fitted rule over block b of fresh paths, streamed: each path
 * (antithetic pair) is generated FWD dates at a time and applied to the rule at
 * once, nothing is stored, and a path stops being generated once it (and its
 * partner) has exercised. v[i] = payoff at the first date where exercise beats the
 * fitted continuation (or at maturity, if in the money), discounted to 0. The
 * numbers are those of gen_block's paths: same normals, same exp, same products. */
static void forward(const run *r, soso_lsm *w, size_t b, uint64_t base) {
  enum { FWD = 32 }; /* dates per chunk: a multiple of 4 (whole Philox blocks); the
                        two halves' exercise flags fill the 64 bits of ex */
  size_t i0 = b * SOSO_LSM_BLOCK, i1 = i0 + SOSO_LSM_BLOCK;
  if (i1 > r->np) i1 = r->np;
  size_t step = r->anti ? 2 : 1, p = r->nb;
  double inv_k = 1.0 / r->opt->strike;
  double z[FWD], sp[2 * FWD], xs[2 * FWD], bx[2 * FWD * NB_MAX];
  float e[FWD], tmp[2 * FWD];
  unsigned char ls[2 * FWD]; /* h * FWD + k of the dates that need the basis */
  for (size_t i = i0; i < i1; i += step) {
    uint64_t pid = base + (r->anti ? i / 2 : i);
    double la = 0.0;
    int live[2] = {1, r->anti};
    w->v[i] = 0.0;
    if (r->anti) w->v[i + 1] = 0.0;
    for (size_t j0 = 0; j0 < r->nd && (live[0] || live[1]); j0 += FWD) {
      size_t m = r->nd - j0 < FWD ? r->nd - j0 : FWD;
      soso_rng_normals(&r->rng, pid, j0 / 4, z, m);
      for (size_t k = 0; k < m; k++) {
        la += r->drift + r->vol * z[k];
        e[k] = (float)la;
      }
      soso__vexpf(r->isa, e, m);
      for (size_t k = 0; k < m; k++) sp[k] = r->opt->s0 * (double)e[k];
      if (r->anti) /* a loop of its own, so the divisions go into vector registers */
        for (size_t k = 0; k < m; k++) sp[FWD + k] = w->growth[j0 + k] / sp[k];
      /* the basis only where it is needed: in the money at a fitted date before
       * maturity (fit[nd] is 0), listed branch-free in (h, k) order */
      size_t nl = 0;
      const unsigned char *fit = w->fit + j0 + 1;
      for (size_t h = 0; h < 2; h++) {
        if (!live[h]) continue;
        for (size_t k = 0; k < m; k++) {
          ls[nl] = (unsigned char)(h * FWD + k);
          nl += (size_t)(in_money(r, sp[h * FWD + k]) & fit[k]);
        }
      }
      for (size_t t = 0; t < nl; t++) xs[t] = sp[ls[t]] * inv_k;
      laguerre_rows(r, xs, nl, bx, tmp);
      /* bit h * FWD + k of ex: path h exercises at date j0 + k + 1 if it is still
       * alive; set branch-free, then the lowest set bit of each half taken */
      uint64_t ex = 0;
      if (j0 + m == r->nd)
        for (size_t h = 0; h < 2; h++)
          ex |= (uint64_t)(live[h] && in_money(r, sp[h * FWD + m - 1])) << (h * FWD + m - 1);
      for (size_t t = 0; t < nl; t++) {
        const double *beta = w->coef + (j0 + (ls[t] % FWD) + 1) * NB_MAX, *x = bx + t * p;
        double cont = p == 4 ? dot(beta, x, 4) : dot(beta, x, p);
        /* listed paths are in the money: intrinsic = payoff */
        ex |= (uint64_t)(intrinsic(r->opt, sp[ls[t]]) > cont) << ls[t];
      }
      for (size_t h = 0; h < 2; h++) {
        uint64_t bits = (ex >> (h * FWD)) & 0xFFFFFFFFu;
        if (!live[h] || !bits) continue;
        size_t k = (size_t)__builtin_ctzll(bits); /* the first exercise date */
        w->v[i + h] = payoff(r->opt, sp[h * FWD + k]) * w->disc[j0 + k + 1];
        live[h] = 0;
      }
    }
  }
}

/* Per-block sums of the samples (pair means when antithetic) and their squares. */
static void moments(const run *r, soso_lsm *w, size_t b, double scale) {
  size_t i0 = b * SOSO_LSM_BLOCK, i1 = i0 + SOSO_LSM_BLOCK;
  if (i1 > r->np) i1 = r->np;
  double s1 = 0.0, s2 = 0.0;
  if (r->anti) {
    for (size_t i = i0; i < i1; i += 2) {
      double y = 0.5 * (w->v[i] + w->v[i + 1]) * scale;
      s1 += y;
      s2 += y * y;
    }
  } else {
    for (size_t i = i0; i < i1; i++) {
      double y = w->v[i] * scale;
      s1 += y;
      s2 += y * y;
    }
  }
  w->part[b * PART] = s1;
  w->part[b * PART + 1] = s2;
}

static int check(const soso_lsm *w, const soso_lsm_option *opt, const soso_lsm_opts *o,
                 size_t *nd) {
  if (opt->payoff != SOSO_LSM_PUT && opt->payoff != SOSO_LSM_CALL)
    return soso_error_set(SOSO_EUSAGE, "lsm: payoff must be put or call");
  if (!(opt->s0 > 0) || !(opt->strike > 0) || !(opt->sigma > 0) || !(opt->maturity > 0) ||
      !isfinite(opt->s0 + opt->strike + opt->sigma + opt->maturity + opt->r + opt->q))
    return soso_error_set(SOSO_EUSAGE, "lsm: price, strike, volatility and maturity must be "
                                       "positive and finite (S=%g K=%g sigma=%g T=%g)",
                          opt->s0, opt->strike, opt->sigma, opt->maturity);
  if (o->n_paths < 2 || (o->antithetic && o->n_paths % 2))
    return soso_error_set(SOSO_EUSAGE, "lsm: %zu paths (need >= 2, even with antithetics)",
                          o->n_paths);
  if (o->n_paths > w->max_paths)
    return soso_error_set(SOSO_EUSAGE, "lsm: %zu paths exceed the workspace's %zu",
                          o->n_paths, w->max_paths);
  if (o->steps_per_year == 0 || o->n_laguerre > SOSO_LAGUERRE_MAX)
    return soso_error_set(SOSO_EUSAGE, "lsm: steps_per_year %zu, n_laguerre %zu (max %d)",
                          o->steps_per_year, o->n_laguerre, SOSO_LAGUERRE_MAX);
  double d = round((double)o->steps_per_year * opt->maturity);
  if (d < 1.0 || d > (double)w->max_dates)
    return soso_error_set(SOSO_EUSAGE, "lsm: %.0f exercise dates (workspace holds 1..%zu)", d,
                          w->max_dates);
  *nd = (size_t)d;
  return 0;
}

int soso_lsm_price(soso_lsm *w, const soso_lsm_option *opt, const soso_lsm_opts *o,
                   soso_lsm_result *out) {
  memset(out, 0, sizeof *out);
  size_t nd = 0;
  int rc = check(w, opt, o, &nd);
  if (rc < 0) return rc;
  double dt = opt->maturity / (double)nd;
  run r = {.opt = opt,
           .rng = soso_rng_make(o->seed, SOSO_STREAM_PRICES),
           .np = o->n_paths,
           .nd = nd,
           .nb = 1 + o->n_laguerre,
           .nlag = o->n_laguerre,
           .anti = o->antithetic != 0,
           .drift = (opt->r - opt->q - 0.5 * opt->sigma * opt->sigma) * dt,
           .vol = opt->sigma * sqrt(dt),
           .df = exp(-opt->r * dt),
           .isa = soso__vmath_isa(),
           .sg = opt->payoff == SOSO_LSM_PUT ? 1.0 : -1.0,
           .ks = opt->payoff == SOSO_LSM_PUT ? opt->strike : -opt->strike};
  size_t nblk = (r.np + SOSO_LSM_BLOCK - 1) / SOSO_LSM_BLOCK;
  int nt = o->n_threads > 0 ? o->n_threads : omp_get_max_threads();
  long nb_l = (long)nblk;
  int status = 0;
  size_t bad_date = 0;
  memset(w->fit, 0, nd + 1);
  for (size_t j = 0; j < nd; j++)
    w->growth[j] = opt->s0 * opt->s0 * exp(2.0 * (double)(j + 1) * r.drift);
  w->disc[0] = 1.0;
  for (size_t j = 1; j <= nd; j++) w->disc[j] = w->disc[j - 1] * r.df;

#pragma omp parallel num_threads(nt)
  {
#pragma omp for schedule(static)
    for (long b = 0; b < nb_l; b++) {
      gen_block(&r, w->growth, w->s, (size_t)b, 0);
      size_t i0 = (size_t)b * SOSO_LSM_BLOCK, i1 = i0 + SOSO_LSM_BLOCK;
      if (i1 > r.np) i1 = r.np;
      const float *last = w->s + (nd - 1) * r.np;
      for (size_t i = i0; i < i1; i++) w->v[i] = payoff(opt, (double)last[i]);
    }
    /* One pass over the paths per date: block b takes the decisions of date j + 1
     * and then, its values updated, adds its sums for date j. */
    for (size_t j = nd - 1; j >= 1; j--) {
#pragma omp for schedule(static)
      for (long b = 0; b < nb_l; b++) {
        if (j + 1 < nd && w->fit[j + 1]) decide(&r, w, j + 1, (size_t)b);
        accumulate(&r, w, j, (size_t)b);
      }
#pragma omp single
      {
        size_t rank = 0;
        int frc = fit_date(&r, w, j, nblk, &rank);
        if (frc < 0) {
          status = frc;
          bad_date = j;
        }
      }
      if (status < 0) break; /* every thread reads status after the same barrier */
    }
    if (status == 0 && nd > 1 && w->fit[1]) {
      /* No barrier after the last decisions: every later loop over blocks is also
       * schedule(static) over the same count, so block b stays on the thread that
       * decided it and only reads that block's paths before the next barrier. */
#pragma omp for schedule(static) nowait
      for (long b = 0; b < nb_l; b++) decide(&r, w, 1, (size_t)b);
    }
    if (status == 0) {
      if (o->two_pass) {
#pragma omp for schedule(static)
        for (long b = 0; b < nb_l; b++) {
          forward(&r, w, (size_t)b, k_pricing_base);
          moments(&r, w, (size_t)b, 1.0);
        }
      } else {
#pragma omp for schedule(static)
        for (long b = 0; b < nb_l; b++) moments(&r, w, (size_t)b, r.df);
      }
    }
  }
  if (status < 0)
    return soso_error_set(status, "lsm: regression singular at exercise date %zu of %zu "
                                  "(a basis function vanishes or is not finite on every "
                                  "in-the-money path)", bad_date, nd);
  double s1 = 0.0, s2 = 0.0;
  for (size_t b = 0; b < nblk; b++) {
    s1 += w->part[b * PART];
    s2 += w->part[b * PART + 1];
  }
  double n = (double)(r.anti ? r.np / 2 : r.np);
  double mean = s1 / n;
  double var = n > 1 ? (s2 - n * mean * mean) / (n - 1.0) : 0.0;
  out->value = mean;
  out->se = var > 0 ? sqrt(var / n) : 0.0;
  out->n_paths = r.np;
  out->n_dates = nd;
  double now = payoff(opt, opt->s0);
  if (now > mean) {
    out->value = now;
    out->se = 0.0;
    out->exercise_now = 1;
  }
  return 0;
}
