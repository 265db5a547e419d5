/* import.c - `soso deposits import`: reads a deposit file and stores it in one
 * transaction.
 *
 * A .csv file goes through the library's CSV reader (include/soso/csv.h): text
 * only, so that numbers are checked here and "12,5" is refused rather than
 * silently parsed, with exact line numbers (a record spanning lines reports the
 * line it starts on). Other files go through GDAL/OGR, limited to the vector
 * drivers in k_vector_drivers (GeoPackage, Shapefile, GeoJSON, CSV, FlatGeobuf,
 * KML) and to local files; only the first layer is read and a feature's ordinal
 * stands in for a line. A row's text has no size limit (it grows per row). Point geometries in another CRS are transformed to
 * WGS84 (EPSG:4326, lon/lat order) with OGR/PROJ.
 * All or nothing: without skip_bad the first bad row rolls the transaction back;
 * with it, the bad rows are listed and the good ones stored.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/import_int.h"
#include "soso/csv.h"
#include "soso/error.h"

#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Appends a copy of s to a growing string array. */
static int strv_push(char ***v, size_t *n, const char *s) {
  char **nv = realloc(*v, (*n + 1) * sizeof **v);
  if (!nv) return soso_error_set(SOSO_ENOMEM, "out of memory");
  *v = nv;
  size_t len = strlen(s) + 1;
  if (!(nv[*n] = malloc(len))) return soso_error_set(SOSO_ENOMEM, "out of memory");
  memcpy(nv[*n], s, len);
  (*n)++;
  return 0;
}

void soso_deposits_strv_free(char **v, size_t n) {
  if (!v) return;
  for (size_t k = 0; k < n; k++) free(v[k]);
  free(v);
}

void soso_deposits_import_report_clear(soso_import_report *rep) {
  if (!rep) return;
  free(rep->source);
  free(rep->layout);
  soso_deposits_strv_free(rep->bad, rep->n_bad);
  soso_deposits_strv_free(rep->flagged, rep->n_flagged);
  soso_deposits_strv_free(rep->unnormalised, rep->n_unnormalised);
  memset(rep, 0, sizeof *rep);
}

/* The vector formats a deposit file may be in. Not every driver GDAL has: VRT and
 * a few others can make GDAL open URLs (/vsicurl/) or other local files named
 * inside the input, so an input file could fetch from the network. */
static const char *const k_vector_drivers[] = {"GPKG",       "ESRI Shapefile", "GeoJSON", "CSV",
                                               "FlatGeobuf", "KML",            NULL};

