"""The quarterly case forecast on constructed series."""

from __future__ import annotations

import math

import pytest

from toolkit.forecast import METHOD_DA, WINDOW, Z80, forecast_next


def test_constant_series_forecasts_the_constant() -> None:
    result = forecast_next([60, 60, 60, 60, 60, 60])
    assert result.point == 60
    assert result.low < 60 < result.high
    # a constant count still varies by chance: the Poisson variance (= the mean) is the floor
    assert result.sd == pytest.approx(math.sqrt(60 * (1 + 1 / WINDOW)))


def test_interval_contains_the_point_and_is_80_pct_normal() -> None:
    result = forecast_next([40, 55, 70, 52])
    assert result.low <= result.point <= result.high
    assert result.point == pytest.approx(54.25)
    assert result.high - result.point == pytest.approx(Z80 * result.sd)


def test_interval_widens_with_variance() -> None:
    calm = forecast_next([50, 52, 48, 50])
    wild = forecast_next([20, 80, 30, 70])
    assert calm.point == wild.point == 50
    assert wild.high - wild.low > calm.high - calm.low


def test_only_the_last_four_quarters_count() -> None:
    result = forecast_next([1000, 10, 10, 10, 10])
    assert result.point == 10 and result.quarters == 4
    assert "seneste 4 hele kvartaler" in result.method_da


def test_short_history_is_wider_and_says_so() -> None:
    short = forecast_next([50])
    long = forecast_next([50, 50, 50, 50])
    assert short.quarters == 1 and short.point == 50
    assert short.high - short.low > long.high - long.low
    assert "det seneste hele kvartal" in short.method_da


def test_low_bound_is_never_negative() -> None:
    assert forecast_next([0, 0, 1, 0]).low == 0


def test_bad_input_is_refused() -> None:
    for bad in ([], [5, -1], [5, float("nan")]):
        with pytest.raises(ValueError):
            forecast_next(bad)
    with pytest.raises(ValueError):
        forecast_next([5], window=0)
    assert "80 %" in METHOD_DA
