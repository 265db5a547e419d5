/* sequence.c - where the one modular plant goes next: order and start months.
 *
 * The model is stated in include/soso/region.h ("Sequencing one modular plant").
 * Exact method: dynamic programming over (set S of sites done, last site) - the
 * Held-Karp state of a travelling-salesman-like problem (Held & Karp 1962) - where
 * a state holds a list of labels (value so far, month the plant is free, and for
 * each site not yet done the month crowding releases it). A label is dropped when
 * another label of the same state has at least its value and no later months:
 * under the planning rule every future contribution is non-negative and the start
 * months of any continuation are monotone in those months (max and + only), so the
 * dropped label cannot lead to a better plan. States are visited in increasing
 * bitmask order, which is a topological order (adding a site sets a bit).
 * Heuristic: best of several starting orders, then first-improvement local search
 * with insertion, swap, segment-reversal (2-opt), add and drop moves.
 */
#include "soso/region.h"

#include "soso/error.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static double disc(const soso_seq_problem *pb, double t) {
  return pow(1.0 + pb->rate, -t / 12.0);
}

/* Contribution of site j started at t after prev (SIZE_MAX: first site). */
static double term(const soso_seq_problem *pb, size_t prev, size_t j, double t) {
  double c = pb->value[j];
  if (prev != SIZE_MAX) c += pb->plant_saving - pb->reloc_cost[prev * pb->n + j];
  return c * disc(pb, t);
}

int soso_region_seq_evaluate(soso_seq_plan *plan, const soso_seq_problem *pb, const size_t *order,
                      size_t n_order, int skip) {
  size_t n = pb->n, used = 0, prev = SIZE_MAX;
  double t_free = 0.0, total = 0.0;
  for (size_t k = 0; k < n_order; k++) {
    size_t j = order[k];
    if (j >= n) return soso_error_set(SOSO_EUSAGE, "sequence: site index %zu out of range", j);
    double t = prev == SIZE_MAX ? 0.0 : t_free + pb->reloc_months[prev * n + j];
    for (size_t kk = 0; kk < used; kk++) {
      size_t i = plan->order[kk];
      if (pb->near[i * n + j]) {
        double rel = plan->start[kk] + pb->op_months[i] + pb->gap_months[i];
        if (rel > t) t = rel;
      }
    }
    if (t >= pb->horizon_months || pb->value[j] == -INFINITY) continue;
    double v = term(pb, prev, j, t);
    if (skip && v < 0) continue;
    plan->order[used] = j;
    plan->start[used] = t;
    used++;
    total += v;
    t_free = t + pb->op_months[j];
    prev = j;
  }
  plan->n_used = used;
  plan->value = total;
  return 0;
}

/* Exact DP ----------------------------------------------------------------- */

typedef struct label {
  double value;   /* discounted value so far */
  double t_free;  /* month the plant is free */
  double t_start; /* start month of the last site */
  int32_t parent; /* label it came from (-1: first site) */
  int32_t next;   /* next label of the same state (-1 end) */
  int32_t dead;   /* dominated */
  uint32_t site;  /* last site */
} label;

typedef struct pool {
  label *l;     /* labels */
  double *rel;  /* [cap * n] crowding release month per site */
  size_t len, cap, n;
} pool;

static int pool_add(pool *p) {
  if (p->len == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 1024;
    if (cap > (size_t)INT32_MAX) return -1;
    label *l = realloc(p->l, cap * sizeof *l);
    if (!l) return -1;
    p->l = l;
    double *r = realloc(p->rel, cap * p->n * sizeof *r);
    if (!r) return -1;
    p->rel = r;
    p->cap = cap;
  }
  return (int)p->len++;
}

/* 1 if a (value, times) is at least as good as b on every count for the sites
 * outside mask. */
static int dominates(const pool *p, size_t a, size_t b, uint32_t mask) {
  const label *la = &p->l[a], *lb = &p->l[b];
  if (la->value < lb->value || la->t_free > lb->t_free) return 0;
  const double *ra = p->rel + a * p->n, *rb = p->rel + b * p->n;
  for (size_t j = 0; j < p->n; j++)
    if (!(mask & (1u << j)) && ra[j] > rb[j]) return 0;
  return 1;
}

/* Inserts label idx into state list *head unless dominated; prunes what it
 * dominates. */
static void insert(pool *p, int32_t *head, size_t idx, uint32_t mask) {
  for (int32_t k = *head; k >= 0; k = p->l[k].next)
    if (!p->l[k].dead && dominates(p, (size_t)k, idx, mask)) {
      p->l[idx].dead = 1;
      return;
    }
  for (int32_t k = *head; k >= 0; k = p->l[k].next)
    if (!p->l[k].dead && dominates(p, idx, (size_t)k, mask)) p->l[k].dead = 1;
  p->l[idx].next = *head;
  *head = (int32_t)idx;
}

