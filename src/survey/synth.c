/* synth.c - the SYNTHETIC Drina residents' survey: a seeded generator with known
 * true parameters, for the tests and the worked example. Never IMP@CT data.
 *
 * Design (all numbers are choices of this generator, not findings):
 * - Communities Ljubovija, Srebrenica, Olovo; waves 1 and 2; n respondents each
 *   (default 110: 660 in all), plus, when asked, a 4-respondent Gorazde pilot in
 *   wave 1 that every output must suppress.
 * - Two age strata. The population is half 18-44, half 45+; the sample takes 35 %
 *   and 65 % (older residents are easier to reach), so the design weight is
 *   0.5/0.35 or 0.5/0.65 and unweighted means are biased towards the older.
 * - Latent scores (Likert units), from seven independent standard normals z:
 *     CQN = 2.6 + dc + 0.8 z1                      contact quantity
 *     CQL = 3.0 + dc + 0.8 (0.3 z1 + 0.954 z2)     contact quality
 *     PF  = 2.9 + dc + dw + ds + 0.8 z3            procedural fairness
 *     T   = 0.6 + 0.10 CQN + 0.30 CQL + 0.40 PF + 0.5 z4     trust
 *     A   = 0.5 + 0.70 T + 0.10 PF + 0.5 z5                  acceptance
 *     B   = 1.0 + 0.50 A + 0.6 z6                            perceived benefits
 *     F   = 5.0 - 0.60 T + 0.6 z7                            fears
 *   with community shifts dc (Ljubovija +0.3, Srebrenica -0.4, Olovo 0), wave shift
 *   dw (wave 2: +0.25 in Ljubovija, -0.10 elsewhere) and stratum shift ds (18-44:
 *   -0.5). Those are the structural (latent) paths.
 * - Three items per construct: item = min(5, max(1, round(L + 0.7 e))), e standard
 *   normal per item; acc3 ("I would oppose a mine here") is stored reversed
 *   (6 - item). Each answer is left blank with probability `missing` (MCAR).
 * True values: a construct's population mean is exact in closed form - an item is
 * a rounded, clipped normal, E = 1 + sum_k (1 - Phi((k + 0.5 - mu) / sd)), k = 1..4,
 * averaged over the strata with the population shares; the mean of the answered
 * items has the same expectation because the items of a construct are exchangeable.
 * Cronbach's alpha and the observed-score path coefficients have no closed form
 * (rounding and clipping); their true values are the population values of the same
 * estimators, computed on a large sample (truth_n per group) and given with that
 * sample's Monte Carlo error. Observed-score paths are smaller than the latent ones
 * (measurement error attenuates them); both are in the truth file.
 * Random numbers: soso_rng (Philox), stream 1013, path = respondent number (global,
 * from 0), block = variable; the same seed gives the same files on any machine.
 */
#define _POSIX_C_SOURCE 200809L
#include "soso/error.h"
#include "soso/afile.h"
#include "soso/rng.h"
#include "survey/survey_int.h"

#include <gsl/gsl_cdf.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NCOMM = 3, NWAVE = 2, NLAT = 7, NITEM = 21, SYNTH_STREAM = 1013 };

static const char *const k_comm[NCOMM] = {"Ljubovija", "Srebrenica", "Olovo"};
static const double k_dc[NCOMM] = {0.3, -0.4, 0.0};
static const double k_dw[NCOMM][NWAVE] = {{0, 0.25}, {0, -0.10}, {0, -0.10}};
static const double k_ds[2] = {-0.5, 0.0};       /* 18-44, 45+ */
static const double k_pop[2] = {0.5, 0.5};       /* population shares */
static const double k_samp[2] = {0.35, 0.65};    /* sample shares */
static const char *const k_age[2] = {"18-44", "45+"};
static const double k_item_sd = 0.7;

/* latent order: CQN, CQL, PF, T, A, B, F = construct order of soso_construct */
static const char *const k_items[NITEM] = {
    "cqn1", "cqn2", "cqn3", "cql1", "cql2", "cql3", "pf1",  "pf2",  "pf3",  "tr1",  "tr2",
    "tr3",  "ben1", "ben2", "ben3", "fear1", "fear2", "fear3", "acc1", "acc2", "acc3"};
