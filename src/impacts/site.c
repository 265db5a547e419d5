/* site.c - loads a site file (include/soso/site.h) with its mine file, and derives
 * the static-plan drivers the impact assessment reads.
 *
 * Invariants: the mine file is resolved relative to the site file's folder; its ore
 * unit must be a tonnage (t, kt, Mt) since reagent and water intensities are per
 * tonne; money converts to EUR with eur_per_money_unit (implied for "EUR" and
 * "EUR million"). Static plan: open at full capacity until the reserve is used up
 * (capped at the mine's decision horizon), no temporary closures.
 */
#include "soso/site.h"
#include "core/ydoc_int.h"
#include "soso/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct soso_site {
  char *path;                 /* site file (owned) */
  char *name;                 /* (owned) */
  char *mine_path;            /* resolved mine file path (owned) */
  soso_mine *mine;            /* (owned) */
  double lat, lon;            /* WGS84 */
  double eur_per_money_unit;  /* conversion of mine money */
  double ore_t_per_unit;      /* tonnes per mine ore unit */
  double local_hire_share;    /* resolved: site, else mine */
  double external_housed;     /* workers */
  double footprint_ha, reagent, water, trucks, hours; /* physical drivers */
  soso_tailings tailings;
  int underground, selective, modular, redeployable, automation; /* technology */
  soso_emission *emissions;   /* (owned) */
  size_t n_emissions;
  double royalty_local_share, local_taxes_eur; /* fiscal */
  char **land_use;            /* (owned) */
  size_t n_land_use;
  char *closure_plan;         /* (owned, may be NULL) */
  char *io_table, *io_sector; /* (owned, may be NULL) */
};

static const char *const k_tail[] = {"backfill", "dry_stack", "pond", NULL};
static const char *const k_emit[] = {"noise", "dust", "vibration", NULL};
static const char *const k_auto[] = {"low", "medium", "high", NULL};
static const char *const k_method[] = {"open_pit", "underground", NULL};

const char *soso_site_tailings_name(soso_tailings t) { return (unsigned)t < 3 ? k_tail[t] : "?"; }
const soso_mine *soso_site_mine(const soso_site *s) { return s->mine; }
const char *soso_site_name(const soso_site *s) { return s->name; }
double soso_site_eur_per_money_unit(const soso_site *s) { return s->eur_per_money_unit; }

void soso_site_free(soso_site *s) {
  if (!s) return;
  free(s->path);
  free(s->name);
  free(s->mine_path);
  soso_mine_free(s->mine);
  for (size_t i = 0; i < s->n_emissions; i++) free(s->emissions[i].source);
  free(s->emissions);
  for (size_t i = 0; i < s->n_land_use; i++) free(s->land_use[i]);
  free(s->land_use);
  free(s->closure_plan);
  free(s->io_table);
  free(s->io_sector);
  free(s);
}

static int oom(void) { return soso_error_set(SOSO_ENOMEM, "out of memory"); }

/* dir of base + rel, unless rel is absolute. */
static char *resolve(const char *base, const char *rel) {
  if (rel[0] == '/') return soso__ydoc_strdup(rel);
  const char *slash = strrchr(base, '/');
  size_t dl = slash ? (size_t)(slash - base + 1) : 0;
  size_t n = dl + strlen(rel) + 1;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%.*s%s", (int)dl, base, rel);
  return p;
}

static int load_emissions(soso__ydoc *d, yaml_node_t *seq, soso_site *s) {
  static const char *const keys[] = {"type", "source", "hours_per_day", "night", NULL};
  size_t n = soso__ydoc_len(seq);
  if (!n) return SOSO_OK;
  if (!(s->emissions = calloc(n, sizeof *s->emissions))) return oom();
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *m = soso__ydoc_item(d, seq, i);
    soso_emission *e = &s->emissions[i];
    s->n_emissions = i + 1;
    int rc = soso__ydoc_keys(d, m, "emissions", keys), k = 0;
    const char *src = NULL;
    if (rc || (rc = soso__ydoc_enum(d, m, "type", 1, k_emit, &k, NULL)) ||
        (rc = soso__ydoc_str(d, m, "source", 1, &src, NULL)) ||
        (rc = soso__ydoc_num(d, m, "hours_per_day", 1, SOSO__YR(0, 24), &e->hours_per_day, NULL)) ||
        (rc = soso__ydoc_bool(d, m, "night", 1, &e->night, NULL)))
      return rc;
    e->kind = (soso_emission_kind)k;
    if (!(e->source = soso__ydoc_strdup(src))) return oom();
  }
  return SOSO_OK;
}

