#!/usr/bin/env bash
# Builds a small MSI that installs the sample provider as an "Outlook" that Windows Installer knows of,
# for 29.discovery's Windows Installer route (MsiProvideQualifiedComponent):
#   <ProgramFiles>\KoffiMapiFakeOutlook\OUTLOOK.EXE   the component's key path (a copy of the DLL: never run)
#   <ProgramFiles>\KoffiMapiFakeOutlook\olmapi32.dll  the sample provider, as Office names it
#   PublishComponent: category {5812C571-...} (Office 2016+ core), qualifier outlook.x64.exe / outlook.exe
# wixl (Debian's msitools) has no <Category>, so the PublishComponent table and the PublishComponents
# action are added with msibuild after wixl.
#
# Usage: scripts/windows/build-outlook-msi.sh <x64|ia32> <out.msi>
# Exit 3 when wixl/msibuild are not installed (apt-get install wixl msitools).
set -euo pipefail
(($# == 2)) || { sed -n '2,11p' "$0" >&2; exit 2; }
arch=$1 out=$2
command -v wixl >/dev/null && command -v msibuild >/dev/null && command -v msiinfo >/dev/null || { echo "wixl/msibuild not installed" >&2; exit 3; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dll="$root/sample-provider/build/win-$arch/kmapi_sample.dll"
[[ -f $dll ]] || { echo "no $dll: node scripts/build-provider.js --target win-$arch" >&2; exit 1; }
case $arch in
    x64) pf=ProgramFiles64Folder win64=yes qualifier=outlook.x64.exe ;;
    ia32) pf=ProgramFilesFolder win64=no qualifier=outlook.exe ;;
    *) echo "arch: x64 or ia32" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dll" "$work/olmapi32.dll"
cp "$dll" "$work/OUTLOOK.EXE"
cat >"$work/o.wxs" <<WXS
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="KoffiMapi Fake Outlook" Language="1033" Version="16.0.1.0" Manufacturer="koffi-mapi tests" UpgradeCode="6A0C9A57-0B53-4C3A-9C1E-3B2C5E3F6A01">
    <Package InstallerVersion="200" Compressed="yes" InstallScope="perMachine"/>
    <Media Id="1" Cabinet="o.cab" EmbedCab="yes"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="$pf">
        <Directory Id="INSTALLDIR" Name="KoffiMapiFakeOutlook">
          <Component Id="Outlook" Guid="0D4E3B1A-7C2F-4E8B-9A61-5F2D8C3B7E11" Win64="$win64">
            <File Id="OutlookExe" Name="OUTLOOK.EXE" Source="OUTLOOK.EXE" KeyPath="yes"/>
            <File Id="Olmapi32" Name="olmapi32.dll" Source="olmapi32.dll"/>
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Outlook"/></Feature>
  </Product>
</Wix>
WXS
(cd "$work" && wixl -a "$([[ $arch == x64 ]] && echo x64 || echo x86)" -o o.msi o.wxs)
printf 'ComponentId\tQualifier\tComponent_\tAppData\tFeature_\ns38\ts255\ts72\tL255\ts38\nPublishComponent\tComponentId\tQualifier\tComponent_\n{5812C571-53F0-4467-BEFA-0A4F47A9437C}\t%s\tOutlook\t\tMain\n' "$qualifier" >"$work/PublishComponent.idt"
msiinfo export "$work/o.msi" InstallExecuteSequence >"$work/ies.idt"
printf 'UnpublishComponents\t\t1700\nPublishComponents\t\t6200\n' >>"$work/ies.idt"
msibuild "$work/o.msi" -i "$work/PublishComponent.idt"
msibuild "$work/o.msi" -i "$work/ies.idt"
mkdir -p "$(dirname "$out")"
cp "$work/o.msi" "$out"
