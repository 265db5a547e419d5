/* geoindex.h - a fixed-radius neighbour index for points on the sphere (private to
 * src/deposits; used by DBSCAN in districts.c and by tests and benchmarks).
 *
 * Points are stored as unit vectors (ECEF on the unit sphere) in a uniform 3-D grid
 * of cubes whose edge is at least the chord of the search radius, chord =
 * 2 sin(d / 2R). Two points within great-circle distance d have unit vectors
 * within that chord, so they lie in the same or in adjacent cells: a query visits
 * at most 27 cells. The grid has no seam at the antimeridian and no singularity at
 * the poles, unlike a (lat, lon) grid. Only non-empty cells exist (found through
 * a hash table from packed cell coordinates at build time), so memory is O(n)
 * whatever the radius.
 *
 * Invariants: points are held sorted by cell (cell c owns sorted positions
 * start[c] .. start[c+1]-1), xyz[] and orig[] are in that sorted order, and the
 * index is immutable after geoindex_new, so queries may run from many threads.
 *
 * Why hand-written: GDAL/OGR, PROJ and GSL offer no neighbour index for points;
 * SQLite's R*Tree indexes (lat, lon) boxes, so it needs a seam at 180 deg and a
 * widened box near the poles, and costs a prepared-statement step per point and
 * candidate; the grid's query is a few hash probes and allocates nothing.
 */
#ifndef SOSO_GEOINDEX_H
#define SOSO_GEOINDEX_H

#include "soso/districts.h"

#include <stddef.h>
#include <stdint.h>

typedef struct geoindex {
  size_t n;         /* points */
  double chord2;    /* squared chord of the search radius on the unit sphere */
  double cell;      /* cell edge (>= chord) */
  size_t ncell;     /* non-empty cells */
  double *xyz;      /* 3n unit-vector coordinates, in sorted (cell) order */
  size_t *orig;     /* sorted position -> input index */
  size_t *pos;      /* input index -> sorted position */
  uint32_t *cellof; /* sorted position -> cell */
  uint64_t *key;    /* ncell packed cell coordinates */
  size_t *start;    /* ncell + 1 first sorted positions */
  size_t *nbr_start; /* ncell + 1 offsets into nbr */
  uint32_t *nbr;    /* cell c's non-empty neighbour cells (itself included):
                       nbr[nbr_start[c] .. nbr_start[c+1]-1] */
} geoindex;

/* Builds the index of n points (degrees WGS84, lat in [-90, 90], lon any finite)
 * for neighbours within radius_km (> 0) of great-circle distance.
 * Returns 0, SOSO_EUSAGE (bad radius, n >= 2^32, non-finite or out-of-range
 * coordinate: the message names the index) or SOSO_ENOMEM. *ix is zeroed first;
 * free with geoindex_free. */
int geoindex_init(geoindex *ix, const double *lat, const double *lon, size_t n,
                  double radius_km);
void geoindex_free(geoindex *ix);

/* The non-empty cells adjacent to (and including) the cell of the sorted position
 * p: *cells points to their indices (owned by the index); returns how many
 * (1 .. 27). Allocates nothing. */
static inline size_t geoindex_cells(const geoindex *ix, size_t p, const uint32_t **cells) {
  size_t c = ix->cellof[p];
  *cells = ix->nbr + ix->nbr_start[c];
  return ix->nbr_start[c + 1] - ix->nbr_start[c];
}

/* 1 if sorted positions p and q are within the radius (inclusive). */
static inline int geoindex_near(const geoindex *ix, size_t p, size_t q) {
  const double *a = ix->xyz + 3 * p, *b = ix->xyz + 3 * q;
  double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  return dx * dx + dy * dy + dz * dz <= ix->chord2;
}

/* Unit vector of (lat, lon) in degrees. */
void geoindex_unit(double out[3], double lat, double lon);

#endif
