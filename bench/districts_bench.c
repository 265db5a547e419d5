/* districts_bench.c - timing driver for screening + districts (bench/districts.sh).
 *
 *   districts_bench gen N SEED OUT.csv
 *       writes N synthetic deposits in the wide CSV layout (record_id, name, lat,
 *       lon, ore_mt, zn_pct, pb_pct, ag_gt): 80 % in N/200 clusters (Gaussian,
 *       sd 8 km) whose centres are uniform over lon -10..30, lat 36..70, 20 %
 *       uniform over the same box. Synthetic, not real deposits; deterministic
 *       for a seed (counter-based generator: deposit i uses path i).
 *   districts_bench run DB EPS_KM MIN_DEPOSITS POINTS.csv LABELS.txt [KEY=VALUE...]
 *       screens the store DB with the filters (keys as soso_deposits_screen_opts_set:
 *       commodity=zn, max-ore-mt=5, ...), runs DBSCAN on the result, prints one
 *       line of timings, and writes the screened points (lat,lon in screening
 *       order) and the labels for the peer (bench/districts_peer.py).
 *   districts_bench points POINTS.csv EPS_KM MIN_DEPOSITS LABELS.txt
 *       DBSCAN alone on a points file.
 * Times: wall clock (omp_get_wtime) and process CPU time (all threads), each the
 * best of 3 runs. On a shared machine the CPU time is the steadier figure.
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/data.h"
#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/error.h"
#include "soso/rng.h"
#include "soso/store.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int gen(size_t n, uint64_t seed, const char *out) {
  FILE *fp = fopen(out, "w");
  if (!fp) return 1;
  soso_rng r = soso_rng_make(seed, 1000);
  size_t ncl = n / 200 ? n / 200 : 1;
  fprintf(fp, "record_id,name,lat,lon,ore_mt,zn_pct,pb_pct,ag_gt\n");
  for (size_t i = 0; i < n; i++) {
    double u[4], z[4], c[4];
    soso_rng_uniform4(&r, i, 0, u);
    soso_rng_normal4(&r, i, 1, z);
    size_t k = (size_t)(u[0] * (double)ncl);
    soso_rng_uniform4(&r, (uint64_t)n + k, 0, c); /* the cluster's centre */
    double lat, lon;
    if (u[1] < 0.2) {
      lat = 36.0 + 34.0 * u[2];
      lon = -10.0 + 40.0 * u[3];
    } else {
      double clat = 36.0 + 34.0 * c[0], clon = -10.0 + 40.0 * c[1];
      lat = clat + z[0] * 8.0 / 111.2;
      lon = clon + z[1] * 8.0 / (111.2 * cos(clat * 0.017453292519943295));
    }
    double ore = exp(log(0.5) + 1.5 * z[2]);   /* median 0.5 Mt */
    double zn = fmin(exp(log(4.0) + 0.6 * z[3]), 45.0); /* median 4 % */
    double pb = zn * (0.2 + 0.6 * u[2]);
    double ag = 5.0 + 60.0 * u[3];
    fprintf(fp, "syn%zu,synthetic %zu,%.6f,%.6f,%.4f,%.3f,%.3f,%.1f\n", i, i, lat, lon, ore, zn,
            pb, ag);
  }
  return fclose(fp) == 0 ? 0 : 1;
}

static int write_points(const char *path, const double *lat, const double *lon, size_t n) {
  FILE *fp = fopen(path, "w");
  if (!fp) return 1;
  fprintf(fp, "lat,lon\n");
  for (size_t i = 0; i < n; i++) fprintf(fp, "%.17g,%.17g\n", lat[i], lon[i]);
  return fclose(fp) == 0 ? 0 : 1;
}

static int write_labels(const char *path, const soso_districts *ds, size_t n) {
  FILE *fp = fopen(path, "w");
  if (!fp) return 1;
  const int *lab = soso_districts_labels(ds);
  for (size_t i = 0; i < n; i++) fprintf(fp, "%d\n", lab[i]);
  return fclose(fp) == 0 ? 0 : 1;
}

/* DBSCAN + summaries, best of 3 (wall; *cpu the best CPU time); *ds keeps the
 * last result. */
static double time_districts(soso_districts **ds, double *cpu, const double *lat,
                             const double *lon, size_t n, double eps, size_t minpts) {
  double best = INFINITY;
  *cpu = INFINITY;
  soso_district_input in = {n, lat, lon, NULL, 0, NULL, NULL};
  for (int rep = 0; rep < 3; rep++) {
    soso_districts_free(*ds);
    *ds = NULL;
    double t0 = omp_get_wtime(), c0 = cpu_now();
    if (soso_districts_find(ds, &in, eps, minpts) < 0) return -1;
    double t = omp_get_wtime() - t0, c = cpu_now() - c0;
    if (t < best) best = t;
    if (c < *cpu) *cpu = c;
  }
  return best;
}

