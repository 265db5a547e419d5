/* price_parse.c - monthly price files (World Bank Pink Sheet wide layout, or long
 * date,commodity,price[,unit[,currency]]) parsed into memory.
 *
 * Invariants on success: every series has strictly increasing months, finite
 * positive prices and a known unit; no series is empty. Every rejection names the
 * file, line and key. Fields are split here rather than by OGR's CSV driver,
 * which guesses column types and does not report line numbers; quoted fields
 * ("a,b", "" for a quote) are handled, quotes spanning lines are not (prices never
 * need them).
 */
#include "market/prices_int.h"
#include "soso/error.h"
#include "soso/csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Known units and their currencies. */
static const struct {
  const char *unit, *currency;
} k_units[] = {{"US$/t", "USD"},       {"US$/dmt", "USD"},   {"US$/troy oz", "USD"},
               {"US$/kg", "USD"},      {"US$/lb", "USD"},    {"EUR/t", "EUR"},
               {"EUR/kg", "EUR"},      {"EUR/troy oz", "EUR"}, {"index", ""}};

/* Units of the Pink Sheet metals series (World Bank CMO historical data, as in the
 * README of ../shared/data: US$ per metric tonne; gold, platinum and silver US$
 * per troy ounce; iron ore US$ per dry metric tonne). */
static const struct {
  const char *commodity, *unit;
} k_pink[] = {{"ALUMINUM", "US$/t"}, {"IRON_ORE", "US$/dmt"}, {"COPPER", "US$/t"},
              {"LEAD", "US$/t"},     {"TIN", "US$/t"},        {"NICKEL", "US$/t"},
              {"ZINC", "US$/t"},     {"GOLD", "US$/troy oz"}, {"PLATINUM", "US$/troy oz"},
              {"SILVER", "US$/troy oz"}};

static const char *unit_currency(const char *unit) {
  for (size_t i = 0; i < sizeof k_units / sizeof *k_units; i++)
    if (strcmp(unit, k_units[i].unit) == 0) return k_units[i].currency;
  return NULL;
}

static const char *pink_unit(const char *commodity) {
  for (size_t i = 0; i < sizeof k_pink / sizeof *k_pink; i++)
    if (strcasecmp(commodity, k_pink[i].commodity) == 0) return k_pink[i].unit;
  return NULL;
}

typedef struct reader {
  const char *path; /* for messages */
  soso_csv *csv;    /* the one CSV reader */
  long line;        /* line number of the current row */
  char **fld;       /* fields of the current row */
  size_t nf;        /* fields of the current row */
} reader;

/* Reads the next non-blank row into r; *have = 0 at the end. */
static int next_row(reader *r, int *have) {
  int rc = soso_csv_next(r->csv);
  *have = rc > 0;
  r->line = soso_csv_line(r->csv);
  r->fld = soso_csv_fields(r->csv);
  r->nf = soso_csv_count(r->csv);
  return rc < 0 ? rc : SOSO_OK;
}

static int is_missing(const char *s) {
  return !*s || strcmp(s, "..") == 0 || strcmp(s, "\xE2\x80\xA6") == 0;
}

/* A plain decimal number (no hex, inf or nan, which strtod would take). */
static int parse_price(const char *s, double *out) {
  for (const char *c = s; *c; c++)
    if (!isdigit((unsigned char)*c) && !strchr(".+-eE", *c)) return -1;
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *end || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

static int append(soso__pseries *s, int month, double price, int line) {
  if (s->n == s->cap) {
    size_t nc = s->cap ? 2 * s->cap : 16;
    int *m = realloc(s->month, nc * sizeof *m);
    if (m) s->month = m;
    double *p = realloc(s->price, nc * sizeof *p);
    if (p) s->price = p;
    int *l = realloc(s->line, nc * sizeof *l);
    if (l) s->line = l;
    if (!m || !p || !l) return soso_error_set(SOSO_ENOMEM, "out of memory");
    s->cap = nc;
  }
  s->month[s->n] = month;
  s->price[s->n] = price;
  s->line[s->n] = line;
  s->n++;
  return SOSO_OK;
}

/* A commodity name may not hold control characters (they would reach terminals
 * and CSV files as escape sequences). */
static int bad_name(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7F) return 1;
  return 0;
}

