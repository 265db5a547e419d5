/* map.c - the Europe map of screened deposits and districts (see include/soso/map.h).
 *
 * Everything that can fail on input (the file extension, the boundaries file, PROJ)
 * is done before the drawing is opened, and the drawing goes through soso_canvas
 * (temporary file + rename), so a failure leaves nothing at the output path.
 * Projection: PROJ, EPSG:4326 -> EPSG:3035, normalised to lon/lat input order.
 * District outlines: GEOS convex hull and buffer through OGR, in projected metres
 * (LAEA is equal-area, so the buffered area is true).
 * Layers in drawing order: sea, graticule, land and borders, district outlines,
 * deposit symbols (largest first, so small ones stay visible), district labels,
 * then the frame, scale bar, legend and titles (map_frame.c).
 */
#include "soso/map.h"

#include "map_int.h"
#include "soso/error.h"
#include "soso/fileio.h"

#include <math.h>
#include <ogr_api.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fits the extent to the points (or Europe), the frame's aspect and the window. */
static void fit_view(map_view *v, const double *x, const double *y, size_t n) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    x0 = fmin(x0, x[i]);
    x1 = fmax(x1, x[i]);
    y0 = fmin(y0, y[i]);
    y1 = fmax(y1, y[i]);
  }
  if (n == 0) { /* Europe from Portugal to the Urals' foot, Crete to North Cape */
    x0 = 2600e3;
    x1 = 7000e3;
    y0 = 1450e3;
    y1 = 5300e3;
  }
  double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
  double w = fmax((x1 - x0) * 1.2 + 250e3, 700e3), h = (y1 - y0) * 1.2 + 250e3;
  double fw = v->fx1 - v->fx0, fh = v->fy1 - v->fy0;
  if (w / h < fw / fh) w = h * fw / fh;
  else h = w * fh / fw;
  /* Keep inside a projected box whose corners lie in the window (checked with
   * gdaltransform: (2000, 1200) km is 14.2 W 30.5 N, (7300, 5500) km 71.8 E 59.7 N),
   * so the boundaries cover the whole frame. */
  const double bx0 = 2000e3, bx1 = 7300e3, by0 = 1200e3, by1 = 5500e3;
  if (w < bx1 - bx0) cx = fmin(fmax(cx, bx0 + w / 2), bx1 - w / 2);
  if (h < by1 - by0) cy = fmin(fmax(cy, by0 + h / 2), by1 - h / 2);
  v->ex0 = cx - w / 2;
  v->ex1 = cx + w / 2;
  v->ey0 = cy - h / 2;
  v->ey1 = cy + h / 2;
  v->s = fw / w;
}

static int cmp_dot(const void *pa, const void *pb) {
  const dot *a = pa, *b = pb;
  return (a->r < b->r) - (a->r > b->r);
}

/* Fixed palette entries (Okabe-Ito, chart.h) for the common metals, so a
 * commodity keeps its colour from one map to the next: zinc blue, copper
 * vermillion, lead bluish green, gold orange, antimony reddish purple, silver sky
 * blue, tungsten yellow. Others map_take the first free entry. */
static size_t colour_of(const char *code, unsigned *used) {
  static const char *const k_fixed[] = {"zn", "cu", "pb", "au", "sb", "ag", "w"};
  size_t pick = 7;
  for (size_t i = 0; i < 7; i++)
    if (strcmp(code, k_fixed[i]) == 0) return i; /* reserved by the caller */
  for (size_t i = 0; pick == 7 && i < 7; i++)
    if (!(*used & (1u << i))) pick = i;
  if (pick < 7) *used |= 1u << pick;
  return pick; /* 7 (black) only if all seven are taken, which classify prevents */
}

