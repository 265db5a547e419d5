/* grid_put.c - the grid engine's American put against QuantLib's
 * FdBlackScholesVanillaEngine (bench/grid_put_quantlib.cpp): the 20 puts of
 * Longstaff & Schwartz (2001) Table 1 (reference section 1), priced with
 * tGrid = xGrid = N, errors against QuantLib's high-precision QdFpAmericanEngine.
 *
 * usage: grid_put ORACLE N [REPEAT] [pde|quadrature]
 *   ORACLE: the output of `grid_put_quantlib --oracle` (S sigma T value per line).
 * Prints "S sigma T value error ms" per case (ms: mean process CPU time over REPEAT
 * calls, including each call's set-up), then "max_err", "rms_err" and "total_ms".
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/valuation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: grid_put ORACLE N [REPEAT] [pde|quadrature]\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    fprintf(stderr, "grid_put: cannot open %s\n", argv[1]);
    return 1;
  }
  double cs[20][4];
  int n_cases = 0;
  while (n_cases < 20 && fscanf(f, "%lf %lf %lf %lf", &cs[n_cases][0], &cs[n_cases][1],
                                &cs[n_cases][2], &cs[n_cases][3]) == 4)
    n_cases++;
  fclose(f);
  if (n_cases != 20) {
    fprintf(stderr, "grid_put: %s: expected 20 oracle lines, read %d\n", argv[1], n_cases);
    return 1;
  }
  long n = atol(argv[2]);
  int repeat = argc > 3 ? atoi(argv[3]) : 20;
  soso_put_opts o = SOSO_PUT_OPTS_INIT;
  o.n_space = o.n_time = (size_t)(n > 0 ? n : 0);
  if (argc > 4 && strcmp(argv[4], "quadrature") == 0) o.method = SOSO_PUT_QUADRATURE;
  else if (argc > 4 && strcmp(argv[4], "pde") != 0) {
    fprintf(stderr, "grid_put: method must be pde or quadrature\n");
    return 2;
  }
  if (repeat < 1) repeat = 1;
  double total = 0.0, max_err = 0.0, sq = 0.0;
  for (int i = 0; i < n_cases; i++) {
    double v = 0.0, t0 = cpu_ms();
    for (int k = 0; k < repeat; k++) {
      if (soso_valuation_american_put(&v, cs[i][0], 40.0, 0.06, 0.0, cs[i][1], cs[i][2], &o) < 0) {
        fprintf(stderr, "grid_put: %s\n", soso_error_last());
        return 1;
      }
    }
    double ms = (cpu_ms() - t0) / repeat, err = v - cs[i][3];
    total += ms;
    max_err = fmax(max_err, fabs(err));
    sq += err * err;
    printf("%g %g %g %.10f %+.6f %.4f\n", cs[i][0], cs[i][1], cs[i][2], v, err, ms);
  }
  printf("max_err %.6f\nrms_err %.6f\ntotal_ms %.4f\n", max_err, sqrt(sq / n_cases), total);
  return 0;
}