void *dep_ogr_open(const char *path) {
  if (strncmp(path, "/vsi", 4) == 0) {
    soso_error_set(SOSO_EUSAGE, "%s: GDAL virtual and network file systems are not read",
                   path);
    return NULL;
  }
  struct stat sb;
  if (stat(path, &sb) != 0) {
    soso_error_set(SOSO_EIO, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  GDALAllRegister();
  static const char *const csv_drivers[] = {"CSV", NULL};
  const char *ext = strrchr(path, '.');
  int is_csv = ext && strcasecmp(ext, ".csv") == 0;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                               is_csv ? csv_drivers : k_vector_drivers, NULL, NULL);
  CPLPopErrorHandler();
  if (!ds) {
    const char *why = CPLGetLastErrorMsg();
    soso_error_set(SOSO_EIO, "%s: not a vector file GDAL/OGR can read%s%s", path,
                   why && *why ? ": " : "", why ? why : "");
  }
  return ds;
}

/* Bytes field s may take in the row text: trimmed, every invalid byte may become
 * the 3-byte U+FFFD, plus the NUL. */
static size_t text_need(const char *s) { return 3 * strlen(s) + 1; }

/* Copies s to out as valid UTF-8 (invalid bytes and control characters become
 * U+FFFD), trimmed; out has
 * text_need(s) bytes. Returns the bytes used, NUL included. */
static size_t text_put(char *out, const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t len = strlen(s), o = 0;
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    size_t n = p[i] < 0x80 ? 1 : (p[i] >> 5) == 6 ? 2 : (p[i] >> 4) == 14 ? 3
                                : (p[i] >> 3) == 30 ? 4 : 0;
    int ok = n > 0 && i + n <= len;
    for (size_t k = 1; ok && k < n; k++) ok = (p[i + k] & 0xC0) == 0x80;
    /* control characters (C0, DEL, C1) would reach terminals as escape sequences */
    if (ok && n == 1 && (p[i] < 0x20 || p[i] == 0x7F)) ok = 0;
    if (ok && n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0) {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i += 2;
      continue;
    }
    if (ok) {
      memcpy(out + o, p + i, n);
      o += n;
      i += n;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  return o + 1;
}

static char *stem_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t len = strlen(base);
  const char *dot = strrchr(base, '.');
  if (dot && dot != base) len = (size_t)(dot - base);
  char *s = malloc(len + 1);
  if (s) {
    memcpy(s, base, len);
    s[len] = '\0';
  }
  return s;
}

/* Adds name to the distinct list of names that could not be normalised. */
static int note_unnormalised(soso_import_report *rep, const char *name) {
  for (size_t k = 0; k < rep->n_unnormalised; k++)
    if (strcmp(rep->unnormalised[k], name) == 0) return 0;
  return strv_push(&rep->unnormalised, &rep->n_unnormalised, name);
}

typedef struct importer {
  soso_csv *csv;                     /* a .csv file: the library's CSV reader */
  GDALDatasetH ds;                   /* any other file: GDAL/OGR */
  OGRLayerH layer;                   /* its first layer */
  OGRCoordinateTransformationH ct;   /* layer CRS -> WGS84, or NULL */
  imp_layout layout;                 /* columns */
  dep_writer w;                      /* store writer */
  int in_tx;                         /* transaction open */
  char *text;                        /* one row's text (grows; no size limit) */
  size_t text_cap;                   /* bytes allocated for text */
  char idbuf[SOSO_ID_MAX];           /* one row's record id */
  dep_record rec;                    /* one row */
} importer;

static int is_csv_path(const char *path) {
  const char *ext = strrchr(path, '.');
  return ext && strcasecmp(ext, ".csv") == 0;
}

/* A .csv file: the header through the library's CSV reader. Quoted fields may
 * span lines (as GDAL's CSV driver allowed); the separator is detected (',' ';'
 * or tab). */
static int open_csv(importer *im, const char *path, const soso_import_opts *o) {
  soso_csv_opts co = SOSO_CSV_OPTS_INIT;
  co.sep = 0;
  co.multiline = 1;
  int rc = soso_csv_open(&im->csv, path, &co);
  if (rc < 0) return rc;
  if ((rc = soso_csv_next(im->csv)) < 0) return rc;
  size_t nf = rc > 0 ? soso_csv_count(im->csv) : 0;
  if (nf == 0) /* the message GDAL's CSV driver gave (scripts may match it) */
    return soso_error_set(SOSO_EIO, "%s: not a vector file GDAL/OGR can read", path);
  if (nf > IMP_MAX_COLS)
    return soso_error_set(SOSO_EDATA, "%s:1: %zu columns, at most %d supported", path, nf,
                          IMP_MAX_COLS);
  const char *names[IMP_MAX_COLS];
  for (size_t k = 0; k < nf; k++) names[k] = soso_csv_field(im->csv, k);
  return imp_layout_build(&im->layout, path, names, nf, o->map, o->n_map, 0);
}

static int open_layer(importer *im, const char *path, const soso_import_opts *o) {
  if (is_csv_path(path)) return open_csv(im, path, o);
  if (!(im->ds = dep_ogr_open(path))) return soso_error_code();
  if (GDALDatasetGetLayerCount(im->ds) < 1)
    return soso_error_set(SOSO_EDATA, "%s: no layer", path);
  im->layer = GDALDatasetGetLayer(im->ds, 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(im->layer);
  int nf = OGR_FD_GetFieldCount(defn);
  const char *names[IMP_MAX_COLS];
  if (nf > IMP_MAX_COLS)
    return soso_error_set(SOSO_EDATA, "%s:1: %d columns, at most %d supported", path, nf,
                          IMP_MAX_COLS);
  for (int k = 0; k < nf; k++) names[k] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
  int has_geom = OGR_L_GetGeomType(im->layer) != wkbNone;
  int rc = imp_layout_build(&im->layout, path, names, (size_t)nf, o->map, o->n_map, has_geom);
  if (rc < 0) return rc;
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(im->layer);
  if (im->layout.use_geometry && srs) {
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    int same = OSRIsSame(srs, wgs);
    if (!same) {
      OGRSpatialReferenceH src = OSRClone(srs);
      OSRSetAxisMappingStrategy(src, OAMS_TRADITIONAL_GIS_ORDER);
      CPLPushErrorHandler(CPLQuietErrorHandler);
      im->ct = OCTNewCoordinateTransformation(src, wgs);
      CPLPopErrorHandler();
      OSRDestroySpatialReference(src);
    }
    OSRDestroySpatialReference(wgs);
    if (!same && !im->ct)
      return soso_error_set(SOSO_EDATA, "%s: cannot transform the layer's CRS to WGS84",
                            path);
  }
  return 0;
}

/* Copies the n field texts f[] into im->text and points row->field at them. */
static int fill_row(importer *im, imp_row *row, const char *const *f, size_t n) {
  size_t need = 0;
  for (size_t j = 0; j < im->layout.n_cols; j++) need += text_need(j < n && f[j] ? f[j] : "");
  if (need > im->text_cap) {
    char *nt = realloc(im->text, need);
    if (!nt) return soso_error_set(SOSO_ENOMEM, "out of memory");
    im->text = nt;
    im->text_cap = need;
  }
  size_t used = 0;
  for (size_t j = 0; j < im->layout.n_cols; j++) {
    row->field[j] = im->text + used;
    used += text_put(im->text + used, j < n && f[j] ? f[j] : "");
  }
  return SOSO_OK;
}

/* Reads feature f into row (text into im->text). */
static int read_row(importer *im, OGRFeatureH f, imp_row *row) {
  memset(row, 0, sizeof *row);
  row->fid = (long)OGR_F_GetFID(f);
  const char *text[IMP_MAX_COLS];
  for (size_t j = 0; j < im->layout.n_cols; j++) {
    int k = (int)j;
    text[j] = OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
  }
  int rc = fill_row(im, row, text, im->layout.n_cols);
  if (rc < 0) return rc;
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint && !OGR_G_IsEmpty(g)) {
    double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0), z = 0;
    if (!im->ct || OCTTransform(im->ct, 1, &x, &y, &z)) {
      row->geom_lon = x;
      row->geom_lat = y;
      row->has_geom = 1;
    }
  }
  return SOSO_OK;
}

