/* map.c - the Europe map of screened deposits and districts (see include/soso/map.h),
 * a layer over the one map module (src/map/map_int.h): this file chooses the
 * symbols (colour by main commodity, size by tonnage), the district outlines, the
 * legend entries and the texts; projection, extent, basemap, labels, scale bar,
 * locator and text sizes are the module's, shared with the district map.
 *
 * Everything that can fail on input (the file extension, the boundaries file, PROJ)
 * is done before the drawing is opened, and the drawing goes through soso_canvas
 * (temporary file + rename), so a failure leaves nothing at the output path.
 * District outlines: GEOS convex hull and buffer through OGR, in projected metres
 * (LAEA is equal-area, so the buffered area is true).
 * Layers in drawing order: sea, graticule, land and borders, district outlines,
 * deposit symbols (largest first, so small ones stay visible), then, on a regional
 * extent, the locator and country names; district labels and deposit names; the
 * frame, scale bar, legend and titles. The page is laid out 600 pt wide and scaled
 * to the size asked for, so its smallest text (9 pt) prints at 7.2 pt in a report
 * 483 pt wide (issue 11).
 */
#include "soso/map.h"

#include "map/map_int.h"
#include "soso/error.h"
#include "soso/afile.h"
#include "chart/canvas_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAP_MAX_CLASSES = 8 }; /* coloured main commodities (the 8th is "other") */

typedef struct map_class {
  char code[SOSO_CODE_MAX]; /* main commodity code, "" for "other" */
  soso_rgb color;           /* symbol fill */
  size_t count;             /* deposits drawn in this class */
  char label[96];           /* legend text; "" for the commodity's name */
} map_class;

typedef struct map_legend {
  const char *heading;            /* class heading; NULL: "Main commodity" */
  size_t nclass;                  /* classes in use */
  map_class cls[MAP_MAX_CLASSES]; /* by count, "other" last */
  double size_mt[4];              /* reference tonnages for the size legend */
  size_t nsize;                   /* how many */
  size_t n_unknown;               /* deposits drawn without tonnage */
  size_t n_districts;             /* districts outlined */
  double eps_km;                  /* DBSCAN eps (0: no district entry) */
  size_t min_deposits;            /* DBSCAN min_deposits */
} map_legend;

/* One deposit symbol on the page. */
typedef struct dot {
  double x, y, r;   /* page position and radius, pt */
  const char *name; /* deposit name (not owned) */
  int cls;          /* legend class, -1 for none */
  int hollow;       /* tonnage unknown */
} dot;

#define MAX_LABELS 40      /* district labels beyond that would bury the map */
#define MAX_NAME_LABELS 30 /* deposits named on the map when there are no more */
#define REGIONAL_KM 1500.0 /* a narrower extent gets a locator and country names */

/* Layout on the 600 pt page: the frame, and the legend column right of it. */
#define FRAME_X0 18.0
#define FRAME_Y0 56.0
#define LEGEND_W 140.0

/* Symbol radius (pt on the 600 pt page, so 4/3 of it on the default 800 pt one)
 * for an ore tonnage in Mt; NAN gives the unknown size. The area grows with the
 * tonnage up to 25 Mt. */
static double map_radius(double ore_mt) {
  if (!isfinite(ore_mt) || ore_mt < 0) return 2.0;
  double r = 1.2 + 1.8 * sqrt(ore_mt);
  return r > 10.5 ? 10.5 : r;
}

static int cmp_dot(const void *pa, const void *pb) {
  const dot *a = pa, *b = pb;
  return (a->r < b->r) - (a->r > b->r);
}

/* Fixed palette entries (Okabe-Ito, chart.h) for the common metals, so a
 * commodity keeps its colour from one map to the next: zinc blue, copper
 * vermillion, lead bluish green, gold orange, antimony reddish purple, silver sky
 * blue, tungsten yellow. Others take the first free entry. */
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
      c->color = soso_chart_palette(colour_of(code[k], &used));
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

