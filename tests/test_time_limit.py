"""The wall-clock bound: a backstop that never changes a plan it does not cut, and that says so
when it does. (No test here measures time: a deadline already past stands in for a slow machine.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan.cli import DEFAULT_TIME_LIMIT_S, app
from hamplan.export.files import to_json
from hamplan.solver.parameters import make_solver, wall_clock_limit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "home-10k.toml"
runner = CliRunner()
PAST = 1e-9  # a deadline that has passed by the first solve


def test_a_generous_bound_changes_no_byte() -> None:
    free = hamplan.generate(EXAMPLE)
    bounded = hamplan.generate(EXAMPLE, time_limit_s=3600)
    assert to_json(bounded) == to_json(free)
    assert bounded.optimal and not any("time limit" in note for note in bounded.notes)


def test_a_bound_that_leaves_no_time_finds_no_plan_and_says_why() -> None:
    with pytest.raises(hamplan.InfeasiblePlanError, match="time limit of 1e-09 s") as caught:
        hamplan.generate(EXAMPLE, time_limit_s=PAST)
    assert caught.value.conflicts == [] and "may have one" in str(caught.value)


def test_a_plan_cut_by_the_bound_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bound that ran out during a solve that had found a plan (as on a loaded machine)."""
    from hamplan.solver.parameters import WallClock

    def ran_out(self: WallClock) -> bool:
        self.cut = True
        return True

    monkeypatch.setattr(WallClock, "check", ran_out)
    plan = hamplan.generate(EXAMPLE, time_limit_s=3600)
    assert plan.optimal is False
    assert any("stopped at the time limit of 3600 s" in note for note in plan.notes)
    assert hamplan.check(plan) == []  # cut or not, every rule holds


def test_solvers_inside_the_bound_get_the_time_left_and_none_outside() -> None:
    assert make_solver(5.0, "day").parameters.max_time_in_seconds > 1e9  # CP-SAT's "unbounded"
    with wall_clock_limit(30.0) as clock:
        seconds = make_solver(5.0, "day").parameters.max_time_in_seconds
        assert 0 < seconds <= 30.0 and clock is not None and not clock.check()
    with wall_clock_limit(PAST) as clock:
        assert make_solver(5.0, "day").parameters.max_time_in_seconds <= 0.001
        assert clock is not None and clock.check()
    with wall_clock_limit(None) as clock:
        assert clock is None


def test_cli_generate_has_a_time_limit_with_a_default(tmp_path: Path) -> None:
    help_text = runner.invoke(app, ["generate", "--help"]).stdout
    assert "--time-limit" in help_text and "10.0" in help_text
    assert DEFAULT_TIME_LIMIT_S == 10.0
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "a"), "-f", "json", "--time-limit", "1e-9"])
    assert result.exit_code == 2  # below the 0.1 s minimum: a usage error, not a crash
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "b"), "-f", "json", "--time-limit", "600"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "home-10k.json").read_bytes() == to_json(hamplan.generate(EXAMPLE))


@pytest.mark.parametrize("command", ["batch"])
def test_batch_limit_is_seconds(command: str) -> None:
    help_text = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
    assert "--limit SECONDS" in help_text and "Wall-clock" in help_text and "--deterministic-limit" in help_text


def test_batch_passes_the_bound_to_each_plan() -> None:
    result = hamplan.generate_many([hamplan.load_request(EXAMPLE)], workers=0, time_limit_s=PAST)[0]
    assert result.status == "error" and "time limit" in result.message  # tried again on resume


def test_no_model_is_built_after_the_bound_ran_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The single full model (the last resort) is not built once the time is gone: its solve
    would get none, and building it for a year-long request costs seconds of its own."""
    from hamplan.solver import stages

    built: list[object] = []
    real = stages.PlanModel

    def recording(*args: object, **kwargs: object) -> object:
        built.append(kwargs.get("week_values"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "PlanModel", recording)
    with pytest.raises(hamplan.InfeasiblePlanError, match="time limit"):
        hamplan.generate(EXAMPLE, time_limit_s=PAST)
    assert None not in built


def test_cli_says_the_time_ran_out_not_that_no_plan_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan the bound cut before any solution is no verdict on the request: the CLI says the
    time ran out (exit 3 as before), not "No safe plan fits this request"."""
    import hamplan.plan as plan_module

    def out_of_time(*_: object, **__: object) -> None:
        raise hamplan.errors.PlanTimeLimitError(0.1)

    monkeypatch.setattr(plan_module, "generate", out_of_time)
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path), "--time-limit", "0.1"])
    assert result.exit_code == 3, result.output
    assert "No plan was found within the time limit of 0.1 s" in result.output
    assert "No safe plan fits" not in result.output


