/* jobs.c - what-if recomputations on a small pool of workers, their progress, and
 * a cache of finished results keyed by the hash of their inputs.
 *
 * Invariants: one entry per inputs hash, whatever its state, so the same what-if
 * asked twice (or by two residents) runs once; at most n_workers run at once and at
 * most max_queue wait; finished entries are evicted least recently used beyond
 * cache_cap, pinned ones (the base case) never; every state change bumps seq and
 * broadcasts the condition, which is what the Server-Sent Events stream waits on.
 * The mutex guards the whole table; runs happen outside it.
 */
#define _GNU_SOURCE
#include "serve/serve_int.h"

#include "soso/error.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct entry {
  char id[SV_ID];       /* inputs hash */
  sv_whatif w;          /* the inputs */
  sv_job_status st;     /* state, progress */
  char *result;         /* JSON text when done */
  size_t len;
  int pin;              /* never evicted */
  unsigned long used;   /* LRU clock */
  int in_use;           /* slot taken */
} entry;

struct sv_jobs {
  const sv_model *m;
  pthread_mutex_t mu;
  pthread_cond_t cv;    /* any change */
  pthread_t *workers;
  int n_workers, n_started;
  size_t max_queue, cap;
  entry *e;             /* [cap + max_queue + n_workers + 1] slots */
  size_t n_slots;
  unsigned long clock;
  int stop;
  size_t n_run, n_hits, n_running;
};

static entry *find(sv_jobs *j, const char *id) {
  for (size_t i = 0; i < j->n_slots; i++)
    if (j->e[i].in_use && strcmp(j->e[i].id, id) == 0) return &j->e[i];
  return NULL;
}

typedef struct prog_ctx {
  sv_jobs *j;
  entry *e;
} prog_ctx;

static void on_progress(void *cl, const char *stage, double done) {
  prog_ctx *p = cl;
  pthread_mutex_lock(&p->j->mu);
  snprintf(p->e->st.stage, sizeof p->e->st.stage, "%s", stage);
  p->e->st.progress = done;
  p->e->st.seq++;
  pthread_cond_broadcast(&p->j->cv);
  pthread_mutex_unlock(&p->j->mu);
}

static void *worker(void *arg) {
  sv_jobs *j = arg;
  pthread_mutex_lock(&j->mu);
  for (;;) {
    entry *next = NULL;
    for (size_t i = 0; i < j->n_slots; i++) {
      entry *e = &j->e[i];
      if (e->in_use && e->st.state == SV_JOB_QUEUED && (!next || e->used < next->used)) next = e;
    }
    if (j->stop) break;
    if (!next) {
      pthread_cond_wait(&j->cv, &j->mu);
      continue;
    }
    next->st.state = SV_JOB_RUNNING;
    next->st.seq++;
    j->n_running++;
    sv_whatif w = next->w;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    prog_ctx pc = {j, next};
    char *out = NULL;
    size_t len = 0;
    int rc = sv_model_run(&out, &len, j->m, &w, on_progress, &pc);
    pthread_mutex_lock(&j->mu);
    j->n_running--;
    j->n_run++;
    if (rc) {
      next->st.state = SV_JOB_FAILED;
      snprintf(next->st.error, sizeof next->st.error, "%s", soso_error_last());
    } else {
      next->st.state = SV_JOB_DONE;
      next->st.progress = 1.0;
      snprintf(next->st.stage, sizeof next->st.stage, "done");
      next->result = out;
      next->len = len;
    }
    next->used = ++j->clock;
    next->st.seq++;
    pthread_cond_broadcast(&j->cv);
  }
  pthread_mutex_unlock(&j->mu);
  return NULL;
}

int sv_jobs_new(sv_jobs **out, const sv_model *m, int n_workers, size_t max_queue,
                size_t cache_cap) {
  *out = NULL;
  sv_jobs *j = calloc(1, sizeof *j);
  if (!j) return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  j->m = m;
  j->n_workers = n_workers < 1 ? 1 : n_workers;
  j->max_queue = max_queue;
  j->cap = cache_cap;
  j->n_slots = cache_cap + max_queue + (size_t)j->n_workers + 2;
  j->e = calloc(j->n_slots, sizeof *j->e);
  j->workers = calloc((size_t)j->n_workers, sizeof *j->workers);
  if (!j->e || !j->workers) {
    free(j->e);
    free(j->workers);
    free(j);
    return soso_error_set(SOSO_ENOMEM, "serve: out of memory");
  }
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->cv, NULL);
  for (int i = 0; i < j->n_workers; i++) {
    if (pthread_create(&j->workers[i], NULL, worker, j) != 0) {
      sv_jobs_free(j);
      return soso_error_set(SOSO_ERR, "serve: cannot start a worker thread");
    }
    j->n_started++;
  }
  *out = j;
  return 0;
}

