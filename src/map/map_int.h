/* map_int.h - the one map module of the library: projection, view and extent,
 * basemap layers (boundaries, graticule, country and town names, locator inset),
 * label placement, legend entries, scale bar, titles and text sizes. The deposits
 * map (src/deposits/map.c, `soso map`, the report's deposits figure) and the
 * district map (src/region/region_map.c, `soso region --charts`, the report's
 * region figure) are thin layers over it: they choose their symbols, legend
 * entries and texts, and draw them through these calls.
 *
 * Files: map_layer.c (projection, layers, boundaries, graticule), map_label.c
 * (placement, halo text, country and town names), map_frame.c (view fitting,
 * titles, legend, scale bar, locator).
 *
 * Invariants: the view keeps the same scale on both axes (s, pt per metre), so the
 * map is never stretched; y grows upwards in the projection and downwards on the
 * page. Every map is laid out on a page MAP_LAYOUT_W pt wide and scaled to the
 * size asked for (map_begin), so its text prints at the same size whatever the
 * page size: the report prints a figure CHART_PRINT_W (483) pt wide, and the
 * smallest map text, MAP_FS_MIN = 9 pt at 600 pt, prints at 7.2 pt (issue 11: at
 * least 7 pt).
 */
#ifndef SOSO_MAP_INT_H
#define SOSO_MAP_INT_H

#include "soso/chart.h"

#include <cairo.h>
#include <ogr_api.h>
#include <proj.h>
#include <stddef.h>

/* Text sizes (pt on the MAP_LAYOUT_W page). */
#define MAP_LAYOUT_W 600.0
#define MAP_FS_MIN 9.0       /* nothing smaller: 7.2 pt printed 483 pt wide */
#define MAP_FS_TITLE 15.0    /* bold; shrunk to fit down to 11 */
#define MAP_FS_SUBTITLE 10.5 /* shrunk to fit down to MAP_FS_MIN */
#define MAP_FS_HEADING 10.0  /* legend headings, bold */
#define MAP_FS_LEGEND 9.5    /* legend entries */
#define MAP_FS_NOTE 9.0      /* source and projection lines, scale bar */

/* The window the shipped boundaries cover (lon/lat): nothing is drawn outside. */
#define WIN_LON0 -45.0
#define WIN_LON1 75.0
#define WIN_LAT0 25.0
#define WIN_LAT1 84.0

typedef struct map_view {
  double ex0, ey0, ex1, ey1; /* extent in EPSG:3035 metres */
  double fx0, fy0, fx1, fy1; /* frame on the page, pt (fy0 top) */
  double s;                  /* pt per projected metre */
} map_view;

static inline double map_px(const map_view *v, double x) { return v->fx0 + (x - v->ex0) * v->s; }
static inline double map_py(const map_view *v, double y) { return v->fy1 - (y - v->ey0) * v->s; }

/* Projection ------------------------------------------------------------------
 * WGS84 (EPSG:4326) to ETRS89 / LAEA Europe (EPSG:3035) with PROJ, lon/lat input
 * order (proj_normalize_for_visualization). Returns 0, or SOSO_ERR with the
 * message set (proj.db missing); map_proj_close frees both (NULL-safe). */
int map_proj_open(PJ_CONTEXT **ctx, PJ **P);
void map_proj_close(PJ_CONTEXT *ctx, PJ *P);
/* Projects n lon/lat pairs in place. */
void map_project(PJ *P, double *lon_x, double *lat_y, size_t n);
/* Whether (lat, lon) lies in the window the boundaries cover. */
int map_in_window(double lat, double lon);

/* Extent ----------------------------------------------------------------------
 * One way of fitting the view to the points (x, y, projected): the largest
 * scale at which every margin holds on both axes, times air, centred on the
 * points' box. A margin keeps pt_x (across) and pt_y (up and down) points of page plus m metres plus rel times the
 * points' span between the box and the frame. The span is at least min_span_m,
 * the width at least min_width_m. With clamp ({x0, y0, x1, y1} metres, or NULL)
 * the centre is moved so the extent stays inside clamp where it fits. The frame
 * (fx0..fy1) must be set. n == 0 is treated as the clamp box (or 1 km). */
typedef struct map_margin {
  double pt_x, pt_y, m, rel;
} map_margin;
typedef struct map_fit_opts {
  const map_margin *margins;
  size_t n_margins;
  double min_span_m, min_width_m, air;
  const double *clamp;
} map_fit_opts;
void map_fit(map_view *v, const double *x, const double *y, size_t n, const map_fit_opts *o);

/* Layers ----------------------------------------------------------------------
 * Polylines in projected metres, grouped into features (a feature is filled and
 * stroked as one path). A point PROJ could not project breaks its ring. */
typedef struct layer {
  double *x, *y;             /* n points */
  size_t n, cap;             /* points used, allocated */
  size_t *ring, nring, capr; /* ring i starts at ring[i] (ends at the next or n) */
  size_t *feat, nfeat, capf; /* feature j's first ring */
} layer;

/* Functions returning int give 0, or -1 on no memory; map_read_boundaries gives a
 * SOSO_E* code with the message set. P may be NULL for rings already projected. */
void map_layer_free(layer *l);
int map_layer_feature(layer *l);
int map_layer_ring(layer *l, const double *x, const double *y, size_t n, PJ *P);
int map_layer_geometry(layer *l, OGRGeometryH g, PJ *P, double **bx, double **by,
                       size_t *bcap);
