/* test_districts.c - DBSCAN on great-circle distance against a brute-force O(n^2)
 * reference, the seams of the sphere (antimeridian, poles), eps edge cases, errors,
 * and the per-district summaries (centroid, span, ore, contained metal).
 *
 * The reference is written from the definitions in districts.h, not from the
 * algorithm: neighbours by the haversine formula, core components by union-find,
 * components numbered by their lowest-index core point, a border point to the
 * lowest-numbered component with a core neighbour. Labels must be identical.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deposits/geoindex.h"
#include "soso/districts.h"
#include "soso/error.h"
#include "soso/rng.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* The clustering's metric (scikit-learn's haversine on a sphere of radius
 * SOSO_EARTH_RADIUS_KM), computed here independently as the tests' oracle. */
static double sphere_km(double lat1, double lon1, double lat2, double lon2) {
  const double k = 3.14159265358979323846 / 180.0;
  double s1 = sin(0.5 * (lat2 - lat1) * k), s2 = sin(0.5 * (lon2 - lon1) * k);
  double h = s1 * s1 + cos(lat1 * k) * cos(lat2 * k) * s2 * s2;
  return 2.0 * SOSO_EARTH_RADIUS_KM * asin(sqrt(h > 1.0 ? 1.0 : h));
}

static size_t uf_find(size_t *parent, size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

/* The reference labels, straight from the definitions. */
static size_t reference(int *labels, const double *lat, const double *lon, size_t n,
                        double eps, size_t minpts) {
  unsigned char *nb = calloc(n * n, 1), *core = calloc(n, 1);
  size_t *parent = malloc(n * sizeof *parent), *rootlab = malloc(n * sizeof *rootlab);
  assert_non_null(nb);
  assert_non_null(core);
  assert_non_null(parent);
  assert_non_null(rootlab);
  for (size_t i = 0; i < n; i++) {
    size_t cnt = 0;
    for (size_t j = 0; j < n; j++) {
      nb[i * n + j] = sphere_km(lat[i], lon[i], lat[j], lon[j]) <= eps;
      cnt += nb[i * n + j];
    }
    core[i] = cnt >= minpts;
    parent[i] = i;
    rootlab[i] = SIZE_MAX;
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      if (core[i] && core[j] && nb[i * n + j]) {
        size_t a = uf_find(parent, i), b = uf_find(parent, j);
        if (a != b) parent[a > b ? a : b] = a > b ? b : a;
      }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    labels[i] = -1;
    if (!core[i]) continue;
    size_t r = uf_find(parent, i);
    if (rootlab[r] == SIZE_MAX) rootlab[r] = k++;
    labels[i] = (int)rootlab[r];
  }
  for (size_t i = 0; i < n; i++) {
    if (core[i]) continue;
    for (size_t j = 0; j < n; j++)
      if (core[j] && nb[i * n + j] && (labels[i] < 0 || labels[j] < labels[i]))
        labels[i] = labels[j];
  }
  free(nb);
  free(core);
  free(parent);
  free(rootlab);
  return k;
}

/* Clustered points: ncl centres over Europe, Gaussian scatter of sd_km. */
static void clustered(double *lat, double *lon, size_t n, size_t ncl, double sd_km,
                      uint64_t seed) {
  soso_rng r = soso_rng_make(seed, 1000);
  double *clat = malloc(ncl * sizeof *clat), *clon = malloc(ncl * sizeof *clon);
  assert_non_null(clat);
  assert_non_null(clon);
  for (size_t c = 0; c < ncl; c++) {
    double u[4];
    soso_rng_uniform4(&r, c, 0, u);
    clat[c] = 36.0 + 33.0 * u[0];
    clon[c] = -9.5 + 40.0 * u[1];
  }
  for (size_t i = 0; i < n; i++) {
    double u[4], z[4];
    soso_rng_uniform4(&r, 1000000 + i, 0, u);
    soso_rng_normal4(&r, 1000000 + i, 1, z);
    size_t c = (size_t)(u[0] * (double)ncl);
    if (u[1] < 0.15) { /* background noise */
      lat[i] = 36.0 + 33.0 * u[2];
      lon[i] = -9.5 + 40.0 * u[3];
      continue;
    }
    double dlat = z[0] * sd_km / 111.2;
    lat[i] = clat[c] + dlat;
    lon[i] = clon[c] + z[1] * sd_km / (111.2 * cos(clat[c] * 0.0174532925199433));
  }
  free(clat);
  free(clon);
}

static void check_against_reference(const double *lat, const double *lon, size_t n,
                                    double eps, size_t minpts) {
  int *got = malloc(n * sizeof *got), *want = malloc(n * sizeof *want);
  assert_non_null(got);
  assert_non_null(want);
  size_t ngot = 0, nwant = reference(want, lat, lon, n, eps, minpts);
  assert_int_equal(soso_districts_dbscan(got, &ngot, lat, lon, n, eps, minpts), SOSO_OK);
  assert_int_equal(ngot, nwant);
  for (size_t i = 0; i < n; i++) assert_int_equal(got[i], want[i]);
  free(got);
  free(want);
}

static void test_against_brute_force(void **state) {
  (void)state;
  enum { N = 1500 };
  double *lat = malloc(N * sizeof *lat), *lon = malloc(N * sizeof *lon);
  assert_non_null(lat);
  assert_non_null(lon);
  clustered(lat, lon, N, 23, 17.3, 0x5eed2385ull);
  const double eps[] = {3.7, 11.9, 26.3, 83.1};
  const size_t minpts[] = {1, 2, 4, 9};
  for (size_t e = 0; e < 4; e++)
    for (size_t m = 0; m < 4; m++) check_against_reference(lat, lon, N, eps[e], minpts[m]);
  /* Uniform points worldwide, poles included: a different cell occupancy. */
  soso_rng r = soso_rng_make(0x9e3779b97f4a7c15ull, 1001);
  for (size_t i = 0; i < N; i++) {
    double u[4];
    soso_rng_uniform4(&r, i, 0, u);
    lat[i] = asin(2.0 * u[0] - 1.0) * 57.29577951308232;
    lon[i] = -180.0 + 360.0 * u[1];
  }
  check_against_reference(lat, lon, N, 421.7, 3);
  check_against_reference(lat, lon, N, 1333.3, 5);
  free(lat);
  free(lon);
}

static void test_thread_count_independent(void **state) {
  (void)state;
  enum { N = 30000 }; /* above the 20,000 points where the core pass goes parallel */
  double *lat = malloc(N * sizeof *lat), *lon = malloc(N * sizeof *lon);
  int *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
  assert_true(lat && lon && a && b);
  clustered(lat, lon, N, 61, 9.1, 77713);
  size_t na = 0, nb = 0;
  int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  assert_int_equal(soso_districts_dbscan(a, &na, lat, lon, N, 6.4, 5), SOSO_OK);
  omp_set_num_threads(3);
  assert_int_equal(soso_districts_dbscan(b, &nb, lat, lon, N, 6.4, 5), SOSO_OK);
  omp_set_num_threads(saved);
  assert_true(na > 10);
  assert_int_equal(na, nb);
  assert_memory_equal(a, b, N * sizeof *a);
  free(lat);
  free(lon);
  free(a);
  free(b);
}

static void test_antimeridian_and_poles(void **state) {
  (void)state;
  /* Across 180 deg: 0.02 deg of longitude apart on lat 64.7 (0.95 km). */
  double lat[] = {64.7, 64.7, 64.71, 89.993, 89.995, -89.996, -89.9941, 0.0};
  double lon[] = {179.99, -179.99, 539.99, 12.0, -168.0, 77.0, -103.0, 180.0};
  int lab[8];
  size_t nd = 0;
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 8, 2.5, 2), SOSO_OK);
  assert_int_equal(nd, 3);
  /* lon 539.99 is lon 179.99 again: all three at the antimeridian join. */
  assert_int_equal(lab[0], 0);
  assert_int_equal(lab[1], 0);
  assert_int_equal(lab[2], 0);
  /* Across the north pole (1.33 km apart) and the south pole (1.10 km). */
  assert_int_equal(lab[3], 1);
  assert_int_equal(lab[4], 1);
  assert_int_equal(lab[5], 2);
  assert_int_equal(lab[6], 2);
  assert_int_equal(lab[7], -1);
  check_against_reference(lat, lon, 8, 2.5, 2);

  /* The centroid of the antimeridian district is on the antimeridian side. */
  soso_district_input in = {8, lat, lon, NULL, 0, NULL, NULL};
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_find(&ds, &in, 2.5, 2), SOSO_OK);
  const soso_district *d = soso_districts_get(ds, 0);
  assert_true(fabs(fabs(d->lon) - 180.0) < 0.01);
  d = soso_districts_get(ds, 1);
  assert_true(d->lat > 89.99);
  assert_null(soso_districts_get(ds, 3));
  soso_districts_free(ds);
}

