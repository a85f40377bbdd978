"""Operations: health endpoint, backup and restore, and container start-up (migrate once, then serve)."""
