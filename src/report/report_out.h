/* report_out.h - the report's output folder, all or nothing (report_out.c).
 *
 * A report writes every file (figures/, assumptions.csv, numbers.json,
 * report.html, report.pdf) into a private staging folder inside the output
 * folder, "OUT/.soso-report.tmp-<pid>-XXXXXX"; only when all are written are they
 * moved into OUT, each old file set aside first so that a failed move puts every
 * old file back. On any error the output folder is as it was before the run (a
 * folder the run created is removed again), and no temporary is left. Staging
 * folders of a process that no longer exists (kill -9) are removed by the next
 * report into the same folder. Files in OUT that the report does not write are
 * never touched.
 */
#ifndef SOSO_REPORT_OUT_H
#define SOSO_REPORT_OUT_H

#include <stddef.h>

typedef struct {
  char *final;      /* the output folder (owned) */
  char *stage;      /* the staging folder (owned), NULL before begin */
  int made_final;   /* the output folder was created by this run */
} rpt_out;

/* Creates the output folder if needed and the staging folder in it. */
int rpt_out_begin(rpt_out *o, const char *out_dir);
/* Moves every staged file into the output folder (all or none), then removes the
 * staging folder. */
int rpt_out_publish(rpt_out *o);
/* Removes the staging folder (and an output folder this run created). NULL-safe;
 * frees o's strings. */
void rpt_out_abort(rpt_out *o);

#endif
