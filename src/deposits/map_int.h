/* map_int.h - what the two files of the Europe map share: the view (projected
 * extent -> page frame) and the legend's content. map.c projects and draws the
 * layers; map_frame.c draws title, legend, scale bar and source line.
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
} map_class;

typedef struct map_legend {
  size_t nclass;                     /* classes in use */
  map_class cls[MAP_MAX_CLASSES];    /* by count, "other" last */
  double size_mt[4];                 /* reference tonnages for the size legend */
  size_t nsize;                      /* how many */
  size_t n_unknown;                  /* deposits drawn without tonnage */
  size_t n_districts;                /* districts outlined */
  double eps_km;                     /* DBSCAN eps (0: no district entry) */
  size_t min_deposits;               /* DBSCAN min_deposits */
} map_legend;

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
