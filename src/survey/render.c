/* render.c - the survey analysis as Markdown and as Likert diverging stacked bars.
 *
 * Both read only the analysis JSON (analyse.c), so they can show nothing that the
 * suppression rule removed. Every sentence is generated from the numbers.
 * Diverging bars: per item and group, the shares of the answers below the scale's
 * middle are drawn downwards from 0, those above upwards, the middle category split
 * half and half across 0 (the usual Likert layout, Heiberger & Robbins 2014).
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/chart.h"
#include "soso/error.h"
#include "survey/survey_int.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double nv(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *sv(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : "";
}

static void fnum(char *b, size_t n, double v, int dec) {
  if (isfinite(v)) snprintf(b, n, "%.*f", dec, v);
  else snprintf(b, n, "n/a");
}

int soso_survey_markdown(FILE *f, const void *json) {
  const json_t *j = json;
  if (!j) return soso_error_set(SOSO_EUSAGE, "survey markdown: no analysis");
  char a[32], b[32], c[32], e[32], g[32];
  fprintf(f, "# What residents say: survey analysis\n\n");
  if (json_is_true(json_object_get(j, "synthetic")))
    fprintf(f, "> **SYNTHETIC DATA.** %s.\n\n", sv(j, "note"));
  const json_t *sc = json_object_get(j, "scale");
  fprintf(f, "Scale %g-%g; %s means; groups of fewer than %d respondents are suppressed. "
             "Bootstrap: %lld resamples, seed %lld.\n\n",
          nv(sc, "min"), nv(sc, "max"),
          json_is_true(json_object_get(j, "weighted")) ? "weighted" : "unweighted",
          SOSO_SURVEY_MIN_GROUP, (long long)nv(j, "n_boot"), (long long)nv(j, "seed"));
  size_t gi;
  json_t *grp;
  json_array_foreach(json_object_get(j, "groups"), gi, grp) {
    fprintf(f, "## %s, wave %s\n\n", sv(grp, "community"), sv(grp, "wave"));
    if (json_is_true(json_object_get(grp, "suppressed"))) {
      fprintf(f, "Suppressed: fewer than %d respondents.\n\n", SOSO_SURVEY_MIN_GROUP);
      continue;
    }
    fprintf(f, "%lld respondents.\n\n", (long long)nv(grp, "n"));
    fprintf(f, "| construct | n | mean | 95 %% CI | alpha | Feldt 95 %% CI |\n"
               "|---|---:|---:|---|---:|---|\n");
    const char *key;
    json_t *cj;
    json_object_foreach(json_object_get(grp, "constructs"), key, cj) {
      fnum(a, sizeof a, nv(cj, "mean"), 2);
      fnum(b, sizeof b, nv(cj, "lo"), 2);
      fnum(c, sizeof c, nv(cj, "hi"), 2);
      fnum(e, sizeof e, nv(cj, "alpha"), 2);
      char lo[32], hi[32];
      fnum(lo, sizeof lo, nv(cj, "alpha_lo"), 2);
      fnum(hi, sizeof hi, nv(cj, "alpha_hi"), 2);
      fprintf(f, "| %s | %lld | %s | %s-%s | %s | %s-%s |\n", key, (long long)nv(cj, "n"), a,
              b, c, e, lo, hi);
    }
    fprintf(f, "\nItems (corrected item-total r; alpha if deleted):");
    json_object_foreach(json_object_get(grp, "constructs"), key, cj) {
      size_t ii;
      json_t *it;
      json_array_foreach(json_object_get(cj, "items"), ii, it) {
        fnum(a, sizeof a, nv(it, "item_total_r"), 2);
        fnum(b, sizeof b, nv(it, "alpha_if_deleted"), 2);
        fprintf(f, " %s %s; %s.", sv(it, "item"), a, b);
      }
    }
    fprintf(f, "\n\n");
    json_t *s = json_object_get(grp, "social_licence");
    if (s) {
      fnum(a, sizeof a, nv(s, "share"), 2);
      fnum(b, sizeof b, nv(s, "share_lo"), 2);
      fnum(c, sizeof c, nv(s, "share_hi"), 2);
      const json_t *p = json_object_get(s, "p_level");
      fnum(e, sizeof e, 100 * nv(p, sv(s, "level")), 0);
      char span[128];
      if (strcmp(sv(s, "level_lo"), sv(s, "level_hi")) == 0)
        snprintf(span, sizeof span, "the whole interval at this level");
      else
        snprintf(span, sizeof span, "from %s to %s", sv(s, "level_lo"), sv(s, "level_hi"));
      fprintf(f, "Social licence (Thomson & Boutilier): **%s** (acceptance score %s of 1, "
                 "95 %% CI %s-%s, %s; %s %% of bootstrap resamples at this level).\n\n",
              sv(s, "level"), a, b, c, span, e);
    }
  }
  const json_t *pm = json_object_get(j, "path_model");
  fprintf(f, "## Path model (Moffat & Zhang 2014)\n\n");
  if (json_object_get(pm, "error")) {
    fprintf(f, "%s.\n\n", sv(pm, "error"));
  } else {
    fprintf(f, "%lld respondents, %s least squares; percentile bootstrap, %lld resamples, "
               "seed %lld.\n\n| path | coefficient | 95 %% CI |\n|---|---:|---|\n",
            (long long)nv(pm, "n"), json_is_true(json_object_get(pm, "weighted")) ? "weighted" : "ordinary",
            (long long)nv(pm, "n_boot"), (long long)nv(pm, "seed"));
    const char *key;
    json_t *v;
    const json_t *ci = json_object_get(pm, "ci95");
    for (int side = 0; side < 2; side++) {
      const char *to = side ? "acceptance" : "trust";
      json_object_foreach(json_object_get(pm, side ? "acceptance_on" : "trust_on"), key, v) {
        char k2[96];
        snprintf(k2, sizeof k2, "%s->%s", key, to);
        const json_t *iv = json_object_get(ci, k2);
        fnum(a, sizeof a, json_number_value(v), 3);
        fnum(b, sizeof b, json_number_value(json_array_get(iv, 0)), 3);
        fnum(c, sizeof c, json_number_value(json_array_get(iv, 1)), 3);
        fprintf(f, "| %s -> %s | %s | %s to %s |\n", key, to, a, b, c);
      }
    }
    fprintf(f, "\n| indirect effect on acceptance via trust | estimate | 95 %% CI |\n"
               "|---|---:|---|\n");
    json_object_foreach(json_object_get(pm, "indirect_via_trust"), key, v) {
      fnum(a, sizeof a, nv(v, "estimate"), 3);
      fnum(b, sizeof b, nv(v, "lo"), 3);
      fnum(c, sizeof c, nv(v, "hi"), 3);
      fprintf(f, "| %s | %s | %s to %s |\n", key, a, b, c);
    }
    fprintf(f, "\n");
  }
  const char *const sect[] = {"between_communities", "between_waves"};
  const char *const title[] = {"Communities compared (same wave)", "Waves compared"};
  for (int k = 0; k < 2; k++) {
    json_t *arr = json_object_get(j, sect[k]);
    if (!json_array_size(arr)) continue;
    fprintf(f, "## %s\n\nDifference b - a of the means; Hedges' g with 95 %% CI; Welch's p.\n\n"
               "| a | b | construct | difference | g | 95 %% CI | p |\n"
               "|---|---|---|---:|---:|---|---:|\n", title[k]);
    size_t ci;
    json_t *cmp;
    json_array_foreach(arr, ci, cmp) {
      const json_t *A = json_object_get(cmp, "a"), *B = json_object_get(cmp, "b");
      const char *key;
      json_t *v;
      json_object_foreach(json_object_get(cmp, "constructs"), key, v) {
        fnum(a, sizeof a, nv(v, "diff"), 2);
        fnum(b, sizeof b, nv(v, "g"), 2);
        fnum(c, sizeof c, nv(v, "g_lo"), 2);
        fnum(e, sizeof e, nv(v, "g_hi"), 2);
        fnum(g, sizeof g, nv(v, "p"), 3);
        fprintf(f, "| %s w%s | %s w%s | %s | %s | %s | %s to %s | %s |\n", sv(A, "community"),
                sv(A, "wave"), sv(B, "community"), sv(B, "wave"), key, a, b, c, e, g);
      }
    }
    fprintf(f, "\n");
  }
  json_t *demo = json_object_get(j, "demographics");
  if (json_array_size(demo)) {
    fprintf(f, "## Who answered\n\n| community | wave | field | value | n |\n"
               "|---|---|---|---|---:|\n");
    size_t di;
    json_t *r;
    json_array_foreach(demo, di, r) {
      json_t *n = json_object_get(r, "n");
      char nb[32];
      if (json_is_string(n)) snprintf(nb, sizeof nb, "%s", json_string_value(n));
      else snprintf(nb, sizeof nb, "%lld", (long long)json_integer_value(n));
      fprintf(f, "| %s | %s | %s | %s | %s |\n", sv(r, "community"), sv(r, "wave"),
              sv(r, "field"), sv(r, "value"), nb);
    }
    fprintf(f, "\n");
  }
  json_t *ft = json_object_get(j, "free_text");
  if (ft) {
    fprintf(f, "## Free text (names, e-mails and phone numbers redacted)\n\n");
    size_t ti;
    json_t *r;
    json_array_foreach(ft, ti, r)
      fprintf(f, "- %s, wave %s: \"%s\"\n", sv(r, "community"), sv(r, "wave"), sv(r, "text"));
    fprintf(f, "\n");
  }
  return ferror(f) ? soso_error_set(SOSO_EIO, "survey markdown: write failed") : SOSO_OK;
}

int soso_survey_chart(const void *json, const char *path) {
  const json_t *j = json;
  if (!j) return soso_error_set(SOSO_EUSAGE, "survey chart: no analysis");
  const json_t *sc = json_object_get(j, "scale");
  int lo = (int)nv(sc, "min"), hi = (int)nv(sc, "max");
  size_t ncat = (size_t)(hi - lo + 1);
  json_t *groups = json_object_get(j, "groups"), *items = json_object_get(j, "items");
  size_t n_items = json_array_size(items), n_shown = 0, gi;
  json_t *grp;
  json_array_foreach(groups, gi, grp) n_shown += !json_is_true(json_object_get(grp, "suppressed"));
  if (!n_shown || !n_items || ncat < 2 || ncat > 11)
    return soso_error_set(SOSO_EDATA, "survey chart: no group with %d or more respondents",
                          SOSO_SURVEY_MIN_GROUP);
  size_t nb = n_shown * n_items;
  double *x = calloc(nb, sizeof *x), *base = calloc(nb, sizeof *base),
         *top = calloc(nb, sizeof *top), *pcts = calloc(nb * ncat, sizeof *pcts);
  char **names = calloc(nb, sizeof *names);
  soso_chart *ch = NULL;
  int rc = SOSO_OK;
  if (!x || !base || !top || !pcts || !names) {
    rc = soso_error_set(SOSO_ENOMEM, "out of memory");
    goto done;
  }
  size_t bar = 0;
  char titles[16][80];
  json_array_foreach(groups, gi, grp) {
    if (json_is_true(json_object_get(grp, "suppressed"))) continue;
    if (bar / n_items < 16)
      snprintf(titles[bar / n_items], sizeof titles[0], "%s, wave %s (n = %lld)",
               sv(grp, "community"), sv(grp, "wave"), (long long)nv(grp, "n"));
    json_t *lik = json_object_get(grp, "likert");
    for (size_t i = 0; i < n_items; i++, bar++) {
      const char *item = sv(json_array_get(items, i), "item");
      json_t *cnt = json_object_get(lik, item);
      double tot = 0;
      for (size_t k = 0; k < ncat; k++) tot += json_number_value(json_array_get(cnt, k));
      for (size_t k = 0; k < ncat; k++)
        pcts[bar * ncat + k] = tot > 0 ? 100.0 * json_number_value(json_array_get(cnt, k)) / tot : 0;
      x[bar] = (double)i;
      if (bar < n_items && !(names[bar] = strdup(item))) {
        rc = soso_error_set(SOSO_ENOMEM, "out of memory");
        goto done;
      }
    }
  }
  /* one panel per group shown (at most 16), two columns */
  size_t np = n_shown < 16 ? n_shown : 16;
  int cols_n = np > 1 ? 2 : 1, rows_n = (int)((np + 1) / 2);
  if ((rc = soso_chart_new(&ch, 1100, 60.0 + 230.0 * rows_n, rows_n, cols_n))) goto done;
  soso_chart_title(ch, "What residents say: Likert answers by item",
                   json_is_true(json_object_get(j, "synthetic"))
                       ? "SYNTHETIC survey (soso survey synth) - not real residents"
                       : NULL);
  soso_chart_source(ch, "Share of answers (%): 1-2 below 0, 4-5 above, the middle answer split "
                        "across 0; reverse-coded items turned round; groups under 5 "
                        "respondents suppressed");
  static const soso_rgb cols[] = {{0.70, 0.09, 0.17}, {0.94, 0.54, 0.38}, {0.75, 0.75, 0.75},
                                  {0.57, 0.77, 0.87}, {0.13, 0.40, 0.67}};
  size_t mid = ncat / 2;
  int odd = (int)(ncat % 2);
  for (size_t p = 0; p < np; p++) {
    if ((rc = soso_chart_panel(ch, (int)p))) goto done;
    soso_chart_panel_title(ch, titles[p]);
    soso_chart_axes(ch, NULL, "% of answers");
    soso_chart_yrange(ch, -100, 100);
    soso_chart_xcategories(ch, (const char *const *)names, n_items);
    const double *pc = pcts + p * n_items * ncat;
    for (size_t k = 0; k < ncat; k++) {
      for (size_t q = 0; q < n_items; q++) {
        double v = pc[q * ncat + k], below = 0, above = 0;
        if (odd && k == mid) {
          base[q] = -v / 2;
          top[q] = v / 2;
        } else if (k < mid) {
          for (size_t m = k + 1; m < mid; m++) below += pc[q * ncat + m];
          if (odd) below += pc[q * ncat + mid] / 2;
          top[q] = -below;
          base[q] = -below - v;
        } else {
          for (size_t m = mid + (size_t)odd; m < k; m++) above += pc[q * ncat + m];
          if (odd) above += pc[q * ncat + mid] / 2;
          base[q] = above;
          top[q] = above + v;
        }
      }
      char lab[32];
      snprintf(lab, sizeof lab, "%d", lo + (int)k);
      size_t ci = ncat == 5 ? k : (size_t)((double)k * 4.0 / (double)(ncat - 1) + 0.5);
      if ((rc = soso_chart_bars(ch, x, base, top, n_items, 0.8, p == 0 ? lab : NULL, cols[ci])))
        goto done;
    }
    soso_chart_hline(ch, 0, NULL, (soso_rgb){0, 0, 0});
  }
  rc = soso_chart_save(ch, path);
done:
  soso_chart_free(ch);
  for (size_t q = 0; names && q < nb; q++) free(names[q]);
  free(names);
  free(x);
  free(base);
  free(top);
  free(pcts);
  return rc;
}
