#!/usr/bin/env bash
# Registers a DLL as the default mail client of a Wine prefix, so that Wine's mapi32.dll forwards
# Extended MAPI calls to it (the same route the Windows MAPI stub takes to Outlook's olmapi32.dll):
#   HKLM\Software\Clients\Mail                     (default) = <client name>
#   HKLM\Software\Clients\Mail\<client name>       DLLPathEx = Z:\...\provider.dll
#
# Usage: scripts/windows/register-provider.sh <x64|ia32> <path-to-dll> [--name <client>]
#        scripts/windows/register-provider.sh <x64|ia32> --remove [--name <client>]
#        scripts/windows/register-provider.sh <x64|ia32> --show
#   --name   client name (default KoffiMapiSample)
#
# Wine's mapi32 reads this once, when it is loaded into a process (DllMain): register before
# starting the Node process that loads mapi32.dll. The DLL must match the prefix's bitness.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

(($# >= 2)) || { sed -n '2,13p' "$0" >&2; exit 2; }
arch=$1
shift
action=add dll= name=KoffiMapiSample
while (($#)); do
    case "$1" in
        --remove) action=remove ;;
        --show) action=show ;;
        --name) shift; name=${1:?--name needs a value} ;;
        -*) die "unknown option $1" ;;
        *) dll=$1 ;;
    esac
    shift
done
win_env "$arch"
win_ready "$arch" || die "the $arch Windows tier is not set up: run scripts/windows/setup.sh"

MAIL='HKLM\Software\Clients\Mail'
pe_machine() { # pe_machine <file>: x64 or ia32 from the PE header (no `file` needed: it is not in a minimal Debian)
    local off m
    [[ "$(od -An -tx1 -N2 "$1" | tr -d ' \n')" == 4d5a ]] || return 0                # "MZ"
    off=$(od -An -tu4 --endian=little -j60 -N4 "$1" | tr -d ' \n')                   # e_lfanew
    [[ "$(od -An -tx1 -j"$off" -N4 "$1" | tr -d ' \n')" == 50450000 ]] || return 0   # "PE\0\0"
    m=$(od -An -tx2 --endian=little -j$((off + 4)) -N2 "$1" | tr -d ' \n')           # IMAGE_FILE_HEADER.Machine
    case $m in 8664) echo x64 ;; 014c) echo ia32 ;; esac
}
reg() { "$WINE_BIN" reg "$@"; }
reg_value() { # reg_value <key> <value name or (Default)>: prints a REG_SZ value, or nothing
    local v=$2 args=(/v "$2")
    [[ $v == '(Default)' ]] && args=(/ve)
    reg query "$1" "${args[@]}" 2>/dev/null | tr -d '\r' |
        sed -n "s/^    $v    REG_SZ    //p" || true # ( and ) are literal in a basic regex
}

case $action in
    add)
        [[ -n $dll ]] || die "no DLL given"
        [[ -f $dll ]] || die "no such file: $dll"
        # Refuse a DLL of the wrong bitness: LoadLibrary would fail silently inside mapi32.
        dll_arch=$(pe_machine "$dll")
        [[ -n $dll_arch ]] || die "$dll is not a Windows x64/x86 DLL"
        [[ $dll_arch == "$arch" ]] || die "$dll is a $dll_arch DLL, the prefix is $arch"
        winpath=$(to_winpath "$dll")
        prev=$(reg_value "$MAIL" '(Default)')
        if [[ $prev != "$name" ]]; then
            # A new prefix has "Native Mail Client" (winemapi.dll, Simple MAPI only) as default:
            # remember it so that --remove can put it back.
            reg add "$MAIL\\$name" /v PreviousDefault /t REG_SZ /d "$prev" /f >/dev/null
        fi
        reg add "$MAIL" /ve /t REG_SZ /d "$name" /f >/dev/null
        reg add "$MAIL\\$name" /v DLLPathEx /t REG_SZ /d "$winpath" /f >/dev/null
        ;;
    remove)
        prev=$(reg_value "$MAIL\\$name" PreviousDefault)
        reg delete "$MAIL\\$name" /f >/dev/null 2>&1 || true
        # Only touch the default client if it is ours.
        if [[ $(reg_value "$MAIL" '(Default)') == "$name" ]]; then
            if [[ -n $prev ]]; then
                reg add "$MAIL" /ve /t REG_SZ /d "$prev" /f >/dev/null
            else
                reg delete "$MAIL" /ve /f >/dev/null
            fi
        fi
        ;;
esac
# Show what mapi32 will see (reg query prints CRLF line ends).
reg query "$MAIL" /s 2>/dev/null | tr -d '\r' | sed '/^$/d' || echo "(no $MAIL key)"
