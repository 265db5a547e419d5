/* indicators.c - the indicator registry and how each indicator is computed from
 * the site drivers, the community and the input-output spill-overs.
 *
 * Invariants: k_impacts_ind is indexed by ind_id; every indicator gets a
 * derivation string naming its inputs; an indicator that cannot be computed is
 * marked unavailable (rules on it never hold) rather than given a made-up value.
 * Approximation stated where used: the labour force is taken as the working-age
 * population (no participation-rate data), which overstates the unemployed.
 */
#include "impacts/impacts_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const w_hist[] = {"none", "past", "ongoing", NULL};
static const char *const w_gov[] = {"low", "medium", "high", NULL};
static const char *const w_slo[] = {"withdrawal", "acceptance", "approval",
                                    "psychological_identification", NULL};
static const char *const w_tail[] = {"backfill", "dry_stack", "pond", NULL};
static const char *const w_yes[] = {"no", "yes", NULL};

const ind_def k_impacts_ind[IND_COUNT] = {
    [IND_POPULATION] = {"population", "residents", NULL, 0},
    [IND_WORKING_AGE_POP] = {"working_age_population", "residents aged 15-64", NULL, 0},
    [IND_UNEMPLOYMENT_RATE] = {"unemployment_rate", "", NULL, 1},
    [IND_UNEMPLOYED] = {"unemployed_persons", "persons", NULL, 0},
    [IND_AVERAGE_WAGE] = {"average_wage_eur", "EUR/month", NULL, 0},
    [IND_VACANT_DWELLINGS] = {"vacant_dwellings", "dwellings", NULL, 0},
    [IND_MINING_HISTORY] = {"mining_history", "", w_hist, 0},
    [IND_YEARS_SINCE_MINING] = {"years_since_mining", "years", NULL, 0},
    [IND_NEAREST_NATURA] = {"nearest_natura2000_km", "km", NULL, 0},
    [IND_NEAREST_LANDSCAPE] = {"nearest_landscape_km", "km", NULL, 0},
    [IND_NEAREST_HERITAGE] = {"nearest_heritage_km", "km", NULL, 0},
    [IND_NEAREST_PROTECTED] = {"nearest_protected_km", "km", NULL, 0},
    [IND_TOURISM_SHARE] = {"tourism_job_share", "", NULL, 1},
    [IND_ENV_AGRI_SHARE] = {"env_agriculture_job_share", "", NULL, 1},
    [IND_ENV_DEP_SHARE] = {"env_dependent_job_share", "", NULL, 1},
    [IND_GOV_CAPACITY] = {"government_capacity", "", w_gov, 0},
    [IND_NEAREST_DWELLINGS] = {"nearest_dwellings_m", "m", NULL, 0},
    [IND_SURVEY_ALPHA] = {"survey_alpha", "", NULL, 0},
    [IND_SURVEY_MEAN_SHARE] = {"survey_mean_share", "", NULL, 1},
    [IND_ACCEPTANCE] = {"acceptance_level", "", w_slo, 0},
    [IND_RES_CONTACT_QUALITY] = {"residents_contact_quality", "", NULL, 1, 1},
    [IND_RES_FAIRNESS] = {"residents_procedural_fairness", "", NULL, 1, 1},
    [IND_RES_TRUST] = {"residents_trust", "", NULL, 1, 1},
    [IND_RES_BENEFITS] = {"residents_benefits", "", NULL, 1, 1},
    [IND_RES_FEARS] = {"residents_fears", "", NULL, 1, 1},
    [IND_RES_ACCEPTANCE] = {"residents_acceptance", "", NULL, 1, 1},
    [IND_DIRECT_JOBS] = {"direct_jobs", "jobs", NULL, 0},
    [IND_LOCAL_HIRE] = {"local_hire_share", "", NULL, 1},
    [IND_LOCAL_JOBS] = {"local_jobs", "jobs", NULL, 0},
    [IND_LOCAL_JOBS_PER_1000] = {"local_jobs_per_1000_working_age",
                                 "local jobs per 1000 working-age residents", NULL, 0},
    [IND_LOCAL_JOBS_SHARE_UNEMP] = {"local_jobs_share_of_unemployed", "", NULL, 1},
    [IND_EXTERNAL_HOUSED] = {"external_workers_housed", "workers", NULL, 0},
    [IND_EXTERNAL_PER_VACANT] = {"external_workers_per_vacant_dwelling",
                                 "workers per vacant dwelling", NULL, 0},
    [IND_EXTERNAL_SHARE_POP] = {"external_workers_share_of_population", "", NULL, 1},
    [IND_MINE_WAGE] = {"mine_wage_eur", "EUR/month", NULL, 0},
    [IND_WAGE_RATIO] = {"wage_ratio", "x local average", NULL, 0},
    [IND_LOCAL_WAGE_BILL] = {"local_wage_bill_eur_year", "EUR/year", NULL, 0},
    [IND_ROYALTIES] = {"royalties_eur_year", "EUR/year", NULL, 0},
    [IND_LOCAL_PUBLIC_REVENUE] = {"local_public_revenue_eur_year", "EUR/year", NULL, 0},
    [IND_LOCAL_INCOME_PER_CAPITA] = {"local_income_per_capita_eur", "EUR per resident per year",
                                     NULL, 0},
    [IND_INDIRECT_JOBS] = {"indirect_jobs", "jobs (upper bound)", NULL, 0},
    [IND_INDUCED_JOBS] = {"induced_jobs", "jobs (upper bound)", NULL, 0},
    [IND_FOOTPRINT] = {"footprint_ha", "ha", NULL, 0},
    [IND_TAILINGS] = {"tailings", "", w_tail, 0},
    [IND_REAGENT_PER_T] = {"reagent_kg_per_t", "kg/t ore", NULL, 0},
    [IND_REAGENT_PER_YEAR] = {"reagent_t_per_year", "t/year", NULL, 0},
    [IND_WATER_PER_T] = {"water_m3_per_t", "m3/t ore", NULL, 0},
    [IND_WATER_PER_YEAR] = {"water_m3_per_year", "m3/year", NULL, 0},
    [IND_TRUCKS] = {"trucks_per_day", "truck movements/day", NULL, 0},
    [IND_HOURS] = {"operating_hours_per_day", "h/day", NULL, 0},
    [IND_NIGHT_WORK] = {"night_work", "", w_yes, 0},
    [IND_EMISSION_SOURCES] = {"emission_sources", "sources", NULL, 0},
    [IND_UNDERGROUND] = {"underground", "", w_yes, 0},
    [IND_SELECTIVE] = {"selective", "", w_yes, 0},
    [IND_MODULAR] = {"modular_plant", "", w_yes, 0},
    [IND_REDEPLOYABLE] = {"redeployable", "", w_yes, 0},
    [IND_AUTOMATION] = {"automation", "", w_gov, 0},
    [IND_RESERVE] = {"reserve_t", "t", NULL, 0},
    [IND_ORE_PER_YEAR] = {"ore_per_year_t", "t/year", NULL, 0},
    [IND_LIFE] = {"life_years", "years", NULL, 0},
    [IND_MONTHS_OPEN] = {"months_open_share", "", NULL, 1},
    [IND_RESTARTS] = {"restarts_per_year", "per year", NULL, 0},
    [IND_NEW_WORKERS] = {"new_workers_per_year", "workers/year", NULL, 0},
    [IND_LAYOFF] = {"layoff_probability", "", NULL, 1},
    [IND_CAPEX] = {"capex_eur", "EUR", NULL, 0},
    [IND_CLOSURE_COST] = {"closure_cost_eur", "EUR", NULL, 0},
    [IND_CAPEX_PLUS_CLOSURE] = {"capex_plus_closure_eur", "EUR", NULL, 0},
    [IND_FROM_OPERATIONS] = {"from_operations", "", w_yes, 0},
};