static soso__pseries *add_series(soso__pfile *f, const char *name) {
  if (f->n == f->cap) { /* geometric: one realloc per series was O(series^2) copying */
    size_t nc = f->cap ? 2 * f->cap : 16;
    soso__pseries *ns = realloc(f->s, nc * sizeof *ns);
    if (!ns) return NULL;
    f->s = ns;
    f->cap = nc;
  }
  soso__pseries *s = &f->s[f->n++];
  memset(s, 0, sizeof *s);
  snprintf(s->commodity, sizeof s->commodity, "%s", name);
  return s;
}

/* A row with the header's number of fields, or the error naming both. */
static int row_width(const reader *r, size_t ncol) {
  if (r->nf == ncol) return SOSO_OK;
  return soso_error_set(SOSO_EDATA, "%s:%ld: row: %zu fields, the header has %zu", r->path,
                        r->line, r->nf, ncol);
}

static int bad_month(const reader *r, const char *key, const char *text) {
  return soso_error_set(SOSO_EDATA, "%s:%ld: %s: \"%s\" is not a month (YYYY-MM or YYYYMmm)",
                        r->path, r->line, key, text);
}

/* Month after the series' last: duplicated or out of order? */
static int check_order(const reader *r, const char *key, const soso__pseries *s, int month) {
  if (s->n == 0 || month > s->month[s->n - 1]) return SOSO_OK;
  char a[8], b[8];
  soso_market_month_format(a, month);
  soso_market_month_format(b, s->month[s->n - 1]);
  if (month == s->month[s->n - 1])
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: month %s duplicated (line %d)", r->path,
                          r->line, key, a, s->line[s->n - 1]);
  return soso_error_set(SOSO_EDATA, "%s:%ld: %s: month %s out of order (after %s, line %d)",
                        r->path, r->line, key, a, b, s->line[s->n - 1]);
}

static int value(const reader *r, const char *key, const char *text, double *out) {
  if (parse_price(text, out) < 0)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: \"%s\" is not a number", r->path, r->line,
                          key, text);
  if (!(*out > 0.0))
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: %s is not a positive price", r->path,
                          r->line, key, text);
  if (*out > SOSO__PRICE_MAX)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: %s is not a plausible price (over %g per "
                          "unit)", r->path, r->line, key, text, SOSO__PRICE_MAX);
  return SOSO_OK;
}

