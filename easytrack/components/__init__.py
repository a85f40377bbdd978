"""Reusable UI functions: they read state vars and never query the database."""