static const int k_item_con[NITEM] = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6};
static const char *const k_lime[NITEM] = {
    "CONTACT[CQN1]", "CONTACT[CQN2]", "CONTACT[CQN3]", "CONTACT[CQL1]", "CONTACT[CQL2]",
    "CONTACT[CQL3]", "FAIR[PF1]",     "FAIR[PF2]",     "FAIR[PF3]",     "TRUST[TR1]",
    "TRUST[TR2]",    "TRUST[TR3]",    "BEN[BEN1]",     "BEN[BEN2]",     "BEN[BEN3]",
    "FEAR[FEAR1]",   "FEAR[FEAR2]",   "FEAR[FEAR3]",   "ACC[ACC1]",     "ACC[ACC2]",
    "ACC[ACC3]"};
static const char *const k_group[SOSO_CON_COUNT] = {"group_contact", "group_contact",
                                                    "group_fairness", "group_trust",
                                                    "group_benefits", "group_fears",
                                                    "group_acceptance"};
static const char *const k_text[NITEM] = {
    "I often meet people from the mining company",
    "The company comes to our village events",
    "I have talked with mine staff in the last year",
    "My contacts with the company are positive",
    "Company staff listen when I talk to them",
    "The company answers my questions honestly",
    "The company listens to the community",
    "Residents can influence decisions about the mine",
    "The company would change its plans if we object",
    "I trust the company to act responsibly",
    "The company keeps its promises",
    "I trust what the company says about pollution",
    "The mine brings jobs to people here",
    "The mine will help young people stay",
    "Local businesses gain from the mine",
    "I worry about the river and the water",
    "I worry about dust and trucks",
    "I fear the mine will close suddenly",
    "I accept a small mine near my community",
    "The mine is good for this place",
    "I would oppose a mine here (reverse-coded)"};
static const int k_reverse = 20; /* acc3 */
static const char *const k_labels[5] = {"Strongly disagree", "Disagree",
                                        "Neither agree nor disagree", "Agree",
                                        "Strongly agree"};
/* Made-up names and contacts for the free text (redaction must remove them). */
static const char *const k_first[] = {"Ana", "Marko", "Jelena", "Dragan", "Amra", "Senad",
                                      "Milica", "Nikola"};
static const char *const k_last[] = {"Petrovic", "Hodzic", "Jovanovic", "Kovac", "Begic",
                                     "Ilic"};

/* Latent means and loadings on the 7 independent normals, for a group/stratum. */
static void latent(double mu[NLAT], double load[NLAT][NLAT], int c, int w, int s) {
  memset(load, 0, sizeof(double) * NLAT * NLAT);
  double dc = k_dc[c], dw = k_dw[c][w], ds = k_ds[s];
  mu[0] = 2.6 + dc;
  load[0][0] = 0.8;
  mu[1] = 3.0 + dc;
  load[1][0] = 0.8 * 0.3;
  load[1][1] = 0.8 * 0.954;
  mu[2] = 2.9 + dc + dw + ds;
  load[2][2] = 0.8;
  mu[3] = 0.6 + 0.10 * mu[0] + 0.30 * mu[1] + 0.40 * mu[2];
  for (int k = 0; k < NLAT; k++)
    load[3][k] = 0.10 * load[0][k] + 0.30 * load[1][k] + 0.40 * load[2][k];
  load[3][3] += 0.5;
  /* acceptance is construct 6, benefits 4, fears 5: compute A first */
  mu[6] = 0.5 + 0.70 * mu[3] + 0.10 * mu[2];
  for (int k = 0; k < NLAT; k++) load[6][k] = 0.70 * load[3][k] + 0.10 * load[2][k];
  load[6][4] += 0.5;
  mu[4] = 1.0 + 0.50 * mu[6];
  for (int k = 0; k < NLAT; k++) load[4][k] = 0.50 * load[6][k];
  load[4][5] += 0.6;
  mu[5] = 5.0 - 0.60 * mu[3];
  for (int k = 0; k < NLAT; k++) load[5][k] = -0.60 * load[3][k];
  load[5][6] += 0.6;
}

