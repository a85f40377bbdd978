"""Reminder e-mails: when they are due, claiming each one exactly once, their text, and the scheduler."""
