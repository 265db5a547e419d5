/* soso.h - the whole public API of libsoso, in pipeline order:
 *
 *   deposits -> market -> valuation -> operations -> impacts -> region -> report
 *
 * Include this, or only the stage headers a program needs. One entry point per
 * stage: soso_deposits_screen_run (deposits), soso_market_pmodel (market), soso_value_solve
 * (valuation), soso_ops_simulate (operations), soso_impacts_run (impacts),
 * soso_region_analyse (region), soso_report_region (report). Every renderer writes
 * through a soso_write_fn (sink.h), so no third-party type appears in these headers.
 */
#ifndef SOSO_SOSO_H
#define SOSO_SOSO_H

/* Core: errors, the store, outputs, files, the data folder, text, numbers, places. */
#include "soso/error.h"
#include "soso/store.h"
#include "soso/sink.h"
#include "soso/afile.h"
#include "soso/data.h"
#include "soso/csv.h"
#include "soso/text.h"
#include "soso/i18n.h"
#include "soso/suggest.h"
#include "soso/rng.h"
#include "soso/summary.h"
#include "soso/geo.h"

/* Deposits: import, screening, districts, the map. */
#include "soso/deposits.h"
#include "soso/districts.h"
#include "soso/map.h"

/* Market: price histories, calibrated models, scenarios, where a factor came from. */
#include "soso/market.h"
#include "soso/factor.h"

/* Draft: from a stored deposit (and its district) to mine and region files. */
#include "soso/draft.h"

/* Valuation: the mine file, the switching problem and its solvers, the entry point. */
#include "soso/mine.h"
#include "soso/valuation.h"
#include "soso/lsm.h"
#include "soso/value.h"

/* Operations: the policy followed on real-world paths. */
#include "soso/ops.h"

/* Impacts: site, community and its survey, input-output, the assessment. */
#include "soso/site.h"
#include "soso/community.h"
#include "soso/survey.h"
#include "soso/io.h"
#include "soso/impacts.h"

/* Region: cumulative impacts and the mobile plant. */
#include "soso/region.h"

/* Sweep: every screened deposit drafted and valued under scenarios. */
#include "soso/sweep.h"

/* Report: the document model and the whole chain. */
#include "soso/chart.h"
#include "soso/doc.h"
#include "soso/report.h"

/* Serve: the web application over the same calls. */
#include "soso/serve.h"

#endif
