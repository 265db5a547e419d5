/* data.c - loads stored survey answers into the analysis input (sv_data).
 *
 * Answers are reverse-coded here (x' = min + max - x) so that every item of a
 * construct points the same way; construct scores are the mean of the answered
 * items when at least half of them are answered (a common rule for short scales),
 * else missing. All selected waves must share one scale.
 */
#include "soso/error.h"
#include "survey/survey_int.h"
#include "core/store_int.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static char *xdup(const char *s) {
  size_t n = strlen(s ? s : "") + 1;
  char *p = malloc(n);
  if (p) memcpy(p, s ? s : "", n);
  return p;
}

void sv_data_free(sv_data *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n_items; i++) free(d->items[i]);
  free(d->items);
  free(d->item_con);
  for (size_t g = 0; g < d->n_groups; g++) {
    free(d->groups[g].community);
    free(d->groups[g].wave);
  }
  free(d->groups);
  free(d->grp);
  free(d->w);
  free(d->x);
  free(d->score);
  free(d->rid);
  memset(d, 0, sizeof *d);
}

void sv_data_scores(sv_data *d) {
  for (size_t r = 0; r < d->n_resp; r++)
    for (int c = 0; c < SOSO_CON_COUNT; c++) {
      double s = 0;
      size_t k = 0, got = 0;
      for (size_t i = 0; i < d->n_items; i++) {
        if (d->item_con[i] != c) continue;
        k++;
        double v = d->x[r * d->n_items + i];
        if (isfinite(v)) {
          s += v;
          got++;
        }
      }
      d->score[r * SOSO_CON_COUNT + (size_t)c] = (k && 2 * got >= k && got) ? s / (double)got : NAN;
    }
}

static int dbfail(sqlite3 *db) {
  return soso_error_set(SOSO_EIO, "survey store: %s", sqlite3_errmsg(db));
}

static void bind_filter(sqlite3_stmt *st, const char *community, const char *wave) {
  if (community) sqlite3_bind_text(st, 1, community, -1, SQLITE_STATIC);
  if (wave) sqlite3_bind_text(st, 2, wave, -1, SQLITE_STATIC);
}

#define FILTER " (?1 IS NULL OR w.community = ?1) AND (?2 IS NULL OR w.wave = ?2) "

