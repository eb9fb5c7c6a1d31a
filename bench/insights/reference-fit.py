"""Reference fit for the success-factor model (issue 13), run once and kept as a fixture.

    pip install statsmodels
    python3 bench/insights/reference-fit.py > src/lib/insights/fixtures/logit-reference.json

Builds a fixed synthetic club (30 cohorts of 10 participants, 10 per modality) whose factors are
whole numbers a test can seed into a database (minutes present out of 480, informal minutes, a
device check in week one, core skills moved up, autonomy steps gained, intake obstacles, long time
out of work), draws a positive exit at +6 months from a known logistic model, and fits it with
statsmodels' Logit. stats.test.ts compares our IRLS on the same rows; insights.db.test.ts seeds the
rows as a club and compares the page's model.
"""
import json

import numpy as np
import statsmodels.api as sm

rng = np.random.default_rng(20261130)
MODALITIES = ["remote", "hybrid", "in_person"]
SCHEDULED_MINUTES = 480
rows = []
for cohort in range(30):
    modality = MODALITIES[cohort % 3]
    for person in range(10):
        row = {
            "cohort": cohort,
            "modality": modality,
            "presentMinutes": int(rng.integers(120, SCHEDULED_MINUTES + 1)),
            "informalMinutes": int(rng.integers(0, 11)) * 30,
            "deviceCheck": int(rng.random() < 0.6),
            "skillsGained": int(rng.integers(0, 5)),
            "autonomyGain": int(rng.integers(0, 4)),
            "obstacles": int(rng.integers(0, 5)),
            "longOutOfWork": int(rng.random() < 0.45),
        }
        rows.append(row)


def factors(row):
    """The model's factors, in FACTORS order, exactly as the domain computes them."""
    return [
        row["presentMinutes"] / SCHEDULED_MINUTES * 10,  # per 10 points of attendance
        row["informalMinutes"] / 60,  # hours
        row["deviceCheck"],
        row["skillsGained"],
        row["autonomyGain"],
        1 if row["modality"] == "remote" else 0,
        1 if row["modality"] == "hybrid" else 0,
        row["obstacles"],
        row["longOutOfWork"],
    ]


TRUE = np.array([-2.6, 0.25, 0.3, 0.45, 0.2, 0.35, -0.3, 0.1, -0.25, -0.5])
for row in rows:
    eta = TRUE[0] + float(np.dot(TRUE[1:], factors(row)))
    row["m6"] = "positive" if rng.random() < 1 / (1 + np.exp(-eta)) else "negative"
# Some outcomes are not known: they are left out of the fit and counted as such.
for i in rng.choice(len(rows), size=30, replace=False):
    rows[int(i)]["m6"] = "no_news" if i % 2 else "unknown"

known = [r for r in rows if r["m6"] in ("positive", "negative")]
X = sm.add_constant(np.array([factors(r) for r in known], dtype=float), has_constant="add")
y = np.array([1 if r["m6"] == "positive" else 0 for r in known])
fit = sm.Logit(y, X).fit(disp=0, tol=1e-12, maxiter=100)
print(
    json.dumps(
        {
            "generatedBy": "bench/insights/reference-fit.py (statsmodels " + sm.__version__ + ", Logit)",
            "factors": [
                "attendance_per_10_points",
                "informal_hours",
                "device_check_week_one",
                "skills_gained",
                "autonomy_gained",
                "remote",
                "hybrid",
                "intake_obstacles",
                "long_out_of_work",
            ],
            "scheduledMinutes": SCHEDULED_MINUTES,
            "nobs": int(fit.nobs),
            "positives": int(y.sum()),
            "negatives": int(len(y) - y.sum()),
            "params": [float(v) for v in fit.params],
            "bse": [float(v) for v in fit.bse],
            "confInt": [[float(a), float(b)] for a, b in fit.conf_int(0.05)],
            "rows": rows,
        },
        indent=1,
    )
)
