// grid_put_quantlib.cpp - QuantLib 1.29 peer of bench/grid_put: the 20 American puts
// of Longstaff & Schwartz (2001) Table 1 (reference section 1: K = 40, r = 0.06, no
// dividends) by FdBlackScholesVanillaEngine with the Crank-Nicolson scheme, and the
// high-precision oracle QdFpAmericanEngine::highPrecisionScheme().
//
// usage: grid_put_quantlib --oracle            prints "S sigma T value" per case
//        grid_put_quantlib N [REPEAT]          tGrid = xGrid = N, dampingSteps = 2;
//                                              prints "S sigma T value ms" per case
//                                              (ms: mean CPU time over REPEAT recalculations)
//                                              and "total_ms" (sum over the 20 cases)
#include <ql/quantlib.hpp>

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace QuantLib;

int main(int argc, char **argv) {
  bool oracle = argc > 1 && std::strcmp(argv[1], "--oracle") == 0;
  Size n = (!oracle && argc > 1) ? static_cast<Size>(std::atol(argv[1])) : 200;
  int repeat = argc > 2 ? std::atoi(argv[2]) : 20;
  if (n < 5 || repeat < 1) {
    std::fprintf(stderr, "usage: grid_put_quantlib --oracle | N [REPEAT]\n");
    return 2;
  }
  const double spots[] = {36, 38, 40, 42, 44};
  const double sigmas[] = {0.2, 0.4};
  const int years[] = {1, 2};
  Date today(2, January, 2026);
  Settings::instance().evaluationDate() = today;
  DayCounter dc = Actual365Fixed();
  Calendar cal = NullCalendar();
  auto spot = ext::make_shared<SimpleQuote>(36.0);
  auto vol = ext::make_shared<SimpleQuote>(0.2);
  Handle<YieldTermStructure> rf(ext::make_shared<FlatForward>(today, 0.06, dc));
  Handle<YieldTermStructure> div(ext::make_shared<FlatForward>(today, 0.0, dc));
  Handle<BlackVolTermStructure> bv(
      ext::make_shared<BlackConstantVol>(today, cal, Handle<Quote>(vol), dc));
  auto process = ext::make_shared<BlackScholesMertonProcess>(Handle<Quote>(spot), div, rf, bv);
  auto payoff = ext::make_shared<PlainVanillaPayoff>(Option::Put, 40.0);
  double total_ms = 0;
  for (double s : spots)
    for (double sg : sigmas)
      for (int T : years) {
        spot->setValue(s);
        vol->setValue(sg);
        Date maturity = today + Period(365 * T, Days);  // exactly T years (Actual/365)
        auto ex = ext::make_shared<AmericanExercise>(today, maturity);
        VanillaOption opt(payoff, ex);
        if (oracle) {
          opt.setPricingEngine(ext::make_shared<QdFpAmericanEngine>(
              process, QdFpAmericanEngine::highPrecisionScheme()));
          std::printf("%g %g %d %.10f\n", s, sg, T, opt.NPV());
          continue;
        }
        opt.setPricingEngine(ext::make_shared<FdBlackScholesVanillaEngine>(
            process, n, n, 2, FdmSchemeDesc::CrankNicolson()));
        double v = 0;
        // Process CPU time: the engines are single-threaded, and CPU time is not
        // inflated by other load on the machine.
        std::clock_t t0 = std::clock();
        for (int k = 0; k < repeat; k++) {
          opt.recalculate();
          v = opt.NPV();
        }
        std::clock_t t1 = std::clock();
        double ms = 1000.0 * static_cast<double>(t1 - t0) / CLOCKS_PER_SEC / repeat;
        total_ms += ms;
        std::printf("%g %g %d %.10f %.4f\n", s, sg, T, v, ms);
      }
  if (!oracle) std::printf("total_ms %.4f\n", total_ms);
  return 0;
}