/* Expected value of min(5, max(1, round(Y))), Y ~ N(mu, sd^2). */
static double item_mean(double mu, double sd) {
  double e = 1.0;
  for (int k = 1; k <= 4; k++) e += gsl_cdf_ugaussian_Q(((double)k + 0.5 - mu) / sd);
  return e;
}

static int stratum_of(size_t i, size_t n) {
  size_t n_young = (size_t)lround(k_samp[0] * (double)n);
  return i < n_young ? 0 : 1;
}

int sv_synth_data(sv_data *d, char ***names_out, const soso_survey_synth_opts *o,
                  size_t n_override) {
  memset(d, 0, sizeof *d);
  size_t n = n_override ? n_override : o->n_per_group;
  size_t ng = NCOMM * NWAVE + (o->tiny_group ? 1 : 0);
  d->n_items = NITEM;
  d->scale_min = 1;
  d->scale_max = 5;
  d->synthetic = 1;
  d->weighted = 1;
  d->n_groups = ng;
  d->n_resp = NCOMM * NWAVE * n + (o->tiny_group ? 4 : 0);
  d->items = calloc(NITEM, sizeof *d->items);
  d->item_con = calloc(NITEM, sizeof *d->item_con);
  d->groups = calloc(ng, sizeof *d->groups);
  d->grp = calloc(d->n_resp, sizeof *d->grp);
  d->w = calloc(d->n_resp, sizeof *d->w);
  d->x = calloc(d->n_resp * NITEM, sizeof *d->x);
  d->score = calloc(d->n_resp * SOSO_CON_COUNT, sizeof *d->score);
  char **names = calloc(d->n_resp, sizeof *names);
  if (!d->items || !d->item_con || !d->groups || !d->grp || !d->w || !d->x || !d->score ||
      !names) {
    free(names);
    sv_data_free(d);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < NITEM; i++) {
    d->items[i] = strdup(k_items[i]);
    d->item_con[i] = k_item_con[i];
  }
  soso_rng rng = soso_rng_make(o->seed, SYNTH_STREAM);
  size_t r = 0;
  for (size_t g = 0; g < ng; g++) {
    int c = g < NCOMM * NWAVE ? (int)(g / NWAVE) : -1;
    int w = g < NCOMM * NWAVE ? (int)(g % NWAVE) : 0;
    size_t gn = c >= 0 ? n : 4;
    char wave[8];
    snprintf(wave, sizeof wave, "%d", w + 1);
    d->groups[g].community = strdup(c >= 0 ? k_comm[c] : "Gorazde");
    d->groups[g].wave = strdup(wave);
    d->groups[g].synthetic = 1;
    d->groups[g].n = gn;
    for (size_t i = 0; i < gn; i++, r++) {
      int s = stratum_of(i, gn);
      double mu[NLAT], load[NLAT][NLAT], z[8], e[24], u[24], L[NLAT];
      latent(mu, load, c >= 0 ? c : 2, w, s);
      soso_rng_normals(&rng, r, 0, z, 8);
      soso_rng_normals(&rng, r, 2, e, 24);
      for (size_t b = 0; b < 6; b++) soso_rng_uniform4(&rng, r, 10 + b, u + 4 * b);
      for (int l = 0; l < NLAT; l++) {
        L[l] = mu[l];
        for (int k = 0; k < NLAT; k++) L[l] += load[l][k] * z[k];
      }
      d->grp[r] = (int)g;
      d->w[r] = k_pop[s] / k_samp[s];
      for (size_t it = 0; it < NITEM; it++) {
        double v = fmin(5.0, fmax(1.0, round(L[k_item_con[it]] + k_item_sd * e[it])));
        d->x[r * NITEM + it] = u[it] < o->missing ? NAN : v; /* analysis view: turned round */
      }
      names[r] = NULL;
      if (u[22] < 0.15) {
        char buf[256];
        const char *fn = k_first[(size_t)(u[23] * 8) % 8], *ln = k_last[(size_t)(u[21] * 6) % 6];
        int kind = (int)(u[22] * 100) % 3;
        if (kind == 0)
          snprintf(buf, sizeof buf, "%s %s says the river was clean before; call me on "
                   "+387 61 %03d %03d", fn, ln, (int)(u[21] * 999), (int)(u[23] * 999));
        else if (kind == 1)
          snprintf(buf, sizeof buf, "We want jobs for the young. Write to %c%s@example.org",
                   fn[0] + 32, ln);
        else
          snprintf(buf, sizeof buf, "Trucks at night are the problem, ask %s at the school",
                   fn);
        names[r] = strdup(buf);
      }
    }
  }
  sv_data_scores(d);
  if (names_out) *names_out = names;
  else {
    for (size_t q = 0; q < d->n_resp; q++) free(names[q]);
    free(names);
  }
  return SOSO_OK;
}

