/* analyse.c - `soso survey analyse`: the statistics of the stored survey as one
 * JSON document (keys in README.md, "soso survey").
 *
 * Invariants: a group (community x wave) with fewer than SOSO_SURVEY_MIN_GROUP
 * respondents appears only as {community, wave, "suppressed": true} - no count, no
 * mean, no Likert bar, no comparison, no free text; a demographic cell below the
 * same size is shown as "<5". The bootstrap draws come from the project's
 * counter-based generator (Philox, soso_rng) on stream SOSO_STREAM_SAMPLING: resample
 * b takes its indices from path b, so the intervals depend only on the seed, which
 * the output carries.
 * Social licence (Thomson & Boutilier): the acceptance construct's weighted mean,
 * rescaled to 0..1, is placed on the levels of opts->level_min_share (the rules
 * file's survey levels); its uncertainty is the level at both ends of the 95 % CI and
 * the bootstrap share of resamples at each level.
 * Path model (Moffat & Zhang 2014): trust ~ contact quantity + contact quality +
 * procedural fairness; acceptance ~ trust + the same three; the indirect effect of
 * each on acceptance through trust is a_x * b_trust, with percentile bootstrap
 * intervals. Fitted on the construct scores of all selected respondents pooled,
 * weighted when the survey has weights.
 */
#include "soso/error.h"
#include "soso/rng.h"
#include "survey/survey_int.h"
#include "core/store_int.h"

#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define FILTER_SQL " (?1 IS NULL OR w.community = ?1) AND (?2 IS NULL OR w.wave = ?2) "

static const char *const k_level[] = {"withdrawal", "acceptance", "approval",
                                      "psychological_identification"};