static int read_wide(soso__pfile *f, reader *r) {
  size_t ncol = r->nf;
  int rc, have, last = -1, last_line = 0;
  if (ncol < 2)
    return soso_error_set(SOSO_EDATA, "%s:%ld: header: no commodity columns", r->path, r->line);
  for (size_t c = 1; c < ncol; c++) {
    const char *name = r->fld[c], *unit = pink_unit(name);
    if (!*name)
      return soso_error_set(SOSO_EDATA, "%s:%ld: column %zu: empty commodity name", r->path,
                            r->line, c + 1);
    if (strlen(name) >= SOSO_NAME_MAX)
      return soso_error_set(SOSO_EDATA, "%s:%ld: %s: commodity name too long", r->path,
                            r->line, name);
    if (bad_name(name))
      return soso_error_set(SOSO_EDATA, "%s:%ld: column %zu: control character in the "
                            "commodity name", r->path, r->line, c + 1);
    for (size_t k = 0; k < f->n; k++)
      if (strcasecmp(f->s[k].commodity, name) == 0)
        return soso_error_set(SOSO_EDATA, "%s:%ld: %s: duplicated column", r->path, r->line,
                              name);
    if (!unit)
      return soso_error_set(SOSO_EDATA,
                            "%s:%ld: %s: unknown unit (not a Pink Sheet metal; use the long "
                            "layout date,commodity,price,unit)",
                            r->path, r->line, name);
    soso__pseries *s = add_series(f, name);
    if (!s) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", r->path);
    for (char *c2 = s->commodity; *c2; c2++) *c2 = (char)toupper((unsigned char)*c2);
    snprintf(s->unit, sizeof s->unit, "%s", unit);
    snprintf(s->currency, sizeof s->currency, "%s", unit_currency(unit));
    s->line0 = (int)r->line;
  }
  while ((rc = next_row(r, &have)) == SOSO_OK && have) {
    if ((rc = row_width(r, ncol)) < 0) return rc;
    int m;
    if (soso_market_month_parse(&m, r->fld[0]) < 0) return bad_month(r, "month", r->fld[0]);
    if (last >= 0 && m <= last) {
      char a[8], b[8];
      soso_market_month_format(a, m);
      soso_market_month_format(b, last);
      if (m == last)
        return soso_error_set(SOSO_EDATA, "%s:%ld: month: %s duplicated (line %d)", r->path,
                              r->line, a, last_line);
      return soso_error_set(SOSO_EDATA, "%s:%ld: month: %s out of order (after %s, line %d)",
                            r->path, r->line, a, b, last_line);
    }
    last = m;
    last_line = (int)r->line;
    for (size_t c = 1; c < ncol; c++) {
      if (is_missing(r->fld[c])) continue;
      double v;
      soso__pseries *s = &f->s[c - 1];
      if ((rc = value(r, s->commodity, r->fld[c], &v)) < 0) return rc;
      if ((rc = append(s, m, v, (int)r->line)) < 0) return rc;
    }
  }
  return rc;
}

/* Series of a long file by case-folded name: an open-addressing hash of indices
 * into f->s, so that a file of many series reads in O(rows), not O(rows x series)
 * (a 50 MB file took 52 s with the linear search this replaces). */
typedef struct series_index {
  size_t *slot; /* cap entries: series index + 1, 0 empty */
  size_t cap;   /* a power of two, at least twice the series */
} series_index;

static size_t name_hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++) h = (h ^ (size_t)tolower((unsigned char)*s)) * 1099511628211u;
  return h;
}

static int series_index_add(series_index *ix, const soso__pfile *f, size_t k) {
  if (2 * f->n > ix->cap) {
    size_t nc = ix->cap ? 2 * ix->cap : 64;
    size_t *ns = calloc(nc, sizeof *ns);
    if (!ns) return soso_error_set(SOSO_ENOMEM, "out of memory");
    free(ix->slot);
    ix->slot = ns;
    ix->cap = nc;
    for (size_t j = 0; j < f->n; j++) { /* rehash all, k included */
      size_t h = name_hash(f->s[j].commodity) & (nc - 1);
      while (ns[h]) h = (h + 1) & (nc - 1);
      ns[h] = j + 1;
    }
    return SOSO_OK;
  }
  size_t h = name_hash(f->s[k].commodity) & (ix->cap - 1);
  while (ix->slot[h]) h = (h + 1) & (ix->cap - 1);
  ix->slot[h] = k + 1;
  return SOSO_OK;
}

static int series_find(soso__pfile *f, const series_index *ix, const char *name,
                       soso__pseries **out) {
  *out = NULL;
  if (!ix->cap) return SOSO_OK;
  for (size_t h = name_hash(name) & (ix->cap - 1); ix->slot[h]; h = (h + 1) & (ix->cap - 1))
    if (strcasecmp(f->s[ix->slot[h] - 1].commodity, name) == 0) { /* as the store */
      *out = &f->s[ix->slot[h] - 1];
      break;
    }
  return SOSO_OK;
}

