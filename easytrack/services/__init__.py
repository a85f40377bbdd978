"""Use-cases: `fn(session, *, user_id, ..., now)` returning plain frozen dataclasses; never imports reflex."""
