#!/usr/bin/env bash
# Runs the whole jest suite (__tests__/*.test.ts) under Windows Node in Wine, for one or both bitnesses:
# the Windows tier of the tests (see docs/wine.md). `npm run test:windows` runs it for both.
#
# Usage: scripts/windows/test.sh [x64|ia32|both] [-- jest args...]
#
# For each bitness it: sets up Wine, MinGW, Windows Node and Koffi's Windows binary (setup.sh, which
# reuses everything already there), builds the sample provider DLLs (both bitnesses: the suite checks
# that the other one is refused) and the suite's native helpers with MinGW, registers the provider as
# the prefix's default mail client (HKLM\Software\Clients\Mail -> DLLPathEx), runs jest with that
# bitness's node.exe, and reads the results from jest's JSON file.
#
# Prints one line per bitness, "windows-x64: N passed, M failed ...", and exits non-zero if any
# bitness failed. Results (jest's JSON and output): $KOFFI_MAPI_WIN_CACHE/results/<time>-<pid>/jest-<arch>.*
# (the cache defaults to .cache/windows).
#
# Environment: KOFFI_MAPI_WIN_CACHE (cache folder), WIN_TEST_TIMEOUT (seconds per bitness, default 900),
#              WIN_WINEDEBUG (Wine debug channels, default -all), WIN_TEST_PARALLEL=0|1 (run the two
#              bitnesses one after the other, or at the same time: each has its own prefix, registry and
#              wineserver; only files in the repo are shared, so tests name theirs with mkdtemp, never
#              the pid, which repeats across wineservers; default 1 when the machine has 2 or more cores),
#              WIN_TEST_RESULTS (results folder of this run).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ARCHES=(x64 ia32)
case "${1:-both}" in
    both) ;;
    x64 | ia32) ARCHES=("$1") ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    --) ;;
    *) die "usage: $0 [x64|ia32|both] [-- jest args...]" ;;
