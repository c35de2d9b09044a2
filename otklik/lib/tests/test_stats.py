import pytest

from otklik.lib.stats import Method, compare_proportions


def test_a_clear_fall_in_the_negative_share_is_significant_by_the_z_test() -> None:
    # 12 % negative before the measure, 8 % after, a thousand items each.
    result = compare_proportions(120, 1000, 80, 1000)
    assert result.method is Method.Z_TEST
    assert result.difference == pytest.approx(-0.04)
    assert result.z == pytest.approx(-2.98, abs=0.01)
    assert result.p_two_sided == pytest.approx(0.0029, abs=0.0002)
    assert result.p_decrease == pytest.approx(result.p_two_sided / 2)
    assert result.decreased()


def test_a_rise_is_not_reported_as_a_decrease() -> None:
    result = compare_proportions(80, 1000, 120, 1000)
    assert result.p_two_sided < 0.01
    assert result.p_decrease > 0.99
    assert not result.decreased()


def test_equal_shares_give_no_evidence() -> None:
    result = compare_proportions(50, 500, 100, 1000)
    assert result.p_two_sided == pytest.approx(1.0)
    assert result.p_decrease == pytest.approx(0.5)


def test_small_counts_fall_back_to_fishers_exact_test() -> None:
    # 4 of 10 before, 0 of 10 after: expected counts are 2, too small for the normal approximation.
    result = compare_proportions(4, 10, 0, 10)
    assert result.method is Method.FISHER
    assert result.z is None
    # Exact hypergeometric tail: C(10,4)·C(10,0)/C(20,4) = 210/4845.
    assert result.p_decrease == pytest.approx(210 / 4845)
    assert result.p_two_sided == pytest.approx(2 * 210 / 4845)
    assert result.decreased()


def test_no_negative_items_at_all_is_a_valid_comparison() -> None:
    result = compare_proportions(0, 40, 0, 60)
    assert result.method is Method.FISHER
    assert result.p_two_sided == pytest.approx(1.0)
    assert not result.decreased()


@pytest.mark.parametrize("counts", [(1, 0, 1, 10), (11, 10, 1, 10), (-1, 10, 1, 10), (1, 10, 1, -5)])
def test_impossible_counts_are_refused(counts: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError):
        compare_proportions(*counts)
