"""Load and progression rules: how fast running volume and the longest run may grow, and how they fall."""

from __future__ import annotations

from hamplan.paces import format_pace, long_run_pace_s_per_km
from hamplan.rules.base import (
    EPS_KM,
    PER_MILLE_SCALE,
    TENTHS,
    PlanVars,
    PlanView,
    Rule,
    Violation,
    km,
    long_run_cap_tenths,
    per_mille,
    readiness_tenths,
    ready_from_the_build,
    tenths_floor,
)
from hamplan.rules.settings import RuleSettings

PER_MILLE = PER_MILLE_SCALE


def _week_term(m: PlanVars, week: int) -> object:
    """A week's run volume in tenths: a variable inside the plan, the runner's average before it."""
    return m.week_km[week] if week >= 1 else m.prior_week_km(week)


class SessionSpike(Rule):
    """No run longer than **1.10 ×** the longest run of the previous 30 days.

    Protects against the single-session spike, the strongest load signal found for overuse
    injury in runners (Frandsen et al. 2025, Br J Sports Med 59:1203; Garmin-RUNSAFE: HRR 1.64
    for +10–30 %, 2.28 for > 100 %). Before the plan the runner's ``long_run_km`` stands for the
    window; the race itself is exempt.

    The solver bounds each week's longest run by the longest of the three previous weeks (all of
    which lie inside any 30-day window of the week), which implies the exact 30-day rule.
    """

    id = "session_spike"
    scope = "week"
    title = "No single-run spike"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        prior_long = tenths_floor(m.request.runner.long_run_km)
        upper = max(prior_long, round(m.settings.peak_long_run_km * TENTHS) + 1)
        for week in range(1, m.cal.week_count + 1):
            terms: list[object] = [m.week_long[w] for w in range(max(1, week - 3), week)]
            before = m.cal.prior_longest_km(week)
            if before is not None:
                terms.append(tenths_floor(before))
            if not terms:
                terms.append(0)
            reference = m.add_max(f"spike_ref_w{week}", terms, upper)
            m.model.add(PER_MILLE * m.week_long[week] <= per_mille(m.settings.session_spike) * reference).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        factor = view.settings.session_spike
        for run in view.runs:
            if not view.is_judged(run.date):
                continue
            longest = view.longest_before(run.date)
            distance = run.distance_km or 0.0
            if distance > factor * longest + EPS_KM:
                out.append(
                    self.violation(
                        f"{run.type} run of {km(distance)} is more than {factor:.2f} × the longest run of the "
                        f"previous 30 days ({km(longest)}): limit {km(factor * longest)}",
                        day=run.date,
                    )
                )
        return out


class WeeklyIncrease(Rule):
    """A week's run volume ≤ **1.10 ×** the higher of the two previous weeks (+2 km floor under 20 km).

    **1.07 ×** for a recent strain, tendinopathy or age ≥ 50. Comparing with the higher of two
    weeks means a cutback is followed by a return to the earlier level, not a jump above it.
    The 10 % rule is conservative, not proven (Buist et al. 2008, AJSM 36:33); > 30 % weekly
    progression raised distance-related injuries (Nielsen et al. 2014, JOSPT, HR 1.59).
    Week 1 compares with the runner's ``weekly_km``.
    """

    id = "weekly_increase"
    scope = "week"
    title = "Gradual weekly increase"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        s = m.settings
        floor_tenths = round(s.weekly_increase_floor_km * TENTHS)
        below_tenths = round(s.weekly_increase_floor_below_km * TENTHS)
        grow = PER_MILLE + per_mille(s.weekly_increase)
        for week in range(1, m.cal.week_count + 1):
            prev = [_week_term(m, week - 1), _week_term(m, week - 2)]
            if all(isinstance(p, int) for p in prev):
                higher = max(prev)  # type: ignore[type-var]
                allowed = max(grow * higher, PER_MILLE * (higher + floor_tenths)) if higher < below_tenths else grow * higher
                m.model.add(PER_MILLE * m.week_km[week] <= allowed).only_enforce_if(lit)
                continue
            upper = max(round(s.peak_weekly_km * TENTHS) + 1, m.prior_week_km(0))
            higher_var = m.add_max(f"higher_prev_w{week}", prev, upper)
            small = m.model.new_bool_var(f"under_floor_w{week}")
            m.model.add(higher_var < below_tenths).only_enforce_if(small)
            m.model.add(higher_var >= below_tenths).only_enforce_if(small.negated())
            m.model.add(PER_MILLE * m.week_km[week] <= grow * higher_var).only_enforce_if([lit, small.negated()])
            # under the floor the allowance is the larger of the two: either bound may hold
            # (two enforced linear bounds, no max variable: presolve stays fast)
            by_floor = m.model.new_bool_var(f"floor_allowance_w{week}")
            m.model.add(PER_MILLE * m.week_km[week] <= grow * higher_var).only_enforce_if([lit, small, by_floor.negated()])
            m.model.add(m.week_km[week] <= higher_var + floor_tenths).only_enforce_if([lit, small, by_floor])

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        s = view.settings
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            higher = max(view.km_of_week(week - 1), view.km_of_week(week - 2))
            allowed = s.weekly_allowance_km(higher)
            volume = view.km_of_week(week)
            if volume > allowed + EPS_KM:
                out.append(
                    self.violation(
                        f"{km(volume)} of running after weeks of up to {km(higher)}: "
                        f"more than the {s.weekly_increase:.0%} increase allows ({km(allowed)})",
                        week=week,
                    )
                )
        return out


