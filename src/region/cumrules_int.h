/* cumrules_int.h - the loaded cumulative rules (cumrules.c), read by cumulative.c.
 *
 * Invariant: band[v] is non-decreasing; line[v] is where it was defined, so every
 * reason can cite "cumulative.yaml:LINE".
 */
#ifndef SOSO_REGION_CUMRULES_INT_H
#define SOSO_REGION_CUMRULES_INT_H

#include "soso/region.h"

#include <stdio.h>

struct soso_cumrules {
  char path[512];                  /* the file */
  char unit[SOSO_VEC_N][96];       /* unit of each indicator */
  double band[SOSO_VEC_N][3];      /* thresholds of low, medium, high */
  int line[SOSO_VEC_N];            /* line of each bands mapping */
  double crowd_p;                  /* P(crowding) from which magnitudes are raised */
  int crowd_steps;                 /* by this many levels */
  int crowd_line;                  /* line of the crowding rule */
  char measure[SOSO_VEC_N][256];   /* IFC step 6 text per VEC ("" none) */
};

#endif