/* The legend in the column x .. x + w from y down. */
static void draw_legend(cairo_t *cr, const map_legend *lg, double x, double y, double w) {
  char buf[MAP_MAX_CLASSES + 6][96];
  map_entry e[MAP_MAX_CLASSES + 6];
  size_t n = 0;
  for (size_t i = 0; i < lg->nclass; i++, n++) {
    const map_class *c = &lg->cls[i];
    snprintf(buf[n], sizeof buf[n], "%s (%zu)",
             c->label[0]  ? c->label
             : c->code[0] ? soso_deposits_commodity_name(c->code)
                          : "other",
             c->count);
    e[n] = (map_entry){MAP_SYM_DISC, c->color, 4.0, 0.4, buf[n]};
  }
  if (n) y = map_legend_column(cr, x, y, w, lg->heading ? lg->heading : "Main commodity", e, n);
  n = 0;
  soso_rgb grey = {0.75, 0.75, 0.75};
  for (size_t i = 0; i < lg->nsize; i++, n++) {
    double v = lg->size_mt[i];
    if (v >= 1) snprintf(buf[n], sizeof buf[n], "%.0f Mt", v);
    else snprintf(buf[n], sizeof buf[n], "%g Mt", v);
    e[n] = (map_entry){MAP_SYM_DISC, grey, map_radius(v), 0.4, buf[n]};
  }
  if (lg->n_unknown) {
    snprintf(buf[n], sizeof buf[n], "not known (%zu)", lg->n_unknown);
    e[n] = (map_entry){MAP_SYM_RING, (soso_rgb){0.3, 0.3, 0.3}, map_radius(NAN), 0.45, buf[n]};
    n++;
  }
  if (n) y = map_legend_column(cr, x, y, w, "Ore tonnage", e, n);
  if (lg->eps_km > 0) {
    snprintf(buf[0], sizeof buf[0], "%zu outlined (Dn = id)", lg->n_districts);
    snprintf(buf[1], sizeof buf[1], "DBSCAN: eps %g km,", lg->eps_km);
    snprintf(buf[2], sizeof buf[2], "at least %zu deposits per core", lg->min_deposits);
    e[0] = (map_entry){MAP_SYM_DASHED_BOX, {0.985, 0.98, 0.965}, 0, 0.9, buf[0]};
    e[1] = (map_entry){MAP_SYM_NONE, {0, 0, 0}, 0, 0, buf[1]};
    e[2] = (map_entry){MAP_SYM_NONE, {0, 0, 0}, 0, 0, buf[2]};
    map_legend_column(cr, x, y, w, "District", e, 3);
  }
}

/* "Dn" labels at a corner of each district outline. */
static void district_labels(cairo_t *cr, placer *pl, const map_view *v, const double *env4,
                            size_t nd) {
  map_font(cr, MAP_FS_MIN, 1);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  for (size_t k = 0; k < nd; k++) {
    const double *e = env4 + 4 * k;
    if (!isfinite(e[0])) continue;
    char buf[24];
    snprintf(buf, sizeof buf, "D%zu", k + 1);
    cairo_text_extents_t te;
    cairo_text_extents(cr, buf, &te);
    double w = te.x_advance;
    double l = map_px(v, e[0]), r = map_px(v, e[2]), t = map_py(v, e[3]), b = map_py(v, e[1]);
    const double cand[4][2] = {{r - 2, t - 1}, {r - 2, b + 9}, {l - w + 2, t - 1},
                               {l - w + 2, b + 9}};
    map_place(cr, pl, v, cand, 4, buf, MAP_FS_MIN, MAP_PLACE_ALWAYS, 1.0);
  }
}

/* Sea, graticule, land, district outlines and symbols, clipped to the frame and
 * the boundaries' window; then the locator and country names on a regional
 * extent, and the labels. */
