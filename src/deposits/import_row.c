/* import_row.c - columns and rows of a deposit file: which column is what, and one
 * row turned into a checked dep_record.
 *
 * Layouts (column names are matched case-insensitively, after --map renames):
 * - wide: one row per deposit; grade columns "<element>_<unit>" with unit pct,
 *   gt, gpt, ppm or kgt ("zn_pct", "ag_gt"); "wo3_pct" is converted to W metal
 *   (x 0.7930 = 183.84 / 231.84, the mass fraction of W in WO3); the GSC column
 *   "wo3_or_w_pct" is taken as W as given (the source does not say whether the
 *   grade is of the oxide or the metal; as W it is at most 26 % too high);
 * - long: columns commodity, grade, grade_unit (and ore, ore_unit): one row per
 *   (deposit, commodity); rows with the same record id are merged by deposit.c;
 * - a "commodities" column lists commodity names without grades (";" "," "|").
 * Checks (a failing one makes the row bad): record id present; lat in [-90, 90],
 * lon in [-180, 180]; numbers with a decimal point ("12,5" is refused); tonnage
 * > 0; grade >= 0 and at most 100 % (1e6 g/t); known units and commodities.
 * A grade of exactly 100 % means the source put contained metal in the ore column
 * (the GSC tin-tungsten table does this): with one such grade in the row the
 * figure is stored as that commodity's contained metal, ore tonnage unknown, and
 * the row flagged; with two or more the split cannot be known and the row is bad.
 * Status: the file's status column, else "deposit" when an ore tonnage or a
 * contained metal is given and "occurrence" otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/import_int.h"
#include "soso/error.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct role_name {
  col_role role;
  const char *names; /* |-separated, lowercase */
} role_name;

static const role_name k_roles[] = {
    {COL_ID, "id|record_id|recordid|rec_id|deposit_id|site_id"},
    {COL_DATASET, "dataset|kg_source"},
    {COL_NAME, "name|deposit_name|site_name|dep_name"},
    {COL_COUNTRY, "country|country_name"},
    {COL_LAT, "lat|latitude|lat_wgs84"},
    {COL_LON, "lon|long|lng|longitude|lon_wgs84"},
    {COL_STATUS, "status"},
    {COL_TYPE, "deposit_type|dep_type|type"},
    {COL_ORE_MT, "ore_mt|tonnage_mt"},
    {COL_CATEGORY, "category|resource_category"},
    {COL_COMMODITIES, "commodities|commodity_list"},
    {COL_COMMODITY, "commodity"},
    {COL_ORE, "ore|tonnage"},
    {COL_ORE_UNIT, "ore_unit|tonnage_unit"},
    {COL_GRADE_VALUE, "grade"},
    {COL_GRADE_UNIT, "grade_unit"},
    {COL_IGNORE, NULL}};

static int in_list(const char *s, const char *list) {
  size_t n = strlen(s);
  for (const char *p = list; p && *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncasecmp(p, s, n) == 0) return 1;
    p = bar ? bar + 1 : NULL;
  }
  return 0;
}

/* A grade column "<element>_<unit>"? Fills c and returns 1. */
static int grade_column(imp_col *c, const char *name) {
  const char *us = strrchr(name, '_');
  if (!us || us == name) return 0;
  char elem[32], unit[16];
  size_t ne = (size_t)(us - name);
  if (ne >= sizeof elem || strlen(us + 1) >= sizeof unit) return 0;
  memcpy(elem, name, ne);
  elem[ne] = '\0';
  snprintf(unit, sizeof unit, "%s", us + 1);
  if (soso_deposits_unit_parse(c->unit, &c->factor, unit) < 0) return 0;
  c->ambiguous = 0;
  if (strcasecmp(elem, "wo3") == 0) {
    snprintf(c->code, sizeof c->code, "w");
    c->factor *= 183.84 / 231.84; /* W mass fraction of WO3 (IUPAC atomic weights) */
  } else if (strcasecmp(elem, "wo3_or_w") == 0) {
    snprintf(c->code, sizeof c->code, "w");
    c->ambiguous = 1;
  } else {
    /* element symbols only: "zn", "ag" (no names, so that "type_pct" never matches) */
    char code[SOSO_CODE_MAX];
    if (ne > 3 || soso_deposits_commodity_code(code, elem) < 0 || strcasecmp(code, elem) != 0) {
      soso_error_clear();
      return 0;
    }
    snprintf(c->code, sizeof c->code, "%s", code);
  }
  c->role = COL_GRADE;
  return 1;
}

