"""Where a reminder goes, as stored on it: comma-separated channel keys ("email", "push", "c<channel id>")."""

from __future__ import annotations

from easytrack.services.errors import ValidationError

EMAIL = "email"
PUSH = "push"
APPRISE_PREFIX = "c"
DEFAULT = f"{EMAIL},{PUSH}"
MAX_KEYS = 20  # a reminder goes to at most this many channels (and the column holds 400 characters)


def is_key(key: object) -> bool:
    """Whether `key` names a channel: e-mail, push, or an Apprise channel "c<id>"."""
    if not isinstance(key, str):
        return False
    return key in (EMAIL, PUSH) or (key.startswith(APPRISE_PREFIX) and key[1:].isdigit() and len(key) <= 11)


def parse_keys(text: str) -> set[str]:
    """The channel keys of a stored value; unknown pieces (a channel since deleted, say) are ignored."""
    return {piece for piece in (text or "").split(",") if is_key(piece)}


def format_keys(keys: object, *, channel_ids: set[int]) -> str:
    """The stored value for a list of keys chosen in a form, keeping only the user's own Apprise channels.

    Raises:
        ValidationError: not a list of channel keys.
    """
    if not isinstance(keys, (list, tuple, set)) or len(keys) > MAX_KEYS or not all(is_key(k) for k in keys):
        raise ValidationError("Please check where the reminders go.")
    kept = {k for k in keys if not k.startswith(APPRISE_PREFIX) or int(k[1:]) in channel_ids}
    order = [EMAIL, PUSH] + sorted((k for k in kept if k.startswith(APPRISE_PREFIX)), key=lambda k: int(k[1:]))
    return ",".join(k for k in order if k in kept)
