"""Property tests: bounds and consistency that hold for any history."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from easytrack.domain.calendar import next_midnight_utc, parse_day, today_in_zone
from easytrack.domain.frequency import Schedule
from easytrack.domain.grid import row_cells
from easytrack.domain.marks import State
from easytrack.domain.scores import score_series
from easytrack.domain.status import day_statuses
from easytrack.domain.streaks import streak_list, streak_summary
from easytrack.domain.target import Direction, Target
from tests.unit.domain.histories import TODAY

DAYS = 120
PROPERTY = settings(max_examples=60, deadline=None)  # per test: never change the global profile

states = st.sampled_from([State.DONE, State.DONE, State.SKIP, State.NO])
histories = st.dictionaries(st.integers(0, DAYS - 1), states, max_size=DAYS).map(
    lambda by_offset: {TODAY - timedelta(days=o): s for o, s in by_offset.items()}
)
schedules = st.one_of(
    st.just(Schedule.daily()),
    st.integers(1, 7).map(Schedule.per_week),
    st.integers(1, 31).map(Schedule.per_month),
    st.integers(1, 40).map(Schedule.every_days),
    st.sets(st.integers(0, 6), min_size=1).map(Schedule.on_weekdays),
    st.integers(1, 20).flatmap(lambda d: st.integers(1, d).map(lambda n: Schedule.ratio(n, d))),
)
weekdays = st.integers(0, 6)


@PROPERTY
@given(histories, st.integers(1, 30), st.integers(1, 60))
def test_yes_no_score_stays_between_0_and_1(entries, num, den):
    series = score_series(
        entries, num=min(num, den), den=den, start=TODAY - timedelta(days=DAYS), end=TODAY
    )
    assert all(0.0 <= s <= 1.0 for _, s in series)


@PROPERTY
@given(
    st.dictionaries(st.integers(0, DAYS - 1), st.floats(0, 1e6)),
    st.floats(0, 1e4),
    st.booleans(),
    st.integers(1, 31),
)
def test_measurable_score_stays_between_0_and_1(by_offset, target, at_most, den):
    entries = {TODAY - timedelta(days=o): v for o, v in by_offset.items()}
    series = score_series(
        entries,
        num=1,
        den=den,
        start=TODAY - timedelta(days=DAYS),
        end=TODAY,
        measurable=True,
        target_value=target,
        at_most=at_most,
    )
    assert all(0.0 <= s <= 1.0 for _, s in series)


@PROPERTY
@given(histories, schedules, weekdays)
def test_streaks_are_consistent(entries, schedule, first_weekday):
    found = streak_list(entries, schedule, today=TODAY, first_weekday=first_weekday)
    summary = streak_summary(entries, schedule, today=TODAY, first_weekday=first_weekday)
    done = {d for d, s in entries.items() if s is State.DONE and d <= TODAY}
    # Every done day lies in exactly one streak; a streak spans its days (Loop counts them all).
    assert sum(1 for d in done for s in found if s.start <= d <= s.end) == len(done)
    assert all(s.length == (s.end - s.start).days + 1 and s.end <= TODAY for s in found)
    assert summary.current <= summary.best <= DAYS
    assert summary.best == max((s.length for s in found), default=0)
    for newer, older in zip(found, found[1:], strict=False):
        assert older.end < newer.start
    for s in found:
        assert s.start <= s.end and s.length <= (s.end - s.start).days + 1


@PROPERTY
@given(histories, schedules, weekdays, st.integers(0, 60), st.integers(0, 20))
def test_statuses_do_not_depend_on_the_window(entries, schedule, first_weekday, back, width):
    start = TODAY - timedelta(days=back)
    end = start + timedelta(days=width)
    wide = day_statuses(
        entries,
        schedule,
        start=start - timedelta(days=40),
        end=end + timedelta(days=40),
        today=TODAY,
        first_weekday=first_weekday,
    )
    narrow = day_statuses(
        entries, schedule, start=start, end=end, today=TODAY, first_weekday=first_weekday
    )
    assert narrow == wide[40 : 40 + width + 1]


@PROPERTY
@given(histories, schedules, weekdays)
def test_month_row_equals_its_week_rows(entries, schedule, first_weekday):
    days = [TODAY - timedelta(days=27 - i) for i in range(28)]
    whole = row_cells(entries, days, today=TODAY, schedule=schedule, first_weekday=first_weekday)
    parts = "".join(
        row_cells(
            entries, days[i : i + 7], today=TODAY, schedule=schedule, first_weekday=first_weekday
        )
        for i in range(0, 28, 7)
    )
    assert whole == parts and len(whole) == 28


@PROPERTY
@given(schedules)
def test_schedule_text_round_trips(schedule):
    assert Schedule.from_text(schedule.to_text()) == schedule
    num, den = schedule.as_fraction()
    assert Schedule.from_loop(num, den).as_fraction() == (num, den)


@PROPERTY
@given(st.dates(date(1900, 1, 1), date(9998, 12, 31)))
def test_parse_day_round_trips_isoformat(day):
    assert parse_day(day.isoformat()) == day


@PROPERTY
@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2035, 12, 31), timezones=st.just(UTC)),
    st.sampled_from(
        [
            "Europe/Berlin",
            "America/New_York",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
            "America/Havana",
            "Pacific/Apia",
        ]
    ),
)
def test_next_midnight_is_the_first_instant_of_a_later_local_day(now, tz):
    boundary = next_midnight_utc(now, tz)
    zone = ZoneInfo(tz)
    assert boundary > now
    assert boundary.astimezone(zone).date() > today_in_zone(now, tz)
    assert (boundary - timedelta(microseconds=1)).astimezone(zone).date() == today_in_zone(now, tz)


cups = st.dictionaries(st.integers(0, DAYS - 1), st.integers(0, 5).map(float), max_size=DAYS).map(
    lambda by_offset: {TODAY - timedelta(days=o): v for o, v in by_offset.items()}
)


@PROPERTY
@given(cups, st.integers(0, 4))
def test_at_most_days_are_done_exactly_when_within_the_limit(amounts, limit):
    target = Target("cups", limit, Direction.AT_MOST)
    first = min(amounts, default=TODAY)
    statuses = day_statuses({}, Schedule.daily(), start=first, end=TODAY, today=TODAY, amounts=amounts,
                            target=target)
    for i, status in enumerate(statuses):
        amount = amounts.get(first + timedelta(days=i), 0.0)  # nothing entered is 0: within
        assert status == ("d" if amount <= limit else "m")
    summary = streak_summary({}, Schedule.daily(), today=TODAY, amounts=amounts, target=target)
    assert summary.current == len(statuses) - 1 - statuses.rfind("m")