/* The next row of the file: 1 (row, *line), 0 (end), or an error code. */
static int next_row(importer *im, imp_row *row, long k, long *line) {
  if (im->csv) {
    int rc = soso_csv_next(im->csv);
    if (rc <= 0) return rc;
    memset(row, 0, sizeof *row);
    row->fid = k;
    *line = soso_csv_line(im->csv);
    rc = fill_row(im, row, (const char *const *)soso_csv_fields(im->csv),
                  soso_csv_count(im->csv));
    return rc < 0 ? rc : 1;
  }
  OGRFeatureH f = OGR_L_GetNextFeature(im->layer);
  if (!f) return 0;
  int rc = read_row(im, f, row);
  OGR_F_Destroy(f);
  *line = k;
  return rc < 0 ? rc : 1;
}

static int import_rows(importer *im, soso_import_report *rep, soso_store *store,
                       const char *path, const soso_import_opts *o) {
  int rc, got;
  if ((rc = soso_store_begin(store)) < 0) return rc;
  im->in_tx = 1;
  if ((rc = dep_writer_open(&im->w, store, rep->source, path)) < 0) return rc;
  if (im->layer) OGR_L_ResetReading(im->layer);
  long k = 0, line = 0;
  imp_row row;
  while ((got = next_row(im, &row, k + 1, &line)) > 0) {
    k++;
    rep->n_rows++;
    rc = imp_row_parse(&im->rec, &im->layout, &row, path, line, im->idbuf, sizeof im->idbuf);
    if (rc == SOSO_EDATA && o->skip_bad) {
      if ((rc = strv_push(&rep->bad, &rep->n_bad, soso_error_last())) < 0) return rc;
      continue;
    }
    if (rc < 0) return rc;
    if (im->rec.flags[0]) {
      char msg[700];
      snprintf(msg, sizeof msg, "%s:%ld: %s", path, line, im->rec.flags);
      if ((rc = strv_push(&rep->flagged, &rep->n_flagged, msg)) < 0) return rc;
    }
    if (!im->rec.country[0] && im->rec.country_raw[0] &&
        (rc = note_unnormalised(rep, im->rec.country_raw)) < 0)
      return rc;
    int state = 0;
    if ((rc = dep_writer_put(&im->w, &im->rec, im->layout.is_long, &state)) < 0) {
      char msg[600];
      snprintf(msg, sizeof msg, "%s:%ld: %s", path, line, soso_error_last());
      rc = soso_error_set(rc, "%s", msg);
      if (rc == SOSO_EDATA && o->skip_bad) {
        if ((rc = strv_push(&rep->bad, &rep->n_bad, msg)) < 0) return rc;
        continue;
      }
      return rc;
    }
    if (state == 0) rep->n_inserted++;
    else if (state == 1) rep->n_updated++;
  }
  if (got < 0) return got;
  if (o->skip_bad && rep->n_rows > 0 && rep->n_bad == rep->n_rows)
    return soso_error_set(SOSO_EDATA, "%s: every row is bad (%zu rows): nothing to store",
                          path, rep->n_rows);
  if ((rc = dep_writer_close(&im->w, rep->n_rows)) < 0) return rc;
  rep->batch = im->w.batch;
  if ((rc = soso_store_commit(store)) < 0) return rc;
  im->in_tx = 0;
  return 0;
}

