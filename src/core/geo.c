/* geo.c - the WGS84 geodesic distance of include/soso/geo.h (PROJ geodesic.h). */
#include "soso/geo.h"

#include <geodesic.h>
#include <stddef.h>

double soso_geo_km(double lat1, double lon1, double lat2, double lon2) {
  struct geod_geodesic g;
  geod_init(&g, 6378137.0, 1.0 / 298.257223563); /* WGS84 */
  double s12 = 0.0;
  geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
  return s12 / 1000.0;
}