static void write_plan(soso_seq_plan *plan, const pool *p, int32_t best, double value) {
  size_t k = 0;
  for (int32_t b = best; b >= 0; b = p->l[b].parent) k++;
  plan->n_used = k;
  for (int32_t b = best; b >= 0; b = p->l[b].parent) {
    k--;
    plan->order[k] = p->l[b].site;
    plan->start[k] = p->l[b].t_start;
  }
  plan->value = value;
}

/* An upper bound on what the sites outside mask can still add when the plant is
 * free at t_free: each such site at its best conceivable terms - the cheapest and
 * quickest move into it, no crowding wait - counted only if positive. Valid because
 * a start can only be later and a move only dearer, and discounting only shrinks a
 * positive term. */
static double bound(const soso_seq_problem *pb, uint32_t mask, double t_free,
                    const double *min_rm, const double *min_rc) {
  double ub = 0.0;
  for (size_t j = 0; j < pb->n; j++) {
    if (mask & (1u << j)) continue;
    double c = pb->value[j] + pb->plant_saving - min_rc[j];
    if (c > 0 && t_free + min_rm[j] < pb->horizon_months) ub += c * disc(pb, t_free + min_rm[j]);
  }
  return ub;
}

int soso_region_seq_solve_exact(soso_seq_plan *plan, const soso_seq_problem *pb) {
  size_t n = pb->n;
  if (n > SOSO_SEQ_MAX_EXACT)
    return soso_error_set(SOSO_EUSAGE, "sequence: exact method takes at most %d sites, not %zu",
                          SOSO_SEQ_MAX_EXACT, n);
  plan->n_used = 0;
  plan->value = 0.0;
  if (n == 0) return 0;
  /* Incumbent: the heuristic's plan. Labels that cannot beat it are pruned (branch
   * and bound); if none beats it, it is the optimum and stays in plan. */
  int rc = soso_region_seq_solve_heuristic(plan, pb, NULL);
  if (rc) return rc;
  double min_rm[SOSO_SEQ_MAX_EXACT], min_rc[SOSO_SEQ_MAX_EXACT];
  for (size_t j = 0; j < n; j++) {
    min_rm[j] = HUGE_VAL;
    min_rc[j] = HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
      if (i == j) continue;
      if (pb->reloc_months[i * n + j] < min_rm[j]) min_rm[j] = pb->reloc_months[i * n + j];
      if (pb->reloc_cost[i * n + j] < min_rc[j]) min_rc[j] = pb->reloc_cost[i * n + j];
    }
    if (n == 1) min_rm[j] = min_rc[j] = 0.0;
  }
  size_t n_states = ((size_t)1 << n) * n;
  int32_t *head = malloc(n_states * sizeof *head);
  pool p = {NULL, NULL, 0, 0, n};
  if (!head) return soso_error_set(SOSO_ENOMEM, "sequence: out of memory");
  for (size_t s = 0; s < n_states; s++) head[s] = -1;
  /* Prune only what is strictly worse than the incumbent (by more than rounding). */
  double incumbent = plan->value, tol = 1e-12 * (1.0 + fabs(plan->value));
  double best_v = incumbent;
  int32_t best = -1;
  for (size_t i = 0; i < n && !rc; i++) {
    double v = term(pb, SIZE_MAX, i, 0.0);
    if (v < 0 || pb->horizon_months <= 0) continue;
    int idx = pool_add(&p);
    if (idx < 0) {
      rc = soso_error_set(SOSO_ENOMEM, "sequence: out of memory");
      break;
    }
    label *l = &p.l[idx];
    *l = (label){v, pb->op_months[i], 0.0, -1, -1, 0, (uint32_t)i};
    double *rel = p.rel + (size_t)idx * n;
    for (size_t j = 0; j < n; j++)
      rel[j] = pb->near[i * n + j] ? pb->op_months[i] + pb->gap_months[i] : 0.0;
    insert(&p, &head[((size_t)1 << i) * n + i], (size_t)idx, 1u << i);
  }
  for (uint32_t mask = 1; !rc && mask < (1u << n); mask++) {
    for (size_t last = 0; last < n && !rc; last++) {
      if (!(mask & (1u << last))) continue;
      for (int32_t k = head[(size_t)mask * n + last]; k >= 0 && !rc; k = p.l[k].next) {
        if (p.l[k].dead) continue;
        if (p.l[k].value > best_v + tol) {
          best_v = p.l[k].value;
          best = k;
        }
        if (p.l[k].value + bound(pb, mask, p.l[k].t_free, min_rm, min_rc) < best_v - tol) continue;
        for (size_t j = 0; j < n; j++) {
          if (mask & (1u << j)) continue;
          const double *rel = p.rel + (size_t)k * n;
          double t = p.l[k].t_free + pb->reloc_months[last * n + j];
          if (rel[j] > t) t = rel[j];
          if (t >= pb->horizon_months) continue;
          double v = term(pb, last, j, t);
          if (v < 0) continue;
          int idx = pool_add(&p);
          if (idx < 0) {
            rc = soso_error_set(SOSO_ENOMEM, "sequence: out of memory");
            break;
          }
          rel = p.rel + (size_t)k * n; /* the pool may have moved */
          uint32_t m2 = mask | (1u << j);
          double free_t = t + pb->op_months[j];
          p.l[idx] = (label){p.l[k].value + v, free_t, t, k, -1, 0, (uint32_t)j};
          double *r2 = p.rel + (size_t)idx * n;
          for (size_t q = 0; q < n; q++) {
            r2[q] = rel[q];
            if (pb->near[j * n + q] && free_t + pb->gap_months[j] > r2[q])
              r2[q] = free_t + pb->gap_months[j];
          }
          insert(&p, &head[(size_t)m2 * n + j], (size_t)idx, m2);
        }
      }
    }
  }
  if (!rc && best >= 0) write_plan(plan, &p, best, best_v);
  free(head);
  free(p.l);
  free(p.rel);
  return rc;
}