class AcuteChronicRatio(Rule):
    """This week's run km ÷ the mean of the 4 previous weeks (uncoupled) ≤ **1.3**.

    Gabbett 2016 (BJSM 50:273) "sweet spot" 0.8–1.3, > 1.5 danger. Contested (Impellizzeri et
    al. 2020; Frandsen 2025 found no positive association in runners), so it is a guard, not the
    main story. Weeks before the plan hold the runner's ``weekly_km``; with no chronic load at all
    the ratio is undefined and the weekly-increase floor governs instead.
    """

    id = "acwr"
    scope = "week"
    title = "Acute:chronic load ratio"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        ratio = per_mille(m.settings.acwr_max)
        for week in range(1, m.cal.week_count + 1):
            chronic = [_week_term(m, week - j) for j in range(1, 5)]
            constant = sum(c for c in chronic if isinstance(c, int))
            variables = [c for c in chronic if not isinstance(c, int)]
            total = sum(variables) + constant if variables else constant
            if not variables:
                if constant > 0:
                    m.model.add(4 * PER_MILLE * m.week_km[week] <= ratio * constant).only_enforce_if(lit)
                continue
            if constant > 0:
                m.model.add(4 * PER_MILLE * m.week_km[week] <= ratio * total).only_enforce_if(lit)
                continue
            has_chronic = m.model.new_bool_var(f"acwr_defined_w{week}")
            m.model.add(total >= 1).only_enforce_if(has_chronic)
            m.model.add(total == 0).only_enforce_if(has_chronic.negated())
            m.model.add(4 * PER_MILLE * m.week_km[week] <= ratio * total).only_enforce_if([lit, has_chronic])

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        limit = view.settings.acwr_max
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            chronic = sum(view.km_of_week(week - j) for j in range(1, 5)) / 4
            acute = view.km_of_week(week)
            if chronic > 0 and acute > limit * chronic + EPS_KM:
                out.append(
                    self.violation(
                        f"{km(acute)} is {acute / chronic:.2f} × the 4-week average of {km(chronic)} (limit {limit:.2f})",
                        week=week,
                    )
                )
        return out