int impacts_ind_find(const char *name) {
  for (int i = 0; i < IND_COUNT; i++)
    if (strcmp(k_impacts_ind[i].name, name) == 0) return i;
  return -1;
}

void impacts_append(char *buf, size_t n, const char *fmt, ...) {
  size_t len = strlen(buf);
  if (len + 1 >= n) return;
  va_list ap;
  va_start(ap, fmt);
  int w = vsnprintf(buf + len, n - len, fmt, ap);
  va_end(ap);
  if (w >= 0 && (size_t)w >= n - len && n > 4) memcpy(buf + n - 4, "...", 4);
}

/* A number with sensible precision and thin thousands grouping. */
static void fmt_num(char *buf, size_t n, double v) {
  double a = fabs(v);
  if (a >= 1e6) snprintf(buf, n, "%.2f million", v / 1e6);
  else if (a >= 1000) {
    long x = lround(v);
    snprintf(buf, n, "%s%ld,%03ld", x < 0 ? "-" : "", labs(x) / 1000, labs(x) % 1000);
  } else if (a >= 100 || v == floor(v)) snprintf(buf, n, "%.0f", v);
  else if (a >= 10) snprintf(buf, n, "%.1f", v);
  else snprintf(buf, n, "%.2f", v);
}

void impacts_ind_format(char *buf, size_t n, const soso_indicator *ind) {
  if (!ind->available) {
    snprintf(buf, n, "n/a");
    return;
  }
  if (ind->words) {
    snprintf(buf, n, "%s", ind->words[(int)ind->value]);
    return;
  }
  int share = 0;
  for (int i = 0; i < IND_COUNT; i++)
    if (k_impacts_ind[i].name == ind->name) share = k_impacts_ind[i].is_share;
  if (share) {
    snprintf(buf, n, "%.1f %%", 100.0 * ind->value);
    return;
  }
  char num[48];
  if (strncmp(ind->unit, "EUR", 3) == 0) {
    fmt_num(num, sizeof num, ind->value);
    snprintf(buf, n, "EUR %s%s", num, ind->unit + 3);
    return;
  }
  fmt_num(num, sizeof num, ind->value);
  snprintf(buf, n, "%s%s%s", num, ind->unit[0] ? " " : "", ind->unit);
}

