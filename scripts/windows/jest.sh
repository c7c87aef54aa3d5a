#!/usr/bin/env bash
# Runs the repo's jest (node_modules/jest, the repo's jest.config.js) under Windows Node in Wine.
#
# Usage: scripts/windows/jest.sh <x64|ia32> [jest args...]
#   e.g. scripts/windows/jest.sh ia32 02.layouts
#        scripts/windows/jest.sh x64 --json --outputFile=/tmp/x64.json
#
# --runInBand is added unless the arguments choose workers (-w/--maxWorkers/--runInBand/-i):
# in band is ~2 s faster under Wine (each jest worker is another Windows Node to start).
# Output is printed when jest ends (Windows Node cannot write to a pipe under Wine); set
# RUN_NODE_LIVE=1 to follow it while it runs. The exit code is jest's.
# Absolute Linux paths in arguments work (Windows Node resolves them on drive Z:).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# >= 1)) || { sed -n '2,12p' "$0" >&2; exit 2; }
arch=$1
shift
inband=(--runInBand)
for a in "$@"; do
    case $a in -i | --runInBand | -w | -w=* | --maxWorkers | --maxWorkers=*) inband=() ;; esac
done
cd "$REPO_ROOT" || exit 1
RUN_NODE_TIMEOUT=${RUN_NODE_TIMEOUT:-1800} exec "$WIN_SCRIPTS_DIR/run-node.sh" "$arch" \
    "$REPO_ROOT/node_modules/jest/bin/jest.js" "${inband[@]}" "$@"