class Cutback(Rule):
    """No more than **3** consecutive build weeks: then a week at most **0.80 ×** the previous one.

    **2 : 1** for age ≥ 50 or any hamstring history. Not required for plans under 6 weeks.
    Common periodisation practice (3-up-1-down): tissues adapt in the easier week. A week counts
    as a cutback when its run km is at most the factor times the week before it (week 1
    compares with the runner's ``weekly_km``); taper weeks count like any other.
    """

    id = "cutback"
    scope = "week"
    title = "Regular cutback weeks"

    def post(self, m: PlanVars) -> None:
        s = m.settings
        if m.cal.week_count < s.cutback_min_plan_weeks:
            return
        lit = m.enforce(self.id)
        factor = per_mille(s.cutback_factor)
        # Before the taper the cutbacks fall on a fixed rhythm (every k+1-th week, counted back
        # from the taper so the peak week comes last); only the taper's weeks are left to choose.
        planned = set(m.cal.cutback_weeks(s.build_weeks_max))
        flags: dict[int, object] = {}
        for week in range(1, m.cal.week_count + 1):
            before = _week_term(m, week - 1)
            if week in planned:
                m.model.add(PER_MILLE * m.week_km[week] <= factor * before).only_enforce_if(lit)  # type: ignore[operator]
                flags[week] = lit
                continue
            flag = m.model.new_bool_var(f"cutback_w{week}")
            m.model.add(PER_MILLE * m.week_km[week] <= factor * before).only_enforce_if(flag)  # type: ignore[operator]
            flags[week] = flag
        window = s.build_weeks_max + 1
        for first in range(1, m.cal.week_count - window + 2):
            members = [flags[w] for w in range(first, first + window)]
            if lit in members:
                continue
            m.model.add_bool_or(members).only_enforce_if(lit)
        if m.cal.free_cutbacks:
            # weeks of the solver's own choosing still count the build weeks the history shows
            # just before the plan, as the rhythm planned ahead does (a planner choice: the
            # check judges the plan's own weeks)
            built = min(m.cal.build_weeks_before_start(s.build_weeks_max), s.build_weeks_max)
            first_weeks = [flags[w] for w in range(1, min(window - built, m.cal.week_count) + 1)]
            if built and first_weeks and lit not in first_weeks:
                m.model.add_bool_or(first_weeks).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        s = view.settings
        if view.cal.week_count < s.cutback_min_plan_weeks:
            return []
        out = []
        streak = 0
        for week in range(1, view.cal.week_count + 1):
            is_cutback = view.km_of_week(week) <= s.cutback_factor * view.km_of_week(week - 1) + EPS_KM
            streak = 0 if is_cutback else streak + 1
            if streak > s.build_weeks_max and view.is_judged_week(week):
                out.append(
                    self.violation(
                        f"{streak} build weeks in a row without a cutback (at most {s.build_weeks_max}; "
                        f"a cutback week is ≤ {s.cutback_factor:.0%} of the week before)",
                        week=week,
                    )
                )
        return out


class Taper(Rule):
    """The final weeks reduce run volume from the peak week (the race's own distance not counted).

    5K/10K: race week ≤ **0.70 ×** peak; half: ≤ **0.75 ×**, ≤ **0.55 ×**; marathon and longer:
    ≤ **0.80 ×**, ≤ **0.65 ×**, ≤ **0.45 ×** (race week last). Intensity is kept, volume cut:
    Bosquet et al. 2007 meta-analysis, best effect with a 41–60 % volume reduction over ~2
    weeks. The peak is the highest week before the taper (the runner's ``weekly_km`` if none).
    """

    id = "taper"
    scope = "week"
    title = "Taper before the race"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        pre = m.cal.pre_taper_weeks
        if pre:
            upper = max(round(m.settings.peak_weekly_km * TENTHS) + 1, m.prior_week_km(0))
            peak: object = m.add_max("peak_week_km", [m.week_km[w] for w in pre], upper)
        else:
            # as check() reads it: the request's weekly volume (a re-plan's is the level it
            # established), never more than the week before the plan
            peak = min(m.prior_week_km(0), tenths_floor(m.request.runner.weekly_km))
        for week in m.cal.taper_weeks:
            factor = m.cal.taper_factor(week)
            assert factor is not None
            m.model.add(PER_MILLE * m.week_km[week] <= per_mille(factor) * peak).only_enforce_if(lit)  # type: ignore[operator]

    def check(self, view: PlanView) -> list[Violation]:
        pre = view.cal.pre_taper_weeks
        peak = max((view.km_of_week(w) for w in pre), default=view.request.runner.weekly_km)
        out = []
        for week in view.cal.taper_weeks:
            if not view.is_judged_week(week):
                continue
            factor = view.cal.taper_factor(week) or 1.0
            volume = view.km_of_week(week)
            if volume > factor * peak + EPS_KM:
                out.append(
                    self.violation(
                        f"taper week holds {km(volume)}, more than {factor:.0%} of the peak week ({km(peak)}): "
                        f"at most {km(factor * peak)}",
                        week=week,
                    )
                )
        return out


