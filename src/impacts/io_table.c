/* io_table.c - reads and builds regional input-output tables (include/soso/io.h).
 *
 * The table is read with the library's one CSV reader (include/soso/csv.h), which
 * gives the file line for every message; '#' lines are notes. Rows must balance (sum of flows +
 * final demand = total output within 0.5 %, the rounding seen in published tables).
 */
#include "core/ydoc_int.h"
#include "impacts/io_int.h"
#include "soso/csv.h"
#include "soso/error.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void soso_io_table_free(soso_io_table *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n && t->names; i++) free(t->names[i]);
  free(t->names);
  free(t->Z);
  free(t->f);
  free(t->x);
  free(t->W);
  free(t->C);
  free(t->jobs);
  free(t);
}

static int alloc_table(soso_io_table **out, size_t n) {
  soso_io_table *t = calloc(1, sizeof *t);
  if (!t) return soso_error_set(SOSO_ENOMEM, "out of memory");
  t->n = n;
  t->names = calloc(n, sizeof *t->names);
  t->Z = calloc(n * n, sizeof *t->Z);
  t->f = calloc(n, sizeof *t->f);
  t->x = calloc(n, sizeof *t->x);
  if (!t->names || !t->Z || !t->f || !t->x) {
    soso_io_table_free(t);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  *out = t;
  return SOSO_OK;
}

int soso_io_table_new(soso_io_table **out, size_t n, const char *const *names,
                      const double *Z, const double *f, const double *x) {
  *out = NULL;
  if (n == 0) return soso_error_set(SOSO_EUSAGE, "io table: no sectors");
  soso_io_table *t = NULL;
  int rc = alloc_table(&t, n);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "s%zu", i + 1);
    t->names[i] = soso__ydoc_strdup(names ? names[i] : buf);
    if (!t->names[i]) {
      soso_io_table_free(t);
      return soso_error_set(SOSO_ENOMEM, "out of memory");
    }
    if (!(x[i] > 0)) {
      soso_io_table_free(t);
      return soso_error_set(SOSO_EUSAGE, "io table: total output of sector %zu must be > 0",
                            i + 1);
    }
  }
  memcpy(t->Z, Z, n * n * sizeof *Z);
  memcpy(t->f, f, n * sizeof *f);
  memcpy(t->x, x, n * sizeof *x);
  *out = t;
  return SOSO_OK;
}

int soso_io_table_set_households(soso_io_table *t, const double *W, const double *C,
                                 double total_income) {
  double *w = malloc(t->n * sizeof *w), *c = malloc(t->n * sizeof *c);
  if (!w || !c) {
    free(w);
    free(c);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  memcpy(w, W, t->n * sizeof *w);
  memcpy(c, C, t->n * sizeof *c);
  double sum = 0.0;
  for (size_t i = 0; i < t->n; i++) sum += w[i];
  if (total_income <= 0) total_income = sum;
  if (!(total_income > 0)) {
    free(w);
    free(c);
    return soso_error_set(SOSO_EUSAGE, "io table: household income must be > 0");
  }
  free(t->W);
  free(t->C);
  t->W = w;
  t->C = c;
  t->total_income = total_income;
  return SOSO_OK;
}

int soso_io_table_set_employment(soso_io_table *t, const double *jobs) {
  double *j = malloc(t->n * sizeof *j);
  if (!j) return soso_error_set(SOSO_ENOMEM, "out of memory");
  memcpy(j, jobs, t->n * sizeof *j);
  free(t->jobs);
  t->jobs = j;
  return SOSO_OK;
}

size_t soso_io_table_size(const soso_io_table *t) { return t->n; }
const char *soso_io_table_sector(const soso_io_table *t, size_t i) {
  return i < t->n ? t->names[i] : NULL;
}
long soso_io_table_find(const soso_io_table *t, const char *name) {
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->names[i], name) == 0) return (long)i;
  return -1;
}

/* --- CSV ------------------------------------------------------------------ */

typedef struct csvctx {
  const char *path; /* file name for messages */
  long line;        /* current line, 1-based */
  char **header;    /* column names of the header row (copies, owned) */
} csvctx;