int map_read_boundaries(layer *l, const char *path, PJ *P);
int map_graticule(layer *l, PJ *P);
int map_window_outline(layer *l, PJ *P);
void map_path_feature(cairo_t *cr, const map_view *v, const layer *l, size_t j, int close);
/* Every feature of l as a path, filled (fill set) or stroked in the current source
 * and line width; close closes the rings. */
void map_draw_layer(cairo_t *cr, const map_view *v, const layer *l, int close, int fill);
/* Fills every feature of land (even-odd) in fill and strokes its edge. */
void map_draw_land(cairo_t *cr, const map_view *v, const layer *land, soso_rgb fill,
                   double line_width);

/* Labels ----------------------------------------------------------------------
 * Boxes {x0, y0, x1, y1} (pt) already taken by symbols and labels; a label takes
 * the first of its candidate positions (left x, baseline y) that overlaps nothing
 * taken and stays in the frame. */
typedef struct placer {
  double *box; /* 4 per box */
  size_t n;    /* boxes */
  size_t cap;  /* room for this many */
} placer;

typedef enum map_place_policy {
  MAP_PLACE_FREE = 0, /* only where it overlaps nothing, else not at all */
  MAP_PLACE_ALWAYS    /* else where it overlaps least (in the frame when it can) */
} map_place_policy;

void map_take(placer *pl, double x0, double y0, double x1, double y1);
/* Places text (current font, at size pt) at one of ncand candidates; draws it in
 * the current source with a white halo of alpha halo. Returns 1 if drawn. */
int map_place(cairo_t *cr, placer *pl, const map_view *v, const double (*cand)[2],
              size_t ncand, const char *text, double size, map_place_policy policy,
              double halo);
/* A label of size pt beside a symbol of radius rad at (x, y): right, left, and
 * above and below at the sides and centre. */
int map_place_beside(cairo_t *cr, placer *pl, const map_view *v, double x, double y,
                     double rad, const char *text, double size, map_place_policy policy);
/* Text with a white halo (alpha) at (x, y) (baseline left), in the current source. */
void map_text_halo(cairo_t *cr, double x, double y, const char *s, double alpha);
/* Country names (boundaries' "name" field, in the reader's language for the
 * Western Balkans and neighbours) inside each country with 2 % of the frame, and
 * the most populous towns of the places folder (data/places/: the first OGR point
 * layer; NULL or no layer: none), each only where it covers nothing taken. */
void map_country_names(cairo_t *cr, placer *pl, const map_view *v, const char *bpath, PJ *P);
void map_towns(cairo_t *cr, placer *pl, const map_view *v, const char *places_dir, PJ *P,
               int max_names);

/* Page and frame --------------------------------------------------------------- */
/* Sets the map font (DejaVu Sans, as the charts) at size pt. */
void map_font(cairo_t *cr, double size, int bold);
/* Shows s at (x, y) at size, shrunk down to min_size to fit maxw, then cut with an
 * ellipsis (UTF-8 safe). */
void map_show_fitted(cairo_t *cr, double x, double y, const char *s, double size,
                     double min_size, double maxw);
/* Scales the page of width x height pt to the MAP_LAYOUT_W layout; *lh is the
 * layout height. */
void map_begin(cairo_t *cr, double width, double height, double *lh);
/* Title (bold, fitted) and subtitle above the frame, from x at the page's top. */
void map_draw_titles(cairo_t *cr, double x, double w, const char *title, const char *subtitle);
/* cairo_save, then clips to the frame (the caller restores). */
void map_clip_frame(cairo_t *cr, const map_view *v);
/* The frame's outline. */
void map_draw_frame(cairo_t *cr, const map_view *v);
/* Scale bar (projected km, a round length near a fifth of the frame) in the
 * lower left (right = 0) or right corner of the frame; its box is taken. With
 * reserve set it only takes the box (drawn later by a second call with 0). */
void map_draw_scalebar(cairo_t *cr, placer *pl, const map_view *v, int right, int reserve);
/* The locator: the 1,000 km around the frame, its land, and the frame as a red
 * box, in the corner of the frame that covers least of the first nsym boxes. */
void map_draw_locator(cairo_t *cr, placer *pl, const map_view *v, const layer *land,
                      size_t nsym);

/* Legend entries: a symbol and a text. */
typedef enum map_sym {
  MAP_SYM_NONE = 0,  /* text only */
  MAP_SYM_DISC,      /* filled circle of radius r, dark edge */
  MAP_SYM_RING,      /* hollow circle of radius r */
  MAP_SYM_TRIANGLE,  /* a site triangle */
  MAP_SYM_DASHED_BOX /* a dashed outline (district) */
} map_sym;
typedef struct map_entry {
  map_sym sym;
  soso_rgb rgb;
  double r;    /* symbol radius, pt */
  double edge; /* its edge's width, pt (0: 0.4) */
  const char *text;
} map_entry;
/* Draws a symbol of radius r centred at (x, y) with an edge of width edge (0:
 * 0.4 pt). */
void map_draw_symbol(cairo_t *cr, map_sym sym, double x, double y, double r, soso_rgb c,
                     double edge);
/* A column of entries under heading (may be NULL) from (x, y) down, text cut to
 * w; returns the y below it. */
double map_legend_column(cairo_t *cr, double x, double y, double w, const char *heading,
                         const map_entry *e, size_t n);
/* A row of entries from (x, y) rightwards. */
void map_legend_row(cairo_t *cr, double x, double y, const map_entry *e, size_t n);

#endif
