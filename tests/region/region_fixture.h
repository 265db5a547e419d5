/* region_fixture.h - a small two-site test district and helpers to write variants
 * of it to temporary files (shared by the tests of src/region/).
 *
 * The district is made up for tests (high-entropy numbers, no source): community
 * Alpha at 44.1 N 19.3 E, site North ~3.3 km north of it and site South ~3.3 km
 * south, both with a fixed 60-month schedule and 36 months of remediation - the
 * reference README section 5 crowding case (5 years of operation, 3 of
 * remediation).
 */
#ifndef SOSO_TEST_REGION_FIXTURE_H
#define SOSO_TEST_REGION_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char k_region_base[] =
    "name: Test district\n"                                                      /* 1 */
    "currency: EUR\n"                                                            /* 2 */
    "start_year: 2027\n"                                                         /* 3 */
    "horizon_years: 20\n"                                                        /* 4 */
    "discount_rate: 0.0713\n"                                                    /* 5 */
    "market:\n"                                                                  /* 6 */
    "  commodities:\n"                                                           /* 7 */
    "    - {name: ZINC, unit: US$/t, model: gbm, s0: 2653.7, mu: 0.0121, sigma: 0.2437}\n"
    "communities:\n"                                                             /* 9 */
    "  - name: Alpha\n"                                                          /* 10 */
    "    lat: 44.1\n"                                                            /* 11 */
    "    lon: 19.3\n"                                                            /* 12 */
    "    population: 12437\n"                                                    /* 13 */
    "    sensitivity: {employment: high, noise: medium, dust: medium, traffic: low, "
    "water: high, land: medium}\n"                                               /* 14 */
    "sites:\n"                                                                   /* 15 */
    "  - name: North\n"                                                          /* 16 */
    "    lat: 44.13\n"                                                           /* 17 */
    "    lon: 19.31\n"                                                           /* 18 */
    "    footprint_ha: 8.3\n"                                                    /* 19 */
    "    remediation_months: 36\n"                                               /* 20 */
    "    remediation_cost: 1234567\n"                                            /* 21 */
    "    pressures: {noise: 0.93, dust: 0.71, traffic: 0.57, water: 0.43}\n"     /* 22 */
    "    schedule: {operating_months: 60, jobs: 41, wage_month: 1137, fiscal_month: 15311, "
    "cash_month: 91733, capex: 3121000}\n"                                       /* 23 */
    "  - name: South\n"                                                          /* 24 */
    "    lat: 44.07\n"                                                           /* 25 */
    "    lon: 19.29\n"                                                           /* 26 */
    "    footprint_ha: 6.1\n"                                                    /* 27 */
    "    remediation_months: 36\n"                                               /* 28 */
    "    start_month: 84\n"                                                      /* 29 */
    "    pressures: {noise: 0.81, dust: 0.66, traffic: 0.52, water: 0.39}\n"     /* 30 */
    "    schedule: {operating_months: 60, jobs: 37, wage_month: 1093, fiscal_month: 13177, "
    "cash_month: 84211, capex: 2877000}\n"                                       /* 31 */
    "strategy: {kind: concurrent, relocation_months: 4, relocation_cost: 251300, "
    "plant_cost: 1487000}\n"                                                     /* 32 */
    "constraints: {radius_km: 10, max_concurrent: 1}\n";                         /* 33 */

/* A copy of base with the first occurrence of old replaced by new (caller frees);
 * aborts the test program if old is absent (a broken fixture). */
static char *fx_replace(const char *base, const char *old, const char *new_text) {
  const char *at = strstr(base, old);
  if (!at) {
    fprintf(stderr, "fixture: \"%s\" not found\n", old);
    abort();
  }
  size_t n = strlen(base) - strlen(old) + strlen(new_text) + 1;
  char *out = malloc(n);
  if (!out) abort();
  size_t pre = (size_t)(at - base);
  memcpy(out, base, pre);
  strcpy(out + pre, new_text);
  strcat(out, at + strlen(old));
  return out;
}

/* Writes text to a new temporary file; its path goes to path (size >= 64). */
static void fx_write(char *path, const char *text) {
  strcpy(path, "/tmp/soso_region_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) abort();
  FILE *f = fdopen(fd, "w");
  if (!f) abort();
  fputs(text, f);
  fclose(f);
}

#endif
