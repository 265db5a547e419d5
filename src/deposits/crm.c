/* crm.c - the EU critical raw materials lists (data/crm/eu_crm_lists.csv) and the
 * data directory (found by soso_data_dir(), src/core/datadir.c).
 *
 * Invariants: list i is year soso_deposits_crm_year(i): the critical lists of 2011, 2014,
 * 2017, 2020 and 2023 (European Commission communications) and the strategic list
 * of the Critical Raw Materials Act, Regulation (EU) 2024/1252 Annex I (year 2024).
 * Each material row names the commodity codes it covers ("Platinum group metals"
 * -> pge pt pd rh ru ir os); a code's mask has bit i set when any material of list
 * i covers it.
 */
#define _POSIX_C_SOURCE 200809L
#include "deposits/deposits_int.h"
#include "soso/csv.h"
#include "soso/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CRM_MAX = 256 };

struct soso_crm {
  size_t n;                          /* codes */
  char code[CRM_MAX][SOSO_CODE_MAX]; /* commodity codes */
  unsigned mask[CRM_MAX];            /* lists each code is on */
};

static const int k_years[SOSO_CRM_NLISTS] = {2011, 2014, 2017, 2020, 2023, 2024};

int soso_deposits_crm_year(int i) { return i >= 0 && i < SOSO_CRM_NLISTS ? k_years[i] : 0; }

int soso_deposits_crm_index(int year) {
  for (int i = 0; i < SOSO_CRM_NLISTS; i++)
    if (k_years[i] == year) return i;
  return -1;
}

static int add(soso_crm *c, const char *code, int list) {
  for (size_t k = 0; k < c->n; k++)
    if (strcmp(c->code[k], code) == 0) {
      c->mask[k] |= 1u << list;
      return 0;
    }
  if (c->n == CRM_MAX) return soso_error_set(SOSO_EDATA, "eu_crm_lists.csv: too many codes");
  snprintf(c->code[c->n], SOSO_CODE_MAX, "%s", code);
  c->mask[c->n++] = 1u << list;
  return 0;
}

int soso_deposits_crm_load(soso_crm **out, const char *data_dir) {
  char path[4096];
  *out = NULL;
  snprintf(path, sizeof path, "%s/crm/eu_crm_lists.csv", data_dir);
  soso_csv *r = NULL;
  int rc = soso_csv_open(&r, path, NULL);
  if (rc < 0) return rc;
  soso_crm *c = calloc(1, sizeof *c);
  if (!c) rc = soso_error_set(SOSO_ENOMEM, "out of memory");
  if (rc == 0 && (rc = soso_csv_next(r)) > 0) rc = 0;
  long fy = -1, fc = -1;
  for (size_t k = 0; rc == 0 && k < soso_csv_count(r); k++) {
    if (strcmp(soso_csv_field(r, k), "list_year") == 0) fy = (long)k;
    if (strcmp(soso_csv_field(r, k), "codes") == 0) fc = (long)k;
  }
  if (rc == 0 && (fy < 0 || fc < 0))
    rc = soso_error_set(SOSO_EDATA, "%s:1: list_year, codes: missing column", path);
  int got;
  while (rc == 0 && (got = soso_csv_next(r)) != 0) {
    if (got < 0) {
      rc = got;
      break;
    }
    long line = soso_csv_line(r);
    const char *year = soso_csv_field(r, (size_t)fy);
    int list = soso_deposits_crm_index(atoi(year));
    if (list < 0) {
      rc = soso_error_set(SOSO_EDATA, "%s:%ld: list_year: \"%s\" is not a list year", path,
                          line, year);
    } else {
      char buf[256];
      snprintf(buf, sizeof buf, "%s", soso_csv_field(r, (size_t)fc));
      char *save = NULL;
      for (char *t = strtok_r(buf, " ", &save); t && rc == 0; t = strtok_r(NULL, " ", &save))
        rc = add(c, t, list);
    }
  }
  soso_csv_free(r);
  if (rc < 0) {
    free(c);
    return rc;
  }
  *out = c;
  return 0;
}

void soso_deposits_crm_free(soso_crm *crm) { free(crm); }

unsigned soso_deposits_crm_mask(const soso_crm *crm, const char *code) {
  for (size_t k = 0; k < crm->n; k++)
    if (strcmp(crm->code[k], code) == 0) return crm->mask[k];
  return 0;
}