static int read_long_rows(soso__pfile *f, reader *r, series_index *ix);

static int read_long(soso__pfile *f, reader *r) {
  series_index ix = {NULL, 0};
  int rc = read_long_rows(f, r, &ix);
  free(ix.slot);
  return rc;
}

static int read_long_rows(soso__pfile *f, reader *r, series_index *ix) {
  size_t ncol = r->nf;
  int rc, have;
  while ((rc = next_row(r, &have)) == SOSO_OK && have) {
    if ((rc = row_width(r, ncol)) < 0) return rc;
    const char *name = r->fld[1];
    if (!*name)
      return soso_error_set(SOSO_EDATA, "%s:%ld: commodity: empty", r->path, r->line);
    if (strlen(name) >= SOSO_NAME_MAX)
      return soso_error_set(SOSO_EDATA, "%s:%ld: commodity: \"%s\" is too long", r->path,
                            r->line, name);
    if (bad_name(name))
      return soso_error_set(SOSO_EDATA, "%s:%ld: commodity: control character in the name",
                            r->path, r->line);
    const char *unit = ncol > 3 && *r->fld[3] ? r->fld[3] : pink_unit(name);
    if (!unit)
      return soso_error_set(SOSO_EDATA, "%s:%ld: unit: none for %s (add a unit column)",
                            r->path, r->line, name);
    const char *cur = unit_currency(unit);
    if (!cur)
      return soso_error_set(SOSO_EDATA,
                            "%s:%ld: unit: \"%s\" is unknown (known: US$/t, US$/dmt, US$/troy "
                            "oz, US$/kg, US$/lb, EUR/t, EUR/kg, EUR/troy oz, index)",
                            r->path, r->line, unit);
    if (ncol > 4 && *r->fld[4] && strcmp(r->fld[4], cur) != 0)
      return soso_error_set(SOSO_EDATA, "%s:%ld: currency: \"%s\" does not match unit %s",
                            r->path, r->line, r->fld[4], unit);
    int m;
    if (soso_market_month_parse(&m, r->fld[0]) < 0) return bad_month(r, "date", r->fld[0]);
    soso__pseries *s = NULL;
    if ((rc = series_find(f, ix, name, &s)) < 0) return rc;
    if (!s) {
      if (!(s = add_series(f, name))) return soso_error_set(SOSO_ENOMEM, "out of memory");
      snprintf(s->unit, sizeof s->unit, "%s", unit);
      snprintf(s->currency, sizeof s->currency, "%s", cur);
      s->line0 = (int)r->line;
      if ((rc = series_index_add(ix, f, f->n - 1)) < 0) return rc;
    } else if (strcmp(s->unit, unit) != 0) {
      return soso_error_set(SOSO_EDATA, "%s:%ld: unit: %s was in %s before (line %d), now %s",
                            r->path, r->line, name, s->unit, s->line0, unit);
    }
    if (is_missing(r->fld[2])) continue;
    double v;
    if ((rc = value(r, "price", r->fld[2], &v)) < 0) return rc;
    if ((rc = check_order(r, name, s, m)) < 0) return rc;
    if ((rc = append(s, m, v, (int)r->line)) < 0) return rc;
  }
  return rc;
}

/* An index file, `date,index[,inflation]` (the US CPI-U of ../shared/data, as the
 * Frictionless "cpi-us" package lays it out: dates YYYY-MM-01): one series in unit
 * "index", named after the file (its stem in capitals, other characters as "_":
 * us_cpi_u_monthly.csv -> US_CPI_U_MONTHLY). The inflation column is derived from the
 * index (a change in %, zero or negative in some months), so it is not read. */