esac
(($#)) && [[ $1 != -- ]] && shift
[[ ${1:-} == -- ]] && shift
JEST_ARGS=("$@")

T0=$SECONDS
cd "$REPO_ROOT" || exit 1

# 1. Wine, MinGW, Windows Node, Koffi's Windows binaries, prefixes (idempotent: ~0.3 s when all there).
if [[ ${#ARCHES[@]} == 2 ]]; then setup_arch=both; else setup_arch=${ARCHES[0]}; fi
"$WIN_SCRIPTS_DIR/setup.sh" --arch "$setup_arch" || die "setup.sh failed"
T_SETUP=$((SECONDS - T0))

# 2. Native parts, with MinGW (Windows Node has no compiler; the jest global setup only checks them).
#    Both provider bitnesses: 10.windows registers the other one to prove it is refused.
for t in win-x64 win-ia32; do
    node scripts/build-provider.js --quiet --target "$t" >/dev/null || die "building the $t sample provider failed"
done
for arch in "${ARCHES[@]}"; do
    node scripts/build-test-native.js --target "win-$arch" >/dev/null || die "building the win-$arch test helpers failed"
done
#    29.discovery's Windows Installer route installs a small MSI; without wixl (apt-get install wixl
#    msitools) that test says it is skipped and why.
for arch in "${ARCHES[@]}"; do
    rc=0
    "$WIN_SCRIPTS_DIR/build-outlook-msi.sh" "$arch" "sample-provider/build/win-$arch/fake-outlook.msi" >/dev/null 2>&1 || rc=$?
    ((rc == 0 || rc == 3)) || die "building the win-$arch test MSI failed"
done
# 3. The package as a Windows user installs it (16.package): packed from a staged copy, installed with
#    npm for win32 and this bitness, so Koffi's Windows binary comes from its optional dependencies.
TGZ=$(node scripts/pack.js --out "$WIN_CACHE/package") || die "packing the package failed"
for arch in "${ARCHES[@]}"; do
    rm -rf "$WIN_CACHE/package/$arch"
    node scripts/pack.js --install "$WIN_CACHE/package/$arch" --from "$TGZ" --os win32 --cpu "$arch" >/dev/null ||
        die "installing the package for win32-$arch failed"
done
rm -f "$TGZ"
T_BUILD=$((SECONDS - T0 - T_SETUP))

# One folder per run: other runs (another engineer, another bitness) may be writing theirs.
RESULTS=${WIN_TEST_RESULTS:-$WIN_CACHE/results/$(date -u +%Y%m%dT%H%M%SZ)-$$}
mkdir -p "$RESULTS"
# keep the 10 newest run folders
ls -1dt "$WIN_CACHE"/results/*T*Z-*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf --

run_arch() { # run_arch <arch>: registers the provider and runs jest; writes $RESULTS/jest-<arch>.*
    local lock arch=$1 t0=$SECONDS json="$RESULTS/jest-$1.json" logf="$RESULTS/jest-$1.log"
    rm -f "$json" "$json.main" "$json.disc" "$logf"
    # The prefix's registry is shared state (the registration, and 10.windows changes it for a moment):
    # runs of the same bitness take turns.
    exec {lock}>"$WIN_CACHE/prefix-$arch.test-lock"
    if ! flock -n "$lock"; then
        log "$arch: another run is using prefix-$arch; waiting for it"
        flock "$lock"
    fi
    t0=$SECONDS
    # (the lock's descriptor is closed in the children: a lingering wineserver must not hold it)
    "$WIN_SCRIPTS_DIR/register-provider.sh" "$arch" "sample-provider/build/win-$arch/kmapi_sample.dll" >/dev/null {lock}>&- ||
        { echo "register-provider.sh $arch failed" >"$logf"; exec {lock}>&-; echo "1 0" >"$RESULTS/jest-$arch.rc"; return 1; }
    # Discovery must go through the registry, exactly as on a Windows machine with Outlook: nothing
    # from the Linux environment (which Wine passes through) may name the DLL.
    # 29.discovery makes the prefix's registry point elsewhere for a moment and loads mapi32.dll under
    # those layouts; Wine's mapi32 reads the registry once per process and DLLs stay pinned, so in the
    # same (in-band) Windows Node the later stub-route tests would reach its copies: a full run gives it
    # a jest process of its own, after the rest, and the two JSON results are merged.
    local jest_env=(env -u MAPI_DLL -u KMAPI_TEST_DLL -u NODE_OPTIONS CI=true KMAPI_PACKAGE_DIR="$WIN_CACHE/package/$arch"
        RUN_NODE_TIMEOUT="${WIN_TEST_TIMEOUT:-900}" "$WIN_SCRIPTS_DIR/jest.sh" "$arch" --ci --json)
    local rc
    if ((${#JEST_ARGS[@]} == 0)); then
        "${jest_env[@]}" --outputFile="$json.main" --testPathIgnorePatterns='29\.discovery' >"$logf" 2>&1 {lock}>&-
        rc=$?
        "${jest_env[@]}" --outputFile="$json.disc" __tests__/29.discovery.test.ts >>"$logf" 2>&1 {lock}>&-
        local rc2=$?
        ((rc == 0)) && rc=$rc2
        node -e '
            const fs = require("fs"); const [out, ...parts] = process.argv.slice(1);
            const rs = parts.filter((f) => fs.existsSync(f)).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
            if (rs.length < parts.length) process.exit(0); // no merged file: the summary says there are no results
            const m = { ...rs[0], testResults: rs.flatMap((r) => r.testResults), success: rs.every((r) => r.success) };
            for (const k of Object.keys(rs[0])) if (k.startsWith("num")) m[k] = rs.reduce((a, r) => a + r[k], 0);
            fs.writeFileSync(out, JSON.stringify(m));
        ' "$json" "$json.main" "$json.disc" {lock}>&-
    else
        "${jest_env[@]}" --outputFile="$json" "${JEST_ARGS[@]}" >"$logf" 2>&1 {lock}>&-
        rc=$?
    fi
    exec {lock}>&-
    echo "$rc $((SECONDS - t0))" >"$RESULTS/jest-$arch.rc"
    return "$rc"
}

summary() { # summary <arch>: one line from jest's JSON (or why there is none); returns 1 on failure
    local arch=$1 json="$RESULTS/jest-$1.json" rc secs
    read -r rc secs <"$RESULTS/jest-$arch.rc" 2>/dev/null || { rc=1 secs=?; }
    if [[ ! -s $json ]]; then
        echo "windows-$arch: 0 passed, 0 failed (no results: jest exited with $rc after ${secs}s; see $RESULTS/jest-$arch.log)"
        return 1
    fi
    node -e '
        const [file, arch, rc, secs] = process.argv.slice(1);
        const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
        const broken = r.testResults.filter((s) => s.status === "failed" && !s.assertionResults.some((a) => a.status === "failed"));
        let line = `windows-${arch}: ${r.numPassedTests} passed, ${r.numFailedTests} failed` +
            ` (${r.numPendingTests + r.numTodoTests} skipped; ${r.numTotalTestSuites} suites` +
            (broken.length ? `, ${broken.length} failed to run` : "") + `; ${secs}s)`;
        console.log(line);
        for (const s of r.testResults) {
            const name = s.name.replace(/^.*[\\/]__tests__[\\/]/, "");
            for (const a of s.assertionResults) if (a.status === "failed") console.log(`  FAIL ${name} > ${a.fullName}`);
            if (broken.includes(s)) {
                const why = (s.message || "").replace(/\x1b\[[0-9;]*m/g, "").split("\n")
                    .map((l) => l.trim()).find((l) => l && !/Test suite failed to run/.test(l));
                console.log(`  FAIL ${name} (suite): ${why || "failed to run"}`);
            }
        }
        process.exit(r.success && rc === "0" ? 0 : 1);
    ' "$json" "$arch" "$rc" "$secs"
}

PARALLEL=${WIN_TEST_PARALLEL:-$(( $(nproc 2>/dev/null || echo 1) >= 2 ? 1 : 0 ))}
if [[ $PARALLEL == 1 && ${#ARCHES[@]} == 2 ]]; then
    log "jest under Windows Node x64 and ia32, at the same time (WIN_TEST_PARALLEL=0 for one after the other) ..."
    pids=()
    for arch in "${ARCHES[@]}"; do
        run_arch "$arch" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    for arch in "${ARCHES[@]}"; do
        log "jest under Windows Node $arch:"
        cat "$RESULTS/jest-$arch.log"
    done
else
    for arch in "${ARCHES[@]}"; do
        log "jest under Windows Node $arch ..."
        run_arch "$arch"
        cat "$RESULTS/jest-$arch.log"
    done
fi

echo
failed=0
for arch in "${ARCHES[@]}"; do summary "$arch" || failed=1; done
echo "(setup ${T_SETUP}s, native builds ${T_BUILD}s, total $((SECONDS - T0))s; results in $RESULTS)"
exit "$failed"
