/* mpi.c - the sweep over Open MPI ranks (include/soso/sweep.h, "Open MPI").
 *
 * Protocol (MPI_COMM_WORLD, raw bytes; every rank runs the same binary):
 *   1. rank 0 broadcasts a header (go or cancel, sizes), then the scenarios, the
 *      store's path (for messages) and a serialized copy of the store;
 *   2. every rank tells rank 0 how many threads it works with (MPI_Gather);
 *   3. each worker thread sends READY, then RESULT(deposit, rows) for each
 *      deposit it finished; rank 0 answers every message with UNIT(index, id)
 *      or STOP. A rank that cannot start sends FAIL(reason) and gets STOP.
 * Rank 0's main thread is the dealer (the only thread of rank 0 that calls MPI:
 * MPI_THREAD_FUNNELED would do); its other threads take deposits from the same
 * cursor (soso__sweep_take). A worker rank's threads call MPI one at a time inside
 * the critical section soso_sweep_mpi, a request and its answer together
 * (MPI_THREAD_SERIALIZED). Deposits are dealt in index order, one at a time, to
 * whoever asks first; which rank does a deposit never changes its result.
 */
#define _GNU_SOURCE
#include "soso/sweep.h"
#include "sweep/sweep_int.h"

#include "soso/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef SOSO_HAVE_MPI
#include "core/store_int.h"
#include "soso/store.h"

#include <mpi.h>
#include <omp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

enum { TAG_READY = 1, TAG_RESULT = 2, TAG_FAIL = 3, TAG_UNIT = 4, TAG_STOP = 5 };
/* Broadcasts go in chunks of this many bytes (the same on every rank: MPI matches
 * a broadcast's counts), so a store over 2 GiB still fits an int count. */
enum { CHUNK = 1 << 20, ID_MAX = 4096, FAIL_MAX = 512 };

static int g_started;  /* soso_sweep_mpi_init called MPI_Init_thread */
static int g_level;    /* the thread level MPI provides */
static int g_dealt;    /* rank 0 has broadcast its header (a run or a cancel) */

typedef struct hdr {
  int64_t go;         /* 1: a run follows; 0: cancelled */
  uint64_t n_sc;      /* scenarios */
  uint64_t lsm_paths;
  uint64_t text;      /* bytes of the scenarios file */
  uint64_t path;      /* bytes of the store's path */
  uint64_t snap;      /* bytes of the store's copy */
  char window[64];
} hdr;

/* The bytes of one RESULT: index, seconds working, seconds waiting for the
 * deposit, series, reason, rows. */
enum { R_IDX = 0, R_SEC = 8, R_WAIT = 16, R_CPU = 24, R_SERIES = 32, R_REASON = 32 + 512,
       R_ROWS = 32 + 1024 };
static size_t result_size(size_t n_sc) { return R_ROWS + n_sc * sizeof(soso_sweep_row); }

static void bcast(void *p, uint64_t n) {
  static char scratch[CHUNK]; /* a rank that could not allocate still takes part */
  char *c = p;
  while (n) {
    int k = n > CHUNK ? CHUNK : (int)n;
    MPI_Bcast(c ? c : scratch, k, MPI_BYTE, 0, MPI_COMM_WORLD);
    if (c) c += k;
    n -= (uint64_t)k;
  }
}

static const char *env_size(void) {
  const char *v = getenv("OMPI_COMM_WORLD_SIZE");
  if (!v) v = getenv("PMI_SIZE");
  return v;
}

int soso_sweep_mpi_init(int *rank, int *size, int *launched) {
  if (!rank || !size || !launched) return soso_error_set(SOSO_EUSAGE, "soso_sweep_mpi_init: NULL");
  *rank = 0;
  *size = 1;
  *launched = 0;
  if (!env_size() && !getenv("PMIX_RANK") && !getenv("PMI_RANK")) return 0;
  int done = 0;
  MPI_Initialized(&done);
  if (!done) {
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &g_level) != MPI_SUCCESS)
      return soso_error_set(SOSO_ERR, "sweep: MPI_Init_thread failed");
    g_started = 1;
  } else {
    MPI_Query_thread(&g_level);
    g_started = 1;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
  *launched = 1;
  return 0;
}

void soso_sweep_mpi_finalize(void) {
  int fin = 0;
  if (!g_started) return;
  MPI_Finalized(&fin);
  if (!fin) MPI_Finalize();
  g_started = 0;
}

