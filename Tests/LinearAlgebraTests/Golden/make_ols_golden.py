"""Golden values for the least-squares tests, computed independently with statsmodels.

Regenerate (from the repository root):
    pip install statsmodels numpy
    python3 Tests/LinearAlgebraTests/Golden/make_ols_golden.py > Tests/LinearAlgebraTests/Golden/ols_golden.json

Two cases:
- "noisy": y = 3 + 0.8 x1 - 2.5 x2 + noise (n = 40, seed 20261130), fitted by statsmodels OLS (QR path in Swift).
- "rank_deficient": the same design with x2 duplicated as a fourth column; statsmodels OLS uses the
  pseudo-inverse, i.e. the minimum-norm solution (SVD path in Swift).
"""
import json

import numpy as np
import statsmodels
import statsmodels.api as sm

rng = np.random.default_rng(20261130)
n = 40
x1 = rng.uniform(0, 10, n)
x2 = rng.normal(5, 2, n)
y = 3.0 + 0.8 * x1 - 2.5 * x2 + rng.normal(0, 1.5, n)


def case(design):
    fit = sm.OLS(y, design).fit()
    return {
        "design_rows": design.tolist(),
        "response": y.tolist(),
        "coefficients": fit.params.tolist(),
        "standard_errors": fit.bse.tolist(),
        "residuals": fit.resid.tolist(),
        "residual_variance": float(fit.scale),
        "rank": int(np.linalg.matrix_rank(design)),
    }


full = np.column_stack([np.ones(n), x1, x2])
deficient = np.column_stack([full, x2])
print(json.dumps({
    "generator": "Tests/LinearAlgebraTests/Golden/make_ols_golden.py",
    "statsmodels_version": statsmodels.__version__,
    "numpy_version": np.__version__,
    "noisy": case(full),
    "rank_deficient": case(deficient),
}, indent=1))
