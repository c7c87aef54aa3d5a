#!/usr/bin/env bash
# Runs a JS file with the Windows build of Node under Wine, in the prefix of the given bitness.
#
# Usage: scripts/windows/run-node.sh <x64|ia32> <script.js> [args...]
#
# The script path may be a Linux path (it is turned into Z:\...). Other arguments are passed as
# they are; absolute Linux paths in them still work, because Windows Node resolves "/work/x" against
# the current drive, and Wine runs the process with the current directory on Z:.
# Windows Node under Wine cannot write to a pipe (EBADF), so its stdout and stderr go to files,
# which are printed (stdout to stdout, stderr to stderr) after it exits. The exit code is node's.
#
# Environment:
#   RUN_NODE_TIMEOUT=<seconds>  kill the run after that long (exit code 124)
#   RUN_NODE_LIVE=1             also stream the output files while node runs (to stderr)
#   RUN_NODE_KEEP=<dir>         keep the output files as <dir>/stdout.txt and <dir>/stderr.txt
#   WIN_WINEDEBUG=<channels>    Wine debug channels (default -all)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# >= 2)) || { sed -n '2,16p' "$0" >&2; exit 2; }
arch=$1 script=$2
shift 2
win_env "$arch"
win_ready "$arch" || die "the $arch Windows tier is not set up: run scripts/windows/setup.sh"
[[ -e $script ]] || die "no such script: $script"

if [[ -n ${RUN_NODE_KEEP:-} ]]; then
    outdir=$RUN_NODE_KEEP
    mkdir -p "$outdir"
else
    outdir=$(mktemp -d "${TMPDIR:-/tmp}/run-node.XXXXXX")
    trap 'rm -rf "$outdir"' EXIT
fi
out="$outdir/stdout.txt" err="$outdir/stderr.txt"
: >"$out"
: >"$err"

timeout_cmd=()
[[ -n ${RUN_NODE_TIMEOUT:-} ]] && timeout_cmd=(timeout --kill-after=10 "$RUN_NODE_TIMEOUT")

"${timeout_cmd[@]}" "$WINE_BIN" "$WIN_NODE_EXE" "$(to_winpath "$script")" "$@" \
    </dev/null >"$out" 2>"$err" &
pid=$!
tail_pid=
if [[ -n ${RUN_NODE_LIVE:-} ]]; then
    tail -q -n +1 --pid="$pid" -f "$out" "$err" >&2 &
    tail_pid=$!
fi
wait "$pid"
rc=$?
[[ -n $tail_pid ]] && wait "$tail_pid" 2>/dev/null

if [[ -z ${RUN_NODE_LIVE:-} ]]; then
    cat "$out"
    cat "$err" >&2
fi
exit "$rc"
