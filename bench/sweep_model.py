#!/usr/bin/env python3
"""sweep_model.py - the 100- and 1,000-rank model of `soso sweep` under Open MPI
(issue 16), from the traces of bench/sweep_mpi.sh (`soso sweep --trace`).

Measured (this machine): per deposit the CPU seconds of the thread that drafted and
valued it under every scenario (c_i, from the 1-rank trace: the cost on a free
core, whatever the load), rank 0's seconds to checkpoint it (s_i), the wait of a
remote rank between sending a result and receiving its next deposit (L: message
round trip plus the dealer's 0.2 ms poll, from the 2-rank trace), and the bytes of
the store copy every rank receives.

Model: the whole files' N deposits with costs tiled from the 1-in-K sample in file
order (the sample is systematic, so each sampled deposit stands for the K around
it). p ranks, one worker thread each (rank 0: its dealer thread plus one worker,
as `mpirun -n p soso sweep --threads 1` runs). A discrete-event simulation of the
implemented protocol: a free worker gets the next deposit in index order; a remote
result costs L of messaging; every result goes through rank 0's store (one server,
service s per deposit, the checkpoint transaction), which is what can saturate at
1,000 ranks. Setup: the store copy broadcast as a binomial tree,
ceil(log2 p) * (alpha + bytes / bandwidth), with an ASSUMED cluster network of
alpha = 20 us and 1 GB/s (10 GbE class; InfiniBand is faster); MPI start-up
(mpirun/srun launching p processes) is not modelled. A static split (deposit i to
rank i mod p) is shown beside it: what dynamic dealing buys when deposit costs
differ by orders of magnitude.

usage: sweep_model.py --n-full N --sample K --scenarios S TRACE1.csv TRACE2.csv
"""
import argparse
import csv
import heapq
import math
import os
import re
import statistics


def read_trace(path):
    with open(path, newline="") as f:
        return [r for r in csv.DictReader(f)]


def simulate(costs, p, lat, serve, deal=20e-6):
    """Makespan of dynamic dealing as built (src/sweep/mpi.c), a discrete-event
    simulation: p workers, worker 0 the thread beside rank 0's dealer (no message
    latency), workers 1..p-1 remote (lat per round trip). Every message (READY or a
    result) waits in rank 0's queue in arrival order; the dealer answers it with the
    next deposit (deal seconds), then checkpoints the result (serve seconds), and
    only then takes the next message."""
    ev = [((lat / 2 if w else 0.0), w, 0) for w in range(p)]
    heapq.heapify(ev)
    k = 0
    free = 0.0
    busy = 0.0
    n = len(costs)
    while ev:
        t, w, is_result = heapq.heappop(ev)
        start = max(t, free)
        work = deal + (serve if is_result else 0.0)
        free = start + work
        busy += work
        if k < n:
            half = lat / 2 if w else 0.0
            heapq.heappush(ev, (start + deal + half + costs[k] + half, w, 1))
            k += 1
    return free, busy / free if free > 0 else 0.0


