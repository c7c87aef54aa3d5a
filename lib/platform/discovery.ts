/**
 * Where Windows may have a MAPI DLL, in the order MAPIStubLibrary's GetMAPIPaths documents
 * (library/stubutils.cpp), plus Click-to-Run's virtualised registry and install root:
 *
 *   1. HKLM\Software\Clients\Mail\<default client, or "Microsoft Outlook" with forceOutlookMAPI>\DLLPathEx
 *   2. the installed Outlook, from Windows Installer (MsiProvideQualifiedComponent) for each Office
 *      category GUID, with the first qualifier that answers: <its folder>\olmapi32.dll
 *   3. the client's DLLPath
 *   4. the client's MSIComponentID (with MSIApplicationLCID as the qualifier)
 *   5. Click-to-Run: HKLM\SOFTWARE\Microsoft\Office\ClickToRun\REGISTRY\MACHINE\Software\Clients\Mail\
 *      <client>\DLLPathEx and DLLPath, then <ClickToRun InstallPath>\root\Office16\olmapi32.dll
 *   6. the system mapi32.dll stub (not with forceOutlookMAPI)
 *
 * forceSystemMAPI gives the stub only; preferOlmapi32 (MAPIStubLibrary's default) moves every olmapi32.dll
 * to the front, keeping their order. Pure: the registry and Windows Installer come in through a
 * DiscoverySource, so the order is unit-tested anywhere and read for real only on Windows.
 */
import path from 'node:path';

/** What discovery reads. On Windows: lib/platform/windows.ts; in tests: data. */
export interface DiscoverySource {
  /** A REG_SZ / REG_EXPAND_SZ value under HKLM as stored (null value: the key's default). */
  read(subKey: string, value: string | null): { readonly data: string; readonly expand: boolean } | undefined;
  /** %NAME% expansion with the process environment (ExpandEnvironmentStrings). */
  expand(s: string): string;
  /** MsiProvideQualifiedComponent; throws when msi.dll is not there. */
  provideQualifiedComponent(category: string, qualifier: string): { path: string } | { error: number };
  systemDirectory(): string;
}

export interface DiscoveryOptions {
  /** Only the system mapi32.dll (MAPIStubLibrary's ForceSystemMAPI). */
  readonly forceSystemMAPI?: boolean;
  /** Outlook's client key, whatever the default mail client is, and no system stub (ForceOutlookMAPI). */
  readonly forceOutlookMAPI?: boolean;
  /** olmapi32.dll paths first (PreferOlmapi32; default true, as in MAPIStubLibrary). */
  readonly preferOlmapi32?: boolean;
}

/** One place looked at. `problem` is set when it cannot be used whatever the file says. */
export interface DiscoveryCandidate {
  readonly path: string;
  readonly via: string;
  readonly problem?: string;
  /** The system stub: it forwards to the mail client's DLL. */
  readonly stub?: boolean;
}

export const MAIL = 'Software\\Clients\\Mail';
export const OUTLOOK_CLIENT = 'Microsoft Outlook';
export const C2R = 'SOFTWARE\\Microsoft\\Office\\ClickToRun';
export const C2R_MAIL = `${C2R}\\REGISTRY\\MACHINE\\${MAIL}`;

/** Office's core-component category GUIDs, newest first (MAPIStubLibrary's g_pszOutlookQualifiedComponents). */
export const OFFICE_CATEGORIES: readonly (readonly [string, string])[] = [
  ['Office 2016+ (16)', '{5812C571-53F0-4467-BEFA-0A4F47A9437C}'],
  ['Office 2013 (15)', '{E83B4360-C208-4325-9504-0D23003A74A5}'],
  ['Office 2010 (14)', '{1E77DE88-BCAB-4C37-B9E5-073AF52DFD7A}'],
  ['Office 2007 (12)', '{24AAE126-0911-478F-A019-07B875EB9996}'],
  ['Office 2003 (11)', '{BC174BAD-2F53-4855-A1D5-0D575C19B1EA}'],
];

/** The qualifiers MAPIStubLibrary asks with, in its order: Outlook first, then Office apps that ship MAPI. */
export const OFFICE_QUALIFIERS: readonly string[] = [
  'outlook.x64.exe', 'outlook.exe', 'excel.exe', 'winword.exe', 'wwlib.dll', 'powerpnt.exe', 'msaccess.exe', 'onenote.exe', 'mspub.exe', 'visio.exe',
];

const isOlmapi32 = (p: string) => path.win32.basename(p).toLowerCase() === 'olmapi32.dll';

/** A registry value as a candidate: expanded when REG_EXPAND_SZ; refused when missing or relative. */
function fromValue(src: DiscoverySource, key: string, value: string, via: string): DiscoveryCandidate {
  const raw = src.read(key, value);
  if (!raw || raw.data === '') return { path: `HKLM\\${key}\\${value}`, via, problem: 'value not set' };
  const data = raw.expand ? src.expand(raw.data) : raw.data;
  // A name from the registry is never handed to the DLL search order (it could load from the current directory).
  if (!path.win32.isAbsolute(data) || !/^([a-z]:\\|\\\\)/i.test(data)) return { path: data, via, problem: 'not an absolute path' };
  return { path: data, via };
}

