#!/usr/bin/env bash
# Proves the Windows-under-Wine tier works, for each bitness:
#   (a) smoke.js  Windows Node runs, reports win32/<arch>/Windows 10, and loads the repo's koffi;
#   (b) ffi.js    kernel32 calls, a __stdcall export of a MinGW DLL (Name@8 on ia32), and JS
#                 callbacks from a thread the DLL made with CreateThread;
#   (c) mapi.js   Wine's mapi32.dll forwards Extended MAPI calls to the DLL registered as DLLPathEx,
#                 for two builds of the DLL (see README: which export names Wine looks up).
#
# Usage: scripts/windows/selftest/run.sh [x64|ia32|both]     (default both; run setup.sh first)
# The DLLs are built into $WIN_CACHE/selftest/<arch>/. The provider registration is removed at exit.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
SELFTEST_DIR="$WIN_SCRIPTS_DIR/selftest"

case "${1:-both}" in
    both) ARCHES=(x64 ia32) ;;
    x64 | ia32) ARCHES=("$1") ;;
    *) die "usage: $0 [x64|ia32|both]" ;;
esac

failed=0
timed() { # timed <label> <command...>: runs it, prints its output and how long it took
    local label=$1 t0 t1 rc=0
    shift
    t0=$(date +%s%N)
    "$@" || rc=$?
    t1=$(date +%s%N)
    printf -- '--- %s: exit %d, %d ms\n\n' "$label" "$rc" $(((t1 - t0) / 1000000))
    ((rc == 0)) || failed=1
}

build() { # build <arch>: builds the two variants of selftest.dll, prints nothing
    local arch=$1 out="$WIN_CACHE/selftest/$1" cc
    mkdir -p "$out"
    case $arch in
        x64) cc=x86_64-w64-mingw32-gcc ;;
        ia32) cc=i686-w64-mingw32-gcc ;;
    esac
    local src="$SELFTEST_DIR/selftest.c" def="$SELFTEST_DIR/selftest-x64-aliases.def"
    # "compiler" variant: the names the compiler gives (x64: Name; ia32: Name@N only)
    if [[ ! "$out/selftest.dll" -nt "$src" ]]; then
        $cc -O2 -Wall -Wextra -shared -o "$out/selftest.dll" "$src"
    fi
    # "both" variant: every entry point under both spellings, Name and Name@N
    if [[ ! "$out/selftest-both.dll" -nt "$src" || ! "$out/selftest-both.dll" -nt "$def" ]]; then
        case $arch in
            x64) $cc -O2 -Wall -Wextra -shared -o "$out/selftest-both.dll" "$src" "$def" ;;
            ia32) $cc -O2 -Wall -Wextra -shared -Wl,--add-stdcall-alias -o "$out/selftest-both.dll" "$src" ;;
        esac
    fi
}

cleanup() { for a in "${ARCHES[@]}"; do "$WIN_SCRIPTS_DIR/register-provider.sh" "$a" --remove >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

ALL=MAPIInitialize,MAPILogonEx,MAPIAllocateBuffer,MAPIAllocateMore,MAPIFreeBuffer,HrQueryAllRows,MAPIUninitialize
for arch in "${ARCHES[@]}"; do
    win_ready "$arch" || die "the $arch Windows tier is not set up: run scripts/windows/setup.sh"
    echo "===================== $arch ====================="
    timed "build selftest DLLs ($arch)" build "$arch"
    dll="$WIN_CACHE/selftest/$arch/selftest.dll"
    both="$WIN_CACHE/selftest/$arch/selftest-both.dll"
    run() { RUN_NODE_TIMEOUT=${RUN_NODE_TIMEOUT:-120} "$WIN_SCRIPTS_DIR/run-node.sh" "$arch" "$@"; }

    timed "(a) smoke.js $arch" run "$SELFTEST_DIR/smoke.js"
    timed "(b) ffi.js $arch" run "$SELFTEST_DIR/ffi.js" "$(to_winpath "$dll")"

    "$WIN_SCRIPTS_DIR/register-provider.sh" "$arch" --remove >/dev/null
    timed "(c) mapi.js $arch, nothing registered" \
        run "$SELFTEST_DIR/mapi.js" "$(to_winpath "$dll")" --unregistered --expect=

    echo "registering selftest-both.dll:"
    "$WIN_SCRIPTS_DIR/register-provider.sh" "$arch" "$both"
    timed "(c) mapi.js $arch, selftest-both.dll registered" \
        run "$SELFTEST_DIR/mapi.js" "$(to_winpath "$both")" --expect=$ALL

    # With only the compiler's names, Wine finds only what it looks up under that spelling:
    # plain names for MAPIInitialize & co, "HrQueryAllRows@24" for HrQueryAllRows.
    case $arch in
        x64) expect=MAPIInitialize,MAPILogonEx,MAPIAllocateBuffer,MAPIAllocateMore,MAPIFreeBuffer,MAPIUninitialize ;;
        ia32) expect=HrQueryAllRows ;;
    esac
    echo "registering selftest.dll (compiler's export names only):"
    "$WIN_SCRIPTS_DIR/register-provider.sh" "$arch" "$dll"
    timed "(c) mapi.js $arch, selftest.dll registered" \
        run "$SELFTEST_DIR/mapi.js" "$(to_winpath "$dll")" --expect=$expect
    "$WIN_SCRIPTS_DIR/register-provider.sh" "$arch" --remove >/dev/null
done

if ((failed)); then
    echo "SELFTEST FAILED"
    exit 1
fi
echo "SELFTEST PASSED (${ARCHES[*]})"
