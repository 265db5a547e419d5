/* sweep_int.h - the sweep's internal parts shared by the threaded loop
 * (src/sweep/run.c) and the Open MPI distribution (src/sweep/mpi.c). */
#ifndef SOSO_SWEEP_INT_H
#define SOSO_SWEEP_INT_H

#include "soso/sweep.h"

#include <stddef.h>

/* One deposit's work: its rows, the price series it used, or why it was skipped.
 * Plain bytes (no pointers but rows), so MPI sends it as it is. */
typedef struct soso__sweep_job {
  soso_sweep_row *rows; /* [n_scenarios] */
  char series[512];     /* the price factors' store series and windows */
  char reason[512];     /* non-empty: skipped */
} soso__sweep_job;

/* The shared state of one run: what is done, where the dealer is, errors. All
 * fields but the constants are touched only inside the critical sections named
 * in run.c (soso_sweep_store, soso_sweep_next). */
typedef struct soso__sweep_state {
  soso_store *store;
  char *const *ids;
  size_t n;
  const soso_sweep_scenarios *sc;
  const soso_sweep_opts *o;
  const char *key;
  char *done;       /* [n]: 1 when in the store at start */
  size_t next;      /* the dealer's cursor: deposits before it are dealt */
  size_t n_done;    /* deposits in the store */
  size_t n_new;     /* deposits saved by this run */
  int stop;         /* 1: deal no more (stop_after or an error) */
  int err;          /* first error code (0 none) */
  char errmsg[512]; /* its message (error messages are per thread) */
  int *rank;        /* [n]: rank that did deposit i (-1: resumed or not done) */
  double *seconds;  /* [n]: its wall seconds drafting and valuing */
  double *wait;     /* [n]: seconds its rank waited for it to be dealt (MPI) */
  double *cpu;      /* [n]: CPU seconds of the thread that did it */
  double *save;     /* [n]: rank 0's seconds to checkpoint it */
  double copy_seconds; /* MPI: rank 0's time to copy and broadcast the store */
  size_t copy_bytes;   /* MPI: bytes of the store's copy */
} soso__sweep_state;

/* The next deposit to do, or n when all are dealt or the run stops. */
size_t soso__sweep_take(soso__sweep_state *st);

/* Drafts, loads and values deposit id into jb (jb->rows allocated by the caller,
 * zeroed); a failure is jb->reason, never an error. store: the run's, or an MPI
 * rank's private copy; drafting holds the critical section soso_sweep_store. */
void soso__sweep_work(soso__sweep_job *jb, soso_store *store, const char *id,
                      const soso_sweep_scenarios *sc, const char *data_dir);

/* Saves a finished deposit (unless the run has stopped) and reports progress;
 * rank, seconds and wait are recorded for the run's timing (soso_sweep.rank ...). */
void soso__sweep_commit(soso__sweep_state *st, size_t i, const soso__sweep_job *jb, int rank,
                        double seconds, double cpu, double wait);

/* CPU seconds of the calling thread. */
double soso__sweep_cpu(void);

/* One thread's loop: take a deposit, work, commit, until none is left. */
void soso__sweep_loop(soso__sweep_state *st);

/* Threads over deposits on this process (the loop of soso_sweep_run). */
void soso__sweep_local(soso__sweep_state *st, int n_threads);

/* Rank 0 of an MPI run with more than one rank: deals deposits to the other ranks
 * and to n_threads local threads until all are done. Returns an error code (the
 * state's err for failures of the run itself). Built without MPI: SOSO_EUSAGE. */
int soso__sweep_mpi_lead(soso__sweep_state *st, int n_threads);

#endif
