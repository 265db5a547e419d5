/* region_map.c - a map of the district: sites, communities coloured by their
 * cumulative significance, and the constraint radius around each community; a
 * layer over the one map module (src/map/map_int.h), which the deposits map
 * shares: projection (EPSG:4326 -> EPSG:3035 with PROJ), extent, boundaries,
 * label placement, country and town names, locator inset, scale bar, legend
 * entries and text sizes are the module's; this file chooses the symbols, the
 * texts and their order.
 *
 * LAEA is equal-area and, at district scale, distorts distances by well under 1 %,
 * so the radius is drawn as a circle of R km in projected metres. Boundaries are
 * optional. The extent is padded by the widest label so labels stay inside the
 * frame. Labels are placed greedily, communities first, then sites, then towns
 * (data/places/, most populous first) and country names where they cover nothing.
 * The page is 600 pt wide: its smallest text, 9 pt, prints at 7.2 pt in a report
 * 483 pt wide.
 */
#include "region/region_int.h"

#include "map/map_int.h"

#include "core/i18n_int.h"
#include "soso/chart.h"
#include "soso/error.h"
#include "soso/impacts.h"

#include "soso/data.h"
#include "chart/canvas_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *soso_region_default_boundaries(void) {
  static _Thread_local char buf[4096];
  return soso_data_path(buf, sizeof buf, "naturalearth/europe_countries_50m.geojson");
}

/* Display names: the enums' names are also JSON values, so they are translated
 * here, where they are shown, not where they are defined. */
static const char *sig_label(int s) {
  static const char *const k[4] = {N_("negligible"), N_("minor"), N_("moderate"), N_("major")};
  return _(k[s < 0 ? 0 : s > 3 ? 3 : s]);
}

static const char *strategy_label(soso_strategy st) {
  switch (st) {
  case SOSO_STRATEGY_CONCURRENT: return _("all mines at once");
  case SOSO_STRATEGY_SEQUENTIAL: return _("one mine after another");
  case SOSO_STRATEGY_OPTIMISED: return _("optimised sequence");
  }
  return "";
}

static soso_rgb sig_color(int s) {
  static const soso_rgb k[4] = {{0.75, 0.75, 0.75}, /* negligible: grey */
                                {0.94, 0.89, 0.26}, /* minor: yellow */
                                {0.90, 0.62, 0.00}, /* moderate: orange */
                                {0.80, 0.20, 0.10}}; /* major: red */
  return k[s < 0 ? 0 : s > 3 ? 3 : s];
}

/* Highest cumulative significance among the adverse components of community c. */
static int worst(const soso_region_result *res, size_t c) {
  int w = 0;
  for (int v = 0; v < SOSO_VEC_N; v++)
    if (!res->community[c].vec[v].positive && res->community[c].vec[v].significance > w)
      w = res->community[c].vec[v].significance;
  return w;
}

/* Symbols, labels, basemap names, locator, legend and source lines on the page
 * (W x H pt) whose frame, water and land are drawn. */