/* Legend classes: the most frequent main commodities; the rest are "other". */
static void classify(map_legend *lg, int *cls, const soso_deposits *set, const int *drawn) {
  enum { MAXC = 128 };
  char code[MAXC][SOSO_CODE_MAX];
  size_t cnt[MAXC], nc = 0;
  for (size_t i = 0; i < set->n; i++) {
    if (!drawn[i]) continue;
    const char *m = set->main && set->main[i] ? set->main[i] : "";
    size_t k = 0;
    while (k < nc && strcmp(code[k], m) != 0) k++;
    if (k == nc && nc < MAXC) {
      snprintf(code[nc], SOSO_CODE_MAX, "%.15s", m);
      cnt[nc++] = 0;
    }
    if (k < nc) cnt[k]++;
  }
  /* Order by count, then code (deterministic); "" (no commodity) sorts last. */
  for (size_t a = 0; a < nc; a++)
    for (size_t b = a + 1; b < nc; b++) {
      int swap = (code[a][0] == 0 && code[b][0] != 0) ||
                 ((code[a][0] != 0) == (code[b][0] != 0) &&
                  (cnt[b] > cnt[a] || (cnt[b] == cnt[a] && strcmp(code[b], code[a]) < 0)));
      if (swap) {
        char t[SOSO_CODE_MAX];
        memcpy(t, code[a], sizeof t);
        memcpy(code[a], code[b], sizeof t);
        memcpy(code[b], t, sizeof t);
        size_t c = cnt[a];
        cnt[a] = cnt[b];
        cnt[b] = c;
      }
    }
  size_t named = nc <= MAP_MAX_CLASSES - 1 ? nc : MAP_MAX_CLASSES - 1; /* 7 colours */
  size_t other = 0;
  unsigned used = 0; /* palette entries taken: first the fixed ones in use */
  static const char *const k_fixed[] = {"zn", "cu", "pb", "au", "sb", "ag", "w"};
  for (size_t k = 0; k < named; k++)
    for (size_t i = 0; i < 7; i++)
      if (code[k][0] && strcmp(code[k], k_fixed[i]) == 0) used |= 1u << i;
  lg->nclass = 0;
  for (size_t k = 0; k < nc; k++) {
    if (k < named && code[k][0]) {
      map_class *c = &lg->cls[lg->nclass++];
      memcpy(c->code, code[k], sizeof c->code);
      c->color = soso_palette(colour_of(code[k], &used));
      c->count = cnt[k];
    } else {
      other += cnt[k];
    }
  }
  if (other) {
    map_class *c = &lg->cls[lg->nclass++];
    c->code[0] = '\0';
    c->color = (soso_rgb){0.62, 0.62, 0.62};
    c->count = other;
  }
  for (size_t i = 0; i < set->n; i++) {
    cls[i] = -1;
    if (!drawn[i]) continue;
    const char *m = set->main && set->main[i] ? set->main[i] : "";
    cls[i] = (int)lg->nclass - 1; /* other, unless named below */
    for (size_t k = 0; k < lg->nclass; k++)
      if (lg->cls[k].code[0] && strcmp(lg->cls[k].code, m) == 0) cls[i] = (int)k;
  }
}

/* The caller's classes, in its order; deposits of no class are not coloured. */
static void fixed_classes(map_legend *lg, int *cls, const soso_deposits *set, const int *drawn,
                          const soso_map_opts *o) {
  size_t nc = o->n_classes < MAP_MAX_CLASSES ? o->n_classes : MAP_MAX_CLASSES;
  lg->nclass = nc;
  for (size_t k = 0; k < nc; k++) {
    map_class *c = &lg->cls[k];
    snprintf(c->code, sizeof c->code, "%s", o->classes[k].code ? o->classes[k].code : "");
    snprintf(c->label, sizeof c->label, "%s", o->classes[k].label ? o->classes[k].label : "");
    c->color = (soso_rgb){o->classes[k].rgb[0], o->classes[k].rgb[1], o->classes[k].rgb[2]};
    c->count = 0;
  }
  for (size_t i = 0; i < set->n; i++) {
    cls[i] = -1;
    if (!drawn[i]) continue;
    const char *m = set->main && set->main[i] ? set->main[i] : "";
    for (size_t k = 0; k < nc; k++)
      if (strcmp(lg->cls[k].code, m) == 0) {
        cls[i] = (int)k;
        lg->cls[k].count++;
      }
  }
}

static void size_legend(map_legend *lg, const soso_deposits *set, const int *drawn) {
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < set->n; i++) {
    if (!drawn[i]) continue;
    if (!isfinite(set->ore_mt[i])) {
      lg->n_unknown++;
      continue;
    }
    lo = fmin(lo, set->ore_mt[i]);
    hi = fmax(hi, set->ore_mt[i]);
  }
  const double ref[] = {0.01, 0.1, 1.0, 5.0, 20.0, 100.0};
  double t[6];
  size_t m = 0;
  for (size_t k = 0; k < 6; k++)
    if (ref[k] >= lo / 3 && ref[k] <= hi * 1.2) t[m++] = ref[k];
  lg->nsize = 0;
  for (size_t k = m > 3 ? m - 3 : 0; k < m; k++) lg->size_mt[lg->nsize++] = t[k];
  if (lg->nsize == 0 && isfinite(hi)) lg->size_mt[lg->nsize++] = hi;
}