def test_a_refusal_the_bound_cut_says_its_search_for_changes_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal whose search for changes that work ran into the bound (a runner read "No single
    change tried ... gave a safe plan" at the CLI's 10 s, where a minute found three): the
    refusal says the search stopped at the time limit, in Python and on the command line."""
    import hamplan.plan.pipeline as pipeline

    from hamplan.solver.parameters import make_solver as solver_of

    def refused(*_: object, **__: object) -> None:
        solver_of(1.0, "week")  # a suggestion's solve made once the time was gone
        raise hamplan.InfeasiblePlanError(["race_readiness", "long_run"], reasons=["the long run cannot grow in time"])

    monkeypatch.setattr(pipeline, "solve", refused)
    with pytest.raises(hamplan.InfeasiblePlanError) as caught:
        hamplan.generate(EXAMPLE, time_limit_s=PAST)
    assert caught.value.search_cut and caught.value.conflicts == ["race_readiness", "long_run"]
    assert "stopped at the time limit" in str(caught.value)
    with pytest.raises(hamplan.InfeasiblePlanError) as unbounded:
        hamplan.generate(EXAMPLE)
    assert not unbounded.value.search_cut and "time limit" not in str(unbounded.value)
    from hamplan.solver.parameters import WallClock

    monkeypatch.setattr(WallClock, "remaining_s", lambda self: 0.0)  # the CLI's bound, run out by the refusal
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path), "--time-limit", "0.1"])
    assert result.exit_code == 3, result.output
    assert "No safe plan fits" in result.output and "larger --time-limit" in result.output
    assert "No single change tried" not in result.output
    # the deadline passed only after the search's last solve: no cut to speak of
    monkeypatch.setattr(pipeline, "solve", lambda *_, **__: (_ for _ in ()).throw(hamplan.InfeasiblePlanError(["long_run"])))
    with pytest.raises(hamplan.InfeasiblePlanError) as late:
        hamplan.generate(EXAMPLE, time_limit_s=PAST)
    assert not late.value.search_cut


@pytest.mark.parametrize(("second", "kept"), [
    (("UNKNOWN", None), "week"),  # the fallback found nothing (a wall-clock cut): the first answer stands
    (("FEASIBLE", 12.0), "week"),  # a worse one: the first stands
    (("FEASIBLE", 8.0), "week_presolved"),  # a better one
    (("OPTIMAL", 9.0), "week_presolved"),
])
def test_the_week_profiles_fallback_keeps_the_better_answer(monkeypatch, second, kept) -> None:
    """A week model the week profile has not settled within its work limit goes on with the
    presolved profile afresh; where that does not do better, the first feasible answer stands."""
    from ortools.sat.python import cp_model

    from hamplan.solver import parameters

    statuses = {"week": ("FEASIBLE", 10.0), "week_presolved": second}
    asked: list[tuple[str, float]] = []

    class FakeSolver:
        def __init__(self, limit: float, profile: str) -> None:
            asked.append((profile, limit))
            self.profile, self.deterministic_time = profile, limit  # each runs to its limit
            name, self.objective_value = statuses[profile]
            self.status = getattr(cp_model, name)

        def solve(self, model: object) -> int:
            return self.status

    monkeypatch.setattr(parameters, "make_solver", FakeSolver)
    _, first_limit, share = parameters.FALLBACK_PROFILES["week"]
    long_limit = first_limit / share + 1.0  # long enough that the work limit, not the share, comes first
    solver, status = parameters.solve_with_fallback(cp_model.CpModel(), long_limit, "week")
    assert solver.profile == kept
    assert asked == [("week", first_limit), ("week_presolved", pytest.approx(long_limit - first_limit))]
    # a short solve (a polish, a refusal's date screen) hands over after its share of the limit
    asked.clear()
    assert parameters.solve_with_fallback(cp_model.CpModel(), 0.5, "week")[0].profile == kept
    assert asked == [("week", pytest.approx(share * 0.5)), ("week_presolved", pytest.approx(0.5 - share * 0.5))]
    # a tiny limit is not split: one profile runs it all
    asked.clear()
    assert parameters.solve_with_fallback(cp_model.CpModel(), parameters.HAND_OVER_LEAST, "week")[0].profile == "week"
    assert asked == [("week", parameters.HAND_OVER_LEAST)]