void sv_jobs_free(sv_jobs *j) {
  if (!j) return;
  pthread_mutex_lock(&j->mu);
  j->stop = 1;
  pthread_cond_broadcast(&j->cv);
  pthread_mutex_unlock(&j->mu);
  for (int i = 0; i < j->n_started; i++) pthread_join(j->workers[i], NULL);
  for (size_t i = 0; i < j->n_slots; i++) free(j->e[i].result);
  pthread_cond_destroy(&j->cv);
  pthread_mutex_destroy(&j->mu);
  free(j->workers);
  free(j->e);
  free(j);
}

/* A free slot: an unused one, else the least recently used finished unpinned entry
 * when the cache is full. NULL when everything is queued or running. */
static entry *take_slot(sv_jobs *j, int queued_ok) {
  size_t n_done = 0, n_queued = 0;
  entry *lru = NULL, *free_slot = NULL;
  for (size_t i = 0; i < j->n_slots; i++) {
    entry *e = &j->e[i];
    if (!e->in_use) {
      if (!free_slot) free_slot = e;
      continue;
    }
    if (e->st.state == SV_JOB_QUEUED) n_queued++;
    if ((e->st.state == SV_JOB_DONE || e->st.state == SV_JOB_FAILED)) {
      if (!e->pin) n_done++;
      if (!e->pin && (!lru || e->used < lru->used)) lru = e;
    }
  }
  if (!queued_ok && n_queued >= j->max_queue) return NULL;
  if (lru && (n_done >= j->cap || !free_slot)) {
    free(lru->result);
    memset(lru, 0, sizeof *lru);
    return lru;
  }
  return free_slot;
}

int sv_jobs_submit(sv_jobs *j, char id[SV_ID], const sv_whatif *w, int pin) {
  sv_whatif_key(id, w, j->m);
  pthread_mutex_lock(&j->mu);
  entry *e = find(j, id);
  if (e && e->st.state == SV_JOB_FAILED) { /* try again */
    e->st.state = SV_JOB_QUEUED;
    e->st.seq++;
    e->used = ++j->clock;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    return 0;
  }
  if (e) {
    if (e->st.state == SV_JOB_DONE) j->n_hits++;
    e->used = ++j->clock;
    e->pin |= pin;
    pthread_mutex_unlock(&j->mu);
    return 0;
  }
  e = take_slot(j, pin);
  if (!e) {
    pthread_mutex_unlock(&j->mu);
    return soso_error_set(SOSO_ERR, "busy: %zu what-if jobs are waiting; try again shortly",
                          j->max_queue);
  }
  e->in_use = 1;
  memcpy(e->id, id, SV_ID);
  e->w = *w;
  e->pin = pin;
  e->st.state = SV_JOB_QUEUED;
  snprintf(e->st.stage, sizeof e->st.stage, "queued");
  e->st.seq = 1;
  e->used = ++j->clock;
  pthread_cond_broadcast(&j->cv);
  pthread_mutex_unlock(&j->mu);
  return 0;
}

int sv_jobs_wait(sv_jobs *j, const char *id, unsigned seq, int timeout_ms, sv_job_status *st) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += timeout_ms / 1000;
  until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
  pthread_mutex_lock(&j->mu);
  entry *e;
  while ((e = find(j, id)) && e->st.seq <= seq && !j->stop) {
    if (pthread_cond_timedwait(&j->cv, &j->mu, &until) == ETIMEDOUT) break;
  }
  e = find(j, id);
  if (!e) {
    pthread_mutex_unlock(&j->mu);
    return soso_error_set(SOSO_ENOTFOUND, "job %s: unknown (it may have been evicted)", id);
  }
  *st = e->st;
  pthread_mutex_unlock(&j->mu);
  return 0;
}

int sv_jobs_result(sv_jobs *j, const char *id, char **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  pthread_mutex_lock(&j->mu);
  entry *e = find(j, id);
  if (!e || e->st.state != SV_JOB_DONE) {
    pthread_mutex_unlock(&j->mu);
    return soso_error_set(SOSO_ENOTFOUND, "result %s: none (not finished or unknown)", id);
  }
  e->used = ++j->clock;
  char *c = malloc(e->len + 1);
  if (c) {
    memcpy(c, e->result, e->len + 1);
    *out = c;
    *out_len = e->len;
  }
  pthread_mutex_unlock(&j->mu);
  return c ? 0 : soso_error_set(SOSO_ENOMEM, "serve: out of memory");
}

void sv_jobs_counts(sv_jobs *j, size_t *n_run, size_t *n_hits, size_t *n_running) {
  pthread_mutex_lock(&j->mu);
  *n_run = j->n_run;
  *n_hits = j->n_hits;
  *n_running = j->n_running;
  pthread_mutex_unlock(&j->mu);
}