/* An element symbol ("zn", "Ag") or an oxide soso converts ("wo3")? */
static int is_element(const char *elem) {
  char code[SOSO_CODE_MAX];
  if (strcasecmp(elem, "wo3") == 0 || strcasecmp(elem, "wo3_or_w") == 0) return 1;
  int ok = strlen(elem) <= 3 && soso_deposits_commodity_code(code, elem) == 0 &&
           strcasecmp(code, elem) == 0;
  soso_error_clear();
  return ok;
}

/* Does u read as a grade unit (known to soso or not)? Only then is an element
 * column with it a grade, so "y_wgs" (a coordinate, although Y is yttrium) stays
 * an ordinary column. */
static int unit_like(const char *u) {
  static const char *const k_units[] = {"ppb", "ppt", "ppm", "ozt", "opt", "oz", "ozpt",
                                        "oz/t", "dwt", "lb", "lbs", "lb/t", "pct", "percent",
                                        "wt", "gt", "gpt", "g/t", "kgt", "kg/t", "mgt",
                                        "mg/kg", "gm", "gpm", "pc", NULL};
  if (strchr(u, '%') || strchr(u, '/')) return 1;
  for (const char *const *k = k_units; *k; k++)
    if (strcasecmp(u, *k) == 0) return 1;
  return 0;
}

/* A column named like a grade of a known element in a unit soso does not know
 * ("au_ozt", "zn_ppb") or "Pb (%)" spelt with the unit in brackets. Returns 0
 * (not a grade column), 1 (c filled: a grade column) or SOSO_EDATA (a grade in an
 * unknown unit: rejected, not dropped silently). */
static int grade_column_other(imp_col *c, const char *name, const char *file) {
  char elem[32], unit[32];
  const char *open = strchr(name, '(');
  const char *close = open ? strchr(open, ')') : NULL;
  if (open && close && close[1] == '\0') { /* "Pb (%)" */
    size_t ne = (size_t)(open - name), nu = (size_t)(close - open - 1);
    while (ne > 0 && name[ne - 1] == ' ') ne--;
    if (ne == 0 || ne >= sizeof elem || nu >= sizeof unit) return 0;
    memcpy(elem, name, ne);
    elem[ne] = '\0';
    memcpy(unit, open + 1, nu);
    unit[nu] = '\0';
    if (!is_element(elem) || !unit_like(unit)) return 0;
    char probe[64];
    snprintf(probe, sizeof probe, "%s_%s", elem, unit);
    if (soso_deposits_unit_parse(c->unit, &c->factor, unit) == 0 && grade_column(c, probe)) return 1;
    soso_error_clear();
  } else {
    const char *us = strrchr(name, '_');
    if (!us || us == name || (size_t)(us - name) >= sizeof elem) return 0;
    memcpy(elem, name, (size_t)(us - name));
    elem[us - name] = '\0';
    snprintf(unit, sizeof unit, "%s", us + 1);
    if (!is_element(elem) || !unit_like(unit)) return 0;
  }
  return soso_error_set(SOSO_EDATA, "%s:1: %s: unknown grade unit \"%s\" (known: pct, gt, "
                        "gpt, ppm, kgt)", file, name, unit);
}

static col_role role_of(const char *name) {
  for (const role_name *r = k_roles; r->names; r++)
    if (in_list(name, r->names)) return r->role;
  return COL_IGNORE;
}

