/* io_int.h - the regional input-output table shared by io_table.c (loading) and
 * io.c (Leontief analysis).
 *
 * Invariants: n >= 1; Z is n x n row-major with z_ij >= 0; x_j > 0; W, C and jobs
 * are NULL or hold n values >= 0; total_income > 0 when W is set.
 */
#ifndef SOSO_IMPACTS_IO_INT_H
#define SOSO_IMPACTS_IO_INT_H

#include "soso/io.h"

struct soso_io_table {
  size_t n;           /* producing sectors */
  char **names;       /* sector names (owned) */
  double *Z;          /* inter-industry flows, row-major (owned) */
  double *f;          /* final demand (owned) */
  double *x;          /* total output (owned) */
  double *W;          /* labour income paid by each sector, or NULL */
  double *C;          /* household consumption from each sector, or NULL */
  double total_income; /* household total income (for c_i = C_i / total) */
  double *jobs;       /* jobs per sector, or NULL */
};

#endif
