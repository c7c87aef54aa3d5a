/**
 * The one place that reads the environment. Every variable koffi-mapi honours is here, with what it
 * does (docs/getting-started.md, "Environment variables", lists the same):
 *
 *   MAPI_DLL                  the MAPI DLL to load when load() is given no path (lib/loader.ts)
 *   KOFFI_MAPI_TRACE          1/true: trace every call to stderr; any other value: to that file
 *   KOFFI_MAPI_TRACE_FORMAT   json: trace as JSON lines
 *   KOFFI_MAPI_PROFILE        the CLI's profile when --profile is not given
 *   KOFFI_MAPI_CHECK_LEAKS    1: the CLI fails (exit 3) when the sample provider reports live objects after logoff
 *   KOFFI_MAPI_FORCE_SYSTEM_MAPI   1: Windows discovery takes the system mapi32.dll only (MAPIStubLibrary's ForceSystemMAPI)
 *   KOFFI_MAPI_FORCE_OUTLOOK_MAPI  1: Windows discovery reads Outlook's client key, never the stub (ForceOutlookMAPI)
 *   KOFFI_MAPI_PREFER_OLMAPI32     0: do not move olmapi32.dll paths to the front (PreferOlmapi32, on by default)
 *
 * Read when used, not at import: tests and scripts may set them before the call that needs them. The
 * tracing variables are applied once, by the first load() (lib/loader.ts), unless the script has
 * called setTrace() itself by then.
 */
export interface Environment {
  readonly mapiDll?: string;
  readonly trace?: string;
  readonly traceFormat?: string;
  readonly profile?: string;
  readonly checkLeaks: boolean;
  readonly forceSystemMAPI?: boolean;
  readonly forceOutlookMAPI?: boolean;
  readonly preferOlmapi32?: boolean;
}

const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** 1/true/yes and 0/false/no (any case); anything else, or unset: undefined (the default applies). */
function flag(v: string | undefined): boolean | undefined {
  const t = v?.trim().toLowerCase();
  return t === '1' || t === 'true' || t === 'yes' ? true : t === '0' || t === 'false' || t === 'no' ? false : undefined;
}

export function environment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    mapiDll: nonEmpty(env.MAPI_DLL),
    trace: nonEmpty(env.KOFFI_MAPI_TRACE),
    traceFormat: nonEmpty(env.KOFFI_MAPI_TRACE_FORMAT),
    profile: nonEmpty(env.KOFFI_MAPI_PROFILE),
    checkLeaks: env.KOFFI_MAPI_CHECK_LEAKS === '1',
    forceSystemMAPI: flag(env.KOFFI_MAPI_FORCE_SYSTEM_MAPI),
    forceOutlookMAPI: flag(env.KOFFI_MAPI_FORCE_OUTLOOK_MAPI),
    preferOlmapi32: flag(env.KOFFI_MAPI_PREFER_OLMAPI32),
  };
}