int imp_layout_build(imp_layout *L, const char *file, const char *const *names, size_t n,
                     const char *const *map, size_t n_map, int has_geometry) {
  memset(L, 0, sizeof *L);
  if (n > IMP_MAX_COLS)
    return soso_error_set(SOSO_EDATA, "%s:1: %zu columns, at most %d supported", file, n,
                          IMP_MAX_COLS);
  L->n_cols = n;
  for (size_t k = 0; k < n_map; k++) {
    size_t j;
    for (j = 0; j < n; j++)
      if (strcasecmp(names[j], map[2 * k]) == 0) break;
    if (j == n)
      return soso_error_set(SOSO_EUSAGE, "%s: --map: no column \"%s\" in the file", file,
                            map[2 * k]);
    imp_col probe;
    memset(&probe, 0, sizeof probe);
    if (role_of(map[2 * k + 1]) == COL_IGNORE && !grade_column(&probe, map[2 * k + 1]))
      return soso_error_set(SOSO_EUSAGE,
                            "%s: --map: \"%s\" is not a soso column (id, name, country, lat, "
                            "lon, status, deposit_type, ore_mt, category, commodities, "
                            "<element>_<unit>, ...)",
                            file, map[2 * k + 1]);
  }
  int seen[COL_GRADE_UNIT + 1] = {0};
  for (size_t j = 0; j < n; j++) {
    imp_col *c = &L->cols[j];
    const char *name = names[j];
    for (size_t k = 0; k < n_map; k++)
      if (strcasecmp(names[j], map[2 * k]) == 0) name = map[2 * k + 1];
    snprintf(c->name, sizeof c->name, "%s", names[j]);
    for (char *q = c->name; *q; q++) /* it goes into messages: no escape sequences */
      if ((unsigned char)*q < 0x20 || *q == 0x7F) *q = '?';
    c->role = role_of(name);
    if (c->role == COL_IGNORE && !grade_column(c, name)) {
      int rc = grade_column_other(c, name, file);
      if (rc < 0) return rc;
    }
    if (c->role != COL_IGNORE && c->role != COL_GRADE) {
      if (seen[c->role])
        return soso_error_set(SOSO_EDATA, "%s:1: %s: a second column for the same field",
                              file, names[j]);
      seen[c->role] = 1;
    }
  }
  L->is_long = seen[COL_COMMODITY] && seen[COL_GRADE_VALUE];
  L->has_commodities = seen[COL_COMMODITIES] || (seen[COL_COMMODITY] && !L->is_long);
  if (seen[COL_COMMODITY] && !L->is_long)
    for (size_t j = 0; j < n; j++)
      if (L->cols[j].role == COL_COMMODITY) L->cols[j].role = COL_COMMODITIES;
  if (L->is_long && !seen[COL_GRADE_UNIT])
    return soso_error_set(SOSO_EDATA, "%s:1: grade_unit: missing column (long layout)", file);
  if (!seen[COL_LAT] || !seen[COL_LON]) {
    if (!has_geometry)
      return soso_error_set(SOSO_EDATA, "%s:1: %s: missing column (use --map COLUMN=%s)", file,
                            seen[COL_LAT] ? "lon" : "lat", seen[COL_LAT] ? "lon" : "lat");
    L->use_geometry = 1;
  }
  if (!seen[COL_ID]) {
    if (!has_geometry)
      return soso_error_set(SOSO_EDATA, "%s:1: id: missing column (id or record_id; use "
                            "--map COLUMN=id)", file);
    L->use_fid = 1;
  }
  return 0;
}

/* Prefixes the last error with "FILE:LINE: key: " (copying it first). */
static int relabel(const char *file, long line, const char *key) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s", soso_error_last());
  return soso_error_set(SOSO_EDATA, "%s:%ld: %s: %s", file, line, key, msg);
}

/* Parses a number; "" gives NAN and 0. Refuses decimal commas and junk. */
static int number(double *out, const char *s, const char *file, long line, const char *key) {
  *out = NAN;
  if (!*s) return 0;
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) {
    if (strchr(s, ',') && !strchr(s, '.'))
      return soso_error_set(SOSO_EDATA, "%s:%ld: %s: \"%s\" is not a number (use a decimal "
                            "point)", file, line, key, s);
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: \"%s\" is not a number", file, line, key,
                          s);
  }
  *out = v;
  return 0;
}

/* Plausibility bound on ore tonnage: 1e5 Mt (100 Gt) is ten times the largest
 * known ore bodies (Olympic Dam's resource is about 10 Gt); 1e308 once became inf
 * in districts and dropped out of the JSON. */
#define SOSO_ORE_MT_MAX 1e5

static int implausible_ore(const char *file, long line, const char *key, double mt) {
  return soso_error_set(SOSO_EDATA, "%s:%ld: %s: tonnage %g Mt is not plausible (over %g Mt)",
                        file, line, key, mt, SOSO_ORE_MT_MAX);
}

/* Adds (or finds) commodity code in r; NULL when the row is full. */
static dep_item *item_for(dep_record *r, const char *code) {
  for (size_t k = 0; k < r->n_items; k++)
    if (strcmp(r->items[k].g.code, code) == 0) return &r->items[k];
  if (r->n_items == DEP_MAX_ITEMS) return NULL;
  dep_item *it = &r->items[r->n_items++];
  memset(it, 0, sizeof *it);
  snprintf(it->g.code, sizeof it->g.code, "%s", code);
  it->g.value = NAN;
  it->g.contained_t = NAN;
  it->basis_mt = NAN;
  return it;
}

/* Checks a grade (in its normalised unit); returns SOSO_EDATA for a bad one. */
static int check_grade(double v, const char *unit, const char *file, long line,
                       const char *key) {
  if (v < 0)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: grade %g is negative", file, line, key, v);
  if (strcmp(unit, "%") == 0 && v > 100)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: grade %g %% is over 100 %%", file, line,
                          key, v);
  if (strcmp(unit, "%") != 0 && v > 1e6)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: grade %g %s is over 100 %%", file, line,
                          key, v, unit);
  return 0;
}