/** Route 2: every Office category, with the first qualifier Windows Installer answers for. */
function fromInstaller(src: DiscoverySource): DiscoveryCandidate[] {
  const out: DiscoveryCandidate[] = [];
  for (const [office, category] of OFFICE_CATEGORIES) {
    const via = `Windows Installer ${office} ${category}`;
    let found: { path: string; qualifier: string } | undefined;
    try {
      for (const qualifier of OFFICE_QUALIFIERS) {
        const r = src.provideQualifiedComponent(category, qualifier);
        if ('path' in r && r.path) {
          found = { path: r.path, qualifier };
          break;
        }
      }
    } catch (e) {
      return [{ path: 'msi.dll', via: 'Windows Installer (MsiProvideQualifiedComponent)', problem: `msi.dll unavailable: ${(e as Error).message}` }];
    }
    if (!found) out.push({ path: category, via, problem: 'not installed (no qualifier answered)' });
    else if (!path.win32.isAbsolute(found.path)) out.push({ path: found.path, via: `${via} ${found.qualifier}`, problem: 'not an absolute path' });
    else out.push({ path: path.win32.join(path.win32.dirname(found.path), 'olmapi32.dll'), via: `${via} ${found.qualifier}` });
  }
  return out;
}

/** Route 4: the client's MSIComponentID, qualified by its MSIApplicationLCID. */
function fromComponentId(src: DiscoverySource, clientKey: string): DiscoveryCandidate {
  const via = `registry HKLM\\${clientKey}\\MSIComponentID`;
  const id = src.read(clientKey, 'MSIComponentID')?.data;
  if (!id) return { path: `HKLM\\${clientKey}\\MSIComponentID`, via, problem: 'value not set' };
  const lcid = src.read(clientKey, 'MSIApplicationLCID')?.data;
  if (!lcid) return { path: `HKLM\\${clientKey}\\MSIApplicationLCID`, via, problem: 'MSIApplicationLCID not set' };
  let r: { path: string } | { error: number };
  try {
    r = src.provideQualifiedComponent(id, lcid);
  } catch (e) {
    return { path: id, via, problem: `msi.dll unavailable: ${(e as Error).message}` };
  }
  if ('error' in r) return { path: id, via, problem: `Windows Installer does not know it (error ${r.error})` };
  return path.win32.isAbsolute(r.path) ? { path: r.path, via } : { path: r.path, via, problem: 'not an absolute path' };
}

/** Route 5: Click-to-Run's virtualised mail client key, then its install root. */
function fromClickToRun(src: DiscoverySource, client: string): DiscoveryCandidate[] {
  const key = `${C2R_MAIL}\\${client}`;
  const out = ['DLLPathEx', 'DLLPath'].map((v) => fromValue(src, key, v, `Click-to-Run registry HKLM\\${key}\\${v}`));
  const root = fromValue(src, C2R, 'InstallPath', 'Click-to-Run install root');
  out.push(root.problem ? root : { path: path.win32.join(root.path, 'root', 'Office16', 'olmapi32.dll'), via: `Click-to-Run install root HKLM\\${C2R}\\InstallPath` });
  return out;
}

/** Every place to look, in order, with what is already known to be wrong with each. */
export function discoverMapi(src: DiscoverySource, o: DiscoveryOptions = {}): DiscoveryCandidate[] {
  const stub: DiscoveryCandidate = { path: path.win32.join(src.systemDirectory(), 'mapi32.dll'), via: 'system MAPI stub', stub: true };
  if (o.forceSystemMAPI) return [{ ...stub, via: 'system MAPI stub (forceSystemMAPI)' }];
  const out: DiscoveryCandidate[] = [];
  let client: string | undefined = OUTLOOK_CLIENT;
  if (!o.forceOutlookMAPI) {
    client = src.read(MAIL, null)?.data || undefined;
    if (!client) out.push({ path: `HKLM\\${MAIL}`, via: 'registry default mail client', problem: 'no default mail client is registered' });
  }
  const clientKey = client && `${MAIL}\\${client}`;
  if (clientKey) out.push(fromValue(src, clientKey, 'DLLPathEx', `registry HKLM\\${clientKey}\\DLLPathEx`));
  out.push(...fromInstaller(src));
  if (clientKey) out.push(fromValue(src, clientKey, 'DLLPath', `registry HKLM\\${clientKey}\\DLLPath`), fromComponentId(src, clientKey));
  out.push(...fromClickToRun(src, client ?? OUTLOOK_CLIENT));
  if (!o.forceOutlookMAPI) out.push(client ? stub : { ...stub, problem: 'the stub forwards to the default mail client, and none is registered' });
  if (o.preferOlmapi32 === false) return out;
  // A stable partition: usable olmapi32.dll paths first, in their order.
  const first = (c: DiscoveryCandidate) => !c.problem && isOlmapi32(c.path);
  return [...out.filter(first), ...out.filter((c) => !first(c))];
}