static void test_eps_edges(void **state) {
  (void)state;
  const double eps = 7.385;
  double deg = eps / SOSO_EARTH_RADIUS_KM * 57.295779513082320877;
  /* Relative margin 1e-9 is far above the unit-vector rounding (~1e-13 of the
   * distance) and far below any real separation. */
  double lat[] = {0.0, 0.0}, lon_in[] = {10.0, 10.0 + deg * (1 - 1e-9)},
         lon_out[] = {10.0, 10.0 + deg * (1 + 1e-9)};
  int lab[2];
  size_t nd = 0;
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon_in, 2, eps, 2), SOSO_OK);
  assert_int_equal(nd, 1);
  assert_int_equal(lab[1], 0);
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon_out, 2, eps, 2), SOSO_OK);
  assert_int_equal(nd, 0);
  assert_int_equal(lab[0], -1);
  assert_int_equal(lab[1], -1);
  /* min_deposits 1: every deposit is a core; isolated ones are districts of one. */
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon_out, 2, eps, 1), SOSO_OK);
  assert_int_equal(nd, 2);
  /* min_deposits above n: nothing is a district. */
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon_in, 2, eps, 3), SOSO_OK);
  assert_int_equal(nd, 0);
  /* eps beyond half the circumference: everything is one neighbourhood. */
  double wlat[] = {51.5, -33.9, 35.7}, wlon[] = {-0.1, 151.2, 139.7};
  int wl[3];
  assert_int_equal(soso_districts_dbscan(wl, &nd, wlat, wlon, 3, 30000.0, 3), SOSO_OK);
  assert_int_equal(nd, 1);
  assert_int_equal(wl[1], 0);
  /* A tiny eps (10 m) on identical points: still neighbours. */
  double tlat[] = {45.123, 45.123, 45.1231}, tlon[] = {18.77, 18.77, 18.77};
  assert_int_equal(soso_districts_dbscan(wl, &nd, tlat, tlon, 3, 0.01, 2), SOSO_OK);
  assert_int_equal(nd, 1);
  assert_int_equal(wl[2], -1); /* 11 m away */
  /* No points. */
  assert_int_equal(soso_districts_dbscan(wl, &nd, tlat, tlon, 0, 5.0, 2), SOSO_OK);
  assert_int_equal(nd, 0);
}