/* Grades of exactly 100 %: the ore figure is contained metal (see top). */
static int contained_metal_rows(dep_record *r, const char *file, long line) {
  size_t n100 = 0;
  const char *which = "";
  for (size_t k = 0; k < r->n_items; k++)
    if (strcmp(r->items[k].g.unit, "%") == 0 && r->items[k].g.value == 100.0) {
      n100++;
      which = r->items[k].g.code;
    }
  if (n100 == 0) return 0;
  if (n100 > 1)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: grade 100 %% for %zu commodities: the ore "
                          "figure is contained metal and its split is unknown",
                          file, line, which, n100);
  for (size_t k = 0; k < r->n_items; k++) {
    dep_item *it = &r->items[k];
    if (strcmp(it->g.unit, "%") == 0 && it->g.value == 100.0) {
      it->g.contained_t = isfinite(r->ore_mt) ? r->ore_mt * 1e6 : NAN;
      it->g.value = NAN;
      it->g.unit[0] = '\0';
      it->basis_mt = NAN;
    } else {
      it->g.contained_t = NAN; /* its ore basis is the other commodity's metal */
      it->basis_mt = NAN;
    }
  }
  dep_flag(r->flags, sizeof r->flags,
           "%s grade 100 %%: the ore figure %g Mt is contained %s metal, ore tonnage unknown",
           which, r->ore_mt, which);
  r->ore_mt = NAN;
  return 0;
}

static int commodity_list(dep_record *r, const char *s) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", s);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ";,|", &save); tok; tok = strtok_r(NULL, ";,|", &save)) {
    char code[SOSO_CODE_MAX];
    if (soso_deposits_commodity_code(code, tok) < 0) continue; /* minerals, gangue: not commodities */
    if (!item_for(r, code)) break;
  }
  soso_error_clear();
  return 0;
}

