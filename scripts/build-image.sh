#!/usr/bin/env bash
# Build the easytrack image from the Dockerfile, the same way on a normal Docker host and on one without
# an image registry.
#
#   scripts/build-image.sh [-t TAG] [--context DIR] [--base IMAGE] [--print-base] [-- DOCKER-BUILD-ARGS...]
#
# Base image (the Dockerfile's ARG PYTHON_IMAGE), in this order:
#   --base IMAGE or $PYTHON_IMAGE            exactly that image
#   python:3.11-slim-bookworm                if it is present or can be pulled (a normal Docker host)
#   easytrack-base:bookworm-<key>            otherwise: made here from Debian packages (debootstrap of
#                                            bookworm with python3, python3-venv, python3-pip, trimmed like
#                                            the slim image) and `docker import`ed; <key> is a hash of the
#                                            recipe below, so it is made once and reused until that changes.
# Trust: when the host names its own CA bundle (SSL_CERT_FILE, PIP_CERT, REQUESTS_CA_BUNDLE or
# NODE_EXTRA_CA_CERTS), e.g. behind a TLS-inspecting proxy, it is handed to the build as the BuildKit
# secret `ca_bundle`: apt, pip, npm and bun in the builder stage use it, no layer keeps it. The host's
# pip index and npm registry settings (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, npm's `registry`) are passed
# as build arguments of the builder stage when they are http(s) URLs. Nothing of this is in the image.
# --print-base only resolves (or makes) the base image and prints its name.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TAG=easytrack:latest
CONTEXT="$ROOT"
BASE="${PYTHON_IMAGE:-}"
PRINT_BASE=0
OFFICIAL=python:3.11-slim-bookworm
SUITE=bookworm
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES=python3,python3-venv,python3-pip,python-is-python3,ca-certificates,netbase,tzdata
log() { echo "build-image: $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    -t|--tag) TAG="$2"; shift 2 ;;
    --context) CONTEXT="$(cd "$2" && pwd)"; shift 2 ;;
    --base) BASE="$2"; shift 2 ;;
    --print-base) PRINT_BASE=1; shift ;;
    --) shift; break ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) log "unknown argument $1 (see --help)"; exit 2 ;;
  esac
done

# A docker client that can build with BuildKit (for the secret): buildx, or a client older than 23
# (built-in BuildKit). Debian's docker.io (20.10) is one; a newer static client without buildx is not.
pick_docker() {
  local client
  for client in $(type -ap docker); do
    if "$client" buildx version >/dev/null 2>&1; then echo "$client buildx build --load"; return; fi
  done
  for client in $(type -ap docker); do
    local major
    major="$("$client" --version | sed -E 's/^Docker version ([0-9]+).*/\1/')"
    if [ "$major" -lt 23 ] 2>/dev/null; then echo "$client build"; return; fi
  done
  log "no docker client that builds with BuildKit: install docker-buildx (or Debian's docker.io)"
  exit 1
}

# The recipe of the local base image; its hash names the image, so a changed recipe makes a new one.
base_recipe() {
  printf 'suite=%s mirror=%s packages=%s variant=minbase\n' "$SUITE" "$MIRROR" "$PACKAGES"
  declare -f make_local_base
}

make_local_base() {
  local name="$1" root
  command -v debootstrap >/dev/null || { log "debootstrap is needed to make a base image here: apt-get install debootstrap"; exit 1; }
  root="$(mktemp -d /var/tmp/easytrack-base.XXXXXX)"
  log "making $name from Debian packages (debootstrap $SUITE; a few minutes, once)"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >&2
  # Trimmed like the official slim images: no docs, man pages, translations, apt lists or caches.
  printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\npath-exclude /usr/share/info/*\n' \
    > "$root/etc/dpkg/dpkg.cfg.d/docker-slim"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/docker-slim"
  find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/usr/share/info/* \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*
  echo "deb $MIRROR $SUITE main" > "$root/etc/apt/sources.list"
  tar -C "$root" --numeric-owner -c . | docker import \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' - "$name" >/dev/null
  rm -rf "$root"
}

resolve_base() {
  if [ -n "$BASE" ]; then echo "$BASE"; return; fi
  if docker image inspect "$OFFICIAL" >/dev/null 2>&1 || timeout 120 docker pull -q "$OFFICIAL" >/dev/null 2>&1; then
    echo "$OFFICIAL"; return
  fi
  local name
  name="easytrack-base:$SUITE-$(base_recipe | sha256sum | cut -c1-12)"
  docker image inspect "$name" >/dev/null 2>&1 || make_local_base "$name"
  echo "$name"
}

BASE="$(resolve_base)"
if [ "$PRINT_BASE" = 1 ]; then echo "$BASE"; exit 0; fi

args=(--network host -t "$TAG" --build-arg "PYTHON_IMAGE=$BASE")
for ca in "${SSL_CERT_FILE:-}" "${PIP_CERT:-}" "${REQUESTS_CA_BUNDLE:-}" "${NODE_EXTRA_CA_CERTS:-}"; do
  if [ -n "$ca" ] && [ -f "$ca" ]; then args+=(--secret "id=ca_bundle,src=$ca"); log "host CA bundle: $ca"; break; fi
done
pip_index="${PIP_INDEX_URL:-$(pip3 config get global.index-url 2>/dev/null || true)}"
pip_extra="${PIP_EXTRA_INDEX_URL:-$(pip3 config get global.extra-index-url 2>/dev/null || true)}"
pip_extra="$(tr ' ' '\n' <<<"$pip_extra" | grep -E '^https?://' | paste -sd' ' || true)"
npm_registry="$(npm config get registry 2>/dev/null || true)"
[[ "$pip_index" =~ ^https?:// ]] && args+=(--build-arg "PIP_INDEX_URL=$pip_index")
[ -n "$pip_extra" ] && args+=(--build-arg "PIP_EXTRA_INDEX_URL=$pip_extra")
[[ "$npm_registry" =~ ^https?:// ]] && [ "$npm_registry" != "https://registry.npmjs.org/" ] \
  && args+=(--build-arg "NPM_CONFIG_REGISTRY=$npm_registry")

read -r -a build <<<"$(pick_docker)"
log "base $BASE; building $TAG from $CONTEXT"
DOCKER_BUILDKIT=1 "${build[@]}" "${args[@]}" "$@" "$CONTEXT"
