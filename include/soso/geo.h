/* geo.h - the library's one distance between two places: the WGS84 geodesic
 * (PROJ's geodesic.h, Karney 2013), arguments in (lat, lon) order, degrees.
 *
 * Every distance a user reads - between sites and communities, a region site and
 * its site file, duplicate records of one deposit - comes from here. The district
 * clustering (include/soso/districts.h) keeps its own sphere inside its index: its
 * neighbour test is scikit-learn's haversine metric, which districts must match
 * label for label, and it is not exported.
 */
#ifndef SOSO_GEO_H
#define SOSO_GEO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Geodesic distance in km between (lat1, lon1) and (lat2, lon2), degrees. */
double soso_geo_km(double lat1, double lon1, double lat2, double lon2);

#ifdef __cplusplus
}
#endif
#endif
