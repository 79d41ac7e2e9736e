#!/usr/bin/env bash
# Installs moto's server (an independent AWS IAM implementation, used to cross-check the
# emulator) into a cached virtualenv. Idempotent: when the pinned version is installed it does
# nothing. Prints the path of moto_server on its last line.
set -euo pipefail

MOTO_VERSION=5.2.5
cache=${ECSMI_CACHE_DIR:-$HOME/.cache/ecs-mi-operator}
venv="$cache/moto-$MOTO_VERSION"
server="$venv/bin/moto_server"
done_marker="$venv/.installed"

log() { printf '[provision-moto] %s\n' "$*" >&2; }
die() { printf '[provision-moto] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ -f "$done_marker" && -x "$server" ]]; then
  log "moto $MOTO_VERSION already in $venv (nothing to do)"
  echo "$server"
  exit 0
fi

command -v python3 >/dev/null || die "python3 is needed to run moto (the IAM cross-check)"
log "installing moto[server]==$MOTO_VERSION into $venv"
rm -rf "$venv" # a half-finished earlier install
python3 -m venv "$venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
"$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" \
  || die "pip install moto[server]==$MOTO_VERSION failed (see above)"
"$venv/bin/python" -c "import moto, flask" || die "moto is installed but does not import"
touch "$done_marker"
log "done"
echo "$server"