def static_split(costs, p, serve):
    loads = [0.0] * p
    for i, c in enumerate(costs):
        loads[i % p] += c
    return max(max(loads), serve * len(costs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-full", type=int, required=True)
    ap.add_argument("--sample", type=int, required=True)
    ap.add_argument("--scenarios", type=int, required=True)
    ap.add_argument("--copy-bytes", type=float, default=0, help="the whole files' store size")
    ap.add_argument("--alpha", type=float, default=20e-6, help="ASSUMED network latency (s)")
    ap.add_argument("--bandwidth", type=float, default=1e9, help="ASSUMED bytes/s")
    ap.add_argument("traces", nargs="+")
    a = ap.parse_args()
    traces = {}
    for t in a.traces:
        m = re.search(r"trace(\d+)\.csv$", t)
        if m:
            traces[int(m.group(1))] = read_trace(t)
    one = traces[min(traces)]
    costs = [float(r["cpu"]) for r in one]
    walls = [float(r["seconds"]) for r in one]
    saves = [float(r["save"]) for r in one if int(r["rank"]) >= 0]
    skipped = [int(r["skipped"]) for r in one]
    n = len(costs)
    drafted = [c for c, s in zip(costs, skipped) if not s]
    print(f"sample: {n} deposits ({n - sum(skipped)} drafted, {sum(skipped)} skipped), "
          f"{a.scenarios} scenarios")
    tot = sum(costs)
    print(f"CPU per deposit: mean {tot / n:.3f} s, median {statistics.median(costs):.3f} s, "
          f"max {max(costs):.3f} s; drafted mean {statistics.mean(drafted):.3f} s, "
          f"skipped mean {statistics.mean([c for c, s in zip(costs, skipped) if s] or [0]):.4f} s")
    print(f"CPU per deposit-scenario: {1000 * tot / (n * a.scenarios):.1f} ms over all deposits, "
          f"{1000 * sum(drafted) / (len(drafted) * a.scenarios):.1f} ms per drafted one "
          f"(wall under this machine's load: {1000 * sum(walls) / (n * a.scenarios):.1f} ms)")
    q = sorted(costs)
    print(f"cost spread: p10 {q[n // 10]:.3f} s, p90 {q[9 * n // 10]:.3f} s, "
          f"max/median {max(costs) / max(statistics.median(costs), 1e-9):.0f}x")
    serve = statistics.median(saves) if saves else 0.0
    serve10 = sorted(saves)[len(saves) // 10] if saves else 0.0
    print(f"rank 0 checkpoint per deposit: median {1000 * serve:.2f} ms, "
          f"p90 {1000 * sorted(saves)[9 * len(saves) // 10]:.2f} ms")
    lat = lat10 = 0.0
    folder = os.path.dirname(a.traces[0])
    if 2 in traces:
        waits = [float(r["wait"]) for r in traces[2] if int(r["rank"]) > 0]
        if waits:
            lat = statistics.median(waits[1:] or waits)  # the first includes start-up
            lat10 = sorted(waits)[len(waits) // 10]
            print(f"remote wait per deposit (2 ranks): median {1000 * lat:.2f} ms, "
                  f"max {1000 * max(waits):.1f} ms (first: start-up)")
        err = os.path.join(folder, "err2")
        if os.path.exists(err):
            m = re.search(r"store copy \(([\d.]+) MB\) sent in ([\d.]+) s", open(err).read())
            if m:
                print(f"store copy: {m.group(1)} MB, broadcast to 1 rank here in {m.group(2)} s "
                      f"(includes waiting for the rank to start)")
    for k in sorted(traces):
        tf = os.path.join(folder, f"time{k}")
        if os.path.exists(tf):
            w = float(open(tf).read().split()[0])
            print(f"measured: mpirun -n {k}: {w:.1f} s wall")
    copy_bytes = a.copy_bytes
    print(f"store copy of the whole files: {copy_bytes / 1e6:.1f} MB to every rank")
    full = [costs[i % n] for i in range(a.n_full)] if a.n_full else costs
    print(f"\nmodel: whole files, {a.n_full} deposits x {a.scenarios} scenarios = "
          f"{sum(full) / 3600:.2f} CPU hours")
    for label, L, S in (("as measured here under load (medians)", lat, serve),
                        ("the 10th percentiles here (less load)", lat10, serve10),
                        ("ASSUMED idle cluster nodes: round trip 1 ms (the dealer's longest "
                         "sleep), checkpoint as the 10th percentile", 1e-3, serve10)):
        print(f"\n{label}: round trip {1000 * L:.2f} ms, checkpoint {1000 * S:.2f} ms per deposit")
        print("| ranks | dynamic (as built) | speed-up | efficiency | rank 0 busy | static i mod p |")
        print("|---:|---:|---:|---:|---:|---:|")
        base = None
        for p in (1, 2, 100, 1000):
            mk, util = simulate(full, p, L, S)
            setup = math.ceil(math.log2(p)) * (a.alpha + copy_bytes / a.bandwidth) if p > 1 else 0.0
            t = mk + setup
            base = base or t
            stt = static_split(full, p, S) + setup
            print(f"| {p} | {fmt(t)} | {base / t:.1f} | {100 * base / t / p:.0f} % | "
                  f"{100 * util:.0f} % | {fmt(stt)} |")
    longest = max(full)
    print(f"\nfloor: the most expensive deposit alone takes {longest:.1f} s; "
          f"rank 0's store serves at most {1 / serve if serve else float('inf'):.0f} deposits/s "
          f"at the median, {1 / serve10 if serve10 else float('inf'):.0f} at the 10th percentile")


def fmt(s):
    if s >= 3600:
        return f"{s / 3600:.2f} h"
    if s >= 60:
        return f"{s / 60:.1f} min"
    return f"{s:.1f} s"


if __name__ == "__main__":
    main()
