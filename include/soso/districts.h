/* districts.h - groups deposits into districts that one mobile, modular plant could
 * serve: DBSCAN (Ester, Kriegel, Sander, Xu 1996, "A density-based algorithm for
 * discovering clusters in large spatial databases with noise", KDD-96) on
 * great-circle distance, with a spatial index so that 10^6 deposits take seconds.
 *
 * Definitions (the same as scikit-learn's DBSCAN with metric="haversine"):
 * - two deposits are neighbours when their great-circle distance on a sphere of
 *   radius SOSO_EARTH_RADIUS_KM is <= eps_km (inclusive; a deposit is its own
 *   neighbour);
 * - a deposit is a core deposit when it has at least min_deposits neighbours,
 *   itself included;
 * - a district is a connected component of core deposits (linked by the
 *   neighbour relation) plus the non-core deposits within eps_km of one of them;
 * - deposits in no district are noise, and noise is not a district.
 * Order rule (makes the result unique): districts are numbered in the order of
 * their lowest-index core deposit; a border deposit near cores of several
 * districts belongs to the lowest-numbered of them. scikit-learn's expansion
 * order gives exactly this rule.
 */
#ifndef SOSO_DISTRICTS_H
#define SOSO_DISTRICTS_H

#include "soso/deposits.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The IUGG mean Earth radius R1 (km), used for every great-circle distance. */
#define SOSO_EARTH_RADIUS_KM 6371.0088


/* DBSCAN labels of n points (degrees WGS84; lat in [-90, 90], lon finite, any
 * range). labels[i] is the 0-based district of point i or -1 for noise;
 * *n_districts is the number of districts. eps_km > 0, min_deposits >= 1.
 * Returns 0; SOSO_EUSAGE for a bad eps_km / min_deposits or a bad coordinate
 * (the message names the point's index); SOSO_ENOMEM. Runs the core-point pass
 * on all OpenMP threads when n > 20,000; the result does not depend on the thread
 * count.
 * Memory: O(n), allocated once before the loops. */
int soso_districts_dbscan(int *labels, size_t *n_districts, const double *lat,
                          const double *lon, size_t n, double eps_km, size_t min_deposits);

/* What the summaries are computed from. Arrays are indexed by deposit. */
typedef struct soso_district_input {
  size_t n;                /* deposits */
  const double *lat;       /* n latitudes, degrees WGS84 */
  const double *lon;       /* n longitudes, degrees WGS84 */
  const double *ore_mt;    /* n ore tonnages in Mt, NaN where unknown; may be NULL */
  size_t n_commodities;    /* columns of contained (0 if none) */
  const double *contained; /* n x n_commodities contained metal (row-major), NaN or
                              0 where none; units are the caller's, per column */
  const char *const *commodity; /* n_commodities column names (copied); may be NULL */
} soso_district_input;

/* One district. */
typedef struct soso_district {
  size_t n;                /* member deposits (>= 1) */
  const size_t *members;   /* n input indices, ascending */
  double lat, lon;         /* centroid: mean of the members' unit vectors, normalised
                              and turned back to degrees (lon in (-180, 180]) */
  double span_km;          /* exact maximum great-circle distance between two members
                              (0 for one member) */
  double ore_mt;           /* sum of the members' known ore tonnage (0 if none) */
  size_t n_ore;            /* members whose ore tonnage is known */
  const double *contained; /* n_commodities sums of contained metal (NaN skipped) */
} soso_district;

typedef struct soso_districts soso_districts;

/* Runs DBSCAN on in's points and summarises each district. *out is NULL on
 * failure; free with soso_districts_free. Errors as soso_districts_dbscan. */
int soso_districts_find(soso_districts **out, const soso_district_input *in, double eps_km,
                        size_t min_deposits);

/* Number of districts, district i (0-based; NULL if out of range; owned by ds), and
 * the label of every input deposit (district index or -1 for noise; n entries). */
size_t soso_districts_count(const soso_districts *ds);
const soso_district *soso_districts_get(const soso_districts *ds, size_t i);
const int *soso_districts_labels(const soso_districts *ds);

/* Number of contained-metal columns and the name of column c (NULL if none was
 * given or c is out of range; owned by ds). */
size_t soso_districts_commodities(const soso_districts *ds);
const char *soso_districts_commodity(const soso_districts *ds, size_t c);

/* Districts of a screened set (soso_deposits_screen_run): positions, ore and contained
 * metal (t) per commodity code of the set (codes in alphabetical order).
 * Errors as soso_districts_find. */
int soso_districts_of_set(soso_districts **out, const soso_deposits *set, double eps_km,
                          size_t min_deposits);

/* Writes the districts of set (ds from soso_districts_of_set on set) to f as
 * SOSO_FMT_TABLE, _CSV, _JSON or _GEOJSON. JSON: an array, one object per
 * district: id (1-based, in the order rule's order), n, deposits [ids],
 * names [names], countries [ISO codes, distinct], centroid {lat, lon},
 * span_km, ore_mt (sum of known tonnages), n_ore (members with tonnage),
 * contained {code: {value, unit "t"}}. GeoJSON: a FeatureCollection of Point
 * features at the centroids with the same members as properties (deposits,
 * names, countries joined with "; ", contained flattened to <code>_t).
 * CSV: one row per district (id, n, lat, lon, span_km, ore_mt, n_ore,
 * <code>_t..., deposits). Returns 0 or SOSO_EIO / SOSO_ENOMEM. */
int soso_districts_write(FILE *f, const soso_districts *ds, const soso_deposits *set,
                         soso_deposits_format fmt);

/* Frees the result and everything it points to; NULL-safe. */
void soso_districts_free(soso_districts *ds);

#ifdef __cplusplus
}
#endif
#endif