static int holds(cmp_op op, double v, double t) {
  switch (op) {
  case CMP_LT: return v < t;
  case CMP_LE: return v <= t;
  case CMP_GT: return v > t;
  case CMP_GE: return v >= t;
  case CMP_EQ: return v == t;
  case CMP_NE: return v != t;
  }
  return 0;
}

int impacts_cond_holds(const rule_cond *c, const soso_indicator *inds) {
  const soso_indicator *x = &inds[c->ind];
  return x->available && holds(c->op, x->value, c->threshold);
}

void impacts_cond_describe(char *buf, size_t n, const rule_cond *c,
                           const soso_indicator *inds, const char *rules_path) {
  static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
  const soso_indicator *x = &inds[c->ind];
  char v[96], t[96];
  impacts_ind_format(v, sizeof v, x);
  if (x->words) {
    snprintf(t, sizeof t, "%s", x->words[(int)c->threshold]);
  } else {
    soso_indicator tmp = *x;
    tmp.value = c->threshold;
    tmp.available = 1;
    impacts_ind_format(t, sizeof t, &tmp);
  }
  const char *base = strrchr(rules_path, '/');
  base = base ? base + 1 : rules_path;
  snprintf(buf, n, "%s = %s %s %s (%s%s%s:%d)", x->name, v, ops[c->op], t,
           c->note ? c->note : "", c->note ? "; " : "", base, c->line);
}

void impacts_fill_template(char *buf, size_t n, const char *tpl, const soso_indicator *inds) {
  buf[0] = '\0';
  if (!tpl) return;
  for (const char *p = tpl; *p;) {
    const char *o = strchr(p, '{');
    if (!o) {
      impacts_append(buf, n, "%s", p);
      break;
    }
    impacts_append(buf, n, "%.*s", (int)(o - p), p);
    const char *e = strchr(o, '}');
    if (!e) break; /* the loader rejects this; defensive */
    char name[64];
    size_t len = (size_t)(e - o - 1);
    if (len >= sizeof name) len = sizeof name - 1;
    memcpy(name, o + 1, len);
    name[len] = '\0';
    int id = impacts_ind_find(name);
    char v[96] = "?";
    if (id >= 0) impacts_ind_format(v, sizeof v, &inds[id]);
    impacts_append(buf, n, "%s", v);
    p = e + 1;
  }
}

