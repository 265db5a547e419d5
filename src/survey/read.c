/* read.c - reads a survey export into a rectangle of strings (sv_table).
 *
 * CSV (KoboToolbox with ',' or ';', LimeSurvey), XLSX and ODS go through GDAL/OGR
 * (the CSV driver detects the separator and handles quoting; spreadsheets are read
 * with the first row as header and every cell as text, so "4" and 4.0 read alike).
 * SPSS (.sav, .zsav, .por) and Stata (.dta) go through ReadStat; numeric values
 * become their shortest decimal text, system- and user-missing values empty cells.
 * Positions for messages: CSV data row k is file line k + 1 (a quoted field that
 * spans lines shifts this; OGR does not report physical lines), spreadsheets give
 * the sheet row, SPSS/Stata the case number.
 */
#include "soso/error.h"
#include "survey/survey_int.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <errno.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *xdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

void sv_table_free(sv_table *t) {
  if (!t) return;
  for (size_t r = 0; r < t->n_rows; r++) {
    for (size_t c = 0; t->cells[r] && c < t->n_cols; c++) free(t->cells[r][c]);
    free(t->cells[r]);
  }
  free(t->cells);
  free(t->where);
  for (size_t c = 0; c < t->n_cols; c++) free(t->header[c]);
  free(t->header);
  memset(t, 0, sizeof *t);
}

static int oom(void) { return soso_error_set(SOSO_ENOMEM, "out of memory"); }

/* Appends an empty row; returns its cells or NULL on OOM. */
static char **add_row(sv_table *t, size_t *cap, long where) {
  if (t->n_rows == *cap) {
    size_t nc = *cap ? 2 * *cap : 64;
    char ***c = realloc(t->cells, nc * sizeof *c);
    if (!c) return NULL;
    t->cells = c;
    long *w = realloc(t->where, nc * sizeof *w);
    if (!w) return NULL;
    t->where = w;
    *cap = nc;
  }
  char **row = calloc(t->n_cols ? t->n_cols : 1, sizeof *row);
  if (!row) return NULL;
  t->cells[t->n_rows] = row;
  t->where[t->n_rows] = where;
  t->n_rows++;
  return row;
}

static int read_ogr_opened(sv_table *t, const char *path, const char *driver);

static int read_ogr(sv_table *t, const char *path, const char *driver) {
  /* GDAL 3.6's spreadsheet drivers read their header and type choices from
   * configuration options (lazily, while features are read): set them for this
   * thread around the whole read, then put them back. */
  char k_head[32], k_type[40];
  snprintf(k_head, sizeof k_head, "OGR_%s_HEADERS", driver);
  snprintf(k_type, sizeof k_type, "OGR_%s_FIELD_TYPES", driver);
  int sheet = strcmp(driver, "CSV") != 0;
  if (sheet) {
    CPLSetThreadLocalConfigOption(k_head, "FORCE");
    CPLSetThreadLocalConfigOption(k_type, "STRING");
  }
  int rc = read_ogr_opened(t, path, driver);
  if (sheet) {
    CPLSetThreadLocalConfigOption(k_head, NULL);
    CPLSetThreadLocalConfigOption(k_type, NULL);
  }
  return rc;
}

static int read_ogr_opened(sv_table *t, const char *path, const char *driver) {
  const char *drivers[] = {driver, NULL};
  int is_csv = strcmp(driver, "CSV") == 0;
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                               NULL, NULL);
  CPLPopErrorHandler();
  if (!ds)
    return soso_error_set(SOSO_EIO, "%s: cannot open as %s: %s", path, driver,
                          CPLGetLastErrorMsg()[0] ? CPLGetLastErrorMsg() : "unreadable");
  int rc = SOSO_OK;
  OGRLayerH layer = GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
  if (!layer) {
    GDALClose(ds);
    return soso_error_set(SOSO_EDATA, "%s: no table in the file", path);
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  int nf = OGR_FD_GetFieldCount(defn);
  if (nf <= 0) {
    GDALClose(ds);
    return soso_error_set(SOSO_EDATA, "%s:1: header: no columns", path);
  }
  t->n_cols = (size_t)nf;
  if (!(t->header = calloc(t->n_cols, sizeof *t->header))) rc = oom();
  for (int c = 0; rc == SOSO_OK && c < nf; c++)
    if (!(t->header[c] = xdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, c))))) rc = oom();
  size_t cap = 0;
  OGR_L_ResetReading(layer);
  OGRFeatureH f;
  while (rc == SOSO_OK && (f = OGR_L_GetNextFeature(layer)) != NULL) {
    long fid = (long)OGR_F_GetFID(f);
    char **row = add_row(t, &cap, is_csv ? fid + 1 : fid);
    if (!row) rc = oom();
    for (int c = 0; rc == SOSO_OK && c < nf; c++) {
      if (!OGR_F_IsFieldSetAndNotNull(f, c)) continue;
      const char *s = OGR_F_GetFieldAsString(f, c);
      if (s && *s && !(row[c] = xdup(s))) rc = oom();
    }
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return rc;
}