static void test_errors(void **state) {
  (void)state;
  double lat[] = {44.1, 44.2}, lon[] = {19.3, 19.4};
  int lab[2];
  size_t nd = 7;
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 2, 0.0, 2), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "eps_km"));
  assert_int_equal(nd, 0);
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 2, -3.5, 2), SOSO_EUSAGE);
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 2, NAN, 2), SOSO_EUSAGE);
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 2, INFINITY, 2), SOSO_EUSAGE);
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, lon, 2, 5.0, 0), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "min_deposits"));
  double badlat[] = {44.1, 90.5}, badlon[] = {19.3, NAN};
  assert_int_equal(soso_districts_dbscan(lab, &nd, badlat, lon, 2, 5.0, 2), SOSO_EUSAGE);
  assert_non_null(strstr(soso_error_last(), "point 1"));
  assert_int_equal(soso_districts_dbscan(lab, &nd, lat, badlon, 2, 5.0, 2), SOSO_EUSAGE);
  soso_district_input in = {2, lat, lon, NULL, 0, NULL, NULL};
  soso_districts *ds = (soso_districts *)(uintptr_t)0x10; /* must be reset to NULL */
  assert_int_equal(soso_districts_find(&ds, &in, -1.0, 2), SOSO_EUSAGE);
  assert_null(ds);
  soso_districts_free(NULL);
}

