/* mine.c - loads and validates a mine file (YAML) into a soso_mine.
 *
 * Sections (every key is documented in README.md, "soso value"):
 *   top level   name, money_unit, ore_unit, period, reserve, capacity, price_scale
 *   commodities list of {name, grade, recovery, payable, refining_charge,
 *               treatment_charge}
 *   costs       cash_cost, fixed_cost, capital_cost, open_cost, close_cost,
 *               care_cost, closure_cost, closure_years, inflation
 *   fiscal      royalty, income_tax, tax_loss_offset, property_tax
 *   rates       risk_free, discount
 *   workforce   operating_crew, care_crew, ramp_up_months, wage, local_hire
 *   prices      factors: list of price factors (the schema of
 *               market/factor_yaml.c, shared with region files: stated
 *               parameters or from_store); correlation: n x n matrix (may be left
 *               out for one factor, or when every factor is from_store)
 *   decisions   horizon_years, step_years, allow_abandon
 * Invariant: on success every field of soso_mine is set and checked (mine.h);
 * on failure nothing is returned and the message names FILE:LINE: key.
 */
#include "soso/mine.h"
#include "core/ydoc_int.h"
#include "market/factor_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const soso__yrange k_nonneg = {0.0, HUGE_VAL, 0};
static const soso__yrange k_pos = {0.0, HUGE_VAL, 1};
static const soso__yrange k_frac = {0.0, 1.0, 0};     /* 0 <= v <= 1 */
static const soso__yrange k_frac_pos = {0.0, 1.0, 1}; /* 0 < v <= 1 */
static const soso__yrange k_rate = {-0.5, 1.0, 0};    /* per-year rates, may be negative */

static int load_top(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"name", "money_unit", "ore_unit", "period", "reserve",
                                     "capacity", "price_scale", "commodities", "costs",
                                     "fiscal", "rates", "workforce", "prices", "decisions",
                                     NULL};
  d->pre = NULL;
  int rc = soso__ydoc_keys(d, root, "", keys);
  if (rc < 0) return rc;
  int present = 0;
  snprintf(m->name, sizeof m->name, "mine");
  snprintf(m->ore_unit, sizeof m->ore_unit, "t");
  snprintf(m->period, sizeof m->period, "month");
  if ((rc = soso__ydoc_strbuf(d, root, "name", 0, m->name, sizeof m->name, NULL)) < 0 ||
      (rc = soso__ydoc_strbuf(d, root, "money_unit", 1, m->money_unit, sizeof m->money_unit,
                              NULL)) < 0 ||
      (rc = soso__ydoc_strbuf(d, root, "ore_unit", 0, m->ore_unit, sizeof m->ore_unit, NULL)) < 0 ||
      (rc = soso__ydoc_strbuf(d, root, "period", 0, m->period, sizeof m->period, &present)) < 0)
    return rc;
  if (strcmp(m->period, "month") == 0)
    m->period_years = 1.0 / 12.0;
  else if (strcmp(m->period, "quarter") == 0)
    m->period_years = 0.25;
  else if (strcmp(m->period, "year") == 0)
    m->period_years = 1.0;
  else
    return soso__ydoc_fail(d, soso__ydoc_get(d, root, "period"), "period",
                           "\"%s\" is not one of month, quarter, year", m->period);
  m->price_scale = 1.0;
  if ((rc = soso__ydoc_num(d, root, "reserve", 1, k_pos, &m->reserve, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, root, "capacity", 1, k_pos, &m->capacity, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, root, "price_scale", 0, k_pos, &m->price_scale, NULL)) < 0)
    return rc;
  return SOSO_OK;
}

