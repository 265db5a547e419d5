/* plan.c - `soso survey plan`: how many residents to ask for a target interval width.
 *
 * For a mean with standard deviation sd, a (1 - a) interval of full width W needs
 *   n0 = (2 z_{1-a/2} sd / W)^2 x deff
 * respondents (normal approximation; Cochran 1977 s. 4.6), where deff is the design
 * effect - Kish's 1 + cv(w)^2 = n sum w^2 / (sum w)^2 from the pilot's weights unless
 * stated - and with a population of N, n = n0 / (1 + (n0 - 1) / N). The pilot's sd
 * is the weighted sd of the construct score over all its waves; a stated --sd is
 * used for every construct. A community whose pilot has fewer than 5 respondents is
 * suppressed like everywhere else (its sd is not shown and not used).
 */
#include "soso/error.h"
#include "survey/survey_int.h"

#include <gsl/gsl_cdf.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *row(double sd, double deff, const soso_survey_plan_opts *o, double n_now) {
  double z = gsl_cdf_ugaussian_Pinv(0.5 + o->conf / 2.0);
  double n0 = pow(2.0 * z * sd / o->width, 2.0) * deff;
  double n = o->population > 0 ? n0 / (1.0 + (n0 - 1.0) / o->population) : n0;
  json_t *r = json_object();
  json_object_set_new(r, "sd", json_real(sd));
  json_object_set_new(r, "deff", json_real(deff));
  json_object_set_new(r, "n_required", json_integer((json_int_t)ceil(n)));
  if (n_now > 0) {
    json_object_set_new(r, "n_pilot", json_integer((json_int_t)n_now));
    json_object_set_new(r, "width_now", json_real(2.0 * z * sd * sqrt(deff / n_now)));
  }
  return r;
}

int soso_survey_plan(void **out_json, soso_store *store, const soso_survey_plan_opts *o) {
  *out_json = NULL;
  if (!o || !(o->width > 0) || !(o->conf > 0.5 && o->conf < 1) || o->sd < 0 ||
      o->population < 0)
    return soso_error_set(SOSO_EUSAGE, "survey plan: need --width > 0 and --conf in (0.5, 1)");
  json_t *j = json_object();
  json_object_set_new(j, "width", json_real(o->width));
  json_object_set_new(j, "conf", json_real(o->conf));
  if (o->population > 0) json_object_set_new(j, "population", json_real(o->population));
  json_t *rows = json_array();
  json_object_set_new(j, "plans", rows);
  if (o->sd > 0) {
    json_object_set_new(j, "basis", json_string("stated standard deviation"));
    json_t *r = row(o->sd, o->deff > 0 ? o->deff : 1.0, o, 0);
    json_object_set_new(r, "community", json_string(o->community ? o->community : "(any)"));
    json_object_set_new(r, "construct", json_string("(every construct)"));
    json_array_append_new(rows, r);
    *out_json = j;
    return SOSO_OK;
  }
  if (!store) {
    json_decref(j);
    return soso_error_set(SOSO_EUSAGE, "survey plan: give --sd or a store with a pilot");
  }
  json_object_set_new(j, "basis", json_string("pilot in the store"));
  sv_data d;
  int rc = sv_data_load(&d, store, o->community, NULL);
  if (rc) {
    json_decref(j);
    return rc;
  }
  unsigned char *sel = calloc(d.n_resp + 1, 1);
  if (!sel) {
    sv_data_free(&d);
    json_decref(j);
    return soso_error_set(SOSO_ENOMEM, "out of memory");
  }
  for (size_t g = 0; g < d.n_groups; g++) {
    /* once per community: the first group of it */
    int seen = 0;
    for (size_t h = 0; h < g; h++) seen |= strcmp(d.groups[h].community, d.groups[g].community) == 0;
    if (seen) continue;
    size_t n = 0;
    double sw = 0, sw2 = 0;
    for (size_t r = 0; r < d.n_resp; r++) {
      sel[r] = strcmp(d.groups[d.grp[r]].community, d.groups[g].community) == 0;
      if (sel[r]) {
        n++;
        sw += d.w[r];
        sw2 += d.w[r] * d.w[r];
      }
    }
    if (n < SOSO_SURVEY_MIN_GROUP) {
      json_array_append_new(rows, json_pack("{s:s,s:b}", "community", d.groups[g].community,
                                            "suppressed", 1));
      continue;
    }
    double deff = o->deff > 0 ? o->deff : (double)n * sw2 / (sw * sw);
    for (int c = 0; c < SOSO_CON_COUNT; c++) {
      sv_mean m;
      sv_wmean(&m, d.score + c, SOSO_CON_COUNT, d.w, d.n_resp, sel);
      if (!isfinite(m.sd)) continue;
      json_t *r = row(m.sd, deff, o, m.n);
      json_object_set_new(r, "community", json_string(d.groups[g].community));
      json_object_set_new(r, "construct", json_string(soso_survey_construct_name((soso_construct)c)));
      json_array_append_new(rows, r);
    }
  }
  free(sel);
  sv_data_free(&d);
  *out_json = j;
  return SOSO_OK;
}