/* District outlines: buffered convex hulls of the members, one feature each;
 * each outline's envelope (min x, min y, max x, max y) goes to env[4k..4k+3]. */
static int district_outlines(layer *l, double *env4, const soso_districts *ds,
                             const double *x, const double *y, const int *drawn,
                             const double *ore, double eps_m, double s) {
  double *bx = NULL, *by = NULL;
  size_t bcap = 0;
  int rc = 0;
  for (size_t k = 0; !rc && k < soso_districts_count(ds); k++) {
    const soso_district *d = soso_districts_get(ds, k);
    env4[4 * k] = NAN;
    OGRGeometryH pts = OGR_G_CreateGeometry(wkbMultiPoint);
    if (!pts) return -1;
    double rmax = 0; /* largest symbol, pt */
    for (size_t j = 0; j < d->n; j++) {
      size_t i = d->members[j];
      if (!drawn[i]) continue;
      rmax = fmax(rmax, map_radius(ore[i]));
      OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
      if (!p) {
        rc = -1;
        break;
      }
      OGR_G_SetPoint_2D(p, 0, x[i], y[i]);
      OGR_G_AddGeometryDirectly(pts, p);
    }
    if (!rc && OGR_G_GetGeometryCount(pts) > 0) {
      OGRGeometryH hull = OGR_G_ConvexHull(pts);
      /* Half eps around the hull, but clear of the members' symbols. */
      double buf_m = fmax(0.5 * eps_m, (rmax + 2.5) / s);
      OGRGeometryH shape = hull ? OGR_G_Buffer(hull, buf_m, 12) : NULL;
      if (shape) {
        OGREnvelope env;
        OGR_G_GetEnvelope(shape, &env);
        env4[4 * k] = env.MinX;
        env4[4 * k + 1] = env.MinY;
        env4[4 * k + 2] = env.MaxX;
        env4[4 * k + 3] = env.MaxY;
        rc = map_layer_feature(l) || map_layer_geometry(l, shape, NULL, &bx, &by, &bcap);
      } else {
        rc = -1;
      }
      OGR_G_DestroyGeometry(shape);
      OGR_G_DestroyGeometry(hull);
    }
    OGR_G_DestroyGeometry(pts);
  }
  free(bx);
  free(by);
  return rc;
}

static void draw_layers(cairo_t *cr, const map_view *v, const layer *win, const layer *grat,
                        const layer *land,
                        const layer *dist, const double *env4, size_t nd,
                        const dot *dots, size_t ndots, const map_legend *lg,
                        double *pbox, size_t pcap) {
  cairo_save(cr);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0.93, 0.93, 0.93); /* beyond the boundaries data */
  cairo_paint(cr);
  cairo_new_path(cr);
  map_path_feature(cr, v, win, 0, 1);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 0.80, 0.88, 0.94); /* sea */
  cairo_paint(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb(cr, 0.70, 0.79, 0.87);
  cairo_set_line_width(cr, 0.4);
  for (size_t j = 0; j < grat->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, grat, j, 0);
    cairo_stroke(cr);
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (size_t j = 0; j < land->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, land, j, 1);
    cairo_set_source_rgb(cr, 0.965, 0.955, 0.925);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
  }
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  for (size_t j = 0; j < dist->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, dist, j, 1);
    cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.55);
    cairo_fill(cr);
  }
  for (size_t i = 0; i < ndots; i++) {
    const dot *d = &dots[i];
    cairo_new_path(cr);
    cairo_arc(cr, d->x, d->y, d->r, 0, 2 * 3.14159265358979323846);
    soso_rgb c = d->cls >= 0 ? lg->cls[d->cls].color : (soso_rgb){0.6, 0.6, 0.6};
    if (!d->hollow) {
      cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.85);
      cairo_fill_preserve(cr);
      cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.9);
      cairo_set_line_width(cr, 0.4);
    } else {
      cairo_set_source_rgb(cr, c.r * 0.8, c.g * 0.8, c.b * 0.8);
      cairo_set_line_width(cr, 0.9);
    }
    cairo_stroke(cr);
  }
  double dash[] = {3.0, 2.0};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_set_line_width(cr, 0.9);
  for (size_t j = 0; j < dist->nfeat; j++) {
    cairo_new_path(cr);
    map_path_feature(cr, v, dist, j, 1);
    cairo_stroke(cr);
  }
  cairo_set_dash(cr, NULL, 0, 0);
  placer pl = {pbox, 0, pcap};
  if (ndots <= MAX_NAME_LABELS)
    for (size_t i = 0; i < ndots; i++)
      map_take(&pl, dots[i].x - dots[i].r, dots[i].y - dots[i].r, dots[i].x + dots[i].r,
           dots[i].y + dots[i].r);
  if (nd <= MAX_LABELS) map_district_labels(cr, &pl, v, env4, nd);
  if (ndots <= MAX_NAME_LABELS) map_name_labels(cr, &pl, v, dots, ndots);
  cairo_restore(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, v->fx0, v->fy0, v->fx1 - v->fx0, v->fy1 - v->fy0);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  cairo_set_line_width(cr, 0.7);
  cairo_stroke(cr);
}