static void draw_layers(cairo_t *cr, const map_view *v, const layer *win, const layer *grat,
                        const layer *land, const layer *dist, const double *env4, size_t nd,
                        const dot *dots, size_t ndots, const map_legend *lg, placer *pl,
                        const char *bpath, PJ *P) {
  map_clip_frame(cr, v);
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
  map_draw_layer(cr, v, grat, 0, 0);
  map_draw_land(cr, v, land, (soso_rgb){0.965, 0.955, 0.925}, 0.4);
  cairo_set_source_rgba(cr, 1.0, 1.0, 1.0, 0.55);
  map_draw_layer(cr, v, dist, 1, 1);
  for (size_t i = 0; i < ndots; i++) {
    const dot *d = &dots[i];
    soso_rgb c = d->cls >= 0 ? lg->cls[d->cls].color : (soso_rgb){0.6, 0.6, 0.6};
    if (d->hollow) c = (soso_rgb){c.r * 0.8, c.g * 0.8, c.b * 0.8};
    map_draw_symbol(cr, d->hollow ? MAP_SYM_RING : MAP_SYM_DISC, d->x, d->y, d->r, c, 0.45);
    map_take(pl, d->x - d->r, d->y - d->r, d->x + d->r, d->y + d->r);
  }
  double dash[] = {3.0, 2.0};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  cairo_set_line_width(cr, 0.9);
  map_draw_layer(cr, v, dist, 1, 0);
  cairo_set_dash(cr, NULL, 0, 0);
  cairo_restore(cr);
  size_t nsym = pl->n;
  map_draw_scalebar(cr, pl, v, 0, 1);
  int regional = v->ex1 - v->ex0 < REGIONAL_KM * 1000;
  if (regional) map_draw_locator(cr, pl, v, land, nsym);
  map_clip_frame(cr, v);
  if (nd <= MAX_LABELS) district_labels(cr, pl, v, env4, nd);
  if (ndots <= MAX_NAME_LABELS) { /* names beside their symbols, small deposits first */
    map_font(cr, MAP_FS_MIN, 0);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    for (size_t i = ndots; i-- > 0;)
      map_place_beside(cr, pl, v, dots[i].x, dots[i].y, dots[i].r, dots[i].name, MAP_FS_MIN,
                       MAP_PLACE_FREE);
  }
  if (regional) map_country_names(cr, pl, v, bpath, P);
  cairo_restore(cr);
  map_draw_scalebar(cr, pl, v, 0, 0);
  map_draw_frame(cr, v);
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
  soso_afile_path_ext(path, ext, sizeof ext);
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
  PJ_CONTEXT *ctx = NULL;
  PJ *P = NULL;
  double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
  double *wx = malloc((n ? n : 1) * sizeof *wx), *wy = malloc((n ? n : 1) * sizeof *wy);
  double *env4 = malloc((nd ? 4 * nd : 1) * sizeof *env4);
  int *drawn = calloc(n ? n : 1, sizeof *drawn), *cls = malloc((n ? n : 1) * sizeof *cls);
  dot *dots = malloc((n ? n : 1) * sizeof *dots);
  /* symbols, scale bar, locator, district and name labels, country names */
  placer pl = {NULL, 0, n + 2 * MAX_LABELS + MAX_NAME_LABELS + 64};
  pl.box = malloc(4 * pl.cap * sizeof *pl.box);
  soso_canvas *cv = NULL;
  if (!pl.box || !x || !y || !wx || !wy || !env4 || !drawn || !cls || !dots) {
    rc = soso_error_set(SOSO_ENOMEM, "%s: out of memory", path);
    goto done;
  }
  if ((rc = map_proj_open(&ctx, &P)) < 0) goto done;
  size_t nwin = 0;
  for (size_t i = 0; i < n; i++) {
    x[i] = set->lon[i];
    y[i] = set->lat[i];
  }
  map_project(P, x, y, n);
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

  /* The page laid out MAP_LAYOUT_W pt wide (map_begin scales it to W x H). */
  double LW = MAP_LAYOUT_W, LH = H * MAP_LAYOUT_W / W;
  map_view v = {0};
  v.fx0 = FRAME_X0;
  v.fy0 = FRAME_Y0;
  v.fx1 = LW - LEGEND_W - 24;
  v.fy1 = LH - 36;
  /* The drawn deposits with 10 % and 125 km of margin and at least 700 km across,
   * kept inside a projected box whose corners lie in the window (checked with
   * gdaltransform: (2000, 1200) km is 14.2 W 30.5 N, (7300, 5500) km 71.8 E
   * 59.7 N), so the boundaries cover the whole frame; no deposit: Europe from
   * Portugal to the Urals' foot, Crete to North Cape. */
  static const double k_window[4] = {2000e3, 1200e3, 7300e3, 5500e3};
  static const double k_europe_x[2] = {2600e3, 7000e3}, k_europe_y[2] = {1450e3, 5300e3};
  static const map_margin k_margin = {0, 0, 125e3, 0.1};
  map_fit_opts fo = {&k_margin, 1, 0.0, 700e3, 1.0, k_window};
  if (nwin) map_fit(&v, wx, wy, nwin, &fo);
  else map_fit(&v, k_europe_x, k_europe_y, 2, &fo);
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
  snprintf(src, sizeof src, "Data: %s.", opts->source ? opts->source : (names[0] ? names : "soso store"));

  cairo_t *cr = NULL;
  if ((rc = soso__canvas_new(&cv, &cr, path, W, H)) < 0) goto done;
  map_begin(cr, W, H, &LH);
  draw_layers(cr, &v, &win, &grat, &land, &dist, env4, nd, dots, ndots, &lg, &pl,
              opts->boundaries, P);
  draw_legend(cr, &lg, LW - LEGEND_W - 12, v.fy0 + 10, LEGEND_W);
  map_draw_titles(cr, FRAME_X0, LW - 2 * FRAME_X0,
                  opts->title ? opts->title : "Screened deposits", sub);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  map_font(cr, MAP_FS_NOTE, 0);
  map_show_fitted(cr, FRAME_X0, LH - 21, src, MAP_FS_NOTE, MAP_FS_NOTE, LW - 2 * FRAME_X0);
  map_show_fitted(cr, FRAME_X0, LH - 9,
                  "Map: ETRS89-LAEA Europe (EPSG:3035), equal-area. Boundaries: Natural Earth "
                  "1:50m (public domain).",
                  MAP_FS_NOTE, MAP_FS_NOTE, LW - 2 * FRAME_X0);
  rc = soso__canvas_save(cv);
  cv = NULL;

done:
  soso__canvas_free(cv);
  map_layer_free(&land);
  map_layer_free(&grat);
  map_layer_free(&dist);
  map_layer_free(&win);
  map_proj_close(ctx, P);
  free(x);
  free(y);
  free(wx);
  free(wy);
  free(env4);
  free(drawn);
  free(cls);
  free(dots);
  free(pl.box);
  return rc;
}