/* ReadStat ---------------------------------------------------------------------- */
typedef struct rs_ctx {
  sv_table *t;
  size_t cap;
  int rc;
} rs_ctx;

static int rs_meta(readstat_metadata_t *m, void *p) {
  rs_ctx *c = p;
  int n = readstat_get_var_count(m);
  if (n <= 0) return READSTAT_HANDLER_ABORT;
  c->t->n_cols = (size_t)n;
  c->t->header = calloc((size_t)n, sizeof *c->t->header);
  if (!c->t->header) {
    c->rc = SOSO_ENOMEM;
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

static int rs_var(int index, readstat_variable_t *v, const char *labels, void *p) {
  (void)labels;
  rs_ctx *c = p;
  if (index < 0 || (size_t)index >= c->t->n_cols) return READSTAT_HANDLER_ABORT;
  const char *name = readstat_variable_get_name(v);
  if (!(c->t->header[index] = xdup(name ? name : ""))) {
    c->rc = SOSO_ENOMEM;
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

static int rs_value(int obs, readstat_variable_t *v, readstat_value_t val, void *p) {
  rs_ctx *c = p;
  sv_table *t = c->t;
  int col = readstat_variable_get_index(v);
  if (obs < 0 || col < 0 || (size_t)col >= t->n_cols) return READSTAT_HANDLER_ABORT;
  while (t->n_rows <= (size_t)obs)
    if (!add_row(t, &c->cap, (long)t->n_rows + 1)) {
      c->rc = SOSO_ENOMEM;
      return READSTAT_HANDLER_ABORT;
    }
  if (readstat_value_is_system_missing(val) || readstat_value_is_missing(val, v))
    return READSTAT_HANDLER_OK;
  char buf[64];
  const char *s = buf;
  switch (readstat_value_type(val)) {
  case READSTAT_TYPE_STRING:
  case READSTAT_TYPE_STRING_REF: s = readstat_string_value(val); break;
  default: snprintf(buf, sizeof buf, "%.15g", readstat_double_value(val)); break;
  }
  if (s && *s && !(t->cells[obs][col] = xdup(s))) {
    c->rc = SOSO_ENOMEM;
    return READSTAT_HANDLER_ABORT;
  }
  return READSTAT_HANDLER_OK;
}

static int read_stat(sv_table *t, const char *path, const char *ext) {
  readstat_parser_t *p = readstat_parser_init();
  if (!p) return oom();
  rs_ctx c = {t, 0, SOSO_OK};
  readstat_set_metadata_handler(p, rs_meta);
  readstat_set_variable_handler(p, rs_var);
  readstat_set_value_handler(p, rs_value);
  readstat_error_t e;
  if (strcasecmp(ext, "dta") == 0) e = readstat_parse_dta(p, path, &c);
  else if (strcasecmp(ext, "por") == 0) e = readstat_parse_por(p, path, &c);
  else e = readstat_parse_sav(p, path, &c);
  readstat_parser_free(p);
  if (c.rc) return c.rc == SOSO_ENOMEM ? oom() : c.rc;
  if (e != READSTAT_OK)
    return soso_error_set(e == READSTAT_ERROR_OPEN ? SOSO_EIO : SOSO_EDATA,
                          "%s: cannot read as %s: %s", path, ext, readstat_error_message(e));
  for (size_t i = 0; i < t->n_cols; i++)
    if (!t->header[i] && !(t->header[i] = xdup(""))) return oom();
  return SOSO_OK;
}

int sv_table_read(sv_table *out, const char *path) {
  memset(out, 0, sizeof *out);
  const char *dot = strrchr(path, '.');
  const char *ext = dot && !strchr(dot, '/') ? dot + 1 : "";
  int rc;
  FILE *probe = fopen(path, "rb");
  if (!probe) return soso_error_set(SOSO_EIO, "%s: cannot open: %s", path, strerror(errno));
  fclose(probe);
  if (strcasecmp(ext, "csv") == 0) {
    snprintf(out->format, sizeof out->format, "csv");
    out->where_word = "";
    rc = read_ogr(out, path, "CSV");
  } else if (strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "ods") == 0) {
    snprintf(out->format, sizeof out->format, "%s", strcasecmp(ext, "ods") ? "xlsx" : "ods");
    out->where_word = "row ";
    rc = read_ogr(out, path, strcasecmp(ext, "ods") ? "XLSX" : "ODS");
  } else if (strcasecmp(ext, "sav") == 0 || strcasecmp(ext, "zsav") == 0 ||
             strcasecmp(ext, "por") == 0 || strcasecmp(ext, "dta") == 0) {
    snprintf(out->format, sizeof out->format, "%s", strcasecmp(ext, "dta") ? "sav" : "dta");
    out->where_word = "case ";
    rc = read_stat(out, path, ext);
  } else {
    return soso_error_set(SOSO_EUSAGE,
                          "%s: unknown survey file type \".%s\" (use .csv, .xlsx, .ods, .sav, "
                          ".por or .dta)", path, ext);
  }
  if (rc) sv_table_free(out);
  return rc;
}
