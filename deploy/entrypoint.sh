#!/bin/sh
# easytrack container entry point.
#   serve (default)  apply migrations once (a lock makes replicas take turns), then serve on $PORT
#   anything else    a `python -m easytrack` command: migrate, backup -o FILE, restore --yes FILE,
#                    create-user EMAIL ..., token ..., import ..., export ...
set -eu
if [ "${1:-serve}" = "serve" ]; then
    exec python -m easytrack.ops.startup
fi
exec python -m easytrack "$@"
