#!/usr/bin/env bash
# Install what the tests need and prepare the Docker engine tests:
# Debian's docker.io and mmdebstrap, the project's test dependencies, the
# tests' own dockerd, and the offline stand-in base images (tests/engine).
# The daemon is the one the engine tests use, never the user's: its own socket
# unix:///run/stagesplit-docker.sock, data root /var/lib/stagesplit-docker
# (tests/engine/dockerd.py); a Docker daemon already on the machine is left alone.
# Idempotent: installed packages, a running engine and built images are kept.
# Usage: bash .ci/install.sh   (as root; run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100)); }

step() { # step NAME CMD... : run CMD, print how long it took
    local name=$1 t0 rc=0; shift
    t0=$(now_ms)
    echo "== $name"
    "$@" || rc=$?
    echo "== $name: $([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc)") in $(secs "$t0")"
    return $rc
}

apt_packages() {
    if command -v dockerd >/dev/null && command -v docker >/dev/null && command -v containerd >/dev/null \
        && command -v mmdebstrap >/dev/null; then
        echo "docker.io, containerd and mmdebstrap already installed"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends docker.io containerd mmdebstrap >/dev/null
}

pip_packages() {
    if [ ! -f pyproject.toml ]; then
        echo "no pyproject.toml yet: skipped"
        return 0
    fi
    "$PY" -m pip install -q -e '.[test]' --config-settings editable_mode=compat
}

T0=$(now_ms)
step "apt: docker.io containerd mmdebstrap" apt_packages
step "pip: project test dependencies" pip_packages
step "the tests' own docker engine" "$PY" -m tests.engine.dockerd
step "stand-in images (on the tests' own engine)" "$PY" -m tests.engine.standins
echo "== install.sh: done in $(secs "$T0")"
