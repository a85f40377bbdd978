"""HTTP in front of Reflex: the upload guard, security headers, one-click unsubscribe, capped log lines."""
