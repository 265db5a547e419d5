/* draft.c - a mine file drafted from a stored deposit (include/soso/draft.h).
 *
 * Invariants: every number written is finite and in the mine file's ranges, so
 * soso_mine_load_ex accepts the text whenever the store it was drafted from is
 * passed; every number that does not come from the deposit carries a
 * `# assumption: SOURCE` comment; commodities left out are listed with the reason.
 * Sources: Taylor (1977) "Mine valuation and feasibility studies", in Mineral
 * Industry Costs, Northwest Mining Association, Spokane, 1-17; Long (2009) "A test
 * and re-estimation of Taylor's empirical capacity-reserve relationship", Natural
 * Resources Research 18(1), 57-63; Camm (1991) "Simplified cost models for
 * prefeasibility mineral evaluations", US Bureau of Mines IC 9298.
 */
#define _GNU_SOURCE /* open_memstream */
#include "deposits/deposits_int.h"
#include "soso/data.h"
#include "soso/deposits.h"
#include "soso/draft.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DAYS_PER_YEAR = 350 }; /* Taylor's working year */

double soso_draft_taylor_life(double ore_t) { return 0.2 * pow(ore_t, 0.25); }

double soso_draft_taylor_tpd(double ore_t) {
  return ore_t / (DAYS_PER_YEAR * soso_draft_taylor_life(ore_t));
}

double soso_draft_long_ug_tpd(double ore_t) {
  /* a = Taylor's capacity at 1 Mt / (1 Mt)^0.56: the assumed intercept. */
  double a = soso_draft_taylor_tpd(1e6) / pow(1e6, SOSO_DRAFT_LONG_UG_B);
  return a * pow(ore_t, SOSO_DRAFT_LONG_UG_B);
}

/* The cost model: y = a x^b, x in t/day, 1989 US$ (assumed coefficients in the
 * form of Camm 1991; see draft.h). Chosen so that a 500 t/day cut-and-fill mine
 * with a flotation mill costs about US$ 110/t to run and US$ 28 million to build
 * in 2024 dollars (mine 19, mill 9), the order of small European underground base-metal projects;
 * the exponents are the usual scale economies of such models (operating cost per
 * tonne falls as x^-0.2 to x^-0.3, capital rises as x^0.6 to x^0.7). */
static const struct {
  double a, b;
} k_mine_opex = {126.0, -0.2}, k_mill_opex = {47.0, -0.3}, k_mine_capex = {96000.0, 0.7},
  k_mill_capex = {48000.0, 0.7}, k_crew = {3.0, 0.55};

int soso_draft_costs_at(soso_draft_costs *out, double tpd) {
  if (!out || !(tpd > 0.0) || !isfinite(tpd))
    return soso_error_set(SOSO_EUSAGE, "draft: capacity %g t/day must be > 0", tpd);
  double e = SOSO_DRAFT_ESCALATION;
  out->tpd = tpd;
  out->mine_opex_t = e * k_mine_opex.a * pow(tpd, k_mine_opex.b);
  out->mill_opex_t = e * k_mill_opex.a * pow(tpd, k_mill_opex.b);
  out->mine_capex = e * k_mine_capex.a * pow(tpd, k_mine_capex.b);
  out->mill_capex = e * k_mill_capex.a * pow(tpd, k_mill_capex.b);
  out->crew = k_crew.a * pow(tpd, k_crew.b); /* people do not escalate */
  return 0;
}

/* Stored series for a commodity code, and how a grade converts to its unit. */
static const struct {
  const char *code, *series;
  double payable; /* typical concentrate payable (assumption) */
} k_series[] = {{"zn", "ZINC", 0.85},     {"pb", "LEAD", 0.95},  {"cu", "COPPER", 0.965},
                {"sn", "TIN", 0.95},      {"ni", "NICKEL", 0.75}, {"al", "ALUMINUM", 0.95},
                {"au", "GOLD", 0.95},     {"ag", "SILVER", 0.90}, {"pt", "PLATINUM", 0.90},
                {"fe", "IRON_ORE", 1.0}};

static int find_series(const char *code) {
  for (size_t i = 0; i < sizeof k_series / sizeof *k_series; i++)
    if (strcmp(k_series[i].code, code) == 0) return (int)i;
  return -1;
}