/* Brute force ----------------------------------------------------------------- */

typedef struct bf {
  const soso_seq_problem *pb;
  size_t *cur;       /* current prefix */
  double *cur_start; /* its start months */
  soso_seq_plan *best;
} bf;

static void bf_rec(bf *b, size_t depth, uint32_t used, double value, double t_free) {
  const soso_seq_problem *pb = b->pb;
  size_t n = pb->n;
  if (value > b->best->value) {
    b->best->value = value;
    b->best->n_used = depth;
    memcpy(b->best->order, b->cur, depth * sizeof *b->cur);
    memcpy(b->best->start, b->cur_start, depth * sizeof *b->cur_start);
  }
  for (size_t j = 0; j < n; j++) {
    if (used & (1u << j)) continue;
    size_t prev = depth ? b->cur[depth - 1] : SIZE_MAX;
    double t = depth ? t_free + pb->reloc_months[prev * n + j] : 0.0;
    for (size_t k = 0; k < depth; k++) {
      size_t i = b->cur[k];
      if (pb->near[i * n + j]) {
        double rel = b->cur_start[k] + pb->op_months[i] + pb->gap_months[i];
        if (rel > t) t = rel;
      }
    }
    if (t >= pb->horizon_months || pb->value[j] == -INFINITY) continue;
    double v = term(pb, prev, j, t);
    if (v < 0) continue;
    b->cur[depth] = j;
    b->cur_start[depth] = t;
    bf_rec(b, depth + 1, used | (1u << j), value + v, t + pb->op_months[j]);
  }
}

int soso_region_seq_solve_brute(soso_seq_plan *plan, const soso_seq_problem *pb) {
  if (pb->n > 9) return soso_error_set(SOSO_EUSAGE, "sequence: brute force takes at most 9 sites");
  size_t cur[9];
  double cs[9];
  bf b = {pb, cur, cs, plan};
  plan->n_used = 0;
  plan->value = 0.0;
  bf_rec(&b, 0, 0, 0.0, 0.0);
  return 0;
}

/* Heuristic ------------------------------------------------------------------ */

typedef struct hs {
  const soso_seq_problem *pb;
  soso_seq_plan tmp;  /* evaluation scratch */
  size_t *cand;       /* candidate order (a permutation of all sites) */
  size_t *best_order; /* best permutation so far */
  double best;        /* its value */
} hs;

/* Evaluates a full permutation (the rule skips sites) and keeps it if better. */
static int try_order(hs *h, const size_t *order) {
  soso_region_seq_evaluate(&h->tmp, h->pb, order, h->pb->n, 1);
  if (isinf(h->best) || h->tmp.value > h->best + 1e-9 * (1.0 + fabs(h->best))) {
    h->best = h->tmp.value;
    memcpy(h->best_order, order, h->pb->n * sizeof *order);
    return 1;
  }
  return 0;
}

