/* map.h - the Europe map of screened deposits and their districts, for a report.
 *
 * Deposits are drawn in ETRS89 / LAEA Europe (EPSG:3035, Lambert azimuthal
 * equal-area, centre 52 N 10 E), projected with PROJ from WGS84 (EPSG:4326) in
 * lon/lat order (proj_normalize_for_visualization). Country boundaries come from a
 * vector file read with OGR (the project ships a Natural Earth 1:50m extract,
 * SOSO_MAP_BOUNDARIES under the data directory). Symbols are coloured by main
 * commodity and sized by ore tonnage (radius grows with the square root of the
 * tonnage); districts are outlined by their members' convex hull buffered by half
 * eps (GEOS through OGR). The map has a title, a legend, a scale bar in projected
 * kilometres, a graticule every 10 deg and a source line. The extent fits the
 * drawn deposits with a margin and at least 700 km of width, inside Europe. Up to
 * 30 deposits are named beside their symbols where the names fit without overlap.
 * Deposits outside lon -45..75, lat 25..84 are not drawn; the subtitle says how
 * many were left out. A narrower extent than 1,500 km also gets a locator inset
 * and country names. The page is laid out 600 pt wide and scaled to the size
 * asked for, so its text prints at 7 pt or more in a report 483 pt wide whatever
 * the size (the district map, soso_region_map, is drawn by the same map module).
 */
#ifndef SOSO_MAP_H
#define SOSO_MAP_H

#include "soso/deposits.h"
#include "soso/districts.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The shipped boundaries, relative to the data directory. */
#define SOSO_MAP_BOUNDARIES "naturalearth/europe_countries_50m.geojson"

/* A fixed legend class: deposits whose main code equals code get colour rgb. */
typedef struct soso_map_class {
  const char *code;  /* matched against the set's main codes */
  const char *label; /* legend text */
  double rgb[3];     /* fill, 0..1 */
} soso_map_class;

typedef struct soso_map_opts {
  const char *title;      /* NULL: "Screened deposits" */
  const char *subtitle;   /* NULL: counts of deposits and districts */
  const char *source;     /* data credit ("USGS VMS (Mosier et al. 2009)"); NULL:
                             the set's source names. "Boundaries: Natural Earth" is
                             always added */
  const char *boundaries; /* country polygons, any OGR vector format, WGS84 (required) */
  double eps_km;          /* the districts' eps, for the legend (0: not shown) */
  size_t min_deposits;    /* the districts' min_deposits, for the legend */
  double width, height;   /* page size in pt; 0: 800 x 600 */
  const soso_map_class *classes; /* NULL: classes by main commodity; else these
                                    (at most 7, in this order), e.g. a sweep's
                                    viability classes */
  size_t n_classes;
  const char *class_heading;     /* legend heading; NULL: "Main commodity" */
} soso_map_opts;

#define SOSO_MAP_OPTS_INIT {NULL, NULL, NULL, NULL, 0.0, 0, 0.0, 0.0, NULL, 0, NULL}

/* Draws the deposits of set (lat, lon, ore_mt, main are read) and the districts of
 * ds (may be NULL; its indices refer to set) to path (.png, .svg or .pdf by
 * extension), written atomically: on any failure nothing is left at path.
 * Returns 0; SOSO_EUSAGE for an unknown extension or bad size; SOSO_EIO when the
 * boundaries cannot be read or the output cannot be written; SOSO_ERR when PROJ
 * cannot set up EPSG:4326 -> EPSG:3035 (proj.db missing); SOSO_ENOMEM. */
int soso_map_draw(const char *path, const soso_deposits *set, const soso_districts *ds,
                  const soso_map_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