int sv_data_load(sv_data *d, soso_store *store, const char *community, const char *wave) {
  memset(d, 0, sizeof *d);
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  int rc = SOSO_OK;
  long long *wave_ids = NULL;
  int *rev = NULL;
  /* groups */
  if (sqlite3_prepare_v2(db,
                         "SELECT w.id, w.community, w.wave, w.synthetic, w.scale_min, w.scale_max,"
                         " (SELECT count(*) FROM survey_respondent r WHERE r.wave_id = w.id)"
                         " FROM survey_wave w WHERE" FILTER "ORDER BY w.community, w.wave",
                         -1, &st, NULL))
    return dbfail(db);
  bind_filter(st, community, wave);
  size_t cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (d->n_groups == cap) {
      cap = cap ? 2 * cap : 8;
      sv_group *g = realloc(d->groups, cap * sizeof *g);
      long long *wi = realloc(wave_ids, cap * sizeof *wi);
      if (!g || !wi) {
        free(g ? NULL : wi);
        if (g) d->groups = g;
        if (wi) wave_ids = wi;
        rc = soso_error_set(SOSO_ENOMEM, "out of memory");
        goto fail;
      }
      d->groups = g;
      wave_ids = wi;
    }
    sv_group *g = &d->groups[d->n_groups];
    wave_ids[d->n_groups] = sqlite3_column_int64(st, 0);
    g->community = xdup((const char *)sqlite3_column_text(st, 1));
    g->wave = xdup((const char *)sqlite3_column_text(st, 2));
    g->synthetic = sqlite3_column_int(st, 3);
    g->n = (size_t)sqlite3_column_int64(st, 6);
    d->n_groups++;
    if (!g->community || !g->wave) {
      rc = soso_error_set(SOSO_ENOMEM, "out of memory");
      goto fail;
    }
    double lo = sqlite3_column_double(st, 4), hi = sqlite3_column_double(st, 5);
    if (d->n_groups == 1) {
      d->scale_min = lo;
      d->scale_max = hi;
    } else if (lo != d->scale_min || hi != d->scale_max) {
      rc = soso_error_set(SOSO_EDATA,
                          "survey: %s wave %s uses scale %g-%g, others %g-%g: analyse them "
                          "separately (--community / --wave)",
                          g->community, g->wave, lo, hi, d->scale_min, d->scale_max);
      goto fail;
    }
    d->synthetic |= g->synthetic;
    d->n_resp += g->n;
  }
  if (rc != SQLITE_DONE) {
    rc = dbfail(db);
    goto fail;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (d->n_groups == 0) {
    rc = soso_error_set(SOSO_ENOTFOUND, "survey: nothing stored%s%s%s%s", community ? " for " : "",
                        community ? community : "", wave ? " wave " : "", wave ? wave : "");
    goto fail;
  }
  /* items: the union over the selected waves, first construct wins */
  if (sqlite3_prepare_v2(db,
                         "SELECT i.item, i.construct, max(i.reverse) FROM survey_item i"
                         " JOIN survey_wave w ON w.id = i.wave_id WHERE" FILTER
                         "GROUP BY i.item ORDER BY min(i.rowid)",
                         -1, &st, NULL)) {
    rc = dbfail(db);
    goto fail;
  }
  bind_filter(st, community, wave);
  cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (d->n_items == cap) {
      cap = cap ? 2 * cap : 32;
      char **it = realloc(d->items, cap * sizeof *it);
      if (it) d->items = it;
      int *ic = realloc(d->item_con, cap * sizeof *ic);
      if (ic) d->item_con = ic;
      int *rv = realloc(rev, cap * sizeof *rv);
      if (rv) rev = rv;
      if (!it || !ic || !rv) {
        rc = soso_error_set(SOSO_ENOMEM, "out of memory");
        goto fail;
      }
    }
    d->items[d->n_items] = xdup((const char *)sqlite3_column_text(st, 0));
    d->item_con[d->n_items] = soso_survey_construct_find((const char *)sqlite3_column_text(st, 1));
    rev[d->n_items] = sqlite3_column_int(st, 2);
    d->n_items++;
  }
  if (rc != SQLITE_DONE) {
    rc = dbfail(db);
    goto fail;
  }
  sqlite3_finalize(st);
  st = NULL;
  d->grp = calloc(d->n_resp + 1, sizeof *d->grp);
  d->w = calloc(d->n_resp + 1, sizeof *d->w);
  d->rid = calloc(d->n_resp + 1, sizeof *d->rid);
  d->x = malloc((d->n_resp * d->n_items + 1) * sizeof *d->x);
  d->score = malloc((d->n_resp * SOSO_CON_COUNT + 1) * sizeof *d->score);
  if (!d->grp || !d->w || !d->rid || !d->x || !d->score) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto fail;
  }
  for (size_t i = 0; i < d->n_resp * d->n_items; i++) d->x[i] = NAN;
  /* respondents and answers, group by group */
  if (sqlite3_prepare_v2(db,
                         "SELECT r.id, r.weight, a.item, a.value FROM survey_respondent r"
                         " LEFT JOIN survey_answer a ON a.respondent = r.id"
                         " WHERE r.wave_id = ? ORDER BY r.row",
                         -1, &st, NULL)) {
    rc = dbfail(db);
    goto fail;
  }
  size_t r = 0;
  for (size_t g = 0; g < d->n_groups; g++) {
    sqlite3_bind_int64(st, 1, wave_ids[g]);
    long long last = -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      long long id = sqlite3_column_int64(st, 0);
      if (id != last) {
        if (last >= 0) r++;
        last = id;
        if (r >= d->n_resp) break;
        d->rid[r] = id;
        d->grp[r] = (int)g;
        d->w[r] = sqlite3_column_double(st, 1);
        if (d->w[r] != 1.0) d->weighted = 1;
      }
      const char *item = (const char *)sqlite3_column_text(st, 2);
      if (!item || sqlite3_column_type(st, 3) == SQLITE_NULL) continue;
      double v = sqlite3_column_double(st, 3);
      for (size_t i = 0; i < d->n_items; i++)
        if (strcmp(d->items[i], item) == 0)
          d->x[r * d->n_items + i] = rev[i] ? d->scale_min + d->scale_max - v : v;
    }
    if (last >= 0) r++;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  st = NULL;
  d->n_resp = r;
  sv_data_scores(d);
  free(wave_ids);
  free(rev);
  return SOSO_OK;
fail:
  sqlite3_finalize(st);
  free(wave_ids);
  free(rev);
  sv_data_free(d);
  return rc;
}
