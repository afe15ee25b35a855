#!/usr/bin/env bash
# rc-onboard's developer entry point. On a fresh Debian 12 / Ubuntu it installs what is missing
# (system packages with apt, using sudo when not root; tauri-driver; the Python test tools in
# .venv) and then does its job:
#
#   ./dev.sh run [ARGS…]   build and open the app (the built-in demo without --profile)
#   ./dev.sh test          run every test: fmt, clippy, UI module tests, unit, integration and
#                          end-to-end tests in the real WebKit window with a real Secret Service
#   ./dev.sh bench         the benchmarks named in docs/PERFORMANCE.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev xvfb webkit2gtk-driver
  gnome-keyring dbus dbus-x11 xauth curl ca-certificates python3 python3-venv nodejs npm
  postgresql
)

log() { printf '\033[1m== %s\033[0m\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_system() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      # Node.js and npm may come from elsewhere than Debian's packages; working commands are enough.
      if [ "$pkg" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
      if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "dev.sh: cargo was not found. Install Rust with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
}

setup_test_tools() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    log "installing tauri-driver"
    cargo install --locked tauri-driver
  fi
  if [ ! -x .venv/bin/python ]; then
    log "creating .venv for the Python test tools"
    python3 -m venv .venv
  fi
  if ! .venv/bin/python -c "import pyhpke" >/dev/null 2>&1; then
    log "installing pyhpke (independent HPKE implementation for the interoperability test)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check pyhpke
  fi
  export RC_ONBOARD_PYTHON="$PWD/.venv/bin/python"
  if [ -f tests/package-lock.json ] && [ ! -f tests/node_modules/axe-core/axe.min.js ]; then
    log "installing axe-core for the accessibility checks (npm ci)"
    npm ci --prefix tests --no-audit --no-fund --loglevel=error
  fi
}

# Runs a command with an unlocked gnome-keyring (real Secret Service) and an Xvfb display.
# Must run under dbus-run-session.
in_test_session() {
  # A fresh keyring folder each run, so no keyring left by an earlier run (with another password)
  # is picked up; the app's default data folder lands there too.
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  # A throwaway, non-empty password: an empty one creates no default collection.
  eval "$(printf 'rc-onboard-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" "$@"
}

cmd_run() {
  setup_system
  exec cargo run --locked -p rc-onboard -- "$@"
}

cmd_test() {
  setup_system
  setup_test_tools
  log "cargo fmt --check"
  cargo fmt --all --check
  log "cargo clippy"
  cargo clippy --locked --workspace --all-targets -- -D warnings
  log "cargo clippy, the app without the built-in demo"
  cargo clippy --locked -p rc-onboard --all-targets --no-default-features -- -D warnings
  log "UI module tests (node --test)"
  node --test ui/tests/
  log "build the app for the end-to-end suite"
  cargo build --locked -p rc-onboard
  log "cargo test, inside D-Bus with an unlocked gnome-keyring and an Xvfb display"
  dbus-run-session -- "$0" _in-test-session cargo test --locked --workspace
  # Last, because it rebuilds target/debug/rc-onboard without the demo (the e2e suite is done).
  log "cargo test, the app without the built-in demo (its CLI tests)"
  dbus-run-session -- "$0" _in-test-session cargo test --locked -p rc-onboard --no-default-features
}

cmd_bench() {
  setup_system
  setup_test_tools
  dbus-run-session -- "$0" _in-test-session cargo run --locked --release -p rc-onboard-e2e --bin startup-bench
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  _in-test-session) shift; in_test_session "$@" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