static int read_index(soso__pfile *f, reader *r) {
  size_t ncol = r->nf;
  const char *base = strrchr(r->path, '/');
  base = base ? base + 1 : r->path;
  char name[SOSO_NAME_MAX];
  size_t n = 0;
  for (const char *c = base; *c && *c != '.' && n + 1 < sizeof name; c++)
    name[n++] = isalnum((unsigned char)*c) ? (char)toupper((unsigned char)*c) : '_';
  name[n] = '\0';
  if (!n) snprintf(name, sizeof name, "INDEX");
  soso__pseries *s = add_series(f, name);
  if (!s) return soso_error_set(SOSO_ENOMEM, "%s: out of memory", r->path);
  snprintf(s->unit, sizeof s->unit, "index");
  s->currency[0] = '\0';
  s->line0 = (int)r->line;
  int rc, have;
  while ((rc = next_row(r, &have)) == SOSO_OK && have) {
    if ((rc = row_width(r, ncol)) < 0) return rc;
    int m;
    if (soso_market_month_parse(&m, r->fld[0]) < 0) return bad_month(r, "date", r->fld[0]);
    if (is_missing(r->fld[1])) continue;
    double v;
    if ((rc = value(r, "index", r->fld[1], &v)) < 0) return rc;
    if ((rc = check_order(r, "date", s, m)) < 0) return rc;
    if ((rc = append(s, m, v, (int)r->line)) < 0) return rc;
  }
  return rc;
}

void soso__pfile_free(soso__pfile *f) {
  if (!f) return;
  for (size_t i = 0; i < f->n; i++) {
    free(f->s[i].month);
    free(f->s[i].price);
    free(f->s[i].line);
  }
  free(f->s);
  memset(f, 0, sizeof *f);
}

int soso__pfile_read(soso__pfile *out, const char *path) {
  memset(out, 0, sizeof *out);
  soso_csv_opts co = SOSO_CSV_OPTS_INIT;
  reader r = {path, NULL, 0, NULL, 0};
  int rc = soso_csv_open(&r.csv, path, &co), have;
  if (rc < 0) return rc;
  if ((rc = next_row(&r, &have)) < 0) goto done;
  if (!have) {
    rc = soso_error_set(SOSO_EDATA, "%s:1: header: empty file", path);
    goto done;
  }
  const char *c0 = r.fld[0];
  int first_ok = strcasecmp(c0, "month") == 0 || strcasecmp(c0, "date") == 0;
  int is_long = first_ok && r.nf >= 3 && r.nf <= 5 && strcasecmp(r.fld[1], "commodity") == 0 &&
                strcasecmp(r.fld[2], "price") == 0 &&
                (r.nf < 4 || strcasecmp(r.fld[3], "unit") == 0) &&
                (r.nf < 5 || strcasecmp(r.fld[4], "currency") == 0);
  if (!first_ok) {
    rc = soso_error_set(SOSO_EDATA,
                        "%s:%ld: header: first column \"%s\" is not month or date (want "
                        "month,COMMODITY,..., date,commodity,price[,unit[,currency]] or "
                        "date,index[,inflation])",
                        path, r.line, c0);
    goto done;
  }
  int is_index = first_ok && r.nf >= 2 && r.nf <= 3 && strcasecmp(r.fld[1], "index") == 0 &&
                 (r.nf < 3 || strcasecmp(r.fld[2], "inflation") == 0);
  out->wide = !is_long && !is_index;
  out->index = is_index;
  rc = is_long ? read_long(out, &r) : is_index ? read_index(out, &r) : read_wide(out, &r);
  if (rc < 0) goto done;
  /* Drop columns that were entirely missing. */
  size_t k = 0;
  for (size_t i = 0; i < out->n; i++) {
    if (out->s[i].n > 0) {
      out->s[k++] = out->s[i];
    } else {
      free(out->s[i].month);
      free(out->s[i].price);
      free(out->s[i].line);
    }
  }
  out->n = k;
  if (k == 0) rc = soso_error_set(SOSO_EDATA, "%s: no prices", path);
done:
  soso_csv_free(r.csv);
  if (rc < 0) soso__pfile_free(out);
  return rc;
}