static int load_closure(soso__ydoc *d, yaml_node_t *m, soso_site *s) {
  static const char *const keys[] = {"post_closure_land_use", "plan", NULL};
  int rc = soso__ydoc_keys(d, m, "closure", keys);
  if (rc) return rc;
  const char *plan = NULL;
  if ((rc = soso__ydoc_str(d, m, "plan", 0, &plan, NULL))) return rc;
  if (plan && !(s->closure_plan = soso__ydoc_strdup(plan))) return oom();
  yaml_node_t *seq = NULL;
  if ((rc = soso__ydoc_seq(d, m, "post_closure_land_use", 1, &seq))) return rc;
  size_t n = soso__ydoc_len(seq);
  if (n == 0) return soso__ydoc_fail(d, seq, "post_closure_land_use", "name at least one option");
  if (!(s->land_use = calloc(n, sizeof *s->land_use))) return oom();
  for (size_t i = 0; i < n; i++) {
    const char *t = soso__ydoc_text(soso__ydoc_item(d, seq, i));
    if (!t || !*t)
      return soso__ydoc_fail(d, soso__ydoc_item(d, seq, i), "post_closure_land_use",
                             "expected a text");
    if (!(s->land_use[i] = soso__ydoc_strdup(t))) return oom();
    s->n_land_use = i + 1;
  }
  return SOSO_OK;
}

static int ore_factor(const char *unit, double *t) {
  if (strcmp(unit, "t") == 0) *t = 1.0;
  else if (strcmp(unit, "kt") == 0) *t = 1e3;
  else if (strcmp(unit, "Mt") == 0) *t = 1e6;
  else return -1;
  return 0;
}

