"""Reference intervals for a difference of two means (issue 13), run once and kept as a fixture.

    pip install statsmodels
    python3 bench/insights/reference-means.py > src/lib/insights/fixtures/mean-difference-reference.json

Welch's interval (unequal variances, Welch–Satterthwaite degrees of freedom), as statsmodels'
CompareMeans.tconfint_diff(usevar="unequal") computes it, on fixed pairs of samples: small and
unbalanced groups, whole-number autonomy gains like the page's, and a pair whose interval crosses 0.
stats.test.ts compares meanDifference() with every case.
"""
import json

import numpy as np
import statsmodels
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

rng = np.random.default_rng(13)
cases = [
    ("textbook", [1, 2, 2, 3, 3, 3, 4, 6], [0, 1, 1, 2, 2, 5]),
    ("autonomy gains", [int(v) for v in rng.integers(0, 4, 40)], [int(v) for v in rng.integers(-1, 3, 25)]),
    ("crosses zero", [1, 0, 2, 1, 1, 0, 2], [1, 1, 0, 2, 1, 0, 1, 2, 1]),
    ("unequal spread", [float(round(v, 3)) for v in rng.normal(10, 1, 12)], [float(round(v, 3)) for v in rng.normal(8, 6, 30)]),
    ("two each", [1.0, 3.0], [2.0, 2.5]),
]
out = {"generatedBy": f"statsmodels {statsmodels.__version__}: CompareMeans.tconfint_diff(usevar='unequal')", "cases": []}
for name, a, b in cases:
    compare = CompareMeans(DescrStatsW(np.array(a, float)), DescrStatsW(np.array(b, float)))
    low, high = compare.tconfint_diff(alpha=0.05, usevar="unequal")
    _, _, df = compare.ttest_ind(usevar="unequal")
    out["cases"].append(
        {"name": name, "a": a, "b": b, "difference": float(np.mean(a) - np.mean(b)), "low": float(low), "high": float(high), "df": float(df)}
    )
print(json.dumps(out, indent=1))