static void draw(cairo_t *cr, placer *pl, const soso_region *r, const soso_region_result *res,
                 const map_view *v, const double *sx, const double *sy, const double *cx,
                 const double *cy, double W, double H, const layer *land, const char *bpath,
                 const char *places, PJ *P) {
  size_t ns = r->n_sites, nc = r->n_communities;
  char buf[256];
  /* Title: the region's name, fitted to the page; the rest in the subtitle. */
  snprintf(buf, sizeof buf, _("Cumulative significance at each community; plan: %s, %zu price "
                              "scenarios, seed %llu"),
           strategy_label(res->strategy), res->n_paths, (unsigned long long)res->seed);
  map_draw_titles(cr, 20, W - 40, r->name, buf);
  map_clip_frame(cr, v);
  double dash[2] = {4, 3};
  for (size_t c = 0; c < nc; c++) { /* constraint radius */
    cairo_new_path(cr);
    cairo_arc(cr, map_px(v, cx[c]), map_py(v, cy[c]), r->radius_km * 1000 * v->s, 0,
              2 * 3.14159265358979323846);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgba(cr, 0.3, 0.3, 0.6, 0.8);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  for (size_t c = 0; c < nc; c++) { /* communities */
    double x = map_px(v, cx[c]), y = map_py(v, cy[c]);
    map_draw_symbol(cr, MAP_SYM_DISC, x, y, 8, sig_color(worst(res, c)), 1.2);
    map_take(pl, x - 8, y - 8, x + 8, y + 8);
  }
  for (size_t i = 0; i < ns; i++) { /* sites: triangles, over the communities */
    double x = map_px(v, sx[i]), y = map_py(v, sy[i]);
    map_draw_symbol(cr, MAP_SYM_TRIANGLE, x, y, 6, (soso_rgb){0.15, 0.15, 0.15}, 0.8);
    map_take(pl, x - 6, y - 7, x + 6, y + 4.5);
  }
  cairo_restore(cr);
  size_t nsym = pl->n;
  map_draw_scalebar(cr, pl, v, 1, 1); /* its place kept free of labels */
  map_draw_locator(cr, pl, v, land, nsym);
  map_clip_frame(cr, v);
  /* Labels after every symbol is down, communities first, then towns and
   * countries where there is room. */
  map_font(cr, MAP_FS_MIN, 0);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  for (size_t c = 0; c < nc; c++) {
    snprintf(buf, sizeof buf, "%s (%s)", r->communities[c].name, sig_label(worst(res, c)));
    map_place_beside(cr, pl, v, map_px(v, cx[c]), map_py(v, cy[c]), 8, buf, 10.5,
                     MAP_PLACE_ALWAYS);
  }
  for (size_t i = 0; i < ns; i++)
    map_place_beside(cr, pl, v, map_px(v, sx[i]), map_py(v, sy[i]) - 1, 6.5, r->sites[i].name,
                     9.5, MAP_PLACE_ALWAYS);
  map_towns(cr, pl, v, places, P, 14);
  map_country_names(cr, pl, v, bpath, P);
  cairo_restore(cr);
  map_draw_frame(cr, v);
  map_draw_scalebar(cr, pl, v, 1, 0);
  /* Legend below the frame: significance colours, then the symbols. */
  map_entry e[4];
  for (int s = 0; s < 4; s++) e[s] = (map_entry){MAP_SYM_DISC, sig_color(s), 6, 1.0, sig_label(s)};
  map_legend_row(cr, v->fx0, v->fy1 + 20, e, 4);
  snprintf(buf, sizeof buf, _("triangle: mine site; dashed circle: %g km around a community"),
           r->radius_km);
  map_show_fitted(cr, v->fx0, v->fy1 + 36, buf, 10, MAP_FS_MIN, W - 40);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  map_font(cr, MAP_FS_NOTE, 0);
  map_show_fitted(cr, 20, H - 24, _("Map: ETRS89 / LAEA Europe (EPSG:3035). Boundaries: Natural "
                                    "Earth (public domain)."), MAP_FS_NOTE, MAP_FS_NOTE, W - 40);
  map_show_fitted(cr, 20, H - 10, _("Pressures and distance bands are screening assumptions "
                                    "(region file, data/region/cumulative.yaml)."),
                  MAP_FS_NOTE, MAP_FS_NOTE, W - 40);
}

/* The widest label beside a symbol (pt), for the extent's side margins. */
static double widest_label(cairo_t *cr, const soso_region *r) {
  char buf[160];
  double wl = 0;
  map_font(cr, MAP_FS_MIN, 0);
  for (size_t k = 0; k < r->n_sites + r->n_communities; k++) {
    if (k < r->n_sites) snprintf(buf, sizeof buf, "%s", r->sites[k].name);
    else snprintf(buf, sizeof buf, "%s (%s)", r->communities[k - r->n_sites].name, sig_label(2));
    cairo_set_font_size(cr, k < r->n_sites ? 9.5 : 10.5);
    cairo_text_extents_t te;
    cairo_text_extents(cr, buf, &te);
    wl = fmax(wl, te.x_advance);
  }
  return wl;
}

int soso_region_map(const soso_region *r, const soso_region_result *res, const char *bpath,
                    const char *path) {
  size_t ns = r->n_sites, nc = r->n_communities;
  double *xy = malloc(2 * (ns + nc) * sizeof *xy);
  placer pl = {NULL, 0, 2 * (ns + nc) + 64};
  pl.box = malloc(4 * pl.cap * sizeof *pl.box);
  if (!xy || !pl.box) {
    free(xy);
    free(pl.box);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  /* x of the sites, then of the communities; then y likewise */
  double *xs = xy, *ys = xy + ns + nc, *sx = xs, *sy = ys, *cx = xs + ns, *cy = ys + ns;
  for (size_t i = 0; i < ns; i++) {
    sx[i] = r->sites[i].lon;
    sy[i] = r->sites[i].lat;
  }
  for (size_t c = 0; c < nc; c++) {
    cx[c] = r->communities[c].lon;
    cy[c] = r->communities[c].lat;
  }
  PJ_CONTEXT *ctx = NULL;
  PJ *P = NULL;
  layer land = {0};
  soso_canvas *cv = NULL;
  cairo_t *cr = NULL;
  /* 600 pt wide: printed at 483 pt, the 9 pt text is 7.2 pt. */
  double W = MAP_LAYOUT_W, H = 560;
  int rc = map_proj_open(&ctx, &P);
  if (!rc) {
    map_project(P, xs, ys, ns + nc);
    if (bpath) rc = map_read_boundaries(&land, bpath, P);
  }
  if (!rc) rc = soso__canvas_new(&cv, &cr, path, W, H);
  if (!rc) {
    map_begin(cr, W, H, &H);
    /* Room around the symbols for the widest label on either side, and for the
     * constraint circles: one scale on both axes, the largest that gives both,
     * centred on the symbols, with a little air. */
    map_view v = {0, 0, 0, 0, 20, 56, W - 20, H - 78, 0};
    double padx = fmin(widest_label(cr, r) + 16, 0.3 * (v.fx1 - v.fx0));
    const map_margin mg[2] = {{padx, 30, 0, 0}, {8, 8, r->radius_km * 1000, 0}};
    map_fit_opts fo = {mg, 2, 2000, 0, 0.97, NULL};
    map_fit(&v, xs, ys, ns + nc, &fo);
    map_clip_frame(cr, &v);
    cairo_set_source_rgb(cr, 0.86, 0.92, 0.97); /* water / outside */
    cairo_paint(cr);
    map_draw_land(cr, &v, &land, (soso_rgb){0.95, 0.94, 0.90}, 0.8);
    cairo_restore(cr);
    char places[1100];
    soso_data_path(places, sizeof places, "places");
    struct stat st;
    int has_places = stat(places, &st) == 0 && S_ISDIR(st.st_mode);
    if (!rc)
      draw(cr, &pl, r, res, &v, sx, sy, cx, cy, W, H, bpath ? &land : NULL, bpath,
           has_places ? places : NULL, P);
    if (!rc) {
      rc = soso__canvas_save(cv);
      cv = NULL;
    }
  }
  soso__canvas_free(cv);
  map_layer_free(&land);
  map_proj_close(ctx, P);
  free(xy);
  free(pl.box);
  return rc;
}