static void by_value(const soso_seq_problem *pb, size_t *o) {
  size_t n = pb->n;
  for (size_t i = 0; i < n; i++) o[i] = i;
  for (size_t i = 1; i < n; i++) /* insertion sort, stable, descending value */
    for (size_t k = i; k > 0 && pb->value[o[k]] > pb->value[o[k - 1]]; k--) {
      size_t t = o[k];
      o[k] = o[k - 1];
      o[k - 1] = t;
    }
}

static void nearest(const soso_seq_problem *pb, size_t *o) {
  size_t n = pb->n;
  by_value(pb, o); /* start at the most valuable site */
  for (size_t k = 1; k < n; k++) {
    size_t bi = k;
    for (size_t q = k + 1; q < n; q++)
      if (pb->reloc_months[o[k - 1] * n + o[q]] < pb->reloc_months[o[k - 1] * n + o[bi]]) bi = q;
    size_t t = o[k];
    o[k] = o[bi];
    o[bi] = t;
  }
}

/* Greedy: append the unused site that adds the most at its earliest start. */
static void greedy(hs *h, size_t *o) {
  const soso_seq_problem *pb = h->pb;
  size_t n = pb->n;
  for (size_t k = 0; k < n; k++) {
    size_t bi = k;
    double bv = -HUGE_VAL;
    for (size_t q = k; q < n; q++) {
      size_t t = o[k];
      o[k] = o[q];
      o[q] = t;
      soso_region_seq_evaluate(&h->tmp, pb, o, k + 1, 1);
      if (h->tmp.value > bv) {
        bv = h->tmp.value;
        bi = q;
      }
      o[q] = o[k];
      o[k] = t;
    }
    size_t t = o[k];
    o[k] = o[bi];
    o[bi] = t;
  }
}

static void reverse(size_t *o, size_t a, size_t b) {
  while (a < b) {
    size_t t = o[a];
    o[a++] = o[b];
    o[b--] = t;
  }
}

int soso_region_seq_solve_heuristic(soso_seq_plan *plan, const soso_seq_problem *pb,
                             const size_t *given) {
  size_t n = pb->n;
  plan->n_used = 0;
  plan->value = 0.0;
  if (n == 0) return 0;
  hs h = {pb, {0, NULL, NULL, 0.0}, NULL, NULL, -HUGE_VAL};
  h.tmp.order = malloc(n * sizeof *h.tmp.order);
  h.tmp.start = malloc(n * sizeof *h.tmp.start);
  h.cand = malloc(n * sizeof *h.cand);
  h.best_order = malloc(n * sizeof *h.best_order);
  if (!h.tmp.order || !h.tmp.start || !h.cand || !h.best_order) {
    free(h.tmp.order);
    free(h.tmp.start);
    free(h.cand);
    free(h.best_order);
    return soso_error_set(SOSO_ENOMEM, "sequence: out of memory");
  }
  if (given) try_order(&h, given);
  by_value(pb, h.cand);
  try_order(&h, h.cand);
  nearest(pb, h.cand);
  try_order(&h, h.cand);
  by_value(pb, h.cand);
  greedy(&h, h.cand);
  try_order(&h, h.cand);
  /* Local search on the permutation; the planning rule decides which sites of it
   * are visited, so moving a site to the end is how a site is dropped. */
  int improved = 1;
  while (improved) {
    improved = 0;
    for (size_t a = 0; a < n && !improved; a++)
      for (size_t b = 0; b < n && !improved; b++) {
        if (a == b) continue;
        /* insertion: move a to b */
        memcpy(h.cand, h.best_order, n * sizeof *h.cand);
        size_t s = h.cand[a];
        if (a < b) memmove(h.cand + a, h.cand + a + 1, (b - a) * sizeof *h.cand);
        else memmove(h.cand + b + 1, h.cand + b, (a - b) * sizeof *h.cand);
        h.cand[b] = s;
        if (try_order(&h, h.cand)) improved = 1;
        if (improved || a > b) continue;
        /* swap and 2-opt on a < b */
        memcpy(h.cand, h.best_order, n * sizeof *h.cand);
        size_t t = h.cand[a];
        h.cand[a] = h.cand[b];
        h.cand[b] = t;
        if (try_order(&h, h.cand)) improved = 1;
        if (improved) continue;
        memcpy(h.cand, h.best_order, n * sizeof *h.cand);
        reverse(h.cand, a, b);
        if (try_order(&h, h.cand)) improved = 1;
      }
  }
  soso_region_seq_evaluate(plan, pb, h.best_order, n, 1);
  free(h.tmp.order);
  free(h.tmp.start);
  free(h.cand);
  free(h.best_order);
  return 0;
}