/* Writes text to dir/name atomically. */
static int write_file(const char *dir, const char *name, const char *text) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  soso_afile *af = NULL;
  FILE *f = NULL;
  int rc = soso_afile_open(&af, &f, path);
  if (rc) return rc;
  fputs(text, f);
  return soso_afile_commit(af);
}

static void csv_cell(FILE *f, const char *s) {
  if (!s) return;
  if (strpbrk(s, ",\"\n;")) {
    fputc('"', f);
    for (const char *p = s; *p; p++) {
      if (*p == '"') fputc('"', f);
      fputc(*p, f);
    }
    fputc('"', f);
  } else {
    fputs(s, f);
  }
}

/* The answer as the respondent gave it (acc3 back to its asked direction). */
static double asked(const sv_data *d, size_t r, size_t it) {
  double v = d->x[r * NITEM + it];
  return (it == (size_t)k_reverse && isfinite(v)) ? 6.0 - v : v;
}

static int write_group(const char *dir, const sv_data *d, char **texts, size_t g, int lime) {
  char name[128], path[1024];
  const sv_group *gr = &d->groups[g];
  char low[32];
  size_t k = 0;
  for (const char *p = gr->community; *p && k + 1 < sizeof low; p++)
    low[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
  low[k] = '\0';
  snprintf(name, sizeof name, "survey-%s-w%s.%s.csv", low, gr->wave, lime ? "limesurvey" : "kobo");
  snprintf(path, sizeof path, "%s/%s", dir, name);
  soso_afile *af = NULL;
  FILE *f = NULL;
  int rc = soso_afile_open(&af, &f, path);
  if (rc) return rc;
  if (lime) {
    fputs("id,submitdate,lastpage,startlanguage,respondent_name,age_group,gender", f);
    for (size_t it = 0; it < NITEM; it++) fprintf(f, ",%s", k_lime[it]);
    fputs(",comments,weight\n", f);
  } else {
    fputs("start,end,deviceid,phonenumber,respondent_name,group_demo/age_group,"
          "group_demo/gender", f);
    for (size_t it = 0; it < NITEM; it++)
      fprintf(f, ",%s/%s", k_group[k_item_con[it]], k_items[it]);
    fputs(",group_final/comments,weight,_uuid,_submission_time,_index\n", f);
  }
  size_t i = 0;
  for (size_t r = 0; r < d->n_resp; r++) {
    if (d->grp[r] != (int)g) continue;
    i++;
    int s = d->w[r] > 1.0 ? 0 : 1;
    char rname[64];
    snprintf(rname, sizeof rname, "%s %s", k_first[(r * 7) % 8], k_last[(r * 5) % 6]);
    const char *gender = (r % 2) ? "female" : "male";
    if (lime)
      fprintf(f, "%zu,2025-0%s-15 10:%02zu:00,5,bs,%s,%s,%s", i, gr->wave, i % 60, rname,
              k_age[s], gender);
    else
      fprintf(f, "2025-0%s-15T10:%02zu:00,2025-0%s-15T10:%02zu:30,ee:%012zx,+38761%06zu,%s,%s,%s",
              gr->wave, i % 60, gr->wave, i % 60, r * 7919u, r, rname, k_age[s], gender);
    for (size_t it = 0; it < NITEM; it++) {
      double v = asked(d, r, it);
      fputc(',', f);
      if (!isfinite(v)) {
        /* Kobo: "dont_know" for every 3rd blank (a codebook missing code), else empty */
        if (!lime && (r + it) % 3 == 0) fputs("dont_know", f);
        continue;
      }
      if (lime) fprintf(f, "A%d", (int)v);
      else fputs(k_labels[(int)v - 1], f);
    }
    fputc(',', f);
    csv_cell(f, texts[r]);
    fprintf(f, ",%.6f", d->w[r]);
    if (!lime)
      fprintf(f, ",%08zx-%04zx-4%03zx-a%03zx-%012zx,2025-0%s-16T08:00:00,%zu", r * 2654435761u,
              r % 65536, r % 4096, (r * 3) % 4096, r * 40503u, gr->wave, i);
    fputc('\n', f);
  }
  return soso_afile_commit(af);
}

static int write_codebook(const char *dir) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return soso_error_set(SOSO_ENOMEM, "out of memory");
  fputs("# survey-codebook.yaml - codebook of the SYNTHETIC Drina residents' survey, written\n"
        "# by `soso survey synth` (src/survey/synth.c documents the generator and its true\n"
        "# parameters). SYNTHETIC: made-up answers for testing, NOT IMP@CT data.\n"
        "title: \"Drina residents' survey (SYNTHETIC)\"\n"
        "synthetic: true\n"
        "scale: {min: 1, max: 5}\n"
        "choices:              # KoboToolbox label export and LimeSurvey answer codes\n", f);
  for (int k = 0; k < 5; k++)
    fprintf(f, "  - {word: \"%s\", code: %d}\n  - {word: \"A%d\", code: %d}\n", k_labels[k],
            k + 1, k + 1, k + 1);
  fputs("missing: [\"-99\", \"99\", dont_know, refused]\n"
        "respondent_id: [_uuid, id]   # stored only as a salted SHA-256\n"
        "weight: weight\n"
        "demographics: [age_group, gender]\n"
        "free_text: [comments]      # stored redacted; shown only with --free-text\n"
        "items:\n", f);
  for (size_t it = 0; it < NITEM; it++)
    fprintf(f, "  - {name: %s, construct: %s, limesurvey: \"%s\", label: \"%s\"%s}\n",
            k_items[it], soso_survey_construct_name((soso_construct)k_item_con[it]), k_lime[it],
            k_text[it], (int)it == k_reverse ? ", reverse: true" : "");
  fclose(f);
  int rc = write_file(dir, "survey-codebook.yaml", buf);
  free(buf);
  return rc;
}

