"""After a load run: every tick a client saw acknowledged is in the database, and nothing it never set."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from easytrack.models import CheckIn


@dataclass
class Verdict:
    checked: int = 0  # (habit, day) cells compared
    lost: int = 0  # acknowledged value differs from the database
    stray: int = 0  # a row the client never set (and that was not seeded)
    unsure: int = 0  # unanswered at the end: skipped
    samples: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.samples) < 10:
            self.samples.append(text)


def check(engine, clients, baseline: dict[int, set[str]] | None = None) -> Verdict:
    """Compare each client's last acknowledged cells with the `checkins` rows of its habits.

    `baseline` maps habit id -> days ("YYYY-MM-DD") seeded as done before the run. A cell the client
    acknowledged "1" must be a row with state "done"; "0" must be no row; an untouched cell must be as
    seeded. Cells whose last press went unanswered are skipped (counted in `unsure`).
    """
    baseline = baseline or {}
    verdict = Verdict()
    table = CheckIn.__table__
    with engine.connect() as conn:
        for client in clients:
            ids = list(client.habit_ids)
            if not ids:
                continue
            rows = conn.execute(select(table.c.habit_id, table.c.day, table.c.state)
                                .where(table.c.habit_id.in_(ids))).all()
            stored = {(r.habit_id, r.day.isoformat()): r.state for r in rows}
            expected = {(h, d): "1" for h in ids for d in baseline.get(h, ())}
            expected.update(client.acked)
            for key in set(expected) | set(stored):
                if key in client.unsure:
                    verdict.unsure += 1
                    continue
                verdict.checked += 1
                want, got = expected.get(key), stored.get(key)
                if want is None:
                    verdict.stray += 1
                    verdict.note(f"stray row {key}: {got}")
                elif got != ("done" if want == "1" else None):
                    verdict.lost += 1
                    verdict.note(f"cell {key}: acknowledged {want!r}, database {got!r}")
    return verdict
