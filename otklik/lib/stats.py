"""Did a measure lower the share of negative feedback? Before/after comparison of two proportions.

The z-test's normal approximation fails for small counts, which are common for one office and one topic; when
any expected cell count is below 5 the comparison falls back to Fisher's exact test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from scipy import stats as sps

MIN_EXPECTED_COUNT = 5.0


class Method(StrEnum):
    Z_TEST = "z"
    FISHER = "fisher"


@dataclass(frozen=True)
class ProportionComparison:
    negative_before: int
    total_before: int
    negative_after: int
    total_after: int
    method: Method
    # Two-sided p-value, and one-sided for "the share went down after the measure".
    p_two_sided: float
    p_decrease: float
    z: float | None

    @property
    def share_before(self) -> float:
        return self.negative_before / self.total_before

    @property
    def share_after(self) -> float:
        return self.negative_after / self.total_after

    @property
    def difference(self) -> float:
        """After minus before: negative when the share of negative feedback fell."""
        return self.share_after - self.share_before

    def decreased(self, alpha: float = 0.05) -> bool:
        return self.p_decrease < alpha


def compare_proportions(
    negative_before: int, total_before: int, negative_after: int, total_after: int
) -> ProportionComparison:
    for negative, total in ((negative_before, total_before), (negative_after, total_after)):
        if total <= 0 or not 0 <= negative <= total:
            raise ValueError(f"нужно 0 ≤ отрицательных ≤ всего и всего > 0, а дано {negative} из {total}")

    pooled = (negative_before + negative_after) / (total_before + total_after)
    expected = (
        total_before * pooled,
        total_before * (1 - pooled),
        total_after * pooled,
        total_after * (1 - pooled),
    )
    z: float | None = None
    if min(expected) < MIN_EXPECTED_COUNT:
        table = [
            [negative_before, total_before - negative_before],
            [negative_after, total_after - negative_after],
        ]
        method = Method.FISHER
        p_two_sided = float(sps.fisher_exact(table, alternative="two-sided").pvalue)
        # "greater": the odds of a negative item are higher before than after, i.e. the share fell.
        p_decrease = float(sps.fisher_exact(table, alternative="greater").pvalue)
    else:
        standard_error = math.sqrt(pooled * (1 - pooled) * (1 / total_before + 1 / total_after))
        method = Method.Z_TEST
        z = (negative_after / total_after - negative_before / total_before) / standard_error
        p_two_sided = float(2 * sps.norm.sf(abs(z)))
        p_decrease = float(sps.norm.cdf(z))
    return ProportionComparison(
        negative_before=negative_before,
        total_before=total_before,
        negative_after=negative_after,
        total_after=total_after,
        method=method,
        p_two_sided=p_two_sided,
        p_decrease=p_decrease,
        z=z,
    )
