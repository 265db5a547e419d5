/* districts.c - DBSCAN on great-circle distance and the per-district summaries (see
 * include/soso/districts.h for the definitions and the order rule).
 *
 * DBSCAN (Ester et al. 1996) in two passes over a geoindex: (1) core flags, one
 * independent neighbour count per point (OpenMP; stops counting at min_deposits);
 * (2) expansion in input order, as scikit-learn's dbscan_inner does: a district is
 * started at the lowest-index unlabelled core point and grown depth-first; a point
 * is labelled when first reached, and only core points are pushed, so the stack
 * never exceeds n and the order rule holds. Both passes allocate nothing: the
 * core flags and the stack are sized to n before the loops.
 *
 * Span: the exact maximum pairwise great-circle distance. For large districts it
 * is found on the convex hull in the gnomonic projection about the centroid
 * (GEOS convex hull through OGR). Gnomonic maps great circles to lines, so spherical
 * caps of radius < 90 deg map to convex sets: the distance to a fixed point is
 * quasi-convex in the plane and its maximum over the points is taken at a hull
 * vertex, hence the farthest pair are hull vertices. That needs every member
 * within 90 deg of the centroid and the span below 90 deg (10,007 km); otherwise
 * (and for districts of <= 64 members) all pairs are compared.
 */
#include "soso/districts.h"

#include "geoindex.h"
#include "soso/error.h"

#include <limits.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

struct soso_districts {
  size_t count;         /* districts */
  soso_district *d;     /* count districts */
  size_t *members;      /* all members, district by district, ascending within one */
  double *contained;    /* count x n_commodities sums */
  int *labels;          /* n labels (-1 noise) */
  size_t ncomm;         /* contained-metal columns */
  char **comm;          /* ncomm column names, or NULL */
};

static const double k_rad = 57.295779513082320877; /* 180 / pi */
#define BRUTE_SPAN_MAX 64          /* districts this small: all pairs */
#define GNOMONIC_MAX_COS 0.1736    /* cos 80 deg: members must be nearer the centroid */

int soso_districts_dbscan(int *labels, size_t *n_districts, const double *lat,
                          const double *lon, size_t n, double eps_km, size_t min_deposits) {
  *n_districts = 0;
  if (!(eps_km > 0) || !isfinite(eps_km))
    return soso_error_set(SOSO_EUSAGE, "eps_km: %g is not a positive distance", eps_km);
  if (min_deposits < 1)
    return soso_error_set(SOSO_EUSAGE, "min_deposits: %zu is less than 1", min_deposits);
  if (n > (size_t)INT_MAX)
    return soso_error_set(SOSO_EUSAGE, "%zu deposits: at most %d are supported", n, INT_MAX);
  geoindex ix;
  int rc = geoindex_init(&ix, lat, lon, n, eps_km);
  if (rc < 0) return rc;
  unsigned char *core = malloc(n ? n : 1); /* by sorted position */
  size_t *stack = malloc((n ? n : 1) * sizeof *stack);
  if (!core || !stack) {
    free(core);
    free(stack);
    geoindex_free(&ix);
    return soso_error_set(SOSO_ENOMEM, "DBSCAN of %zu deposits: out of memory", n);
  }

#pragma omp parallel for schedule(dynamic, 2048) if (n > 20000)
  for (size_t p = 0; p < n; p++) {
    const uint32_t *cells;
    size_t nc = geoindex_cells(&ix, p, &cells), cnt = 0;
    for (size_t c = 0; c < nc && cnt < min_deposits; c++)
      for (size_t q = ix.start[cells[c]]; q < ix.start[cells[c] + 1]; q++)
        if (geoindex_near(&ix, p, q) && ++cnt >= min_deposits) break;
    core[p] = cnt >= min_deposits;
  }

  for (size_t i = 0; i < n; i++) labels[i] = -1;
  int next = 0;
  for (size_t i = 0; i < n; i++) {
    size_t p0 = ix.pos[i];
    if (!core[p0] || labels[i] != -1) continue;
    size_t top = 0;
    labels[i] = next;
    stack[top++] = p0;
    while (top) {
      size_t p = stack[--top];
      const uint32_t *cells;
      size_t nc = geoindex_cells(&ix, p, &cells);
      for (size_t c = 0; c < nc; c++)
        for (size_t q = ix.start[cells[c]]; q < ix.start[cells[c] + 1]; q++) {
          size_t k = ix.orig[q];
          if (labels[k] != -1 || !geoindex_near(&ix, p, q)) continue;
          labels[k] = next;
          if (core[q]) stack[top++] = q;
        }
    }
    next++;
  }
  *n_districts = (size_t)next;
  free(core);
  free(stack);
  geoindex_free(&ix);
  return SOSO_OK;
}

