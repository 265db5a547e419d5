// ls2001_quantlib.cpp - QuantLib 1.29 peer of bench/ls2001: the 20 American puts of
// Longstaff & Schwartz (2001) Table 1 (reference section 1) priced by
// MCAmericanEngine with the settings of the reference notes.
//
// Settings (reference section 1): PseudoRandom (Mersenne twister + inverse normal),
// 50 steps a year, antithetic variates, N samples for calibration and N for pricing
// (with antithetics each sample is a pair: N = 50,000 gives 100,000 paths in each
// pass), polynomial order 3 in the Laguerre basis, fixed seed.
// usage: ls2001_quantlib [SAMPLES] [SEED]   (SAMPLES = pairs; default 50000, 42)
// Prints one line per case: S sigma T value se ms cpu_ms (wall and process CPU
// time) qdfp, then the totals. qdfp is the American value by
// QdFpAmericanEngine::highPrecisionScheme() (the oracle of bench/grid_put), computed
// after the timed MC pricing and not timed.
#include <ql/quantlib.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>

using namespace QuantLib;

int main(int argc, char **argv) {
  Size samples = argc > 1 ? static_cast<Size>(std::atol(argv[1])) : 50000;
  BigNatural seed = argc > 2 ? static_cast<BigNatural>(std::atol(argv[2])) : 42;
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
  std::printf("%5s %5s %3s %9s %8s %10s %10s %10s\n", "S", "sigma", "T", "value", "se", "ms",
              "cpu_ms", "qdfp");
  double total_ms = 0, total_cpu = 0;
  for (double s : spots)
    for (double sg : sigmas)
      for (int T : years) {
        spot->setValue(s);
        vol->setValue(sg);
        Date maturity = today + Period(365 * T, Days);
        auto ex = ext::make_shared<AmericanExercise>(today, maturity);
        VanillaOption opt(payoff, ex);
        ext::shared_ptr<PricingEngine> eng = MakeMCAmericanEngine<PseudoRandom>(process)
                                                 .withSteps(static_cast<Size>(50 * T))
                                                 .withAntitheticVariate()
                                                 .withSamples(samples)
                                                 .withCalibrationSamples(samples)
                                                 .withPolynomialOrder(3)
                                                 .withBasisSystem(LsmBasisSystem::Laguerre)
                                                 .withSeed(seed);
        opt.setPricingEngine(eng);
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        double v = opt.NPV();
        double se = opt.errorEstimate();
        std::clock_t c1 = std::clock();
        auto t1 = std::chrono::steady_clock::now();
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        double cpu = 1e3 * double(c1 - c0) / CLOCKS_PER_SEC;
        total_ms += ms;
        total_cpu += cpu;
        opt.setPricingEngine(ext::make_shared<QdFpAmericanEngine>(
            process, QdFpAmericanEngine::highPrecisionScheme()));
        double qdfp = opt.NPV();
        std::printf("%5.0f %5.2f %3d %9.4f %8.4f %10.1f %10.1f %10.6f\n", s, sg, T, v, se, ms, cpu,
                    qdfp);
      }
  std::printf("total_ms %.1f total_cpu_ms %.1f\n", total_ms, total_cpu);
  return 0;
}
