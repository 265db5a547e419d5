/* import.c - `soso deposits import`: reads a deposit file with GDAL/OGR and stores
 * it in one transaction.
 *
 * Every format goes through OGR: CSV (read as text, so that numbers are checked
 * here and "12,5" is refused rather than silently parsed), GeoPackage, Shapefile,
 * GeoJSON and whatever else the GDAL build reads. Only the first layer is read.
 * Line numbers: for CSV, feature k (1-based) is on line k + 1 below the header
 * (exact unless a quoted field spans lines); other formats report the feature's
 * ordinal in place of a line. Point geometries in another CRS are transformed to
 * WGS84 (EPSG:4326, lon/lat order) with OGR/PROJ.
 * All or nothing: without skip_bad the first bad row rolls the transaction back;
 * with it, the bad rows are listed and the good ones stored.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/import_int.h"
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

void soso_strv_free(char **v, size_t n) {
  if (!v) return;
  for (size_t k = 0; k < n; k++) free(v[k]);
  free(v);
}

void soso_import_report_clear(soso_import_report *rep) {
  if (!rep) return;
  free(rep->source);
  free(rep->layout);
  soso_strv_free(rep->bad, rep->n_bad);
  soso_strv_free(rep->flagged, rep->n_flagged);
  soso_strv_free(rep->unnormalised, rep->n_unnormalised);
  memset(rep, 0, sizeof *rep);
}

void *dep_ogr_open(const char *path) {
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
                               is_csv ? csv_drivers : NULL, NULL, NULL);
  CPLPopErrorHandler();
  if (!ds) {
    const char *why = CPLGetLastErrorMsg();
    soso_error_set(SOSO_EIO, "%s: not a vector file GDAL/OGR can read%s%s", path,
                   why && *why ? ": " : "", why ? why : "");
  }
  return ds;
}

/* Copies s into the arena as valid UTF-8 (invalid bytes become U+FFFD), trimmed. */
static const char *arena_put(char *arena, size_t cap, size_t *used, const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
  size_t len = strlen(s);
  while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
  char *out = arena + *used;
  size_t room = cap - *used, o = 0;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len && o + 4 < room;) {
    size_t n = p[i] < 0x80 ? 1 : (p[i] >> 5) == 6 ? 2 : (p[i] >> 4) == 14 ? 3
                                : (p[i] >> 3) == 30 ? 4 : 0;
    int ok = n > 0 && i + n <= len;
    for (size_t k = 1; ok && k < n; k++) ok = (p[i + k] & 0xC0) == 0x80;
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
  *used += o + 1;
  return out;
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
  GDALDatasetH ds;                   /* the file */
  OGRLayerH layer;                   /* its first layer */
  OGRCoordinateTransformationH ct;   /* layer CRS -> WGS84, or NULL */
  imp_layout layout;                 /* columns */
  dep_writer w;                      /* store writer */
  int in_tx;                         /* transaction open */
  char arena[16384];                 /* one row's text */
  char idbuf[256];                   /* one row's record id */
  dep_record rec;                    /* one row */
} importer;

static int open_layer(importer *im, const char *path, const soso_import_opts *o) {
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

/* Reads feature f into row (text into the arena). */
static void read_row(importer *im, OGRFeatureH f, imp_row *row) {
  size_t used = 0;
  memset(row, 0, sizeof *row);
  row->fid = (long)OGR_F_GetFID(f);
  for (size_t j = 0; j < im->layout.n_cols; j++) {
    int k = (int)j;
    const char *s = OGR_F_IsFieldSetAndNotNull(f, k) ? OGR_F_GetFieldAsString(f, k) : "";
    row->field[j] = arena_put(im->arena, sizeof im->arena, &used, s);
  }
  OGRGeometryH g = OGR_F_GetGeometryRef(f);
  if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint && !OGR_G_IsEmpty(g)) {
    double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0), z = 0;
    if (!im->ct || OCTTransform(im->ct, 1, &x, &y, &z)) {
      row->geom_lon = x;
      row->geom_lat = y;
      row->has_geom = 1;
    }
  }
}

static int import_rows(importer *im, soso_import_report *rep, soso_store *store,
                       const char *path, const soso_import_opts *o) {
  int rc;
  const char *ext = strrchr(path, '.');
  int is_csv = ext && strcasecmp(ext, ".csv") == 0;
  if ((rc = soso_store_begin(store)) < 0) return rc;
  im->in_tx = 1;
  if ((rc = dep_writer_open(&im->w, store, rep->source, path)) < 0) return rc;
  OGR_L_ResetReading(im->layer);
  OGRFeatureH f;
  long k = 0;
  imp_row row;
  while ((f = OGR_L_GetNextFeature(im->layer)) != NULL) {
    k++;
    read_row(im, f, &row);
    OGR_F_Destroy(f);
    long line = is_csv ? k + 1 : k;
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
  free(im);
  return rc;
}