static json_t *truth_json(const soso_survey_synth_opts *o) {
  json_t *j = json_object();
  json_object_set_new(j, "note", json_string(
      "SYNTHETIC survey: true parameters of the generator in src/survey/synth.c. Means are "
      "exact (closed form); alpha and observed-score paths are large-sample population values "
      "with their Monte Carlo standard error."));
  json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
  json_object_set_new(j, "latent_paths",
                      json_pack("{s:f,s:f,s:f,s:f,s:f}", "contact_quantity->trust", 0.10,
                                "contact_quality->trust", 0.30,
                                "procedural_fairness->trust", 0.40, "trust->acceptance", 0.70,
                                "procedural_fairness->acceptance", 0.10));
  json_t *groups = json_array();
  for (int c = 0; c < NCOMM; c++)
    for (int w = 0; w < NWAVE; w++) {
      json_t *g = json_object();
      char wave[8];
      snprintf(wave, sizeof wave, "%d", w + 1);
      json_object_set_new(g, "community", json_string(k_comm[c]));
      json_object_set_new(g, "wave", json_string(wave));
      json_t *m = json_object(), *mu_s = json_object();
      for (int l = 0; l < SOSO_CON_COUNT; l++) {
        double pop = 0, smp = 0;
        for (int s = 0; s < 2; s++) {
          double mu[NLAT], load[NLAT][NLAT], v = k_item_sd * k_item_sd;
          latent(mu, load, c, w, s);
          for (int k = 0; k < NLAT; k++) v += load[l][k] * load[l][k];
          double e = item_mean(mu[l], sqrt(v));
          pop += k_pop[s] * e;
          smp += k_samp[s] * e;
        }
        json_object_set_new(m, soso_survey_construct_name((soso_construct)l), json_real(pop));
        json_object_set_new(mu_s, soso_survey_construct_name((soso_construct)l), json_real(smp));
      }
      json_object_set_new(g, "mean", m);
      json_object_set_new(g, "mean_unweighted_target", mu_s);
      json_array_append_new(groups, g);
    }
  json_object_set_new(j, "groups", groups);
  /* large-sample population values of alpha and of the path estimators */
  soso_survey_synth_opts big = *o;
  big.tiny_group = 0;
  big.seed = o->seed ^ 0x5eedULL;
  sv_data d;
  size_t n_big = 20000;
  if (sv_synth_data(&d, NULL, &big, n_big) == SOSO_OK) {
    soso_survey_analyse_opts ao = SOSO_SURVEY_ANALYSE_OPTS_INIT;
    ao.n_boot = 0; /* point values only: no intervals needed for the truth */
    void *a = NULL;
    if (sv_analyse_data(&a, &d, &ao) == SOSO_OK) {
      json_t *aj = a;
      json_t *alpha = json_object();
      size_t gi;
      json_t *g;
      json_array_foreach(json_object_get(aj, "groups"), gi, g) {
        const char *key;
        json_t *cj;
        json_t *ga = json_object();
        json_object_foreach(json_object_get(g, "constructs"), key, cj)
          json_object_set(ga, key, json_object_get(cj, "alpha"));
        char nm[64];
        snprintf(nm, sizeof nm, "%s/%s", json_string_value(json_object_get(g, "community")),
                 json_string_value(json_object_get(g, "wave")));
        json_object_set_new(alpha, nm, ga);
      }
      json_object_set_new(j, "alpha", alpha);
      json_t *pm = json_object_get(aj, "path_model");
      json_t *paths = json_object();
      json_object_set(paths, "trust_on", json_object_get(pm, "trust_on"));
      json_object_set(paths, "acceptance_on", json_object_get(pm, "acceptance_on"));
      json_t *ind = json_object();
      const char *key;
      json_t *v;
      json_object_foreach(json_object_get(pm, "indirect_via_trust"), key, v)
        json_object_set(ind, key, json_object_get(v, "estimate"));
      json_object_set_new(paths, "indirect_via_trust", ind);
      json_object_set_new(j, "observed_paths", paths);
      json_object_set_new(j, "large_sample_n", json_integer((json_int_t)d.n_resp));
      json_decref(aj);
    }
    sv_data_free(&d);
  }
  return j;
}

int soso_survey_synth(const char *dir, const soso_survey_synth_opts *o) {
  if (!dir || !o || o->n_per_group < SOSO_SURVEY_MIN_GROUP || o->n_per_group > 100000 ||
      !(o->missing >= 0 && o->missing <= 0.5))
    return soso_error_set(SOSO_EUSAGE, "survey synth: need a folder, 5..100000 respondents per "
                          "group and a missing share in [0, 0.5]");
  sv_data d;
  char **texts = NULL;
  int rc = sv_synth_data(&d, &texts, o, 0);
  if (rc) return rc;
  rc = write_codebook(dir);
  for (size_t g = 0; rc == SOSO_OK && g < d.n_groups; g++) {
    rc = write_group(dir, &d, texts, g, 0);
    if (rc == SOSO_OK) rc = write_group(dir, &d, texts, g, 1);
  }
  if (rc == SOSO_OK) {
    json_t *t = truth_json(o);
    char *s = json_dumps(t, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(t);
    rc = s ? write_file(dir, "survey-truth.json", s) : soso_error_set(SOSO_ENOMEM, "oom");
    free(s);
  }
  for (size_t r = 0; r < d.n_resp; r++) free(texts[r]);
  free(texts);
  sv_data_free(&d);
  return rc;
}
