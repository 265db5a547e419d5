/* residents.c - the survey's way into the assessment and the report: the evidence
 * the impact rules read (soso_survey_evidence_load) and the "What residents told us"
 * paragraph (soso_survey_residents_text).
 *
 * Both go through soso_survey_analyse, so they obey the same suppression rule and
 * print the same numbers as `soso survey analyse`. "Latest wave" is the last in the
 * store's text order of wave names (use sortable names: 1, 2 ... or years).
 */
#define _POSIX_C_SOURCE 200809L
#include "core/i18n_int.h"
#include "soso/error.h"
#include "soso/i18n.h"
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

static int level_index(const char *w) {
  static const char *const k[] = {"withdrawal", "acceptance", "approval",
                                  "psychological_identification"};
  for (int i = 0; i < 4; i++)
    if (strcmp(w, k[i]) == 0) return i;
  return -1;
}

/* Analysis of one community (all waves), small bootstrap (levels only). */
static int analyse_one(json_t **out, soso_store *store, const char *community) {
  soso_survey_analyse_opts o = SOSO_SURVEY_ANALYSE_OPTS_INIT;
  o.community = community;
  o.n_boot = 200;
  void *j = NULL;
  int rc = soso_survey_analyse(&j, store, &o);
  *out = j;
  return rc;
}

int soso_survey_evidence_load(soso_survey_evidence *out, soso_store *store, const char *community,
                         const char *wave) {
  memset(out, 0, sizeof *out);
  out->level = -1;
  for (int c = 0; c < SOSO_CON_COUNT; c++) out->share[c] = NAN;
  if (!store || !community) return soso_error_set(SOSO_EUSAGE, "survey evidence: no store");
  json_t *j = NULL;
  int rc = analyse_one(&j, store, community);
  if (rc == SOSO_ENOTFOUND) return SOSO_OK;
  if (rc) return rc;
  const json_t *grp = NULL;
  size_t gi;
  json_t *g;
  json_array_foreach(json_object_get(j, "groups"), gi, g)
    if (!wave || strcmp(sv(g, "wave"), wave) == 0) grp = g;
  if (!grp || json_is_true(json_object_get(grp, "suppressed"))) {
    json_decref(j);
    return SOSO_OK;
  }
  int synth = json_is_true(json_object_get(grp, "synthetic"));
  out->present = 1;
  for (int c = 0; c < SOSO_CON_COUNT; c++) {
    const json_t *cj = json_object_get(json_object_get(grp, "constructs"),
                                       soso_survey_construct_name((soso_construct)c));
    if (!cj || !isfinite(nv(cj, "mean"))) continue;
    out->share[c] = nv(cj, "share");
    snprintf(out->text[c], sizeof out->text[c],
             "%s survey of %s, wave %s: mean %.2f (95 %% CI %.2f-%.2f) on the %g-%g scale, "
             "n = %.0f, alpha %.2f",
             synth ? "SYNTHETIC" : "residents'", community, sv(grp, "wave"), nv(cj, "mean"),
             nv(cj, "lo"), nv(cj, "hi"), nv(json_object_get(j, "scale"), "min"),
             nv(json_object_get(j, "scale"), "max"), nv(cj, "n"), nv(cj, "alpha"));
  }
  const json_t *s = json_object_get(grp, "social_licence");
  if (s) {
    out->level = level_index(sv(s, "level"));
    snprintf(out->level_text, sizeof out->level_text,
             "%s (acceptance share %.2f, 95 %% CI %.2f-%.2f: %s to %s)", sv(s, "level"),
             nv(s, "share"), nv(s, "share_lo"), nv(s, "share_hi"), sv(s, "level_lo"),
             sv(s, "level_hi"));
  }
  json_decref(j);
  return SOSO_OK;
}

static const char *word_of(double share) {
  if (!isfinite(share)) return _("not measured");
  if (share >= 0.75) return _("high");
  if (share >= 0.5) return _("moderately high");
  if (share >= 0.25) return _("moderately low");
  return _("low");
}

/* A social-licence level of the analysis ("psychological_identification") in the
 * reader's language; an unknown name as it is. */
static const char *level_word(const char *w) {
  static const char *const k[] = {N_("withdrawal"), N_("acceptance"), N_("approval"),
                                  N_("psychological identification")};
  int i = level_index(w);
  return i >= 0 ? _(k[i]) : w;
}

/* v with d decimals as the reader's language writes it, into one of a few rotating
 * buffers (one fprintf below prints at most eight numbers). */
typedef struct numbuf {
  char b[8][32];
  int i;
} numbuf;

static const char *nf(numbuf *nb, double v, int d) {
  char *b = nb->b[nb->i++ & 7];
  soso_i18n_number(b, sizeof nb->b[0], v, d, 0);
  return b;
}