static int run_points(const char *pts, double eps, size_t minpts, const char *labels) {
  FILE *fp = fopen(pts, "r");
  if (!fp) return 1;
  size_t cap = 1024, n = 0;
  double *lat = malloc(cap * sizeof *lat), *lon = malloc(cap * sizeof *lon);
  char line[256];
  if (!fgets(line, sizeof line, fp)) n = 0; /* header */
  while (lat && lon && fgets(line, sizeof line, fp)) {
    if (n == cap) {
      cap *= 2;
      double *a = realloc(lat, cap * sizeof *lat), *b = a ? realloc(lon, cap * sizeof *lon) : NULL;
      if (a) lat = a;
      if (b) lon = b;
      if (!a || !b) break;
    }
    if (sscanf(line, "%lf,%lf", &lat[n], &lon[n]) == 2) n++;
  }
  fclose(fp);
  soso_districts *ds = NULL;
  double cpu = 0, t = time_districts(&ds, &cpu, lat, lon, n, eps, minpts);
  if (t < 0) {
    fprintf(stderr, "districts_bench: %s\n", soso_error_last());
    return 1;
  }
  printf("soso points n=%zu eps_km=%g min=%zu districts=%zu threads=%d dbscan_s=%.4f "
         "dbscan_cpu_s=%.4f\n",
         n, eps, minpts, soso_districts_count(ds), omp_get_max_threads(), t, cpu);
  int rc = write_labels(labels, ds, n);
  soso_districts_free(ds);
  free(lat);
  free(lon);
  return rc;
}

static int run_store(int argc, char **argv) {
  const char *db = argv[2], *pts = argv[5], *labels = argv[6];
  double eps = atof(argv[3]);
  size_t minpts = (size_t)atol(argv[4]);
  soso_screen_opts o;
  soso_deposits_screen_opts_init(&o);
  for (int i = 7; i < argc; i++) {
    char key[64];
    const char *eq = strchr(argv[i], '=');
    if (!eq || (size_t)(eq - argv[i]) >= sizeof key) return 2;
    memcpy(key, argv[i], (size_t)(eq - argv[i]));
    key[eq - argv[i]] = '\0';
    if (soso_deposits_screen_opts_set(&o, key, eq + 1) < 0) {
      fprintf(stderr, "districts_bench: %s\n", soso_error_last());
      return 2;
    }
  }
  soso_store *st = NULL;
  if (soso_store_open(&st, db) < 0) {
    fprintf(stderr, "districts_bench: %s\n", soso_error_last());
    return 1;
  }
  double best_screen = INFINITY, cpu_screen = INFINITY;
  soso_deposits *set = NULL;
  for (int rep = 0; rep < 3; rep++) {
    soso_deposits_free(set);
    set = NULL;
    double t0 = omp_get_wtime(), c0 = cpu_now();
    if (soso_deposits_screen_run(&set, st, &o, soso_data_dir_builtin()) < 0) {
      fprintf(stderr, "districts_bench: %s\n", soso_error_last());
      soso_store_free(st);
      return 1;
    }
    double t = omp_get_wtime() - t0, c = cpu_now() - c0;
    if (t < best_screen) best_screen = t;
    if (c < cpu_screen) cpu_screen = c;
  }
  soso_districts *ds = NULL;
  double cpu = 0, t = time_districts(&ds, &cpu, set->lat, set->lon, set->n, eps, minpts);
  if (t < 0) {
    fprintf(stderr, "districts_bench: %s\n", soso_error_last());
    return 1;
  }
  printf("soso store n_screened=%zu eps_km=%g min=%zu districts=%zu threads=%d screen_s=%.4f "
         "dbscan_s=%.4f total_s=%.4f screen_cpu_s=%.4f dbscan_cpu_s=%.4f\n",
         set->n, eps, minpts, soso_districts_count(ds), omp_get_max_threads(), best_screen, t,
         best_screen + t, cpu_screen, cpu);
  int rc = write_points(pts, set->lat, set->lon, set->n) || write_labels(labels, ds, set->n);
  soso_districts_free(ds);
  soso_deposits_free(set);
  soso_store_free(st);
  return rc;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "gen") == 0)
    return gen((size_t)atol(argv[2]), (uint64_t)atoll(argv[3]), argv[4]);
  if (argc >= 7 && strcmp(argv[1], "run") == 0) return run_store(argc, argv);
  if (argc == 6 && strcmp(argv[1], "points") == 0)
    return run_points(argv[2], atof(argv[3]), (size_t)atol(argv[4]), argv[5]);
  fprintf(stderr, "usage: districts_bench gen N SEED OUT.csv\n"
                  "       districts_bench run DB EPS_KM MIN POINTS.csv LABELS.txt [KEY=VALUE...]\n"
                  "       districts_bench points POINTS.csv EPS_KM MIN LABELS.txt\n");
  return 2;
}