static int load_commodities(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"name", "grade", "recovery", "payable",
                                     "refining_charge", "treatment_charge", NULL};
  d->pre = NULL;
  yaml_node_t *seq = soso__ydoc_get(d, root, "commodities");
  if (!seq) return soso__ydoc_fail(d, root, "commodities", "missing (required)");
  size_t n = soso__ydoc_len(seq);
  if (seq->type != YAML_SEQUENCE_NODE || n == 0)
    return soso__ydoc_fail(d, seq, "commodities", "must be a non-empty list");
  if (n > SOSO_MAX_FACTORS)
    return soso__ydoc_fail(d, seq, "commodities", "%zu commodities, at most %d", n,
                           SOSO_MAX_FACTORS);
  m->n_commodities = (int)n;
  for (size_t i = 0; i < n; i++) {
    char pre[40];
    snprintf(pre, sizeof pre, "commodities[%zu]", i);
    yaml_node_t *c = soso__ydoc_item(d, seq, i);
    soso_mine_commodity *mc = &m->commodity[i];
    d->pre = pre;
    int rc = soso__ydoc_keys(d, c, "", keys);
    mc->recovery = 1.0;
    mc->payable = 1.0;
    if (rc < 0 || (rc = soso__ydoc_strbuf(d, c, "name", 1, mc->name, sizeof mc->name, NULL)) < 0 ||
        (rc = soso__ydoc_num(d, c, "grade", 1, k_pos, &mc->grade, NULL)) < 0 ||
        (rc = soso__ydoc_num(d, c, "recovery", 0, k_frac_pos, &mc->recovery, NULL)) < 0 ||
        (rc = soso__ydoc_num(d, c, "payable", 0, k_frac_pos, &mc->payable, NULL)) < 0 ||
        (rc = soso__ydoc_num(d, c, "refining_charge", 0, k_nonneg, &mc->refining_charge, NULL)) <
            0 ||
        (rc = soso__ydoc_num(d, c, "treatment_charge", 0, k_nonneg, &mc->treatment_charge, NULL)) <
            0)
      return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(m->commodity[j].name, mc->name) == 0)
        return soso__ydoc_fail(d, soso__ydoc_get(d, c, "name"), "name", "\"%s\" is listed twice",
                               mc->name);
    mc->factor = -1;
  }
  d->pre = NULL;
  return SOSO_OK;
}

static int load_costs(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"cash_cost", "fixed_cost", "capital_cost", "open_cost",
                                     "close_cost", "care_cost", "closure_cost",
                                     "closure_years", "inflation", NULL};
  d->pre = NULL;
  yaml_node_t *c = soso__ydoc_get(d, root, "costs");
  if (!c) return soso__ydoc_fail(d, root, "costs", "missing (required)");
  d->pre = "costs";
  int rc = soso__ydoc_keys(d, c, "", keys);
  if (rc < 0 || (rc = soso__ydoc_num(d, c, "cash_cost", 1, k_nonneg, &m->cash_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "fixed_cost", 0, k_nonneg, &m->fixed_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "capital_cost", 1, k_nonneg, &m->capital_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "open_cost", 1, k_nonneg, &m->open_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "close_cost", 1, k_nonneg, &m->close_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "care_cost", 1, k_nonneg, &m->care_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "closure_cost", 0, k_nonneg, &m->closure_cost, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "closure_years", 0, k_nonneg, &m->closure_years, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, c, "inflation", 0, k_rate, &m->inflation, NULL)) < 0)
    return rc;
  if (m->closure_years > 0.0 && m->closure_cost == 0.0)
    return soso__ydoc_fail(d, soso__ydoc_get(d, c, "closure_years"), "closure_years",
                           "closure takes %g years but closure_cost is 0", m->closure_years);
  return SOSO_OK;
}

static int load_fiscal(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"royalty", "income_tax", "tax_loss_offset",
                                     "property_tax", NULL};
  d->pre = NULL;
  yaml_node_t *f = soso__ydoc_get(d, root, "fiscal");
  if (!f) return soso__ydoc_fail(d, root, "fiscal", "missing (required)");
  static const soso__yrange below_one = {0.0, 0.99, 0};
  d->pre = "fiscal";
  int rc = soso__ydoc_keys(d, f, "", keys);
  if (rc < 0 || (rc = soso__ydoc_num(d, f, "royalty", 1, below_one, &m->royalty, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, f, "income_tax", 1, below_one, &m->income_tax, NULL)) < 0 ||
      (rc = soso__ydoc_bool(d, f, "tax_loss_offset", 0, &m->tax_loss_offset, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, f, "property_tax", 0, k_frac, &m->property_tax, NULL)) < 0)
    return rc;
  return SOSO_OK;
}