int sv_level(double share, const double min_share[4]) {
  int l = 0;
  for (int i = 0; i < 4; i++)
    if (share >= min_share[i]) l = i;
  return l;
}

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Percentile of sorted v (n > 0), linear interpolation. */
static double pct(const double *v, size_t n, double p) {
  double h = p * (double)(n - 1);
  size_t i = (size_t)floor(h);
  if (i + 1 >= n) return v[n - 1];
  return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

static double share_of(const sv_data *d, double m) {
  return (m - d->scale_min) / (d->scale_max - d->scale_min);
}

/* One group's constructs, reliability, Likert counts and social licence. */
static json_t *group_json(const sv_data *d, size_t g, const soso_survey_analyse_opts *o,
                          unsigned char *sel) {
  const sv_group *gr = &d->groups[g];
  json_t *j = json_object();
  json_object_set_new(j, "community", json_string(gr->community));
  json_object_set_new(j, "wave", json_string(gr->wave));
  json_object_set_new(j, "synthetic", json_boolean(gr->synthetic));
  if (gr->n < SOSO_SURVEY_MIN_GROUP) {
    json_object_set_new(j, "suppressed", json_true());
    json_object_set_new(j, "reason", json_string("fewer than 5 respondents"));
    return j;
  }
  json_object_set_new(j, "suppressed", json_false());
  json_object_set_new(j, "n", json_integer((json_int_t)gr->n));
  for (size_t r = 0; r < d->n_resp; r++) sel[r] = d->grp[r] == (int)g;
  json_t *cons = json_object();
  for (int c = 0; c < SOSO_CON_COUNT; c++) {
    size_t cols[32], k = 0;
    for (size_t i = 0; i < d->n_items && k < 32; i++)
      if (d->item_con[i] == c) cols[k++] = i;
    if (!k) continue;
    sv_mean m;
    sv_wmean(&m, d->score + c, SOSO_CON_COUNT, d->weighted ? d->w : NULL, d->n_resp, sel);
    json_t *cj = json_object();
    json_object_set_new(cj, "n", json_integer((json_int_t)m.n));
    json_object_set_new(cj, "mean", num(m.mean));
    json_object_set_new(cj, "se", num(m.se));
    json_object_set_new(cj, "lo", num(m.lo));
    json_object_set_new(cj, "hi", num(m.hi));
    json_object_set_new(cj, "sd", num(m.sd));
    json_object_set_new(cj, "n_eff", num(m.neff));
    json_object_set_new(cj, "share", num(share_of(d, m.mean)));
    sv_alpha a;
    sv_alpha_compute(&a, d->x, d->n_items, cols, k, d->n_resp, sel);
    json_object_set_new(cj, "alpha", num(a.alpha));
    json_object_set_new(cj, "alpha_lo", num(a.lo));
    json_object_set_new(cj, "alpha_hi", num(a.hi));
    json_object_set_new(cj, "alpha_n", json_integer((json_int_t)a.n));
    json_t *items = json_array();
    for (size_t q = 0; q < k; q++) {
      json_t *it = json_object();
      size_t i = cols[q];
      sv_mean im;
      sv_wmean(&im, d->x + i, d->n_items, d->weighted ? d->w : NULL, d->n_resp, sel);
      json_object_set_new(it, "item", json_string(d->items[i]));
      json_object_set_new(it, "mean", num(im.mean));
      json_object_set_new(it, "n", json_integer((json_int_t)im.n));
      json_object_set_new(it, "item_total_r", num(a.item_total[q]));
      json_object_set_new(it, "alpha_if_deleted", num(a.if_deleted[q]));
      json_array_append_new(items, it);
    }
    json_object_set_new(cj, "items", items);
    json_object_set_new(cons, soso_survey_construct_name((soso_construct)c), cj);
  }
  json_object_set_new(j, "constructs", cons);
  /* Likert counts per item, reverse-coded items already turned round. */
  json_t *lik = json_object();
  size_t ncat = (size_t)(d->scale_max - d->scale_min) + 1;
  for (size_t i = 0; i < d->n_items; i++) {
    json_t *arr = json_array();
    for (size_t k = 0; k < ncat; k++) {
      size_t cnt = 0;
      for (size_t r = 0; r < d->n_resp; r++)
        if (sel[r] && d->x[r * d->n_items + i] == d->scale_min + (double)k) cnt++;
      json_array_append_new(arr, json_integer((json_int_t)cnt));
    }
    json_object_set_new(lik, d->items[i], arr);
  }
  json_object_set_new(j, "likert", lik);
  /* Social licence with bootstrap uncertainty. */
  json_t *acc = json_object_get(cons, "acceptance");
  if (acc && json_is_real(json_object_get(acc, "mean"))) {
    double m = json_real_value(json_object_get(acc, "mean"));
    double lo = json_number_value(json_object_get(acc, "lo"));
    double hi = json_number_value(json_object_get(acc, "hi"));
    json_t *s = json_object();
    json_object_set_new(s, "share", num(share_of(d, m)));
    json_object_set_new(s, "share_lo", num(share_of(d, lo)));
    json_object_set_new(s, "share_hi", num(share_of(d, hi)));
    json_object_set_new(s, "level", json_string(k_level[sv_level(share_of(d, m),
                                                                  o->level_min_share)]));
    json_object_set_new(s, "level_lo", json_string(k_level[sv_level(share_of(d, lo),
                                                                     o->level_min_share)]));
    json_object_set_new(s, "level_hi", json_string(k_level[sv_level(share_of(d, hi),
                                                                     o->level_min_share)]));
    size_t *idx = malloc(gr->n * sizeof *idx), n = 0;
    double cnt[4] = {0};
    if (idx) {
      for (size_t r = 0; r < d->n_resp; r++)
        if (sel[r]) idx[n++] = r;
      soso_rng rng = soso_rng_make(o->seed, SOSO_STREAM_SAMPLING);
      for (size_t b = 0; b < o->n_boot; b++) {
        double sw = 0, swx = 0, u[4];
        for (size_t q = 0; q < n; q++) {
          if (q % 4 == 0)
            soso_rng_uniform4(&rng, 1000000u + g * 100000u + b, q / 4, u);
          size_t r = idx[(size_t)(u[q % 4] * (double)n) % n];
          double v = d->score[r * SOSO_CON_COUNT + SOSO_CON_ACCEPTANCE];
          if (!isfinite(v)) continue;
          double w = d->weighted ? d->w[r] : 1.0;
          sw += w;
          swx += w * v;
        }
        if (sw > 0) cnt[sv_level(share_of(d, swx / sw), o->level_min_share)] += 1;
      }
      free(idx);
    }
    json_t *p = json_object();
    for (int l = 0; l < 4; l++)
      json_object_set_new(p, k_level[l], o->n_boot ? json_real(cnt[l] / (double)o->n_boot) : json_null());
    json_object_set_new(s, "p_level", p);
    json_object_set_new(j, "social_licence", s);
  }
  return j;
}

enum { NX = 3, NB = 3 * NX + 1 }; /* x: contact quantity, contact quality, procedural
                                   * fairness; NB bootstrapped numbers per resample */
static const int k_x[NX] = {SOSO_CON_CONTACT_QUANTITY, SOSO_CON_CONTACT_QUALITY,
                            SOSO_CON_FAIRNESS};

/* Fits both regressions on the rows idx[0..n) (NULL: all); a[NX], b[1 + NX]. */
static int fit_paths(const sv_data *d, const size_t *idx, size_t n, double *a, double *b,
                     size_t *used, double *buf) {
  double *y1 = buf, *X1 = buf + n, *y2 = buf + n * 4, *X2 = buf + n * 5, *w = buf + n * 9;
  for (size_t q = 0; q < n; q++) {
    size_t r = idx ? idx[q] : q;
    const double *s = d->score + r * SOSO_CON_COUNT;
    y1[q] = s[SOSO_CON_TRUST];
    y2[q] = s[SOSO_CON_ACCEPTANCE];
    X2[q * 4] = s[SOSO_CON_TRUST];
    for (int k = 0; k < NX; k++) X1[q * NX + (size_t)k] = X2[q * 4 + 1 + (size_t)k] = s[k_x[k]];
    w[q] = d->weighted ? d->w[r] : 1.0;
  }
  double b1[NX + 1], b2[NX + 2];
  size_t u1 = 0, u2 = 0;
  int rc = sv_ols(b1, &u1, y1, X1, NX, w, n);
  if (rc == SOSO_OK) rc = sv_ols(b2, &u2, y2, X2, NX + 1, w, n);
  for (int k = 0; k < NX; k++) a[k] = b1[k + 1];
  for (int k = 0; k <= NX; k++) b[k] = b2[k + 1];
  *used = u1 < u2 ? u1 : u2;
  return rc;
}

static json_t *path_json(const sv_data *d, const soso_survey_analyse_opts *o) {
  json_t *j = json_object();
  /* only respondents of groups that are shown */
  size_t *keep = malloc((d->n_resp + 1) * sizeof *keep), n = 0;
  double *buf = malloc((d->n_resp + 1) * 10 * sizeof *buf);
  size_t *idx = malloc((d->n_resp + 1) * sizeof *idx);
  double *boot = malloc((o->n_boot + 1) * NB * sizeof *boot);
  if (!keep || !buf || !idx || !boot) goto done;
  for (size_t r = 0; r < d->n_resp; r++)
    if (d->groups[d->grp[r]].n >= SOSO_SURVEY_MIN_GROUP) keep[n++] = r;
  double a[NX], b[NX + 1];
  size_t used = 0;
  if (n < 20 || fit_paths(d, keep, n, a, b, &used, buf)) {
    json_object_set_new(j, "error", json_string("too few complete respondents for the path model"));
    goto done;
  }
  json_object_set_new(j, "n", json_integer((json_int_t)used));
  json_object_set_new(j, "weighted", json_boolean(d->weighted));
  json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
  json_object_set_new(j, "n_boot", json_integer((json_int_t)o->n_boot));
  json_t *t_on = json_object(), *a_on = json_object(), *ind = json_object();
  soso_rng rng = soso_rng_make(o->seed, SOSO_STREAM_SAMPLING);
  size_t ok = 0;
  for (size_t bb = 0; bb < o->n_boot; bb++) {
    double u[4], ab[NX], bbv[NX + 1];
    for (size_t q = 0; q < n; q++) {
      if (q % 4 == 0) soso_rng_uniform4(&rng, bb, q / 4, u);
      idx[q] = keep[(size_t)(u[q % 4] * (double)n) % n];
    }
    size_t u2;
    if (fit_paths(d, idx, n, ab, bbv, &u2, buf)) continue;
    for (int k = 0; k < NX; k++) {
      boot[(size_t)k * o->n_boot + ok] = ab[k] * bbv[0];
      boot[(size_t)(NX + k) * o->n_boot + ok] = ab[k];
      boot[(size_t)(2 * NX + k) * o->n_boot + ok] = bbv[k + 1];
    }
    boot[(size_t)(3 * NX) * o->n_boot + ok] = bbv[0];
    ok++;
  }
  json_t *ci = json_object();
  json_object_set_new(a_on, "trust", num(b[0]));
  if (ok >= 10) {
    double *v = boot + (size_t)(3 * NX) * o->n_boot;
    qsort(v, ok, sizeof *v, cmp_double);
    json_object_set_new(ci, "trust->acceptance", json_pack("[o,o]", num(pct(v, ok, 0.025)),
                                                           num(pct(v, ok, 0.975))));
  }
  for (int k = 0; k < NX; k++) {
    const char *nm = soso_survey_construct_name((soso_construct)k_x[k]);
    json_object_set_new(t_on, nm, num(a[k]));
    json_object_set_new(a_on, nm, num(b[k + 1]));
    for (int side = 0; side < 2 && ok >= 10; side++) {
      double *v = boot + (size_t)((1 + side) * NX + k) * o->n_boot;
      qsort(v, ok, sizeof *v, cmp_double);
      char key[96];
      snprintf(key, sizeof key, "%s->%s", nm, side ? "acceptance" : "trust");
      json_object_set_new(ci, key, json_pack("[o,o]", num(pct(v, ok, 0.025)),
                                             num(pct(v, ok, 0.975))));
    }
    json_t *e = json_object();
    json_object_set_new(e, "estimate", num(a[k] * b[0]));
    if (ok >= 10) {
      double *v = boot + (size_t)k * o->n_boot;
      qsort(v, ok, sizeof *v, cmp_double);
      json_object_set_new(e, "lo", num(pct(v, ok, 0.025)));
      json_object_set_new(e, "hi", num(pct(v, ok, 0.975)));
    }
    json_object_set_new(e, "total", num(b[k + 1] + a[k] * b[0]));
    json_object_set_new(ind, nm, e);
  }
  json_object_set_new(j, "trust_on", t_on);
  json_object_set_new(j, "acceptance_on", a_on);
  json_object_set_new(j, "indirect_via_trust", ind);
  json_object_set_new(j, "ci95", ci);
  json_object_set_new(j, "n_boot_ok", json_integer((json_int_t)ok));
done:
  free(keep);
  free(buf);
  free(idx);
  free(boot);
  return j;
}

static json_t *compare(const sv_data *d, size_t ga, size_t gb, unsigned char *sa,
                       unsigned char *sb) {
  json_t *out = json_object();
  json_object_set_new(out, "a", json_pack("{s:s,s:s}", "community", d->groups[ga].community,
                                          "wave", d->groups[ga].wave));
  json_object_set_new(out, "b", json_pack("{s:s,s:s}", "community", d->groups[gb].community,
                                          "wave", d->groups[gb].wave));
  for (size_t r = 0; r < d->n_resp; r++) {
    sa[r] = d->grp[r] == (int)ga;
    sb[r] = d->grp[r] == (int)gb;
  }
  json_t *cs = json_object();
  for (int c = 0; c < SOSO_CON_COUNT; c++) {
    int has = 0;
    for (size_t i = 0; i < d->n_items; i++) has |= d->item_con[i] == c;
    if (!has) continue;
    sv_mean a, b;
    const double *w = d->weighted ? d->w : NULL;
    sv_wmean(&a, d->score + c, SOSO_CON_COUNT, w, d->n_resp, sa);
    sv_wmean(&b, d->score + c, SOSO_CON_COUNT, w, d->n_resp, sb);
    double g, lo, hi, p;
    sv_hedges(&g, &lo, &hi, &p, &a, &b);
    json_object_set_new(cs, soso_survey_construct_name((soso_construct)c),
                        json_pack("{s:o,s:o,s:o,s:o,s:o}", "diff", num(b.mean - a.mean), "g",
                                  num(g), "g_lo", num(lo), "g_hi", num(hi), "p", num(p)));
  }
  json_object_set_new(out, "constructs", cs);
  return out;
}

int sv_analyse_data(void **out_json, const sv_data *d, const soso_survey_analyse_opts *o) {
  *out_json = NULL;
  json_t *j = json_object();
  unsigned char *sel = calloc(d->n_resp + 1, 1), *s2 = calloc(d->n_resp + 1, 1);
  if (!j || !sel || !s2) {
    json_decref(j);
    free(sel);
    free(s2);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  json_object_set_new(j, "synthetic", json_boolean(d->synthetic));
  if (d->synthetic)
    json_object_set_new(j, "note", json_string("SYNTHETIC survey made by `soso survey synth` "
                                               "for testing: not IMP@CT data, not real "
                                               "residents"));
  json_object_set_new(j, "min_group", json_integer(SOSO_SURVEY_MIN_GROUP));
  json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
  json_object_set_new(j, "n_boot", json_integer((json_int_t)o->n_boot));
  json_object_set_new(j, "weighted", json_boolean(d->weighted));
  json_object_set_new(j, "scale", json_pack("{s:f,s:f}", "min", d->scale_min, "max",
                                            d->scale_max));
  json_t *items = json_array();
  for (size_t i = 0; i < d->n_items; i++)
    json_array_append_new(items, json_pack("{s:s,s:s}", "item", d->items[i], "construct",
                                           soso_survey_construct_name((soso_construct)d->item_con[i])));
  json_object_set_new(j, "items", items);
  json_t *gs = json_array();
  for (size_t g = 0; g < d->n_groups; g++) json_array_append_new(gs, group_json(d, g, o, sel));
  json_object_set_new(j, "groups", gs);
  json_object_set_new(j, "path_model", path_json(d, o));
  json_t *bc = json_array(), *bw = json_array();
  for (size_t a = 0; a < d->n_groups; a++) {
    if (d->groups[a].n < SOSO_SURVEY_MIN_GROUP) continue;
    for (size_t b = a + 1; b < d->n_groups; b++) {
      if (d->groups[b].n < SOSO_SURVEY_MIN_GROUP) continue;
      int same_c = strcmp(d->groups[a].community, d->groups[b].community) == 0;
      int same_w = strcmp(d->groups[a].wave, d->groups[b].wave) == 0;
      if (same_w) json_array_append_new(bc, compare(d, a, b, sel, s2));
      else if (same_c) json_array_append_new(bw, compare(d, a, b, sel, s2));
    }
  }
  json_object_set_new(j, "between_communities", bc);
  json_object_set_new(j, "between_waves", bw);
  free(sel);
  free(s2);
  *out_json = j;
  return SOSO_OK;
}

/* Complementary suppression: the group's size is shown, so one hidden cell in a
 * field could be worked out from the others; when a (community, wave, field) block
 * hides exactly one cell, its smallest shown cell is hidden too. */
static void complementary(json_t *demo) {
  size_t n = json_array_size(demo), a = 0;
  while (a < n) {
    const json_t *ra = json_array_get(demo, a);
    size_t b = a, hidden = 0, small = (size_t)-1;
    long long small_n = 0;
    for (; b < n; b++) {
      const json_t *rb = json_array_get(demo, b);
      if (strcmp(json_string_value(json_object_get(ra, "community")),
                 json_string_value(json_object_get(rb, "community"))) ||
          strcmp(json_string_value(json_object_get(ra, "wave")),
                 json_string_value(json_object_get(rb, "wave"))) ||
          strcmp(json_string_value(json_object_get(ra, "field")),
                 json_string_value(json_object_get(rb, "field"))))
        break;
      const json_t *v = json_object_get(rb, "n");
      if (json_is_string(v)) hidden++;
      else if (small == (size_t)-1 || json_integer_value(v) < small_n) {
        small = b;
        small_n = json_integer_value(v);
      }
    }
    if (hidden == 1 && small != (size_t)-1)
      json_object_set_new(json_array_get(demo, small), "n", json_string("suppressed"));
    a = b;
  }
}

/* Demographic breakdown and free text need the store. */
static int add_store_parts(json_t *j, soso_store *store, const sv_data *d,
                           const soso_survey_analyse_opts *o) {
  sqlite3 *db = soso__store_db(store);
  sqlite3_stmt *st = NULL;
  json_t *demo = json_array();
  json_object_set_new(j, "demographics", demo);
  if (sqlite3_prepare_v2(db,
                         "SELECT w.community, w.wave, d.field, coalesce(d.value, '(missing)'),"
                         " count(*) FROM survey_demographic d"
                         " JOIN survey_respondent r ON r.id = d.respondent"
                         " JOIN survey_wave w ON w.id = r.wave_id WHERE" FILTER_SQL
                         " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
                         -1, &st, NULL))
    return soso_error_set(SOSO_EIO, "survey store: %s", sqlite3_errmsg(db));
  if (o->community) sqlite3_bind_text(st, 1, o->community, -1, SQLITE_STATIC);
  if (o->wave) sqlite3_bind_text(st, 2, o->wave, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *c = (const char *)sqlite3_column_text(st, 0);
    const char *w = (const char *)sqlite3_column_text(st, 1);
    int shown = 0;
    for (size_t g = 0; g < d->n_groups; g++)
      if (strcmp(d->groups[g].community, c) == 0 && strcmp(d->groups[g].wave, w) == 0)
        shown = d->groups[g].n >= SOSO_SURVEY_MIN_GROUP;
    if (!shown) continue;
    long long n = sqlite3_column_int64(st, 4);
    json_t *row = json_pack("{s:s,s:s,s:s,s:s}", "community", c, "wave", w, "field",
                            (const char *)sqlite3_column_text(st, 2), "value",
                            (const char *)sqlite3_column_text(st, 3));
    if (n < SOSO_SURVEY_MIN_GROUP) json_object_set_new(row, "n", json_string("<5"));
    else json_object_set_new(row, "n", json_integer(n));
    json_array_append_new(demo, row);
  }
  sqlite3_finalize(st);
  complementary(demo);
  if (!o->free_text) return SOSO_OK;
  json_t *ft = json_array();
  json_object_set_new(j, "free_text", ft);
  if (sqlite3_prepare_v2(db,
                         "SELECT w.community, w.wave, t.field, t.text FROM survey_text t"
                         " JOIN survey_respondent r ON r.id = t.respondent"
                         " JOIN survey_wave w ON w.id = r.wave_id WHERE" FILTER_SQL
                         " AND (SELECT count(*) FROM survey_respondent r2"
                         "      WHERE r2.wave_id = w.id) >= 5"
                         " ORDER BY w.community, w.wave, r.row",
                         -1, &st, NULL))
    return soso_error_set(SOSO_EIO, "survey store: %s", sqlite3_errmsg(db));
  if (o->community) sqlite3_bind_text(st, 1, o->community, -1, SQLITE_STATIC);
  if (o->wave) sqlite3_bind_text(st, 2, o->wave, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW)
    json_array_append_new(ft, json_pack("{s:s,s:s,s:s,s:s}", "community",
                                        (const char *)sqlite3_column_text(st, 0), "wave",
                                        (const char *)sqlite3_column_text(st, 1), "field",
                                        (const char *)sqlite3_column_text(st, 2), "text",
                                        (const char *)sqlite3_column_text(st, 3)));
  sqlite3_finalize(st);
  return SOSO_OK;
}

int soso_survey_analyse(void **out_json, soso_store *store,
                        const soso_survey_analyse_opts *o) {
  *out_json = NULL;
  if (!store || !o) return soso_error_set(SOSO_EUSAGE, "survey analyse: no store");
  if (o->n_boot < 100 || o->n_boot > 100000)
    return soso_error_set(SOSO_EUSAGE, "survey analyse: --boot %zu is not in 100..100000",
                          o->n_boot);
  sv_data d;
  int rc = sv_data_load(&d, store, o->community, o->wave);
  if (rc) return rc;
  void *j = NULL;
  rc = sv_analyse_data(&j, &d, o);
  if (rc == SOSO_OK) rc = add_store_parts(j, store, &d, o);
  sv_data_free(&d);
  if (rc) {
    json_decref(j);
    return rc;
  }
  *out_json = j;
  return SOSO_OK;
}