static void set(soso_indicator *out, int id, double v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void set(soso_indicator *out, int id, double v, const char *fmt, ...) {
  soso_indicator *x = &out[id];
  x->value = v;
  x->available = isfinite(v);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->derivation, sizeof x->derivation, fmt, ap);
  va_end(ap);
}

static void unavailable(soso_indicator *out, int id, const char *why) {
  out[id].available = 0;
  out[id].value = NAN;
  snprintf(out[id].derivation, sizeof out[id].derivation, "not available: %s", why);
}

static double nearest(const soso_community *c, int kind_mask) {
  double best = INFINITY;
  for (size_t i = 0; i < c->n_designations; i++)
    if (kind_mask & (1 << c->designations[i].kind) && c->designations[i].distance_km < best)
      best = c->designations[i].distance_km;
  return best;
}

/* Residents' survey constructs (0..1 shares) with their evidence line. */
static void residents_inds(soso_indicator *o, const soso_community *c) {
  static const struct { int id, con; } map[] = {
      {IND_RES_CONTACT_QUALITY, SOSO_CON_CONTACT_QUALITY}, {IND_RES_FAIRNESS, SOSO_CON_FAIRNESS},
      {IND_RES_TRUST, SOSO_CON_TRUST}, {IND_RES_BENEFITS, SOSO_CON_BENEFITS},
      {IND_RES_FEARS, SOSO_CON_FEARS}, {IND_RES_ACCEPTANCE, SOSO_CON_ACCEPTANCE}};
  for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
    const soso_survey_evidence *e = &c->residents;
    if (e->present && isfinite(e->share[map[k].con]))
      set(o, map[k].id, e->share[map[k].con], "(mean - scale min) / (scale max - scale min); %s",
          e->text[map[k].con]);
    else
      unavailable(o, map[k].id, e->present ? "construct not asked" : "no residents' survey in "
                  "the store for this community (soso survey import)");
  }
}

