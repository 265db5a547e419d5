#!/usr/bin/python3
"""districts_peer.py - the peer of soso's districts: scikit-learn DBSCAN with
metric="haversine" and algorithm="ball_tree" on the same points and eps, then a
check that both give the same districts.

usage: districts_peer.py POINTS.csv EPS_KM MIN_DEPOSITS SOSO_LABELS.txt [THREADS]

eps is eps_km / R with the same R (IUGG mean radius, 6371.0088 km) as soso.
scikit-learn numbers clusters in the order of their lowest-index core point and
gives a border point to the first cluster that reaches it, which is soso's order
rule, so the labels must be identical, not only equal up to renumbering. Both
are checked and reported. Times: wall clock and process CPU time (a process with
n_jobs=2 may count more CPU than wall), best of 3 runs below 200,000 points, one
run above. Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import sys
import time

import numpy as np
from sklearn.cluster import DBSCAN

R_KM = 6371.0088


def main():
    pts, eps_km, minpts, soso_path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    xy = np.loadtxt(pts, delimiter=",", skiprows=1, ndmin=2)
    rad = np.radians(xy)  # (lat, lon): the order haversine expects
    best = cpu = float("inf")
    labels = None
    for _ in range(3 if len(rad) < 200000 else 1):
        t0, c0 = time.perf_counter(), time.process_time()
        labels = DBSCAN(eps=eps_km / R_KM, min_samples=minpts, metric="haversine",
                        algorithm="ball_tree", n_jobs=threads).fit(rad).labels_
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    soso = np.loadtxt(soso_path, dtype=np.int64, ndmin=1)
    n_peer = int(labels.max()) + 1 if len(labels) else 0
    n_soso = int(soso.max()) + 1 if len(soso) else 0
    identical = len(soso) == len(labels) and bool(np.array_equal(soso, labels))
    # Same partition up to renumbering: the pairs (soso, peer) form a bijection.
    pairs = set(zip(soso.tolist(), labels.tolist())) if len(soso) == len(labels) else set()
    bijective = (len(soso) == len(labels) and len(pairs) == len({a for a, _ in pairs})
                 == len({b for _, b in pairs}) and all((a < 0) == (b < 0) for a, b in pairs))
    n_diff = int(np.sum(soso != labels)) if len(soso) == len(labels) else -1
    print(f"peer sklearn-{__import__('sklearn').__version__} n={len(rad)} eps_km={eps_km:g} "
          f"min={minpts} districts={n_peer} threads={threads} dbscan_s={best:.4f} "
          f"dbscan_cpu_s={cpu:.4f} "
          f"soso_districts={n_soso} identical_labels={identical} "
          f"same_partition={bijective} points_differing={n_diff}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
