#!/bin/sh
# Builder stage only: run a command trusting the host's CA bundle when the build was given one as the
# BuildKit secret `ca_bundle` (scripts/build-image.sh does, on hosts whose package traffic needs it).
# The secret is mounted for that one RUN step and never written into a layer.
set -eu
CA=/run/secrets/ca_bundle
if [ -s "$CA" ]; then
    export SSL_CERT_FILE="$CA" PIP_CERT="$CA" REQUESTS_CA_BUNDLE="$CA" NODE_EXTRA_CA_CERTS="$CA"
fi
exec "$@"