static int load_rates(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"risk_free", "discount", NULL};
  d->pre = NULL;
  yaml_node_t *r = soso__ydoc_get(d, root, "rates");
  if (!r) return soso__ydoc_fail(d, root, "rates", "missing (required)");
  d->pre = "rates";
  int rc = soso__ydoc_keys(d, r, "", keys);
  if (rc < 0 || (rc = soso__ydoc_num(d, r, "risk_free", 1, k_rate, &m->risk_free_rate, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, r, "discount", 1, k_rate, &m->discount_rate, NULL)) < 0)
    return rc;
  return SOSO_OK;
}

static int load_workforce(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"operating_crew", "care_crew", "ramp_up_months", "wage",
                                     "local_hire", NULL};
  d->pre = NULL;
  yaml_node_t *w = soso__ydoc_get(d, root, "workforce");
  if (!w) return SOSO_OK; /* optional: a pure valuation case such as Brennan-Schwartz */
  d->pre = "workforce";
  int rc = soso__ydoc_keys(d, w, "", keys);
  if (rc < 0 ||
      (rc = soso__ydoc_num(d, w, "operating_crew", 1, k_nonneg, &m->operating_crew, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, w, "care_crew", 1, k_nonneg, &m->care_crew, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, w, "ramp_up_months", 0, k_nonneg, &m->ramp_up_months, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, w, "wage", 0, k_nonneg, &m->wage, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, w, "local_hire", 0, k_frac, &m->local_hire, NULL)) < 0)
    return rc;
  if (m->care_crew > m->operating_crew)
    return soso__ydoc_fail(d, soso__ydoc_get(d, w, "care_crew"), "care_crew",
                           "%g exceeds the operating crew %g", m->care_crew, m->operating_crew);
  return SOSO_OK;
}

/* The price factors: the one reader shared with region files (market/factor_yaml.c),
 * then each factor must price one of the mine's commodities. */
static int load_prices(soso__ydoc *d, yaml_node_t *root, soso_mine *m, soso_store *store) {
  static const char *const keys[] = {"factors", "correlation", "note", NULL};
  d->pre = NULL;
  yaml_node_t *pr = soso__ydoc_get(d, root, "prices");
  if (!pr) return soso__ydoc_fail(d, root, "prices", "missing (required)");
  d->pre = "prices";
  int rc = soso__ydoc_keys(d, pr, "", keys);
  if (rc < 0) return rc;
  yaml_node_t *seq = soso__ydoc_get(d, pr, "factors");
  size_t n = soso__ydoc_len(seq);
  if (seq && seq->type == YAML_SEQUENCE_NODE && n != (size_t)m->n_commodities)
    return soso__ydoc_fail(d, seq, "factors",
                           "%zu factors for %d commodities (one factor per commodity)", n,
                           m->n_commodities);
  soso__factors_in in = {.doc = d, .section = pr, .section_key = "prices",
                         .list_key = "factors", .store = store, .need_q = 1};
  if ((rc = soso__factors_read(&m->pmodel.d, m->delta, m->lambda, &m->origin, &in)) < 0)
    return rc;
  for (size_t i = 0; i < n; i++) {
    const soso_factor *f = &m->pmodel.d.f[i];
    char pre[40];
    snprintf(pre, sizeof pre, "prices.factors[%zu]", i);
    d->pre = pre;
    yaml_node_t *fn = soso__ydoc_item(d, seq, i);
    yaml_node_t *cn = soso__ydoc_get(d, fn, "commodity") ? soso__ydoc_get(d, fn, "commodity") : fn;
    int found = -1;
    for (int c = 0; c < m->n_commodities; c++)
      if (strcmp(m->commodity[c].name, f->name) == 0) found = c;
    if (found < 0)
      return soso__ydoc_fail(d, cn, "commodity", "\"%s\" is not one of the mine's commodities",
                             f->name);
    m->commodity[found].factor = (int)i;
  }
  d->pre = NULL;
  return SOSO_OK;
}