static int load(soso__ydoc *d, soso_site *s, soso_store *store) {
  static const char *const keys[] = {
      "name", "mine", "location", "eur_per_money_unit", "local_hire_share",
      "external_workers_housed", "footprint_ha", "mining_method", "selective", "plant",
      "automation", "tailings", "reagent_kg_per_t", "water_m3_per_t", "trucks_per_day",
      "operating_hours_per_day", "emissions", "fiscal", "closure", "econ", NULL};
  yaml_node_t *root = soso__ydoc_root(d), *m = NULL;
  int rc = soso__ydoc_keys(d, root, "site", keys);
  if (rc) return rc;
  const char *name = NULL, *mine = NULL;
  if ((rc = soso__ydoc_str(d, root, "name", 1, &name, NULL))) return rc;
  if (!(s->name = soso__ydoc_strdup(name))) return oom();
  if ((rc = soso__ydoc_str(d, root, "mine", 1, &mine, NULL))) return rc;
  if (!(s->mine_path = resolve(d->path, mine))) return oom();
  if ((rc = soso_mine_load_ex(&s->mine, s->mine_path, store))) return rc;
  const soso_mine *mn = s->mine;
  if (ore_factor(mn->ore_unit, &s->ore_t_per_unit))
    return soso__ydoc_fail(d, soso__ydoc_get(d, root, "mine"), "mine",
                           "the mine file counts ore in \"%s\"; impacts need t, kt or Mt",
                           mn->ore_unit);

  static const char *const loc_keys[] = {"lat", "lon", NULL};
  if ((rc = soso__ydoc_map(d, root, "location", 1, &m)) ||
      (rc = soso__ydoc_keys(d, m, "location", loc_keys)) ||
      (rc = soso__ydoc_num(d, m, "lat", 1, SOSO__YR(-90, 90), &s->lat, NULL)) ||
      (rc = soso__ydoc_num(d, m, "lon", 1, SOSO__YR(-180, 180), &s->lon, NULL)))
    return rc;

  int have = 0;
  s->eur_per_money_unit = strcmp(mn->money_unit, "EUR") == 0            ? 1.0
                          : strcmp(mn->money_unit, "EUR million") == 0 ? 1e6
                                                                       : NAN;
  if ((rc = soso__ydoc_num(d, root, "eur_per_money_unit", 0, SOSO__YR(1e-12, 1e12),
                           &s->eur_per_money_unit, &have)))
    return rc;
  if (!have && isnan(s->eur_per_money_unit))
    return soso__ydoc_fail(d, root, "eur_per_money_unit",
                           "missing: the mine's money unit \"%s\" is "
                           "not EUR, so say how many EUR one unit is",
                           mn->money_unit);
  s->local_hire_share = mn->local_hire;
  if ((rc = soso__ydoc_num(d, root, "local_hire_share", 0, SOSO__YR(0, 1), &s->local_hire_share,
                           &have)))
    return rc;
  if (!have && !(mn->local_hire > 0))
    return soso__ydoc_fail(d, root, "local_hire_share",
                           "missing (and the mine file has no "
                           "workforce.local_hire)");
  if ((rc = soso__ydoc_num(d, root, "external_workers_housed", 1, SOSO__YR(0, 1e6),
                           &s->external_housed, NULL)))
    return rc;
  if (s->external_housed > mn->operating_crew)
    return soso__ydoc_fail(
        d, soso__ydoc_get(d, root, "external_workers_housed"), "external_workers_housed",
        "%g is more than the mine's operating crew %g", s->external_housed, mn->operating_crew);
  if ((rc = soso__ydoc_num(d, root, "footprint_ha", 1, SOSO__YR(0, 1e5), &s->footprint_ha, NULL)))
    return rc;
  int meth = 1, tl = 0;
  if ((rc = soso__ydoc_enum(d, root, "mining_method", 1, k_method, &meth, NULL))) return rc;
  s->underground = meth;
  if ((rc = soso__ydoc_bool(d, root, "selective", 1, &s->selective, NULL))) return rc;
  static const char *const plant_keys[] = {"modular", "redeployable", NULL};
  if ((rc = soso__ydoc_map(d, root, "plant", 1, &m)) ||
      (rc = soso__ydoc_keys(d, m, "plant", plant_keys)) ||
      (rc = soso__ydoc_bool(d, m, "modular", 1, &s->modular, NULL)) ||
      (rc = soso__ydoc_bool(d, m, "redeployable", 1, &s->redeployable, NULL)))
    return rc;
  if ((rc = soso__ydoc_enum(d, root, "automation", 1, k_auto, &s->automation, NULL))) return rc;
  if ((rc = soso__ydoc_enum(d, root, "tailings", 1, k_tail, &tl, NULL))) return rc;
  s->tailings = (soso_tailings)tl;
  if ((rc = soso__ydoc_num(d, root, "reagent_kg_per_t", 1, SOSO__YR(0, 1000), &s->reagent, NULL)) ||
      (rc = soso__ydoc_num(d, root, "water_m3_per_t", 1, SOSO__YR(0, 1000), &s->water, NULL)) ||
      (rc = soso__ydoc_num(d, root, "trucks_per_day", 1, SOSO__YR(0, 1e5), &s->trucks, NULL)) ||
      (rc =
           soso__ydoc_num(d, root, "operating_hours_per_day", 1, SOSO__YR(0, 24), &s->hours, NULL)))
    return rc;
  yaml_node_t *seq = NULL;
  if ((rc = soso__ydoc_seq(d, root, "emissions", 1, &seq)) || (rc = load_emissions(d, seq, s)))
    return rc;
  static const char *const fkeys[] = {"royalty_local_share", "local_taxes_eur_per_year", NULL};
  if ((rc = soso__ydoc_map(d, root, "fiscal", 1, &m)) ||
      (rc = soso__ydoc_keys(d, m, "fiscal", fkeys)) ||
      (rc = soso__ydoc_num(d, m, "royalty_local_share", 1, SOSO__YR(0, 1), &s->royalty_local_share,
                           NULL)) ||
      (rc = soso__ydoc_num(d, m, "local_taxes_eur_per_year", 1, SOSO__YR(0, 1e12),
                           &s->local_taxes_eur, NULL)))
    return rc;
  if ((rc = soso__ydoc_map(d, root, "closure", 1, &m)) || (rc = load_closure(d, m, s))) return rc;
  static const char *const ekeys[] = {"table", "sector", NULL};
  if ((rc = soso__ydoc_map(d, root, "econ", 0, &m))) return rc;
  if (m) {
    const char *t = NULL, *sec = NULL;
    if ((rc = soso__ydoc_keys(d, m, "econ", ekeys)) ||
        (rc = soso__ydoc_str(d, m, "table", 1, &t, NULL)) ||
        (rc = soso__ydoc_str(d, m, "sector", 1, &sec, NULL)))
      return rc;
    if (!(s->io_table = resolve(d->path, t)) || !(s->io_sector = soso__ydoc_strdup(sec)))
      return oom();
  }
  return SOSO_OK;
}