/* The paragraph is in the language of the run (soso_i18n_setup): the report's
 * language, English for the CLI. */
int soso_survey_residents_text(char **out, soso_store *store, const char *community) {
  *out = NULL;
  if (!store || !community) return soso_error_set(SOSO_EUSAGE, "survey text: no store");
  json_t *j = NULL;
  int rc = analyse_one(&j, store, community);
  if (rc) return rc;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) {
    json_decref(j);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  numbuf nb = {.i = 0};
  if (json_is_true(json_object_get(j, "synthetic")))
    fprintf(f, "*%s* ", _("SYNTHETIC survey (made up for testing, not real residents)."));
  size_t gi;
  json_t *g;
  const json_t *prev = NULL;
  json_array_foreach(json_object_get(j, "groups"), gi, g) {
    if (json_is_true(json_object_get(g, "suppressed"))) {
      fprintf(f, _("Wave %s had fewer than %d respondents and is not reported. "), sv(g, "wave"),
              SOSO_SURVEY_MIN_GROUP);
      continue;
    }
    const json_t *cs = json_object_get(g, "constructs");
    const json_t *acc = json_object_get(cs, "acceptance");
    fprintf(f, _("In wave %s, %s residents answered."), sv(g, "wave"), nf(&nb, nv(g, "n"), 0));
    if (acc)
      fprintf(f, _(" Acceptance of the mine was %s (%s of %s, 95 %% CI %s-%s)."),
              word_of(nv(acc, "share")), nf(&nb, nv(acc, "mean"), 2),
              nf(&nb, nv(json_object_get(j, "scale"), "max"), 0), nf(&nb, nv(acc, "lo"), 2),
              nf(&nb, nv(acc, "hi"), 2));
    const json_t *s = json_object_get(g, "social_licence");
    if (s) {
      if (strcmp(sv(s, "level_lo"), sv(s, "level_hi")) == 0)
        fprintf(f, _(" The social licence stands at the level of %s."),
                level_word(sv(s, "level")));
      else
        fprintf(f, _(" The social licence is most likely at the level of %s, but the data "
                     "allow anything from %s to %s."),
                level_word(sv(s, "level")), level_word(sv(s, "level_lo")),
                level_word(sv(s, "level_hi")));
    }
    const json_t *tr = json_object_get(cs, "trust"), *fe = json_object_get(cs, "fears"),
                 *pf = json_object_get(cs, "procedural_fairness");
    if (tr && fe && pf)
      fprintf(f, _(" Trust in the company was %s (%s), the sense of being heard %s (%s), and "
                   "fears %s (%s)."),
              word_of(nv(tr, "share")), nf(&nb, nv(tr, "mean"), 2), word_of(nv(pf, "share")),
              nf(&nb, nv(pf, "mean"), 2), word_of(nv(fe, "share")), nf(&nb, nv(fe, "mean"), 2));
    if (prev && acc) {
      const json_t *pa = json_object_get(json_object_get(prev, "constructs"), "acceptance");
      double d = nv(acc, "mean") - nv(pa, "mean");
      /* the same numbers as the between-waves comparison */
      const json_t *cmp = NULL;
      size_t ci;
      json_t *c;
      json_array_foreach(json_object_get(j, "between_waves"), ci, c)
        if (strcmp(sv(json_object_get(c, "b"), "wave"), sv(g, "wave")) == 0 &&
            strcmp(sv(json_object_get(c, "a"), "wave"), sv(prev, "wave")) == 0)
          cmp = json_object_get(json_object_get(c, "constructs"), "acceptance");
      if (cmp) {
        int clear = nv(cmp, "g_lo") > 0 || nv(cmp, "g_hi") < 0;
        fprintf(f, d >= 0 ? _(" Since wave %s acceptance rose by %s points (Hedges' g %s, 95 %% "
                              "CI %s to %s)%s.")
                          : _(" Since wave %s acceptance fell by %s points (Hedges' g %s, 95 %% "
                              "CI %s to %s)%s."),
                sv(prev, "wave"), nf(&nb, fabs(d), 2), nf(&nb, nv(cmp, "g"), 2),
                nf(&nb, nv(cmp, "g_lo"), 2), nf(&nb, nv(cmp, "g_hi"), 2),
                clear ? "" : _(", a change the survey cannot tell apart from none"));
      }
    }
    fprintf(f, " ");
    prev = g;
  }
  fclose(f);
  json_decref(j);
  if (!buf) return soso_error_set(SOSO_ENOMEM, "out of memory");
  /* drop the trailing space */
  if (len && buf[len - 1] == ' ') buf[len - 1] = '\0';
  *out = buf;
  return SOSO_OK;
}