static void community_inds(soso_indicator *o, const soso_community *c, const soso_rules *r) {
  const char *cf = c->path ? c->path : "community";
  residents_inds(o, c);
  double wap = c->population * c->working_age_share;
  set(o, IND_POPULATION, c->population, "%s: population", cf);
  set(o, IND_WORKING_AGE_POP, wap, "population %.0f x working-age share %.3f", c->population,
      c->working_age_share);
  set(o, IND_UNEMPLOYMENT_RATE, c->unemployment_rate, "%s: unemployment_rate", cf);
  set(o, IND_UNEMPLOYED, wap * c->unemployment_rate,
      "working-age population %.0f x unemployment rate %.3f (labour force approximated by the "
      "working-age population)", wap, c->unemployment_rate);
  set(o, IND_AVERAGE_WAGE, c->average_wage * c->eur_per_unit,
      "%s: average wage %.0f %s/month x %g EUR/%s", cf, c->average_wage, c->currency,
      c->eur_per_unit, c->currency);
  set(o, IND_VACANT_DWELLINGS, c->vacant_dwellings, "%s: vacant_dwellings", cf);
  set(o, IND_MINING_HISTORY, c->history, "%s: mining_history", cf);
  if (c->history == SOSO_MINING_PAST)
    set(o, IND_YEARS_SINCE_MINING, c->years_since_mining, "%s: mining_history.years_since", cf);
  else
    unavailable(o, IND_YEARS_SINCE_MINING, "mining history is not 'past'");
  static const struct { int id, mask; const char *what; } kinds[] = {
      {IND_NEAREST_NATURA, 1 << SOSO_DESIG_NATURA2000, "Natura 2000 site"},
      {IND_NEAREST_LANDSCAPE, 1 << SOSO_DESIG_LANDSCAPE, "outstanding landscape"},
      {IND_NEAREST_HERITAGE, 1 << SOSO_DESIG_HERITAGE, "cultural heritage designation"},
      {IND_NEAREST_PROTECTED, (1 << SOSO_DESIG_NATURA2000) | (1 << SOSO_DESIG_LANDSCAPE),
       "Natura 2000 site or outstanding landscape"}};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    double v = nearest(c, kinds[k].mask);
    if (isfinite(v))
      set(o, kinds[k].id, v, "nearest %s in %s: designations", kinds[k].what, cf);
    else
      unavailable(o, kinds[k].id, "none listed in the community file");
  }
  set(o, IND_TOURISM_SHARE, c->tourism_job_share, "%s: tourism_job_share", cf);
  set(o, IND_ENV_AGRI_SHARE, c->env_agriculture_job_share, "%s: env_agriculture_job_share", cf);
  set(o, IND_ENV_DEP_SHARE, c->tourism_job_share + c->env_agriculture_job_share,
      "tourism %.3f + environment-dependent agriculture %.3f", c->tourism_job_share,
      c->env_agriculture_job_share);
  set(o, IND_GOV_CAPACITY, c->gov_capacity, "%s: government_capacity", cf);
  set(o, IND_NEAREST_DWELLINGS, c->nearest_dwellings_m, "%s: nearest_dwellings_m", cf);
  const soso_survey *s = &c->survey;
  if (s->present) {
    set(o, IND_SURVEY_ALPHA, s->alpha,
        "Cronbach's alpha of %zu items x %zu respondents (k/(k-1) (1 - sum item var / total "
        "var)); %s the %.2f reliability threshold", s->n_items, s->n_resp,
        s->alpha >= r->alpha_min ? "meets" : "BELOW", r->alpha_min);
    if (!isfinite(s->alpha)) unavailable(o, IND_SURVEY_ALPHA, "total score has no variance");
    double share = (s->mean_score - 1.0) / (s->scale_max - 1.0);
    set(o, IND_SURVEY_MEAN_SHARE, share, "(mean score %.2f - 1) / (%d - 1)", s->mean_score,
        s->scale_max);
    int lvl = 0;
    for (int l = 0; l < 4; l++)
      if (share >= r->level_min_share[l]) lvl = l;
    if (s->level_stated)
      set(o, IND_ACCEPTANCE, s->level, "%s: survey.acceptance_level (stated)", cf);
    else
      set(o, IND_ACCEPTANCE, lvl, "from the mean score share %.2f and the rules' survey levels "
          "(Thomson & Boutilier scale)", share);
  } else if (c->residents.present && c->residents.level >= 0) {
    /* The survey store's acceptance construct places the level (the same rules levels). */
    double share = c->residents.share[SOSO_CON_ACCEPTANCE];
    int lvl = 0;
    for (int l = 0; l < 4; l++)
      if (share >= r->level_min_share[l]) lvl = l;
    unavailable(o, IND_SURVEY_ALPHA, "no survey in the community file (see residents_*)");
    set(o, IND_SURVEY_MEAN_SHARE, share, "acceptance construct: %s",
        c->residents.text[SOSO_CON_ACCEPTANCE]);
    set(o, IND_ACCEPTANCE, lvl, "from the residents' acceptance share %.2f and the rules' survey "
        "levels (Thomson & Boutilier); %s", share, c->residents.level_text);
  } else {
    unavailable(o, IND_SURVEY_ALPHA, "no survey in the community file");
    unavailable(o, IND_SURVEY_MEAN_SHARE, "no survey in the community file");
    unavailable(o, IND_ACCEPTANCE, "no survey in the community file");
  }
}