static void test_summaries(void **state) {
  (void)state;
  /* Three deposits near Srebrenica (BA), one noise deposit far away, two near
   * Trepca (XK/RS); coordinates rounded, values high-entropy test values. */
  double lat[] = {44.107, 44.131, 44.089, 52.3, 42.934, 42.951};
  double lon[] = {19.297, 19.331, 19.352, 4.9, 20.884, 20.901};
  double ore[] = {1.37, NAN, 0.283, 5.0, 2.91, 0.447};
  /* contained: columns zn, pb (t) */
  double cont[] = {71240.0, 38150.0, NAN, NAN, 15566.0, 4103.0, 1.0, 1.0,
                   203700.0, 180000.0, 22350.0, NAN};
  const char *names[] = {"zn", "pb"};
  soso_district_input in = {6, lat, lon, ore, 2, cont, names};
  soso_districts *ds = NULL;
  assert_int_equal(soso_districts_find(&ds, &in, 6.0, 2), SOSO_OK);
  assert_int_equal(soso_districts_count(ds), 2);
  assert_int_equal(soso_districts_commodities(ds), 2);
  assert_string_equal(soso_districts_commodity(ds, 1), "pb");
  assert_null(soso_districts_commodity(ds, 2));
  const int *lab = soso_districts_labels(ds);
  assert_int_equal(lab[3], -1);
  const soso_district *d = soso_districts_get(ds, 0);
  assert_int_equal(d->n, 3);
  assert_int_equal(d->members[0], 0);
  assert_int_equal(d->members[1], 1);
  assert_int_equal(d->members[2], 2);
  /* Sums: exact in binary up to one rounding per addition (1e-9 relative). */
  assert_true(fabs(d->ore_mt - (1.37 + 0.283)) < 1e-12);
  assert_int_equal(d->n_ore, 2);
  assert_true(fabs(d->contained[0] - 86806.0) < 1e-9);
  assert_true(fabs(d->contained[1] - 42253.0) < 1e-9);
  /* Span: the largest of the three pairwise distances. */
  double s01 = sphere_km(lat[0], lon[0], lat[1], lon[1]);
  double s02 = sphere_km(lat[0], lon[0], lat[2], lon[2]);
  double s12 = sphere_km(lat[1], lon[1], lat[2], lon[2]);
  double want = fmax(s01, fmax(s02, s12));
  /* Chord-based and haversine distances agree to rounding (~1e-12 relative). */
  assert_true(fabs(d->span_km - want) < 1e-9 * want);
  /* Centroid inside the triangle's bounding box and near the mean. */
  assert_true(fabs(d->lat - (44.107 + 44.131 + 44.089) / 3) < 1e-3);
  assert_true(fabs(d->lon - (19.297 + 19.331 + 19.352) / 3) < 1e-3);
  d = soso_districts_get(ds, 1);
  assert_int_equal(d->n, 2);
  assert_true(fabs(d->contained[1] - 180000.0) < 1e-9);
  assert_true(fabs(d->span_km - sphere_km(lat[4], lon[4], lat[5], lon[5])) <
              1e-9 * d->span_km);
  soso_districts_free(ds);
}