/* "a, b, c" of the set's distinct source names (at most 4, then "..."). */
static void source_names(char *out, size_t cap, const soso_deposits *set) {
  out[0] = '\0';
  size_t shown = 0;
  for (size_t i = 0; i < set->n && set->source; i++) {
    const char *s = set->source[i];
    int seen = 0;
    for (size_t j = 0; j < i && !seen; j++) seen = strcmp(set->source[j], s) == 0;
    if (seen) continue;
    size_t len = strlen(out);
    if (shown == 4) {
      snprintf(out + len, cap - len, ", ...");
      break;
    }
    snprintf(out + len, cap - len, "%s%s", shown ? ", " : "", s);
    shown++;
  }
}

int soso_map_draw(const char *path, const soso_deposits *set, const soso_districts *ds,
                  const soso_map_opts *opts) {
  if (!path || !set || !opts || !opts->boundaries)
    return soso_error_set(SOSO_EUSAGE, "map: NULL argument");
  char ext[16];
  soso_path_ext(path, ext, sizeof ext);
  if (strcmp(ext, "png") && strcmp(ext, "svg") && strcmp(ext, "pdf"))
    return soso_error_set(SOSO_EUSAGE, "%s: unknown map format \"%s\" (use .png, .svg or .pdf)",
                          path, ext);
  double W = opts->width > 0 ? opts->width : 800.0, H = opts->height > 0 ? opts->height : 600.0;
  if (W < 400 || H < 300 || W > 20000 || H > 20000)
    return soso_error_set(SOSO_EUSAGE, "%s: map size %g x %g pt is outside 400 x 300 .. 20000 pt",
                          path, W, H);
  size_t n = set->n, nd = ds ? soso_districts_count(ds) : 0;
  int rc = SOSO_OK;
  layer land = {0}, grat = {0}, dist = {0}, win = {0};
  PJ_CONTEXT *ctx = proj_context_create();
  PJ *P = NULL;
  double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
  double *wx = malloc((n ? n : 1) * sizeof *wx), *wy = malloc((n ? n : 1) * sizeof *wy);
  double *env4 = malloc((nd ? 4 * nd : 1) * sizeof *env4);
  int *drawn = calloc(n ? n : 1, sizeof *drawn), *cls = malloc((n ? n : 1) * sizeof *cls);
  dot *dots = malloc((n ? n : 1) * sizeof *dots);
  size_t pcap = MAX_NAME_LABELS + 2 * MAX_LABELS + 8; /* symbols, district and name labels */
  double *pbox = malloc(4 * pcap * sizeof *pbox);
  soso_canvas *cv = NULL;
  if (!pbox || !ctx || !x || !y || !wx || !wy || !env4 || !drawn || !cls || !dots) {
    rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
    goto done;
  }
  PJ *raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3035", NULL);
  if (raw) {
    P = proj_normalize_for_visualization(ctx, raw);
    proj_destroy(raw);
  }
  if (!P) {
    rc = soso_error_set(SOSO_ERR, "PROJ: cannot set up EPSG:4326 -> EPSG:3035: %s",
                        proj_context_errno_string(ctx, proj_context_errno(ctx)));
    goto done;
  }
  size_t nwin = 0;
  for (size_t i = 0; i < n; i++) {
    x[i] = set->lon[i];
    y[i] = set->lat[i];
  }
  if (n) proj_trans_generic(P, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, NULL, 0, 0,
                            NULL, 0, 0);
  for (size_t i = 0; i < n; i++) {
    drawn[i] = map_in_window(set->lat[i], set->lon[i]) && isfinite(x[i]) && isfinite(y[i]);
    if (drawn[i]) {
      wx[nwin] = x[i];
      wy[nwin++] = y[i];
    }
  }
  if ((rc = map_read_boundaries(&land, opts->boundaries, P)) < 0) goto done;
  if (map_graticule(&grat, P) || map_window_outline(&win, P)) {
    rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
    goto done;
  }

  map_view v = {0};
  v.fx0 = 18;
  v.fy0 = 56;
  v.fx1 = W - 190;
  v.fy1 = H - 28;
  fit_view(&v, wx, wy, nwin);
  map_legend lg;
  memset(&lg, 0, sizeof lg);
  if (opts->classes && opts->n_classes)
    fixed_classes(&lg, cls, set, drawn, opts);
  else
    classify(&lg, cls, set, drawn);
  lg.heading = opts->class_heading;
  size_legend(&lg, set, drawn);
  lg.n_districts = nd;
  lg.eps_km = ds ? opts->eps_km : 0.0;
  lg.min_deposits = opts->min_deposits;
  if (ds && district_outlines(&dist, env4, ds, x, y, drawn, set->ore_mt,
                             opts->eps_km * 1000.0, v.s)) {
    rc = soso_error_set(SOSO_ENOMEM, "%s: district outlines failed (GEOS)", path);
    goto done;
  }
  size_t ndots = 0;
  for (size_t i = 0; i < n; i++) {
    if (!drawn[i]) continue;
    dot *d = &dots[ndots++];
    d->x = map_px(&v, x[i]);
    d->y = map_py(&v, y[i]);
    d->r = map_radius(set->ore_mt[i]);
    d->cls = cls[i];
    d->hollow = !isfinite(set->ore_mt[i]);
    d->name = set->name ? set->name[i] : NULL;
  }
  qsort(dots, ndots, sizeof *dots, cmp_dot);

  char sub[256], src[512], names[256];
  if (opts->subtitle) snprintf(sub, sizeof sub, "%s", opts->subtitle);
  else if (ds) {
    const int *lab = soso_districts_labels(ds);
    size_t in_d = 0;
    for (size_t i = 0; i < n; i++) in_d += drawn[i] && lab[i] >= 0;
    snprintf(sub, sizeof sub, "%zu deposits: %zu in %zu districts, %zu on their own", nwin,
             in_d, nd, nwin - in_d);
  } else {
    snprintf(sub, sizeof sub, "%zu deposits", nwin);
  }
  if (nwin < n) {
    size_t len = strlen(sub);
    snprintf(sub + len, sizeof sub - len, "%s%zu outside the map not drawn", len ? "; " : "",
             n - nwin);
  }
  source_names(names, sizeof names, set);
  snprintf(src, sizeof src, "Data: %s. Boundaries: Natural Earth 1:50m (public domain).",
           opts->source ? opts->source : (names[0] ? names : "soso store"));

  cairo_t *cr = NULL;
  if ((rc = soso_canvas_new(&cv, &cr, path, W, H)) < 0) goto done;
  draw_layers(cr, &v, &win, &grat, &land, &dist, env4, nd, dots, ndots, &lg, pbox, pcap);
  map_draw_scalebar(cr, &v);
  map_draw_legend(cr, &lg, W - 176, v.fy0 + 12, 160);
  map_draw_titles(cr, W, H, opts->title ? opts->title : "Screened deposits", sub, src);
  rc = soso_canvas_save(cv);
  cv = NULL;

done:
  soso_canvas_free(cv);
  map_layer_free(&land);
  map_layer_free(&grat);
  map_layer_free(&dist);
  map_layer_free(&win);
  proj_destroy(P);
  if (ctx) proj_context_destroy(ctx);
  free(x);
  free(y);
  free(wx);
  free(wy);
  free(env4);
  free(drawn);
  free(cls);
  free(dots);
  free(pbox);
  return rc;
}