int soso_deposits_import(soso_import_report *rep, soso_store *store, const char *path,
                         const soso_import_opts *opts) {
  static const soso_import_opts k_default = SOSO_IMPORT_OPTS_INIT;
  const soso_import_opts *o = opts ? opts : &k_default;
  memset(rep, 0, sizeof *rep);
  if (!path || !store) return soso_error_set(SOSO_EUSAGE, "import: no file or store");
  rep->source = o->source && *o->source ? strdup(o->source) : stem_of(path);
  if (!rep->source) return soso_error_set(SOSO_ENOMEM, "out of memory");
  if (strchr(rep->source, ':'))
    return soso_error_set(SOSO_EUSAGE, "--source: \"%s\" must not contain ':'", rep->source);
  importer *im = calloc(1, sizeof *im);
  if (!im) return soso_error_set(SOSO_ENOMEM, "out of memory");
  int rc = open_layer(im, path, o);
  if (rc == 0) {
    int graded = 0;
    for (size_t j = 0; j < im->layout.n_cols; j++) graded |= im->layout.cols[j].role == COL_GRADE;
    rep->layout = strdup(im->layout.is_long                        ? "long"
                         : im->layout.has_commodities && !graded ? "commodities"
                                                                   : "wide");
    if (!rep->layout) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  if (rc == 0) rc = import_rows(im, rep, store, path, o);
  if (rc < 0) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", soso_error_last());
    dep_writer_abort(&im->w);
    if (im->in_tx) soso_store_rollback(store);
    soso_error_set(rc, "%s", msg);
    rep->n_inserted = rep->n_updated = 0;
  }
  if (im->ct) OCTDestroyCoordinateTransformation(im->ct);
  if (im->ds) GDALClose(im->ds);
  soso_csv_free(im->csv);
  free(im->text);
  free(im);
  return rc;
}