def _long_run_of(m: PlanVars, week: int, most_tenths: int) -> object:
    """A week's long run as ``race_readiness`` reads it: its longest run, where that is its long
    run. A week that holds days back from a break (``PlanCalendar.weeks_holding_days_back``)
    may go without one (``long_run_held``), and its longest run is then an easy run, which
    makes no runner ready: read as any run, a 3:15 marathoner paused for 9 days reached the
    race's 25.3 km with a 25.4 km "easy run" on his first day back, where a plan from the
    pause's first day builds it as a 25.4 km long run in a 50.8 km week, three weeks later.
    ``most_tenths``: the most any pre-taper week's longest run may be, which the rule's maximum
    bounds in the other weeks (its variable's domain)."""
    held = m.long_run_held(week) if week in m.cal.weeks_holding_days_back else None
    if held is None:
        return m.week_long[week]
    m.model.add(m.week_long[week] <= most_tenths)
    long_run = m.model.new_int_var(0, most_tenths, f"readiness_long_w{week}")
    m.model.add(long_run == m.week_long[week]).only_enforce_if(held)
    m.model.add(long_run == 0).only_enforce_if(held.negated())
    return long_run


class RaceReadiness(Rule):
    """Before the taper, a long run of at least the race distance (5K, 10K) or **0.6 ×** it (longer races).

    Half: ≈ 12.7 km, marathon: ≈ 25.3 km (races between 10 and 21 km: at least 10 km). **Time on
    feet:** where 0.6 × the race takes longer than ``long_run_max_min`` (180 min) at the runner's
    long-run pace, a long run at that cap counts as ready, provided it covers at least **0.4 ×**
    the race (17 km for a marathon). A plan that is safe but leaves the runner unready is not a
    plan: when the other rules cannot reach this before race day the request is refused with
    the earliest race date that would work. With no week before the taper, the runner's recent
    ``long_run_km`` must already reach it; a re-plan whose build already held that run (its
    history since ``phases_from``) is ready. The run that makes the runner ready is a long run: in
    a week that holds days back from a break, the solver counts its long run, never an easy run
    (:func:`_long_run_of`). Sources: coaching practice (Daniels' Running Formula;
    Pfitzinger & Douglas, Advanced Marathoning) builds the long run to well over half the race
    distance before a half or a marathon, and past the race distance for 5K and 10K; slow
    runners are capped by time, not refused (Hansons: 16 mi at most; Daniels: about 150 min).
    """

    id = "race_readiness"
    scope = "week"
    title = "Ready for race day"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        need = readiness_tenths(m.settings, m.easy_pace_s_per_km)
        pre = m.cal.pre_taper_weeks
        if ready_from_the_build(m.cal, need):
            return
        if not pre:
            if m.request.runner.long_run_km * TENTHS + 1e-9 < need:
                m.model.add_bool_or([]).only_enforce_if(lit)
            return
        # bounded by the longest run any week may hold: a bound at the race's peak long run held
        # a 5K runner's 14 km long runs to 12.1 km, and his weeks beside them to 1.12 x his own.
        # A peak long run the request sets itself is a bound (it was one through this variable
        # alone, and a runner's own longer long run does not lift it)
        if m.request.rules.peak_long_run_km:
            most = round(m.settings.peak_long_run_km * TENTHS) + 1
        else:
            most = m.max_run_tenths  # type: ignore[attr-defined]
        upper = max(need, most)
        longest = m.add_max("readiness_longest", [_long_run_of(m, w, upper) for w in pre], upper)
        m.model.add(longest >= need).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        s = view.settings
        pace_s = long_run_pace_s_per_km(view.plan.paces)
        need = readiness_tenths(s, pace_s) / TENTHS
        pre = set(view.cal.pre_taper_weeks)
        if view.cal.longest_run_of_this_build_km + EPS_KM >= need:
            return []  # a re-plan whose build already held the race's long run
        if pre:
            longest = max((r.distance_km or 0.0 for r in view.runs if view.cal.week_of(r.date) in pre), default=0.0)
            where = "before the taper"
        else:
            longest = view.request.runner.long_run_km
            where = "in the last 30 days (the plan has no week before the taper)"
        if longest + EPS_KM < need:
            why = self._time_on_feet(s, pace_s, need)
            return [self.violation(f"longest run {where} is {km(longest)}; the race needs at least {km(need)}{why}")]
        return []

    @staticmethod
    def _time_on_feet(s: RuleSettings, pace_s: int, need_km: float) -> str:
        """How the time cap shaped the need, for the message ('' where it did not)."""
        cap_km = long_run_cap_tenths(s, pace_s) / TENTHS
        at = f"{s.long_run_max_min} min at the long-run pace of {format_pace(pace_s / 60)} /km"
        if need_km < s.readiness_km - EPS_KM:
            return f" ({at}: ready by time on feet)"
        if cap_km < s.readiness_km:
            return f" ({at} covers {km(cap_km)}, under the {km(s.readiness_floor_km)} that time on feet needs)"
        return ""