void impacts_indicators(soso_indicator *o, const soso_site_drivers *d,
                        const soso_community *c, const soso_io_site *io,
                        const soso_rules *r) {
  for (int i = 0; i < IND_COUNT; i++) {
    o[i].name = k_impacts_ind[i].name;
    o[i].unit = k_impacts_ind[i].unit;
    o[i].words = k_impacts_ind[i].words;
  }
  community_inds(o, c, r);
  const char *b = d->from_operations ? "operations simulation" : "static plan";
  double wap = o[IND_WORKING_AGE_POP].value, unemp = o[IND_UNEMPLOYED].value;
  double local = d->direct_jobs * d->local_hire_share;
  double open = d->months_open_share;
  set(o, IND_DIRECT_JOBS, d->direct_jobs, "mine file: operating_crew");
  set(o, IND_LOCAL_HIRE, d->local_hire_share, "site file: local_hire_share");
  set(o, IND_LOCAL_JOBS, local, "direct jobs %.0f x local hire share %.2f", d->direct_jobs,
      d->local_hire_share);
  set(o, IND_LOCAL_JOBS_PER_1000, 1000.0 * local / wap,
      "1000 x local jobs %.1f / working-age population %.0f", local, wap);
  if (unemp > 0)
    set(o, IND_LOCAL_JOBS_SHARE_UNEMP, local / unemp, "local jobs %.1f / unemployed %.0f", local,
        unemp);
  else
    unavailable(o, IND_LOCAL_JOBS_SHARE_UNEMP, "no unemployed persons");
  set(o, IND_EXTERNAL_HOUSED, d->external_workers_housed, "site file: external_workers_housed");
  set(o, IND_EXTERNAL_PER_VACANT, d->external_workers_housed / fmax(c->vacant_dwellings, 1.0),
      "external workers %.0f / max(vacant dwellings %.0f, 1)", d->external_workers_housed,
      c->vacant_dwellings);
  set(o, IND_EXTERNAL_SHARE_POP, d->external_workers_housed / c->population,
      "external workers %.0f / population %.0f", d->external_workers_housed, c->population);
  double avg = o[IND_AVERAGE_WAGE].value;
  if (d->wage_eur_month > 0) {
    set(o, IND_MINE_WAGE, d->wage_eur_month, "mine file: wage, converted to EUR per month");
    set(o, IND_WAGE_RATIO, d->wage_eur_month / avg, "mine wage %.0f / local average %.0f EUR",
        d->wage_eur_month, avg);
  } else {
    unavailable(o, IND_MINE_WAGE, "the mine file gives no wage");
    unavailable(o, IND_WAGE_RATIO, "the mine file gives no wage");
  }
  double wage = d->wage_eur_month > 0 ? d->wage_eur_month : avg;
  double care_local = d->care_jobs * d->local_hire_share;
  double bill = 12.0 * wage * (local * open + care_local * (1.0 - open));
  set(o, IND_LOCAL_WAGE_BILL, bill,
      "12 x wage %.0f EUR x (local jobs %.1f x open share %.2f + local care crew %.1f x %.2f)%s",
      wage, local, open, care_local, 1.0 - open,
      d->wage_eur_month > 0 ? "" : " (mine wage unknown: local average used)");
  double roy = d->royalties_eur_year;
  if (d->from_operations)
    set(o, IND_ROYALTIES, roy, "operations simulation: mean royalties per path / expected "
        "active years (nominal)");
  else
    set(o, IND_ROYALTIES, roy, "royalty x revenue at time-0 prices %.0f EUR/year (static plan)",
        d->revenue_eur_year);
  double lpr = roy * d->royalty_local_share + d->local_taxes_eur_year;
  set(o, IND_LOCAL_PUBLIC_REVENUE, lpr,
      "royalties %.0f x local share %.2f + local taxes %.0f EUR/year", roy,
      d->royalty_local_share, d->local_taxes_eur_year);
  set(o, IND_LOCAL_INCOME_PER_CAPITA, (bill + lpr) / c->population,
      "(local wage bill %.0f + local public revenue %.0f) / population %.0f", bill, lpr,
      c->population);
  if (io && io->have_jobs) {
    set(o, IND_INDIRECT_JOBS, io->indirect_jobs,
        "direct jobs x (Type I employment multiplier - 1); input-output upper bound");
    if (io->have_type2)
      set(o, IND_INDUCED_JOBS, io->induced_jobs,
          "direct jobs x (Type II - Type I employment multiplier); input-output upper bound");
    else
      unavailable(o, IND_INDUCED_JOBS, "the regional table has no households row/column");
  } else {
    unavailable(o, IND_INDIRECT_JOBS, "no regional input-output table with employment");
    unavailable(o, IND_INDUCED_JOBS, "no regional input-output table with employment");
  }
  set(o, IND_FOOTPRINT, d->footprint_ha, "site file: footprint_ha");
  set(o, IND_TAILINGS, d->tailings, "site file: tailings");
  set(o, IND_REAGENT_PER_T, d->reagent_kg_per_t, "site file: reagent_kg_per_t");
  set(o, IND_REAGENT_PER_YEAR, d->reagent_kg_per_t * d->ore_per_year_t * open / 1000.0,
      "%.2f kg/t x %.0f t/year x open share %.2f / 1000", d->reagent_kg_per_t,
      d->ore_per_year_t, open);
  set(o, IND_WATER_PER_T, d->water_m3_per_t, "site file: water_m3_per_t");
  set(o, IND_WATER_PER_YEAR, d->water_m3_per_t * d->ore_per_year_t * open,
      "%.2f m3/t x %.0f t/year x open share %.2f", d->water_m3_per_t, d->ore_per_year_t, open);
  set(o, IND_TRUCKS, d->trucks_per_day, "site file: trucks_per_day");
  set(o, IND_HOURS, d->operating_hours_per_day, "site file: operating_hours_per_day");
  set(o, IND_NIGHT_WORK, d->night_work, "site file: an emission source or the shift runs "
      "22:00-06:00");
  set(o, IND_EMISSION_SOURCES, (double)(d->n_noise + d->n_dust + d->n_vibration),
      "site file: %zu noise, %zu dust, %zu vibration sources", d->n_noise, d->n_dust,
      d->n_vibration);
  set(o, IND_UNDERGROUND, d->underground, "site file: mining_method");
  set(o, IND_SELECTIVE, d->selective, "site file: selective");
  set(o, IND_MODULAR, d->modular_plant, "site file: plant.modular");
  set(o, IND_REDEPLOYABLE, d->redeployable, "site file: plant.redeployable");
  set(o, IND_AUTOMATION, d->automation, "site file: automation");
  set(o, IND_RESERVE, d->reserve_t, "mine file: reserve");
  set(o, IND_ORE_PER_YEAR, d->ore_per_year_t, "mine file: capacity per period / period_years");
  set(o, IND_LIFE, d->life_years, "%s: %s", b, d->basis);
  set(o, IND_MONTHS_OPEN, open, "%s", b);
  set(o, IND_RESTARTS, d->restarts_per_year, "%s", b);
  /* The start-up hire and every SOSO restart bring workers new to the operation
   * (the brief's health-and-safety concern); spread over the expected life. */
  double life = d->life_years > 0 ? d->life_years : 1.0;
  set(o, IND_NEW_WORKERS, d->direct_jobs * (1.0 + d->restarts_per_year * life) / life,
      "direct jobs %.0f x (1 start-up + restarts %.3f/year x life %.1f years) / life: workers "
      "new to the operation per year", d->direct_jobs, d->restarts_per_year, life);
  set(o, IND_LAYOFF, d->layoff_probability, "%s: probability that a worker hired at the start "
      "is laid off within 12 months", b);
  set(o, IND_CAPEX, d->capex_eur, "mine file: capital_cost in EUR");
  set(o, IND_CLOSURE_COST, d->closure_cost_eur, "mine file: closure_cost in EUR");
  set(o, IND_CAPEX_PLUS_CLOSURE, d->capex_eur + d->closure_cost_eur,
      "capital cost + closure cost");
  set(o, IND_FROM_OPERATIONS, d->from_operations, "%s", d->basis);
}
