/* sweep.h - an EU-wide sweep: every screened deposit drafted into a mine
 * (soso_draft_mine), valued (soso_value_solve) under each scenario of a scenarios
 * file, the results checkpointed in the store (tables sweep_result and
 * sweep_skipped) and written to a GeoPackage.
 *
 * A scenario multiplies the drafted mine's price levels (s0; for log-OU factors
 * the long-run level too) and volatilities, per commodity or all, its operating
 * costs (cash_cost, fixed_cost) and capital cost, and may set the discount rate
 * (static NPV) and the royalty. Everything else is the draft's.
 *
 * Determinism: each (deposit, scenario) result depends only on the deposit, the
 * scenario, the store's prices and the options (LSM uses a fixed seed and one
 * thread per solve), so results do not depend on the thread count, on the order
 * in which deposits are done, or on how often the sweep was interrupted. A run is
 * identified by a key hashed from the deposit ids, the scenarios file's text and
 * the options; a deposit is done when its rows (or its skip reason) are in the
 * store for that key, committed in one transaction per deposit.
 */
#ifndef SOSO_SWEEP_H
#define SOSO_SWEEP_H

#include "soso/deposits.h"
#include "soso/mine.h"
#include "soso/store.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { SOSO_SWEEP_NAME_MAX = 64, SOSO_SWEEP_ADJ_MAX = 16 };

/* A multiplier pair for one commodity's price factor ("" = every factor). */
typedef struct soso_sweep_adj {
  char commodity[SOSO_NAME_MAX]; /* factor name, e.g. "ZINC"; "" for all */
  double price;                  /* price level multiplier (> 0) */
  double vol;                    /* volatility multiplier (> 0) */
} soso_sweep_adj;

/* One scenario. Per-commodity entries override the "all" entry. */
typedef struct soso_sweep_scenario {
  char name[SOSO_SWEEP_NAME_MAX]; /* unique label */
  char note[256];                 /* the file's `assumption:` text ("" none) */
  int line;                       /* line in the scenarios file */
  int n_adj;                      /* entries in adj */
  soso_sweep_adj adj[SOSO_SWEEP_ADJ_MAX];
  double opex;                    /* cash_cost and fixed_cost multiplier (> 0) */
  double capex;                   /* capital_cost multiplier (> 0) */
  double discount_rate;           /* static NPV rate per year; NAN: the draft's */
  double royalty;                 /* fraction of revenue 0..1; NAN: the draft's */
} soso_sweep_scenario;

/* A loaded scenarios file. */
typedef struct soso_sweep_scenarios {
  char window[64];         /* from_store window of the drafts, e.g. "1990-01..latest" */
  size_t lsm_paths;        /* LSM regression paths for several-factor mines */
  size_t n;                /* scenarios, >= 1 */
  soso_sweep_scenario *s;  /* [n] */
  char *text;              /* the file's bytes (for the run key) */
} soso_sweep_scenarios;

/* Loads a scenarios file (README.md, "soso sweep"). Errors: SOSO_EIO unreadable;
 * SOSO_EDATA "FILE:LINE: key: reason". *out NULL on failure. */
int soso_sweep_scenarios_load(soso_sweep_scenarios **out, const char *path);
/* NULL-safe. */
void soso_sweep_scenarios_free(soso_sweep_scenarios *s);

/* Applies scenario s to mine m in place. A per-commodity entry that names no
 * factor of m is ignored (the deposit just lacks that metal). */
void soso_sweep_apply(soso_mine *m, const soso_sweep_scenario *s);

/* One (deposit, scenario) result; money in the mine's money unit (US$). */
typedef struct soso_sweep_row {
  size_t deposit;        /* index into the run's deposits */
  size_t scenario;       /* index into the scenarios */
  int lsm;               /* 1: least-squares Monte Carlo, 0: grid */
  double value_open;     /* value of the open mine at t = 0, before capital */
  double flexible_npv;   /* value_open - capital cost */
  double static_npv;     /* classical NPV */
  double irr;            /* static IRR per year; NAN when none */
  double close_below;    /* critical price of the first factor (grid); NAN (LSM) */
  double reopen_above;   /* reopening price (grid); NAN (LSM) */
  double life_years;     /* static plan life */
  double crew;           /* operating crew */
  double capital;        /* capital cost after the scenario */
} soso_sweep_row;

