#!/usr/bin/env bash
# Prepares a machine to run the marketplace and its tests. Idempotent and non-interactive
# (CI=true, no stdin): each step checks before it acts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# 1. Node.js >= 20.19 (require(esm) and the engines field in package.json).
command -v node >/dev/null 2>&1 || die "node is not installed (need >= 20.19)"
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) { console.error(`node ${process.versions.node} is too old: need >= 20.19`); process.exit(1); }
' || die "upgrade Node.js to >= 20.19"
log "node $(node -v)"

# 2. nats-server (JetStream) for the bus, the launcher and the integration tests.
find_nats() { command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true; }
if [ -z "$(find_nats)" ]; then
  log "nats-server not found: installing it with apt-get"
  command -v apt-get >/dev/null 2>&1 || die "nats-server is missing and apt-get is not available: install nats-server >= 2.9 and put it on PATH"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "nats-server is missing; run as root or install sudo"
    SUDO="sudo -n"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update </dev/null
  $SUDO apt-get install -y nats-server </dev/null
  [ -n "$(find_nats)" ] || die "nats-server still not found after apt-get install"
fi
log "nats-server $("$(find_nats)" --version 2>/dev/null || echo '(version unknown)')"

# 3. jemalloc for the relay and the services (infra/launcher/src/allocator.ts): optional, so a
#    machine without apt or root still runs on glibc's malloc, only with a higher idle RSS.
find_jemalloc() { ls /usr/lib/*/libjemalloc.so.2 /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2 2>/dev/null | head -n 1 || true; }
if [ -z "$(find_jemalloc)" ] && command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }; then
  log "libjemalloc2 not found: installing it with apt-get"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y libjemalloc2 </dev/null >/dev/null 2>&1 \
    || { $SUDO apt-get update </dev/null >/dev/null 2>&1 && $SUDO apt-get install -y libjemalloc2 </dev/null >/dev/null 2>&1; } \
    || log "could not install libjemalloc2: the services will use glibc's malloc"
fi
jemalloc="$(find_jemalloc)"
log "allocator for the services: ${jemalloc:-glibc malloc (libjemalloc2 not installed)}"

# 4. Dependencies, when missing or older than the lockfile.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund </dev/null
else
  log "dependencies up to date"
fi

# 5. better-sqlite3's native module must match this Node.js (ABI changes across majors).
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
  log "rebuilding better-sqlite3 for node $(node -v)"
  npm rebuild better-sqlite3 </dev/null
  node -e "new (require('better-sqlite3'))(':memory:').close()" || die "better-sqlite3 does not load even after npm rebuild"
fi
log "ready"