/* Parses cell into *v (>= 0). Empty cells are allowed only when empty_ok. */
static int cell_num(const csvctx *cx, const char *cell, int col, int empty_ok, double *v,
                    int *was_empty) {
  if (was_empty) *was_empty = 0;
  if (!*cell) {
    if (empty_ok) {
      if (was_empty) *was_empty = 1;
      *v = 0.0;
      return SOSO_OK;
    }
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: empty cell", cx->path, cx->line,
                          cx->header[col]);
  }
  char *end = NULL;
  errno = 0;
  double x = strtod(cell, &end);
  if (end == cell || *end || errno == ERANGE || !isfinite(x))
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: \"%s\" is not a number", cx->path, cx->line,
                          cx->header[col], cell);
  if (x < 0)
    return soso_error_set(SOSO_EDATA, "%s:%ld: %s: %g is negative", cx->path, cx->line,
                          cx->header[col], x);
  *v = x;
  return SOSO_OK;
}

static void free_header(char **header, int n) {
  for (int c = 0; header && c < n; c++) free(header[c]);
  free(header);
}

static int parse(soso_io_table **out, soso_csv *csv, const char *path) {
  char **cells = NULL, **header = NULL;
  csvctx cx = {path, 0, NULL};
  soso_io_table *t = NULL;
  int ncol = 0, hh_col = -1, fd_col = -1, x_col = -1, rc = SOSO_OK;
  size_t n = 0, rows = 0;
  double *W = NULL, *C = NULL, *J = NULL, XH = 0.0;
  int have_w = 0, have_j = 0;
  long wline = 0;
  int got;
  while ((got = soso_csv_next(csv)) > 0) {
    cx.line = soso_csv_line(csv);
    cells = soso_csv_fields(csv);
    if (soso_csv_count(csv) > INT_MAX / 2) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: header: too many columns", path, cx.line);
      goto fail;
    }
    int nc = (int)soso_csv_count(csv);
    if (ncol == 0) { /* header: copied, since the reader's fields last one record */
      ncol = nc;
      if (!(header = calloc((size_t)ncol, sizeof *header))) {
        rc = soso_error_set(SOSO_ENOMEM, "out of memory");
        goto fail;
      }
      cx.header = header;
      for (int c = 0; c < ncol; c++)
        if (!(header[c] = soso__ydoc_strdup(cells[c]))) {
          rc = soso_error_set(SOSO_ENOMEM, "out of memory");
          goto fail;
        }
      if (strcmp(header[0], "sector") != 0) {
        rc = soso_error_set(SOSO_EDATA, "%s:%ld: header: first column must be \"sector\"",
                            path, cx.line);
        goto fail;
      }
      for (int c = 1; c < ncol; c++) {
        if (strcmp(header[c], "households") == 0) hh_col = c;
        else if (strcmp(header[c], "final_demand") == 0) fd_col = c;
        else if (strcmp(header[c], "total_output") == 0) x_col = c;
        else if (hh_col >= 0 || fd_col >= 0 || x_col >= 0) {
          rc = soso_error_set(SOSO_EDATA,
                              "%s:%ld: %s: sector columns must come before households, "
                              "final_demand and total_output", path, cx.line, header[c]);
          goto fail;
        } else n++;
      }
      if (fd_col < 0 || x_col < 0) {
        rc = soso_error_set(SOSO_EDATA, "%s:%ld: header: needs final_demand and total_output "
                            "columns", path, cx.line);
        goto fail;
      }
      if (n == 0) {
        rc = soso_error_set(SOSO_EDATA, "%s:%ld: header: no sector columns", path, cx.line);
        goto fail;
      }
      if ((rc = alloc_table(&t, n))) goto fail;
      W = calloc(n, sizeof *W);
      C = calloc(n, sizeof *C);
      J = calloc(n, sizeof *J);
      if (!W || !C || !J) { rc = soso_error_set(SOSO_ENOMEM, "out of memory"); goto fail; }
      for (size_t j = 0; j < n; j++)
        if (!(t->names[j] = soso__ydoc_strdup(header[j + 1]))) {
          rc = soso_error_set(SOSO_ENOMEM, "out of memory");
          goto fail;
        }
      continue;
    }
    if (nc != ncol) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: %s: %d cells, the header has %d", path, cx.line,
                          cells[0], nc, ncol);
      goto fail;
    }
    if (strcmp(cells[0], "households") == 0 || strcmp(cells[0], "employment") == 0) {
      int is_w = cells[0][0] == 'h';
      double *dst = is_w ? W : J;
      if (is_w ? have_w : have_j) {
        rc = soso_error_set(SOSO_EDATA, "%s:%ld: %s: row given twice", path, cx.line, cells[0]);
        goto fail;
      }
      for (size_t j = 0; j < n; j++)
        if ((rc = cell_num(&cx, cells[j + 1], (int)j + 1, 0, &dst[j], NULL))) goto fail;
      if (is_w) {
        int empty = 0;
        if ((rc = cell_num(&cx, cells[x_col], x_col, 1, &XH, &empty))) goto fail;
        have_w = 1;
        wline = cx.line;
      } else {
        have_j = 1;
      }
      continue;
    }
    if (rows >= n || strcmp(cells[0], t->names[rows]) != 0) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: sector: row \"%s\" where \"%s\" was expected "
                          "(rows in the order of the sector columns)", path, cx.line, cells[0],
                          rows < n ? t->names[rows] : "households or employment");
      goto fail;
    }
    size_t i = rows++;
    double sum = 0.0;
    for (size_t j = 0; j < n; j++) {
      if ((rc = cell_num(&cx, cells[j + 1], (int)j + 1, 0, &t->Z[i * n + j], NULL))) goto fail;
      sum += t->Z[i * n + j];
    }
    if (hh_col >= 0 && (rc = cell_num(&cx, cells[hh_col], hh_col, 0, &C[i], NULL))) goto fail;
    if ((rc = cell_num(&cx, cells[fd_col], fd_col, 0, &t->f[i], NULL))) goto fail;
    if ((rc = cell_num(&cx, cells[x_col], x_col, 0, &t->x[i], NULL))) goto fail;
    if (!(t->x[i] > 0)) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: total_output: must be > 0", path, cx.line);
      goto fail;
    }
    if (hh_col >= 0 && C[i] > t->f[i] * (1 + 1e-9)) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: households: %g exceeds final_demand %g (household "
                          "consumption is part of final demand)", path, cx.line, C[i], t->f[i]);
      goto fail;
    }
    if (fabs(sum + t->f[i] - t->x[i]) > 0.005 * t->x[i]) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: total_output: flows + final demand = %g but "
                          "total_output is %g (more than 0.5 %% apart)", path, cx.line,
                          sum + t->f[i], t->x[i]);
      goto fail;
    }
  }
  if (got < 0) {
    rc = got;
    goto fail;
  }
  cx.line = soso_csv_line(csv);
  if (ncol == 0) {
    rc = soso_error_set(SOSO_EDATA, "%s:1: header: the table is empty", path);
    goto fail;
  }
  if (rows != n) {
    rc = soso_error_set(SOSO_EDATA, "%s:%ld: sector: %zu sector rows, the header names %zu",
                        path, cx.line, rows, n);
    goto fail;
  }
  if (have_w) {
    if (hh_col < 0) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: households: a households row needs a households "
                          "(consumption) column for Type II", path, wline);
      goto fail;
    }
    if ((rc = soso_io_table_set_households(t, W, C, XH))) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: households: income must be > 0", path, wline);
      goto fail;
    }
  }
  if (have_j && (rc = soso_io_table_set_employment(t, J))) goto fail;
  free(W);
  free(C);
  free(J);
  free_header(header, ncol);
  *out = t;
  return SOSO_OK;
fail:
  free(W);
  free(C);
  free(J);
  free_header(header, ncol);
  soso_io_table_free(t);
  return rc;
}

int soso_io_table_load(soso_io_table **out, const char *path) {
  *out = NULL;
  soso_csv_opts o = SOSO_CSV_OPTS_INIT;
  o.comments = 1;  /* '#' lines are notes (the source of the table) */
  o.all_space = 1; /* as isspace() */
  soso_csv *csv = NULL;
  int rc = soso_csv_open(&csv, path, &o);
  if (rc) return rc;
  rc = parse(out, csv, path);
  soso_csv_free(csv);
  return rc;
}