int imp_row_parse(dep_record *r, const imp_layout *L, const imp_row *row, const char *file,
                  long line, char *idbuf, size_t idlen) {
  int rc;
  const char *dataset = "", *id = "", *status = "", *commodity = "", *ore_unit = "",
             *grade_unit = "";
  double lat = NAN, lon = NAN, ore = NAN, grade = NAN;
  memset(r, 0, sizeof *r);
  r->name = r->country_raw = r->deposit_type = r->category = "";
  r->ore_mt = NAN;
  for (size_t j = 0; j < L->n_cols; j++) {
    const imp_col *c = &L->cols[j];
    const char *s = row->field[j] ? row->field[j] : "";
    switch (c->role) {
      case COL_ID: id = s; break;
      case COL_DATASET: dataset = s; break;
      case COL_NAME: r->name = s; break;
      case COL_COUNTRY: r->country_raw = s; break;
      case COL_LAT: if ((rc = number(&lat, s, file, line, c->name)) < 0) return rc; break;
      case COL_LON: if ((rc = number(&lon, s, file, line, c->name)) < 0) return rc; break;
      case COL_STATUS: status = s; break;
      case COL_TYPE: r->deposit_type = s; break;
      case COL_ORE_MT:
        if ((rc = number(&r->ore_mt, s, file, line, c->name)) < 0) return rc;
        if (isfinite(r->ore_mt) && r->ore_mt <= 0)
          return soso_error_set(SOSO_EDATA, "%s:%ld: %s: tonnage %g must be > 0", file, line,
                                c->name, r->ore_mt);
        if (isfinite(r->ore_mt) && r->ore_mt > SOSO_ORE_MT_MAX)
          return implausible_ore(file, line, c->name, r->ore_mt);
        break;
      case COL_CATEGORY: r->category = s; break;
      case COL_GRADE: {
        double v;
        if ((rc = number(&v, s, file, line, c->name)) < 0) return rc;
        if (!isfinite(v)) break;
        v *= c->factor;
        if ((rc = check_grade(v, c->unit, file, line, c->name)) < 0) return rc;
        dep_item *it = item_for(r, c->code);
        if (!it) return soso_error_set(SOSO_EDATA, "%s:%ld: %s: too many commodities", file,
                                       line, c->name);
        if (isfinite(it->g.value))
          return soso_error_set(SOSO_EDATA, "%s:%ld: %s: a second grade for %s", file, line,
                                c->name, c->code);
        it->g.value = v;
        snprintf(it->g.unit, sizeof it->g.unit, "%s", c->unit);
        break;
      }
      case COL_COMMODITIES: commodity_list(r, s); break;
      case COL_COMMODITY: commodity = s; break;
      case COL_ORE: if ((rc = number(&ore, s, file, line, c->name)) < 0) return rc; break;
      case COL_ORE_UNIT: ore_unit = s; break;
      case COL_GRADE_VALUE:
        if ((rc = number(&grade, s, file, line, c->name)) < 0) return rc;
        break;
      case COL_GRADE_UNIT: grade_unit = s; break;
      case COL_IGNORE: break;
    }
  }
  /* identity */
  int idn;
  if (L->use_fid) idn = snprintf(idbuf, idlen, "%ld", row->fid);
  else if (!*id) return soso_error_set(SOSO_EDATA, "%s:%ld: id: missing", file, line);
  else if (*dataset) idn = snprintf(idbuf, idlen, "%s/%s", dataset, id);
  else idn = snprintf(idbuf, idlen, "%s", id);
  if (idn < 0 || (size_t)idn >= idlen)
    return soso_error_set(SOSO_EDATA, "%s:%ld: id: longer than %zu bytes", file, line,
                          idlen - 1);
  r->record_id = idbuf;
  /* position */
  if (L->use_geometry) {
    if (!row->has_geom)
      return soso_error_set(SOSO_EDATA, "%s:%ld: geometry: no point", file, line);
    lat = row->geom_lat;
    lon = row->geom_lon;
  }
  if (!isfinite(lat)) return soso_error_set(SOSO_EDATA, "%s:%ld: lat: missing", file, line);
  if (!isfinite(lon)) return soso_error_set(SOSO_EDATA, "%s:%ld: lon: missing", file, line);
  if (lat < -90 || lat > 90)
    return soso_error_set(SOSO_EDATA, "%s:%ld: lat: %g is outside [-90, 90]", file, line, lat);
  if (lon < -180 || lon > 180)
    return soso_error_set(SOSO_EDATA, "%s:%ld: lon: %g is outside [-180, 180]", file, line,
                          lon);
  r->lat = lat;
  r->lon = lon;
  /* long layout: this row's inventory */
  if (L->is_long) {
    char code[SOSO_CODE_MAX];
    if (soso_deposits_commodity_code(code, commodity) < 0)
      return soso_error_set(SOSO_EDATA, "%s:%ld: commodity: \"%s\" is not a known commodity",
                            file, line, commodity);
    if (isfinite(ore)) {
      double to_mt;
      if (soso_deposits_tonnage_unit_parse(&to_mt, ore_unit) < 0)
        return relabel(file, line, "ore_unit");
      if (ore <= 0)
        return soso_error_set(SOSO_EDATA, "%s:%ld: ore: tonnage %g must be > 0", file, line,
                              ore);
      r->ore_mt = ore * to_mt;
      if (!(r->ore_mt <= SOSO_ORE_MT_MAX)) return implausible_ore(file, line, "ore", r->ore_mt);
    }
    dep_item *it = item_for(r, code);
    if (isfinite(grade)) {
      double factor;
      char unit[4];
      if (soso_deposits_unit_parse(unit, &factor, grade_unit) < 0)
        return relabel(file, line, "grade_unit");
      if ((rc = check_grade(grade * factor, unit, file, line, "grade")) < 0) return rc;
      it->g.value = grade * factor;
      snprintf(it->g.unit, sizeof it->g.unit, "%s", unit);
    }
  }
  if ((rc = contained_metal_rows(r, file, line)) < 0) return rc;
  for (size_t k = 0; k < r->n_items; k++) {
    dep_item *it = &r->items[k];
    if (!isfinite(it->g.value)) continue;
    it->basis_mt = r->ore_mt;
    it->g.contained_t = soso__contained_t(r->ore_mt, it->g.value, it->g.unit);
  }
  /* status */
  if (*status) {
    if (soso_deposits_status_parse(&r->status, status) < 0) return relabel(file, line, "status");
  } else {
    int sized = isfinite(r->ore_mt);
    for (size_t k = 0; k < r->n_items && !sized; k++) sized = isfinite(r->items[k].g.contained_t);
    r->status = sized ? SOSO_STATUS_DEPOSIT : SOSO_STATUS_OCCURRENCE;
  }
  /* country */
  if (soso_deposits_country_code(r->country, r->country_raw, lat, lon) < 0) {
    if (*r->country_raw)
      dep_flag(r->flags, sizeof r->flags, "country \"%s\" not normalised", r->country_raw);
    soso_error_clear();
  }
  return 0;
}