static int load_decisions(soso__ydoc *d, yaml_node_t *root, soso_mine *m) {
  static const char *const keys[] = {"horizon_years", "step_years", "allow_abandon", NULL};
  d->pre = NULL;
  yaml_node_t *x = soso__ydoc_get(d, root, "decisions");
  if (!x) return soso__ydoc_fail(d, root, "decisions", "missing (required)");
  static const soso__yrange horizon_r = {0.0, 1000.0, 1};
  m->allow_abandon = 1;
  d->pre = "decisions";
  int rc = soso__ydoc_keys(d, x, "", keys);
  if (rc < 0 ||
      (rc = soso__ydoc_num(d, x, "horizon_years", 1, horizon_r, &m->horizon_years, NULL)) < 0 ||
      (rc = soso__ydoc_num(d, x, "step_years", 1, k_pos, &m->step_years, NULL)) < 0 ||
      (rc = soso__ydoc_bool(d, x, "allow_abandon", 0, &m->allow_abandon, NULL)) < 0)
    return rc;
  double steps = m->horizon_years / m->step_years;
  if (m->step_years > m->horizon_years || fabs(steps - nearbyint(steps)) > 1e-9 * steps)
    return soso__ydoc_fail(d, soso__ydoc_get(d, x, "step_years"), "step_years",
                           "%g does not divide horizon_years %g into whole steps", m->step_years,
                           m->horizon_years);
  if (steps > 1e6)
    return soso__ydoc_fail(d, soso__ydoc_get(d, x, "step_years"), "step_years",
                           "%.0f decision dates are too many (at most 1000000)", steps);
  return SOSO_OK;
}

void soso_mine_free(soso_mine *m) {
  if (!m) return;
  free(m->path);
  free(m);
}

int soso_mine_load(soso_mine **out, const char *path) { return soso_mine_load_ex(out, path, NULL); }

int soso_mine_load_ex(soso_mine **out, const char *path, soso_store *store) {
  if (out) *out = NULL;
  if (!out || !path) return soso_error_set(SOSO_EUSAGE, "mine: no file");
  soso_mine *m = calloc(1, sizeof *m);
  size_t len = strlen(path) + 1;
  if (!m || !(m->path = malloc(len))) {
    free(m);
    return soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
  }
  memcpy(m->path, path, len);
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (rc == SOSO_OK) {
    yaml_node_t *root = soso__ydoc_root(&d);
    if ((rc = load_top(&d, root, m)) == SOSO_OK &&
        (rc = load_commodities(&d, root, m)) == SOSO_OK &&
        (rc = load_costs(&d, root, m)) == SOSO_OK && (rc = load_fiscal(&d, root, m)) == SOSO_OK &&
        (rc = load_rates(&d, root, m)) == SOSO_OK &&
        (rc = load_workforce(&d, root, m)) == SOSO_OK &&
        (rc = load_prices(&d, root, m, store)) == SOSO_OK)
      rc = load_decisions(&d, root, m);
    d.pre = NULL;
    if (rc == SOSO_OK) {
      soso_qmodel q;
      if (soso_mine_qmodel(&q, m) < 0)
        rc = soso__ydoc_fail(&d, soso__ydoc_get(&d, root, "prices"), "prices", "%s",
                             soso_error_last());
    }
  }
  soso__ydoc_free(&d);
  if (rc < 0) {
    soso_mine_free(m);
    return rc;
  }
  *out = m;
  return SOSO_OK;
}