/* Great-circle distance between unit vectors, from the chord (well conditioned
 * for small distances). */
static double unit_dist(const double *a, const double *b) {
  double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  double h = 0.5 * sqrt(dx * dx + dy * dy + dz * dz);
  return 2.0 * asin(h > 1.0 ? 1.0 : h);
}

static double brute_span(const double *u, size_t m) {
  double best = 0;
  for (size_t a = 0; a < m; a++)
    for (size_t b = a + 1; b < m; b++) {
      double d = unit_dist(u + 3 * a, u + 3 * b);
      if (d > best) best = d;
    }
  return best;
}

/* Appends the vertices of a hull geometry (point, line or polygon) to hx/hy. */
static void hull_vertices(OGRGeometryH g, double *hx, double *hy, size_t *nh, size_t cap) {
  int ng = OGR_G_GetGeometryCount(g);
  if (ng > 0) {
    for (int i = 0; i < ng; i++) hull_vertices(OGR_G_GetGeometryRef(g, i), hx, hy, nh, cap);
    return;
  }
  int np = OGR_G_GetPointCount(g);
  for (int i = 0; i < np && *nh < cap; i++) {
    hx[*nh] = OGR_G_GetX(g, i);
    hy[*nh] = OGR_G_GetY(g, i);
    (*nh)++;
  }
}

/* Span in radians of the m unit vectors u around centroid c; ws holds 7m + 5
 * doubles: gnomonic x, y (m each), hull x, y (m + 1 each), hull unit vectors
 * (3(m + 1)). */
static double span_rad(const double *u, size_t m, const double c[3], double *ws) {
  if (m <= BRUTE_SPAN_MAX || m > (size_t)INT_MAX) return brute_span(u, m);
  /* Tangent basis at c: e1 east-like, e2 = c x e1. */
  double e1[3] = {-c[1], c[0], 0};
  double l = sqrt(e1[0] * e1[0] + e1[1] * e1[1]);
  if (l < 1e-9) { /* centroid at a pole */
    e1[0] = 1;
    e1[1] = 0;
    l = 1;
  }
  e1[0] /= l;
  e1[1] /= l;
  double e2[3] = {c[1] * e1[2] - c[2] * e1[1], c[2] * e1[0] - c[0] * e1[2],
                  c[0] * e1[1] - c[1] * e1[0]};
  double *gx = ws, *gy = ws + m, *hx = ws + 2 * m, *hy = ws + 3 * m + 1,
         *hu = ws + 4 * m + 2;
  for (size_t i = 0; i < m; i++) {
    const double *v = u + 3 * i;
    double w = v[0] * c[0] + v[1] * c[1] + v[2] * c[2];
    if (w < GNOMONIC_MAX_COS) return brute_span(u, m);
    gx[i] = (v[0] * e1[0] + v[1] * e1[1] + v[2] * e1[2]) / w;
    gy[i] = (v[0] * e2[0] + v[1] * e2[1] + v[2] * e2[2]) / w;
  }
  OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
  if (!line) return brute_span(u, m);
  OGR_G_SetPoints(line, (int)m, gx, sizeof(double), gy, sizeof(double), NULL, 0);
  OGRGeometryH hull = OGR_G_ConvexHull(line);
  OGR_G_DestroyGeometry(line);
  if (!hull) return brute_span(u, m);
  size_t nh = 0; /* a closed ring repeats its first vertex: at most m + 1 */
  hull_vertices(hull, hx, hy, &nh, m + 1);
  OGR_G_DestroyGeometry(hull);
  for (size_t i = 0; i < nh; i++) { /* back to the sphere */
    double v[3];
    for (int k = 0; k < 3; k++) v[k] = c[k] + hx[i] * e1[k] + hy[i] * e2[k];
    double r = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    for (size_t k = 0; k < 3; k++) hu[3 * i + k] = v[k] / r;
  }
  double best = brute_span(hu, nh);
  return best < 1.5 ? best : brute_span(u, m); /* 1.5 rad < 90 deg: the argument holds */
}

void soso_districts_free(soso_districts *ds) {
  if (!ds) return;
  free(ds->d);
  free(ds->members);
  free(ds->contained);
  free(ds->labels);
  for (size_t c = 0; ds->comm && c < ds->ncomm; c++) free(ds->comm[c]);
  free(ds->comm);
  free(ds);
}

size_t soso_districts_count(const soso_districts *ds) { return ds->count; }

const soso_district *soso_districts_get(const soso_districts *ds, size_t i) {
  return i < ds->count ? &ds->d[i] : NULL;
}

const int *soso_districts_labels(const soso_districts *ds) { return ds->labels; }