int soso_site_load(soso_site **out, const char *path) {
  return soso_site_load_ex(out, path, NULL);
}

int soso_site_load_ex(soso_site **out, const char *path, soso_store *store) {
  *out = NULL;
  soso_site *s = calloc(1, sizeof *s);
  if (!s) return oom();
  soso__ydoc d;
  int rc = soso__ydoc_load(&d, path);
  if (rc == SOSO_OK) rc = load(&d, s, store);
  if (rc == SOSO_OK && !(s->path = soso__ydoc_strdup(path))) rc = oom();
  soso__ydoc_free(&d);
  if (rc) {
    soso_site_free(s);
    return rc;
  }
  *out = s;
  return SOSO_OK;
}

int soso_site_drivers_static(soso_site_drivers *o, const soso_site *s) {
  memset(o, 0, sizeof *o);
  const soso_mine *m = s->mine;
  double eur = s->eur_per_money_unit, per_year = 1.0 / m->period_years;
  double prices[SOSO_MAX_FACTORS];
  for (int i = 0; i < m->pmodel.d.n; i++) prices[i] = m->pmodel.d.f[i].s0;
  o->name = s->name;
  o->direct_jobs = m->operating_crew;
  o->care_jobs = m->care_crew;
  o->local_hire_share = s->local_hire_share;
  o->external_workers_housed = s->external_housed;
  o->wage_eur_month = m->wage * eur / (12.0 * m->period_years);
  o->revenue_eur_year = soso_mine_revenue_per_ore(m, prices) * m->capacity * per_year * eur;
  o->royalties_eur_year = m->royalty * o->revenue_eur_year;
  o->royalty_local_share = s->royalty_local_share;
  o->local_taxes_eur_year = s->local_taxes_eur;
  o->capex_eur = m->capital_cost * eur;
  o->closure_cost_eur = m->closure_cost * eur;
  o->closure_years = m->closure_years;
  o->care_cost_eur_year = m->care_cost * per_year * eur;
  o->reserve_t = m->reserve * s->ore_t_per_unit;
  o->ore_per_year_t = m->capacity * per_year * s->ore_t_per_unit;
  double life = o->reserve_t / o->ore_per_year_t;
  int capped = life > m->horizon_years;
  o->life_years = capped ? m->horizon_years : life;
  o->from_operations = 0;
  snprintf(o->basis, sizeof o->basis,
           "static plan (no operations simulation): open at full capacity, reserve %.0f t / "
           "%.0f t a year = %.1f years%s, no temporary closures", o->reserve_t,
           o->ore_per_year_t, life, capped ? " (capped at the decision horizon)" : "");
  o->months_open_share = 1.0;
  o->restarts_per_year = 0.0;
  o->mean_spell_months = 12.0 * o->life_years;
  o->layoff_probability = 0.0;
  o->temp_closure_years = 0.0;
  o->lat = s->lat;
  o->lon = s->lon;
  o->footprint_ha = s->footprint_ha;
  o->tailings = s->tailings;
  o->reagent_kg_per_t = s->reagent;
  o->water_m3_per_t = s->water;
  o->trucks_per_day = s->trucks;
  o->operating_hours_per_day = s->hours;
  o->night_work = s->hours > 16.0;
  for (size_t i = 0; i < s->n_emissions; i++) {
    const soso_emission *e = &s->emissions[i];
    if (e->night) o->night_work = 1;
    if (e->kind == SOSO_EMIT_NOISE) o->n_noise++;
    else if (e->kind == SOSO_EMIT_DUST) o->n_dust++;
    else o->n_vibration++;
  }
  o->underground = s->underground;
  o->selective = s->selective;
  o->modular_plant = s->modular;
  o->redeployable = s->redeployable;
  o->automation = s->automation;
  o->land_use = (const char *const *)s->land_use;
  o->n_land_use = s->n_land_use;
  o->closure_plan = s->closure_plan;
  o->io_table = s->io_table;
  o->io_sector = s->io_sector;
  return SOSO_OK;
}
