/* map_int.h - what the files of the Europe map share: the view (projected extent
 * -> page frame), layers, symbols and the legend's content. map.c fits the view
 * and draws; map_layer.c reads and projects the line work; map_label.c places
 * labels; map_frame.c draws title, legend, scale bar and source line.
 *
 * Invariants: the view keeps the same scale on both axes (s, pt per metre), so the
 * map is never stretched; y grows upwards in the projection and downwards on the
 * page.
 */
#ifndef SOSO_MAP_INT_H
#define SOSO_MAP_INT_H

#include "soso/chart.h"
#include "soso/deposits.h"

#include <cairo.h>
#include <ogr_api.h>
#include <proj.h>
#include <stddef.h>

enum { MAP_MAX_CLASSES = 8 }; /* coloured main commodities (the 8th is "other") */

typedef struct map_view {
  double ex0, ey0, ex1, ey1; /* extent in EPSG:3035 metres */
  double fx0, fy0, fx1, fy1; /* frame on the page, pt (fy0 top) */
  double s;                  /* pt per projected metre */
} map_view;

static inline double map_px(const map_view *v, double x) { return v->fx0 + (x - v->ex0) * v->s; }
static inline double map_py(const map_view *v, double y) { return v->fy1 - (y - v->ey0) * v->s; }

typedef struct map_class {
  char code[SOSO_CODE_MAX]; /* main commodity code, "" for "other" */
  soso_rgb color;           /* symbol fill */
  size_t count;             /* deposits drawn in this class */
  char label[96];           /* legend text; "" for the commodity's name */
} map_class;

typedef struct map_legend {
  const char *heading;               /* class heading; NULL: "Main commodity" */
  size_t nclass;                     /* classes in use */
  map_class cls[MAP_MAX_CLASSES];    /* by count, "other" last */
  double size_mt[4];                 /* reference tonnages for the size legend */
  size_t nsize;                      /* how many */
  size_t n_unknown;                  /* deposits drawn without tonnage */
  size_t n_districts;                /* districts outlined */
  double eps_km;                     /* DBSCAN eps (0: no district entry) */
  size_t min_deposits;               /* DBSCAN min_deposits */
} map_legend;

/* The window drawn: the boundaries extract covers it (and a little more). */
#define WIN_LON0 -45.0
#define WIN_LON1 75.0
#define WIN_LAT0 25.0
#define WIN_LAT1 84.0

/* Polylines in projected metres, grouped into features (a feature is filled and
 * stroked as one path). */
typedef struct layer {
  double *x, *y;             /* n points */
  size_t n, cap;             /* points used, allocated */
  size_t *ring, nring, capr; /* ring i starts at ring[i] (ends at the next or n) */
  size_t *feat, nfeat, capf; /* feature j's first ring */
} layer;

/* One deposit symbol on the page. */
typedef struct dot {
  double x, y, r;   /* page position and radius, pt */
  const char *name; /* deposit name (not owned) */
  int cls;          /* legend class, -1 for none */
  int hollow;       /* tonnage unknown */
} dot;

#define MAX_LABELS 40      /* district labels beyond that would bury the map */
#define MAX_NAME_LABELS 30 /* deposits named on the map when there are no more */

/* Boxes {x0, y0, x1, y1} (pt) already taken by labels and symbols. */
typedef struct placer {
  double *box; /* 4 per box */
  size_t n;    /* boxes */
  size_t cap;  /* room for this many */
} placer;

/* map_layer.c: layers (P may be NULL for rings already projected). Functions
 * returning int give 0, or -1 on no memory; map_read_boundaries gives a SOSO_E*
 * code with the message set. */
void map_layer_free(layer *l);
int map_layer_feature(layer *l);
int map_layer_ring(layer *l, const double *x, const double *y, size_t n, PJ *P);
int map_layer_geometry(layer *l, OGRGeometryH g, PJ *P, double **bx, double **by,
                       size_t *bcap);
int map_read_boundaries(layer *l, const char *path, PJ *P);
int map_graticule(layer *l, PJ *P);
int map_window_outline(layer *l, PJ *P);
void map_path_feature(cairo_t *cr, const map_view *v, const layer *l, size_t j, int close);
int map_in_window(double lat, double lon);

/* map_label.c: labels that avoid the boxes in pl. */
void map_take(placer *pl, double x0, double y0, double x1, double y1);
void map_district_labels(cairo_t *cr, placer *pl, const map_view *v, const double *env4,
                         size_t nd);
void map_name_labels(cairo_t *cr, placer *pl, const map_view *v, const dot *dots,
                     size_t ndots);

/* Symbol radius (pt) for an ore tonnage in Mt; NAN gives the unknown size. */
double map_radius(double ore_mt);

/* Title and subtitle above the frame, source line below it. */
void map_draw_titles(cairo_t *cr, double width, double height, const char *title,
                     const char *subtitle, const char *source);

/* The legend in the column x .. x + w from y down. */
void map_draw_legend(cairo_t *cr, const map_legend *lg, double x, double y, double w);

/* Scale bar (projected km) in the lower left corner of the frame. */
void map_draw_scalebar(cairo_t *cr, const map_view *v);

/* Text with a white halo at (x, y) (baseline left). */
void map_text_halo(cairo_t *cr, double x, double y, const char *s);

/* Sets the map font (DejaVu Sans) at size pt. */
void map_font(cairo_t *cr, double size, int bold);

#endif