size_t soso_districts_commodities(const soso_districts *ds) { return ds->ncomm; }

const char *soso_districts_commodity(const soso_districts *ds, size_t c) {
  return ds->comm && c < ds->ncomm ? ds->comm[c] : NULL;
}

int soso_districts_find(soso_districts **out, const soso_district_input *in, double eps_km,
                        size_t min_deposits) {
  *out = NULL;
  size_t n = in->n, nk = in->contained ? in->n_commodities : 0;
  soso_districts *ds = calloc(1, sizeof *ds);
  if (!ds) return soso_error_set(SOSO_ENOMEM, "districts: out of memory");
  ds->labels = malloc((n ? n : 1) * sizeof *ds->labels);
  if (!ds->labels) goto nomem;
  ds->ncomm = nk;
  if (nk && in->commodity) {
    ds->comm = calloc(nk, sizeof *ds->comm);
    if (!ds->comm) goto nomem;
    for (size_t c = 0; c < nk; c++) {
      size_t len = strlen(in->commodity[c]) + 1;
      if (!(ds->comm[c] = malloc(len))) goto nomem;
      memcpy(ds->comm[c], in->commodity[c], len);
    }
  }
  int rc = soso_districts_dbscan(ds->labels, &ds->count, in->lat, in->lon, n, eps_km,
                                 min_deposits);
  if (rc < 0) {
    soso_districts_free(ds);
    return rc;
  }
  size_t nd = ds->count, nmem = 0, maxm = 0;
  ds->d = calloc(nd ? nd : 1, sizeof *ds->d);
  ds->contained = calloc(nd * nk > 0 ? nd * nk : 1, sizeof *ds->contained);
  if (!ds->d || !ds->contained) goto nomem;
  for (size_t i = 0; i < n; i++)
    if (ds->labels[i] >= 0) {
      ds->d[ds->labels[i]].n++;
      nmem++;
    }
  ds->members = malloc((nmem ? nmem : 1) * sizeof *ds->members);
  if (!ds->members) goto nomem;
  size_t *cur = malloc((nd ? nd : 1) * sizeof *cur); /* next free member slot */
  if (!cur) goto nomem;
  size_t off = 0;
  for (size_t k = 0; k < nd; k++) {
    ds->d[k].members = ds->members + off;
    ds->d[k].contained = ds->contained + k * nk;
    cur[k] = off;
    off += ds->d[k].n;
    if (ds->d[k].n > maxm) maxm = ds->d[k].n;
  }
  for (size_t i = 0; i < n; i++) {
    if (ds->labels[i] < 0) continue;
    size_t k = (size_t)ds->labels[i];
    soso_district *d = &ds->d[k];
    ds->members[cur[k]++] = i;
    if (in->ore_mt && isfinite(in->ore_mt[i])) {
      d->ore_mt += in->ore_mt[i];
      d->n_ore++;
    }
    for (size_t c = 0; c < nk; c++) {
      double v = in->contained[i * nk + c];
      if (isfinite(v)) ds->contained[k * nk + c] += v;
    }
  }
  free(cur);

  double *u = malloc((maxm ? 3 * maxm : 1) * sizeof *u);
  double *ws = malloc((7 * maxm + 5) * sizeof *ws);
  if (!u || !ws) {
    free(u);
    free(ws);
    goto nomem;
  }
  for (size_t k = 0; k < nd; k++) {
    soso_district *d = &ds->d[k];
    double c[3] = {0, 0, 0};
    for (size_t j = 0; j < d->n; j++) {
      geoindex_unit(u + 3 * j, in->lat[d->members[j]], in->lon[d->members[j]]);
      for (size_t a = 0; a < 3; a++) c[a] += u[3 * j + a];
    }
    double r = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    if (r < 1e-9 * (double)d->n) { /* members balanced around the globe: no centre */
      for (int a = 0; a < 3; a++) c[a] = u[a];
      r = 1;
    }
    for (int a = 0; a < 3; a++) c[a] /= r;
    d->lat = asin(c[2] > 1 ? 1 : (c[2] < -1 ? -1 : c[2])) * k_rad;
    d->lon = (c[0] == 0 && c[1] == 0) ? 0.0 : atan2(c[1], c[0]) * k_rad;
    if (d->lon <= -180.0) d->lon += 360.0;
    d->span_km = span_rad(u, d->n, c, ws) * SOSO_EARTH_RADIUS_KM;
  }
  free(u);
  free(ws);
  *out = ds;
  return SOSO_OK;

nomem:
  soso_districts_free(ds);
  return soso_error_set(SOSO_ENOMEM, "districts of %zu deposits: out of memory", n);
}
