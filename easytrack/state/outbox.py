"""The offline outbox replayed: presses a browser kept while it could not reach the server (assets/offline.jsx)."""

from __future__ import annotations

import reflex as rx

from easytrack import db, i18n, live
from easytrack.services import outbox
from easytrack.services.errors import ServiceError
from easytrack.state.auth import AuthState, NotLoggedIn, _as_user, utcnow


def _summary(results: list[outbox.Result], lang: str = i18n.DEFAULT) -> str:
    saved = sum(r.ok for r in results)
    dropped = [r for r in results if not r.ok]
    parts = [i18n.ngettext(lang, "{n} tick made offline is saved.", "{n} ticks made offline are saved.", saved)] \
        if saved else []
    if dropped:
        reasons = sorted({r.refusal.localized(lang) if r.refusal else r.error for r in dropped})
        parts.append(i18n.ngettext(lang, "{n} made offline could not be saved: {reasons}",
                                   "{n} made offline could not be saved: {reasons}", len(dropped),
                                   reasons=" ".join(reasons)))
    return " ".join(parts)


class OutboxState(AuthState):
    # What the server answered for the last replay: {"refs": [the client's ids], "message": text, "n": count}.
    replayed: dict = {"refs": [], "message": "", "n": 0}


    @rx.event
    async def replay(self, presses: list):
        n = int(self.replayed.get("n", 0)) + 1
        try:
            user_id, results = await db.run(_as_user, self.session_token, utcnow(), outbox.replay,
                                            {"raw": presses, "now": utcnow()})
        except NotLoggedIn:
            return
        except ServiceError as exc:  # malformed or too large: nothing applied, the browser keeps it
            self.replayed = {"refs": [], "message": self._error_text(exc), "n": n}
            return
        revs = [r.change.rev for r in results if r.change]
        if revs:
            live.publish_soon(user_id, live.Reload(max(revs)))
        self.replayed = {"refs": [r.press.ref for r in results], "message": _summary(results, self._page_lang()),
                         "n": n}