void soso_sweep_mpi_cancel(void) {
  if (!g_started || g_dealt) return;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) return;
  hdr h;
  memset(&h, 0, sizeof h);
  MPI_Bcast(&h, (int)sizeof h, MPI_BYTE, 0, MPI_COMM_WORLD);
  g_dealt = 1;
}

/* Waits for a message from src (MPI_ANY_SOURCE) without spinning: MPI_Iprobe,
 * then sleep 20 us, doubling to 1 ms while nothing comes. Open MPI's blocking
 * receive polls a core at 100 %, which on a shared node (or with rank 0's own
 * worker thread beside the dealer) takes CPU from the valuations; deposits take
 * 30 ms to seconds, so a wake-up up to 1 ms late costs little. */
static void wait_message(int src, MPI_Status *ms) {
  long ns = 20000;
  for (;;) {
    int flag = 0;
    MPI_Iprobe(src, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, ms);
    if (flag) return;
    struct timespec ts = {0, ns};
    nanosleep(&ts, NULL);
    if (ns < 1000000) ns *= 2;
  }
}

/* Rank 0's dealer: answers every message until each remote thread has its STOP. */
static void deal(soso__sweep_state *st, long remote, char *buf, size_t cap, char *unit) {
  size_t rs = result_size(st->sc->n);
  while (remote > 0) {
    MPI_Status ms;
    wait_message(MPI_ANY_SOURCE, &ms);
    int cnt = 0;
    MPI_Get_count(&ms, MPI_BYTE, &cnt);
    int src = ms.MPI_SOURCE, tag = ms.MPI_TAG;
    MPI_Recv(buf, (int)cap, MPI_BYTE, src, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if ((tag != TAG_READY && tag != TAG_RESULT) || (tag == TAG_RESULT && (size_t)cnt != rs)) {
      /* a failed rank: stop dealing */
      buf[cnt > 0 && (size_t)cnt < cap ? cnt : 0] = '\0';
      if (tag != TAG_FAIL) snprintf(buf, cap, "unexpected message %d of %d bytes", tag, cnt);
#pragma omp critical(soso_sweep_store)
      {
        if (!st->err) {
          st->err = SOSO_ERR;
          snprintf(st->errmsg, sizeof st->errmsg, "sweep: MPI rank %d: %.400s", src, buf);
        }
#pragma omp atomic write
        st->stop = 1;
      }
    }
    /* Answer first (the rank works on while rank 0 checkpoints), then save. */
    size_t i = soso__sweep_take(st);
    if (i < st->n) {
      uint64_t idx = i;
      size_t len = strlen(st->ids[i]);
      if (len >= ID_MAX) len = ID_MAX - 1;
      memcpy(unit, &idx, sizeof idx);
      memcpy(unit + sizeof idx, st->ids[i], len);
      MPI_Send(unit, (int)(sizeof idx + len), MPI_BYTE, src, TAG_UNIT, MPI_COMM_WORLD);
    } else {
      MPI_Send(NULL, 0, MPI_BYTE, src, TAG_STOP, MPI_COMM_WORLD);
      remote--;
    }
    if (tag == TAG_RESULT && (size_t)cnt == rs) {
      uint64_t idx;
      double sec, wait, cpu;
      memcpy(&idx, buf + R_IDX, sizeof idx);
      memcpy(&cpu, buf + R_CPU, sizeof cpu);
      memcpy(&sec, buf + R_SEC, sizeof sec);
      memcpy(&wait, buf + R_WAIT, sizeof wait);
      soso__sweep_job jb;
      memcpy(jb.series, buf + R_SERIES, 512);
      memcpy(jb.reason, buf + R_REASON, 512);
      jb.series[511] = jb.reason[511] = '\0';
      jb.rows = (soso_sweep_row *)(void *)(buf + R_ROWS);
      if (idx < st->n) soso__sweep_commit(st, (size_t)idx, &jb, src, sec, cpu, wait);
    }
  }
}

int soso__sweep_mpi_lead(soso__sweep_state *st, int nt) {
  if (!g_started || g_dealt)
    return soso_error_set(SOSO_EUSAGE, "sweep: MPI is not started (soso_sweep_mpi_init) or "
                                       "this run was already dealt");
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const soso_sweep_scenarios *sc = st->sc;
  const char *path = soso_store_path(st->store);
  double t0 = omp_get_wtime();
  sqlite3_int64 n_snap = 0;
  unsigned char *snap = sqlite3_serialize(soso__store_db(st->store), "main", &n_snap, 0);
  size_t cap = result_size(sc->n) + 1;
  if (cap < FAIL_MAX + 64) cap = FAIL_MAX + 64;
  char *buf = malloc(cap), *unit = malloc(sizeof(uint64_t) + ID_MAX);
  int *counts = calloc((size_t)size, sizeof *counts);
  hdr h;
  memset(&h, 0, sizeof h);
  h.go = snap && buf && unit && counts;
  h.n_sc = sc->n;
  h.lsm_paths = sc->lsm_paths;
  h.text = sc->text ? strlen(sc->text) : 0;
  h.path = strlen(path);
  h.snap = (uint64_t)n_snap;
  snprintf(h.window, sizeof h.window, "%s", sc->window);
  MPI_Bcast(&h, (int)sizeof h, MPI_BYTE, 0, MPI_COMM_WORLD);
  g_dealt = 1;
  if (!h.go) {
    sqlite3_free(snap);
    free(buf);
    free(unit);
    free(counts);
    return soso_error_set(SOSO_ENOMEM, "sweep: out of memory copying the store for the other ranks");
  }
  bcast(sc->s, h.n_sc * sizeof *sc->s);
  bcast(sc->text, h.text);
  bcast((void *)(uintptr_t)path, h.path);
  bcast(snap, h.snap);
  sqlite3_free(snap);
  st->copy_bytes = (size_t)h.snap;
  st->copy_seconds = omp_get_wtime() - t0;
  int mine = 0;
  MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
  long remote = 0;
  for (int r = 1; r < size; r++) remote += counts[r];
  free(counts);
  /* Thread 0 (this, the main thread) deals; threads 1..nt take deposits too. */
#pragma omp parallel num_threads(nt + 1)
  {
    if (omp_get_thread_num() == 0) deal(st, remote, buf, cap, unit);
    else soso__sweep_loop(st);
  }
  /* Fewer threads than asked for (OMP_THREAD_LIMIT): finish here. */
  soso__sweep_loop(st);
  free(buf);
  free(unit);
  return 0;
}

/* One worker thread: ask, work, answer, until STOP. fail: this rank's setup
 * failure to report instead of working (NULL none). */
static void work_loop(soso_store *store, const soso_sweep_scenarios *sc, const char *data_dir,
                      const char *fail) {
  size_t rs = result_size(sc->n);
  char *out = malloc(rs), *unit = malloc(sizeof(uint64_t) + ID_MAX + 1);
  char oom[] = "out of memory";
  const char *msg = fail ? fail : (!out || !unit) ? oom : NULL;
  int tag = msg ? TAG_FAIL : TAG_READY;
  size_t len = msg ? strlen(msg) : 0;
  for (;;) {
    int got = TAG_STOP, cnt = 0;
    double t_ask = omp_get_wtime();
#pragma omp critical(soso_sweep_mpi)
    {
      MPI_Send(tag == TAG_FAIL ? (const void *)msg : out, (int)len, MPI_BYTE, 0, tag,
               MPI_COMM_WORLD);
      MPI_Status ms;
      wait_message(0, &ms);
      got = ms.MPI_TAG;
      MPI_Get_count(&ms, MPI_BYTE, &cnt);
      if (got == TAG_UNIT && unit && cnt >= (int)sizeof(uint64_t) &&
          cnt <= (int)(sizeof(uint64_t) + ID_MAX))
        MPI_Recv(unit, cnt, MPI_BYTE, 0, got, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      else {
        MPI_Recv(NULL, 0, MPI_BYTE, 0, got, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (got == TAG_UNIT) got = -1; /* cannot happen: rank 0 sends ids < ID_MAX */
      }
    }
    if (got != TAG_UNIT || tag == TAG_FAIL) { /* a failed thread only waits for STOP */
      if (got == TAG_STOP) break;
      msg = "malformed message from rank 0";
      tag = TAG_FAIL;
      len = strlen(msg);
      continue;
    }
    uint64_t idx;
    memcpy(&idx, unit, sizeof idx);
    unit[cnt] = '\0';
    soso__sweep_job jb;
    memset(&jb, 0, sizeof jb);
    memset(out, 0, rs);
    jb.rows = (soso_sweep_row *)(void *)(out + R_ROWS);
    double t0 = omp_get_wtime(), wait = t0 - t_ask, c0 = soso__sweep_cpu();
    soso__sweep_work(&jb, store, unit + sizeof idx, sc, data_dir);
    double sec = omp_get_wtime() - t0, cpu = soso__sweep_cpu() - c0;
    memcpy(out + R_IDX, &idx, sizeof idx);
    memcpy(out + R_SEC, &sec, sizeof sec);
    memcpy(out + R_WAIT, &wait, sizeof wait);
    memcpy(out + R_CPU, &cpu, sizeof cpu);
    memcpy(out + R_SERIES, jb.series, 512);
    memcpy(out + R_REASON, jb.reason, 512);
    tag = TAG_RESULT;
    len = rs;
  }
  free(out);
  free(unit);
}

int soso_sweep_mpi_work(const soso_sweep_opts *o) {
  if (!g_started) return soso_error_set(SOSO_EUSAGE, "soso_sweep_mpi_work: MPI is not started");
  soso_sweep_opts def = SOSO_SWEEP_OPTS_INIT;
  if (!o) o = &def;
  hdr h;
  MPI_Bcast(&h, (int)sizeof h, MPI_BYTE, 0, MPI_COMM_WORLD);
  if (!h.go) return 0;
  soso_sweep_scenarios sc;
  memset(&sc, 0, sizeof sc);
  snprintf(sc.window, sizeof sc.window, "%.63s", h.window);
  sc.lsm_paths = (size_t)h.lsm_paths;
  sc.n = (size_t)h.n_sc;
  sc.s = malloc(sc.n ? sc.n * sizeof *sc.s : 1);
  sc.text = malloc((size_t)h.text + 1);
  char *path = malloc((size_t)h.path + 1);
  unsigned char *snap = sqlite3_malloc64(h.snap ? h.snap : 1);
  /* A NULL buffer (out of memory) still takes part in each broadcast. */
  bcast(sc.s, h.n_sc * sizeof *sc.s);
  bcast(sc.text, h.text);
  bcast(path, h.path);
  bcast(snap, h.snap);
  int rc = 0;
  char fail[FAIL_MAX];
  fail[0] = '\0';
  soso_store *store = NULL;
  if (!sc.s || !sc.text || !path || !snap) {
    sqlite3_free(snap);
    rc = soso_error_set(SOSO_ENOMEM, "sweep: out of memory receiving the run");
  } else {
    sc.text[h.text] = '\0';
    path[h.path] = '\0';
    rc = soso__store_open_image(&store, path, snap, (size_t)h.snap);
  }
  if (rc) snprintf(fail, sizeof fail, "%s", soso_error_last());
  /* Threads over deposits; more than one needs MPI_THREAD_SERIALIZED. */
  int nt = o->n_threads > 0 ? o->n_threads : 1;
  if (g_level < MPI_THREAD_SERIALIZED) nt = 1;
  if (rc) nt = 1;
  MPI_Gather(&nt, 1, MPI_INT, NULL, 0, MPI_INT, 0, MPI_COMM_WORLD);
#pragma omp parallel num_threads(nt)
  work_loop(store, &sc, o->data_dir, rc ? fail : NULL);
  soso_store_free(store);
  free(sc.s);
  free(sc.text);
  free(path);
  if (rc) return soso_error_set(rc, "%s", fail);
  return 0;
}

#else /* built without MPI */

int soso_sweep_mpi_init(int *rank, int *size, int *launched) {
  if (!rank || !size || !launched) return soso_error_set(SOSO_EUSAGE, "soso_sweep_mpi_init: NULL");
  *rank = 0;
  *size = 1;
  *launched = 0;
  const char *v = getenv("OMPI_COMM_WORLD_SIZE");
  if (!v) v = getenv("PMI_SIZE");
  if (v && strtol(v, NULL, 10) > 1)
    return soso_error_set(SOSO_EUSAGE,
                          "sweep: started by mpirun with %s ranks, but this soso was built "
                          "without Open MPI (install libopenmpi-dev, cmake -DSOSO_MPI=ON)", v);
  return 0;
}

int soso_sweep_mpi_work(const soso_sweep_opts *o) {
  (void)o;
  return soso_error_set(SOSO_EUSAGE, "sweep: this soso was built without Open MPI");
}

void soso_sweep_mpi_cancel(void) {}

void soso_sweep_mpi_finalize(void) {}

int soso__sweep_mpi_lead(soso__sweep_state *st, int n_threads) {
  (void)st;
  (void)n_threads;
  return soso_error_set(SOSO_EUSAGE, "sweep: this soso was built without Open MPI");
}

#endif