static const soso_price_info *stored(const soso_price_info *list, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i].commodity, name) == 0) return &list[i];
  return NULL;
}

/* Grade in metal units per t of ore for a price unit: US$/t -> t/t, US$/troy oz ->
 * troy oz/t. NAN when the units do not fit. */
static double grade_for(double value, const char *unit, const char *price_unit) {
  double gpt; /* grams per tonne */
  if (strcmp(unit, "%") == 0)
    gpt = value * 1e4;
  else if (strcmp(unit, "g/t") == 0 || strcmp(unit, "ppm") == 0)
    gpt = value;
  else
    return NAN;
  if (strcmp(price_unit, "US$/t") == 0 || strcmp(price_unit, "US$/dmt") == 0) return gpt * 1e-6;
  if (strcmp(price_unit, "US$/troy oz") == 0) return gpt / 31.1034768;
  return NAN;
}

/* YAML-safe name: printable ASCII except quotes and backslashes. */
static void clean(char *dst, size_t n, const char *src) {
  size_t k = 0;
  for (; *src && k + 1 < n; src++) {
    unsigned char c = (unsigned char)*src;
    dst[k++] = (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) ? (char)c : ' ';
  }
  dst[k] = '\0';
}

int soso_draft_mine(char **out, soso_draft_info *info, soso_store *store, const char *id,
                    const soso_draft_opts *opts) {
  if (out) *out = NULL;
  if (!out || !store || !id) return soso_error_set(SOSO_EUSAGE, "draft: no output, store or id");
  soso_draft_opts o = SOSO_DRAFT_OPTS_INIT;
  if (opts) o = *opts;
  if (!o.window) o.window = "1990-01..latest";
  const char *data_dir = o.data_dir ? o.data_dir : soso_data_dir_builtin();
  soso_deposits *set = NULL;
  soso_price_info *plist = NULL;
  size_t np = 0;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = NULL;
  dep_equiv eq;
  int rc = soso_deposits_get(&set, store, id, data_dir);
  if (rc) return rc;
  if (set->n == 0) {
    rc = soso_error_set(SOSO_ENOTFOUND, "%s: no such deposit (see soso deposits list)", id);
    goto done;
  }
  if ((rc = soso_market_prices_list(&plist, &np, store)) || (rc = dep_equiv_load(&eq, data_dir)))
    goto done;
  double ore_t = set->ore_mt[0] * 1e6;
  if (!(ore_t > 0.0) || !isfinite(ore_t)) {
    rc = soso_error_set(SOSO_EDATA, "%s: the deposit has no ore tonnage: a mine file needs a "
                        "reserve", id);
    goto done;
  }
  /* Payable commodities: graded, with a stored series, at most SOSO_MAX_FACTORS. */
  int pick[SOSO_MAX_FACTORS], n = 0;
  char left[1024] = "";
  for (size_t k = set->first[0]; k < set->first[1]; k++) {
    const soso_grade *g = &set->items[k];
    int s = find_series(g->code);
    const soso_price_info *pi = s >= 0 ? stored(plist, np, k_series[s].series) : NULL;
    const char *why = NULL;
    if (isnan(g->value))
      why = "no grade";
    else if (s < 0 || !pi)
      why = "no price series in the store";
    else if (isnan(grade_for(g->value, g->unit, pi->unit)))
      why = "grade unit does not fit the price unit";
    else if (n == SOSO_MAX_FACTORS)
      why = "more than 8 commodities";
    if (why) {
      if (isnan(g->value))
        dep_flag(left, sizeof left, "%s (%s)", g->code, why);
      else
        dep_flag(left, sizeof left, "%s %g %s (%s)", g->code, g->value, g->unit, why);
      if (info) info->n_left_out++;
      continue;
    }
    pick[n++] = (int)k;
  }
  if (n == 0) {
    rc = soso_error_set(SOSO_EDATA, "%s: no commodity has both a grade and a stored price series "
                        "(left out: %s); import prices with soso prices import", id,
                        *left ? left : "none listed");
    goto done;
  }
  double tpd = o.rule == SOSO_DRAFT_TAYLOR ? soso_draft_taylor_tpd(ore_t)
                                           : soso_draft_long_ug_tpd(ore_t);
  double per_month = tpd * DAYS_PER_YEAR / 12.0, life = ore_t / (tpd * DAYS_PER_YEAR);
  soso_draft_costs c;
  if ((rc = soso_draft_costs_at(&c, tpd))) goto done;
  double opex_t = c.mine_opex_t + c.mill_opex_t, capex = c.mine_capex + c.mill_capex;
  double fixed = 0.3 * opex_t * per_month, cash = 0.7 * opex_t;
  double horizon = ceil(life * 1.5);
  if (horizon < 5) horizon = 5;
  if (horizon > 30) horizon = 30;
  double crew = ceil(c.crew), care = ceil(fmax(3.0, 0.1 * c.crew));
  char name[128];
  clean(name, sizeof name, set->name[0][0] ? set->name[0] : id);

  if (!(f = open_memstream(&buf, &len))) {
    rc = soso_error_set(SOSO_ENOMEM, "draft: out of memory");
    goto done;
  }
  fprintf(f, "# %s - mine file drafted by `soso mine draft %s` from the deposit store.\n", name,
          id);
  fprintf(f, "# From the deposit: name, reserve (ore tonnage) and grades (source %s,\n"
             "# %.5f N %.5f E%s%s). Every other number is marked `# assumption` with its\n"
             "# source: replace them with the project's own figures before any decision.\n",
          set->source[0], set->lat[0], set->lon[0], set->deposit_type[0][0] ? ", type " : "",
          set->deposit_type[0]);
  if (*left) fprintf(f, "# Left out (not valued): %s.\n", left);
  fprintf(f, "# Polymetallic ore: one from_store price factor per payable commodity with a\n"
             "# stored series; a commodity without one is left out rather than converted to\n"
             "# an equivalent (no market series, no modelled revenue: the draft errs low).\n");
  fprintf(f, "name: \"%s\"\n", name);
  fprintf(f, "money_unit: US$              # assumption: prices and cost model are in US$\n");
  fprintf(f, "ore_unit: t\nperiod: month\n");
  fprintf(f, "reserve: %.0f               # deposit: %.4g Mt ore\n", ore_t, set->ore_mt[0]);
  if (o.rule == SOSO_DRAFT_TAYLOR)
    fprintf(f, "capacity: %.0f               # assumption: Taylor (1977) rule, life 0.2 T^0.25 = "
               "%.1f years, %.0f t/day x 350 days / 12\n", per_month, life, tpd);
  else
    fprintf(f, "capacity: %.0f               # assumption: %.0f t/day x 350 days / 12; "
               "underground capacity %.4g T^0.56 t/day (Long 2009, USGS, elasticity 0.56 for "
               "underground mines; intercept set to meet Taylor 1977 at 1 Mt, assumption); "
               "life %.1f years (Taylor's rule: %.1f)\n",
            per_month, tpd, tpd / pow(ore_t, SOSO_DRAFT_LONG_UG_B), life,
            soso_draft_taylor_life(ore_t));
  fprintf(f, "commodities:\n");
  for (int i = 0; i < n; i++) {
    const soso_grade *g = &set->items[pick[i]];
    int s = find_series(g->code);
    const soso_price_info *pi = stored(plist, np, k_series[s].series);
    int e = dep_equiv_find(&eq, g->code);
    double rec = e >= 0 ? eq.recovery[e] : 0.8;
    fprintf(f, "  - name: %s\n", k_series[s].series);
    fprintf(f, "    grade: %.8g           # deposit: %g %s, in %s per t ore\n",
            grade_for(g->value, g->unit, pi->unit), g->value, g->unit,
            strcmp(pi->unit, "US$/troy oz") == 0 ? "troy oz" : "t metal");
    fprintf(f, "    recovery: %.3g           # assumption: %s\n", rec,
            e >= 0 ? "data/metal_equivalents.csv (the project's screening recoveries)"
                   : "0.8, no recovery for this commodity in data/metal_equivalents.csv");
    fprintf(f, "    payable: %.3g            # assumption: typical concentrate payable for %s\n",
            k_series[s].payable, k_series[s].series);
  }
  fprintf(f, "costs:                         # cost model: y = a x^b in capacity x = %.0f t/day "
             "(form of Camm 1991, USBM IC 9298; coefficients are assumptions, 1989 US$ x "
             "%.3f CPI-U 1989->2024)\n", tpd, SOSO_DRAFT_ESCALATION);
  fprintf(f, "  cash_cost: %.2f          # assumption: 70 %% of mine %.1f + mill %.1f US$/t "
             "(mine 126 x^-0.2, mill 47 x^-0.3, 1989 US$)\n", cash, c.mine_opex_t,
          c.mill_opex_t);
  fprintf(f, "  fixed_cost: %.0f         # assumption: the other 30 %% of operating cost at full "
             "output, per month\n", fixed);
  fprintf(f, "  capital_cost: %.0f       # assumption: mine 96000 x^0.7 + mill 48000 x^0.7 "
             "(1989 US$), escalated\n", capex);
  fprintf(f, "  open_cost: %.0f          # assumption: 5 %% of capital to reopen\n", 0.05 * capex);
  fprintf(f, "  close_cost: %.0f         # assumption: 2 %% of capital to go to care and "
             "maintenance\n", 0.02 * capex);
  fprintf(f, "  care_cost: %.0f          # assumption: 20 %% of the fixed cost per month "
             "(pumping, ventilation, security)\n", 0.2 * fixed);
  fprintf(f, "  closure_cost: %.0f       # assumption: 10 %% of capital (closure plan and "
             "financial guarantee, Directive 2006/21/EC Art. 14, to be costed)\n", 0.1 * capex);
  fprintf(f, "  closure_years: 3           # assumption\n");
  fprintf(f, "  inflation: 0.02            # assumption: cost inflation per year\n");
  fprintf(f, "fiscal:\n  royalty: 0.04              # assumption: order of EU mineral "
             "royalties (2-5 %% of revenue); use the host country's\n"
             "  income_tax: 0.2            # assumption: order of EU corporate income tax\n");
  fprintf(f, "rates:\n  risk_free: 0.03            # assumption\n"
             "  discount: 0.08             # assumption: risk-adjusted rate of the static NPV\n");
  fprintf(f, "workforce:\n  operating_crew: %.0f         # assumption: 3 x^0.55 workers\n"
             "  care_crew: %.0f              # assumption: 10 %% of the crew, at least 3\n"
             "  ramp_up_months: 6          # assumption\n"
             "  wage: 4000                 # assumption: US$ per worker per month with on-costs\n"
             "  local_hire: 0.6            # assumption\n",
          crew, care);
  fprintf(f, "prices:\n  factors:\n");
  for (int i = 0; i < n; i++) {
    int s = find_series(set->items[pick[i]].code);
    fprintf(f, "    - commodity: %s\n", k_series[s].series);
    fprintf(f, "      from_store: {commodity: %s, model: gbm, window: \"%s\"}   # calibrated "
               "like `soso prices calibrate`; s0 = latest stored price\n",
            k_series[s].series, o.window);
    fprintf(f, "      convenience_yield: 0.02   # assumption: Q drift r - 0.02\n");
  }
  if (n > 1) fprintf(f, "  # correlation: estimated from the store's innovations (all from_store)\n");
  fprintf(f, "decisions:\n  horizon_years: %.0f          # assumption: 1.5 x the life, 5 to 30 "
             "years\n  step_years: 0.5            # assumption: decisions twice a year\n",
          horizon);
  if (fclose(f) != 0) {
    f = NULL;
    rc = soso_error_set(SOSO_ENOMEM, "draft: out of memory");
    goto done;
  }
  f = NULL;
  if (info) {
    snprintf(info->name, sizeof info->name, "%s", name);
    info->lat = set->lat[0];
    info->lon = set->lon[0];
    info->reserve_t = ore_t;
    info->tpd = tpd;
    info->life_years = life;
    info->n_factors = n;
  }
  *out = buf;
  buf = NULL;
done:
  if (f) fclose(f);
  free(buf);
  free(plist);
  soso_deposits_free(set);
  return rc;
}