/* Districts above the all-pairs size use the gnomonic hull; compare with all pairs. */
static void test_span_large_district(void **state) {
  (void)state;
  enum { N = 2400 };
  double *lat = malloc(N * sizeof *lat), *lon = malloc(N * sizeof *lon);
  assert_true(lat && lon);
  soso_rng r = soso_rng_make(31337, 1002);
  const double clat[] = {43.817, 78.2, -12.3}, clon[] = {18.413, 15.6, 179.7};
  const double sd[] = {0.31, 0.9, 2.4};
  for (size_t t = 0; t < 3; t++) {
    for (size_t i = 0; i < N; i++) {
      double z[4];
      soso_rng_normal4(&r, t * N + i, 0, z);
      lat[i] = clat[t] + sd[t] * z[0];
      lon[i] = clon[t] + sd[t] * z[1] / cos(clat[t] * 0.0174532925199433);
    }
    soso_district_input in = {N, lat, lon, NULL, 0, NULL, NULL};
    soso_districts *ds = NULL;
    /* eps larger than the cloud: one district of all points. */
    assert_int_equal(soso_districts_find(&ds, &in, 5000.0, 1), SOSO_OK);
    assert_int_equal(soso_districts_count(ds), 1);
    const soso_district *d = soso_districts_get(ds, 0);
    assert_int_equal(d->n, N);
    double want = 0;
    for (size_t a = 0; a < N; a++)
      for (size_t b = a + 1; b < N; b++) {
        double s = sphere_km(lat[a], lon[a], lat[b], lon[b]);
        if (s > want) want = s;
      }
    /* The hull vertices go through the gnomonic plane and back: rounding of a
     * few ulps of the unit vectors, ~1e-12 relative to the span. */
    assert_true(fabs(d->span_km - want) < 1e-9 * want);
    soso_districts_free(ds);
  }
  free(lat);
  free(lon);
}

static void test_geoindex_cells(void **state) {
  (void)state;
  /* Every pair within the radius is found in the 27 cells (checked both ways
   * against the haversine formula on random worldwide points). */
  enum { N = 3000 };
  double lat[N], lon[N];
  soso_rng r = soso_rng_make(4242, 1003);
  for (size_t i = 0; i < N; i++) {
    double u[4];
    soso_rng_uniform4(&r, i, 0, u);
    lat[i] = asin(2.0 * u[0] - 1.0) * 57.29577951308232;
    lon[i] = -180.0 + 360.0 * u[1];
  }
  geoindex ix;
  assert_int_equal(geoindex_init(&ix, lat, lon, N, 333.3), SOSO_OK);
  size_t pairs = 0, found = 0;
  for (size_t i = 0; i < N; i++) {
    const uint32_t *cells;
    size_t nc = geoindex_cells(&ix, ix.pos[i], &cells);
    assert_true(nc >= 1 && nc <= 27);
    for (size_t c = 0; c < nc; c++)
      for (size_t q = ix.start[cells[c]]; q < ix.start[cells[c] + 1]; q++)
        found += (size_t)geoindex_near(&ix, ix.pos[i], q);
    for (size_t j = 0; j < N; j++)
      pairs += sphere_km(lat[i], lon[i], lat[j], lon[j]) <= 333.3;
  }
  assert_int_equal(found, pairs);
  assert_true(pairs > N); /* not only the points themselves */
  geoindex_free(&ix);
  assert_int_equal(geoindex_init(&ix, lat, lon, N, 0.0), SOSO_EUSAGE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_brute_force),
      cmocka_unit_test(test_thread_count_independent),
      cmocka_unit_test(test_antimeridian_and_poles),
      cmocka_unit_test(test_eps_edges),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_summaries),
      cmocka_unit_test(test_span_large_district),
      cmocka_unit_test(test_geoindex_cells),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