/* The result of a sweep: rows ordered by deposit then scenario. */
typedef struct soso_sweep {
  char key[17];          /* run key (hex) */
  size_t n_deposits;     /* deposits swept */
  size_t n_scenarios;
  size_t n_rows;
  soso_sweep_row *rows;
  char **series;         /* per deposit: "ZINC 1990-01..2025-10; LEAD ..." or NULL */
  char **skipped;        /* per deposit: reason it could not be drafted, or NULL */
  size_t n_skipped;
  size_t n_resumed;      /* deposits found done in the store at start */
  /* Timing of this invocation (not stored; for benchmarks), per deposit: */
  int *rank;             /* MPI rank that did it (0 without MPI); -1 resumed */
  double *seconds;       /* wall seconds drafting and valuing it */
  double *wait;          /* seconds its rank waited for rank 0 to deal it (MPI) */
  double *cpu;           /* CPU seconds of the thread that did it */
  double *save;          /* seconds rank 0 took to checkpoint it in the store */
  size_t copy_bytes;     /* MPI: bytes of the store copy sent to the other ranks */
  double copy_seconds;   /* MPI: seconds to serialize and broadcast it */
} soso_sweep;

typedef struct soso_sweep_opts {
  int n_threads;         /* OpenMP threads over deposits; 0: the default */
  const char *data_dir;  /* for the draft; NULL built-in */
  size_t stop_after;     /* testing: stop after this many new deposits (0: never) */
  void (*progress)(void *closure, size_t done, size_t total); /* may be NULL */
  void *closure;
  int mpi;               /* 1: rank 0 of an MPI run (soso_sweep_mpi_init): deal the
                            deposits to every rank; n_threads is then per rank
                            (0: one). The other ranks call soso_sweep_mpi_work. */
} soso_sweep_opts;
#define SOSO_SWEEP_OPTS_INIT {0, NULL, 0, NULL, NULL, 0}

/* Sweeps the n deposits ids (stored ids, e.g. from soso_screen) under sc,
 * resuming a run with the same key. Errors: the store's (SOSO_EIO ...). A
 * deposit that cannot be drafted or valued is recorded in skipped, not an error. */
int soso_sweep_run(soso_sweep **out, soso_store *store, char *const *ids, size_t n,
                   const soso_sweep_scenarios *sc, const soso_sweep_opts *o);

/* Open MPI (`mpirun -n N soso sweep ...`; README "soso sweep on a cluster").
 *
 * Rank 0 owns the store: it screens, checkpoints every deposit (as a threaded run)
 * and writes the outputs. It sends the other ranks the scenarios and a copy of the
 * store (sqlite3_serialize: deposits and prices, for drafting; no shared file
 * system needed), then deals deposit indices one at a time, in index order, to
 * whichever thread of whichever rank asks next (dynamic: deposit costs differ by
 * orders of magnitude); its own --threads threads take deposits too. A result
 * depends only on the deposit, the scenario and the store (fixed LSM seed, one
 * thread per solve), so the outputs are identical for any number of ranks and
 * threads, and a killed run resumes from rank 0's store. Messages are raw bytes:
 * all ranks must run the same soso binary on the same kind of machine. */

/* Starts MPI when this process was launched by mpirun or srun (their environment
 * variables), with MPI_THREAD_SERIALIZED: *rank and *size of MPI_COMM_WORLD.
 * Otherwise *rank 0, *size 1 and *launched 0 (MPI untouched). Errors: SOSO_EUSAGE
 * when launched with more than one rank by a library built without MPI; SOSO_ERR
 * when MPI cannot start. */
int soso_sweep_mpi_init(int *rank, int *size, int *launched);

/* Ranks other than 0: receive the run from rank 0, value the deposits it deals
 * with o->n_threads threads (0: one), until it says stop. Returns 0, or an error
 * of this rank (also reported to rank 0, which fails the run). */
int soso_sweep_mpi_work(const soso_sweep_opts *o);

/* Rank 0 when it fails before soso_sweep_run: tells the other ranks there is no
 * run, so they return. A no-op without MPI. */
void soso_sweep_mpi_cancel(void);

/* Ends MPI if soso_sweep_mpi_init started it; a no-op otherwise. */
void soso_sweep_mpi_finalize(void);

/* The share of scenarios in which deposit i is worth opening (flexible NPV > 0);
 * NAN when skipped. */
double soso_sweep_share(const soso_sweep *w, size_t i);

/* Writes the GeoPackage: layer "sweep" (points, WGS84, one row per deposit and
 * scenario), layer "viability" (points, one row per deposit: share) and table
 * "skipped" (deposit, reason). set gives ids, names, locations (same order as
 * the run's ids). Written atomically. SOSO_EIO on failure. */
int soso_sweep_gpkg(const char *path, const soso_sweep *w, const soso_deposits *set,
                    const soso_sweep_scenarios *sc);

/* NULL-safe. */
void soso_sweep_free(soso_sweep *w);

#ifdef __cplusplus
}
#endif
#endif
