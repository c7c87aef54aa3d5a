import type { ExportDef } from './schema';

/**
 * Functions exported by mapi32.dll / olmapi32.dll (Extended MAPI).
 *
 * All are __stdcall on x86 (STDAPICALLTYPE / STDMETHODCALLTYPE; the single convention on x64). `stackBytes`
 * is the N of the x86 `Name@N` export: the sum of the argument sizes, each rounded up to 4 (pointers and
 * ULONG_PTR are 4 on x86). x64 exports are undecorated. MAPIUtil.h spells one x86 name with a leading
 * underscore (`_HrDispatchNotifications@4`), so on x86 try `Name@N`, then `_Name@N`, then `Name`.
 *
 * ExportDef has no `doc` field; the Wine export notes live in `source` (checked against Wine's
 * dlls/mapi32/mapi32.spec @ a69d2958, which exports only the decorated `Name@N` for the utility
 * functions, and both forms for the MAPI core functions).
 */
export const EXPORTS = {
  MAPIInitialize: {
    name: 'MAPIInitialize',
    returns: 'HRESULT',
    params: [
      {
        name: 'lpMapiInit',
        type: 'MAPIINIT_0 *',
        doc: 'Declared LPVOID: a MAPIINIT_0 { ulVersion = MAPI_INIT_VERSION (0), ulFlags } or NULL. Flags: MAPI_MULTITHREAD_NOTIFICATIONS, MAPI_NT_SERVICE, MAPI_NO_COINIT.',
      },
    ],
    stackBytes: 4,
    source: 'MAPIX.h; mapiinitialize.md; Wine exports MAPIInitialize and MAPIInitialize@4',
  },
  MAPIUninitialize: {
    name: 'MAPIUninitialize',
    returns: 'void',
    params: [],
    stackBytes: 0,
    source: 'MAPIX.h; mapiuninitialize.md; Wine exports MAPIUninitialize and MAPIUninitialize@0',
  },
  MAPILogonEx: {
    name: 'MAPILogonEx',
    returns: 'HRESULT',
    params: [
      { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for logon UI; 0 = none.' },
      {
        name: 'lpszProfileName',
        type: 'void *',
        doc: 'Profile name (max 64 chars) or NULL. UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit',
      },
      { name: 'lpszPassword', type: 'void *', doc: 'Must be NULL. UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit' },
      {
        name: 'ulFlags',
        type: 'ULONG',
        doc: 'MAPI_EXTENDED (always), MAPI_UNICODE, MAPI_LOGON_UI, MAPI_USE_DEFAULT, MAPI_NEW_SESSION, MAPI_EXPLICIT_PROFILE, MAPI_NO_MAIL, MAPI_ALLOW_OTHERS, MAPI_TIMEOUT_SHORT, MAPI_BG_SESSION…',
      },
      { name: 'lppSession', type: 'IMAPISession **', dir: 'out' },
    ],
    stackBytes: 20,
    source: 'MAPIX.h; mapilogonex.md; Wine exports MAPILogonEx and MAPILogonEx@20',
  },
  MAPIAllocateBuffer: {
    name: 'MAPIAllocateBuffer',
    returns: 'SCODE',
    params: [
      { name: 'cbSize', type: 'ULONG' },
      { name: 'lppBuffer', type: 'void **', dir: 'out', doc: 'Free with MAPIFreeBuffer (frees linked MAPIAllocateMore blocks too).' },
    ],
    stackBytes: 8,
    source: 'MAPIX.h; mapiallocatebuffer.md; Wine exports MAPIAllocateBuffer and MAPIAllocateBuffer@8',
  },
  MAPIAllocateMore: {
    name: 'MAPIAllocateMore',
    returns: 'SCODE',
    params: [
      { name: 'cbSize', type: 'ULONG' },
      { name: 'lpObject', type: 'void *', doc: 'A buffer from MAPIAllocateBuffer; the new block is freed with it.' },
      { name: 'lppBuffer', type: 'void **', dir: 'out' },
    ],
    stackBytes: 12,
    source: 'MAPIX.h; mapiallocatemore.md; Wine exports MAPIAllocateMore and MAPIAllocateMore@12',
  },
  MAPIFreeBuffer: {
    name: 'MAPIFreeBuffer',
    returns: 'ULONG',
    params: [{ name: 'lpBuffer', type: 'void *', doc: 'A buffer from MAPIAllocateBuffer (or returned by MAPI); NULL is allowed.' }],
    stackBytes: 4,
    source: 'MAPIX.h; mapifreebuffer.md; Wine exports MAPIFreeBuffer and MAPIFreeBuffer@4',
  },
  HrQueryAllRows: {
    name: 'HrQueryAllRows',
    returns: 'HRESULT',
    params: [
      { name: 'lpTable', type: 'IMAPITable *' },
      { name: 'lpPropTags', type: 'SPropTagArray *', doc: 'Columns; NULL keeps the current column set.' },
      { name: 'lpRestriction', type: 'SRestriction *', doc: 'May be NULL.' },
      { name: 'lpSortOrderSet', type: 'SSortOrderSet *', doc: 'May be NULL.' },
      { name: 'crowsMax', type: 'LONG', doc: '0 = no limit; more rows than this gives MAPI_E_TABLE_TOO_BIG.' },
      { name: 'lppRows', type: 'SRowSet **', dir: 'out', doc: 'Free with FreeProws.' },
    ],
    stackBytes: 24,
    source: 'MAPIUtil.h; hrqueryallrows.md; Wine exports only the decorated name HrQueryAllRows@24',
  },
  FreeProws: {
    name: 'FreeProws',
    returns: 'void',
    params: [{ name: 'lpRows', type: 'SRowSet *', doc: 'Frees every row\'s lpProps, then the row set.' }],
    stackBytes: 4,
    source: 'MAPIUtil.h; freeprows.md; Wine exports only the decorated name FreeProws@4',
  },
  WrapCompressedRTFStream: {
    name: 'WrapCompressedRTFStream',
    returns: 'HRESULT',
    params: [
      { name: 'lpCompressedRTFStream', type: 'IStream *', doc: 'PR_RTF_COMPRESSED opened as IStream (with MAPI_MODIFY to write).' },
      { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MODIFY (0x1): writable; STORE_UNCOMPRESSED_RTF (0x8000): write the uncompressed form.' },
      { name: 'lpUncompressedRTFStream', type: 'IStream **', dir: 'out', doc: 'The RTF itself; Release it (and Commit when writing).' },
    ],
    stackBytes: 12,
    source: 'MAPIUtil.h; wrapcompressedrtfstream.md; olmapi32 exports it, Wine forwards only WrapCompressedRTFStream@12 to the registered provider',
  },
  RTFSync: {
    name: 'RTFSync',
    returns: 'HRESULT',
    params: [
      { name: 'lpMessage', type: 'IMessage *', doc: 'The message whose PR_RTF_COMPRESSED and PR_BODY are brought in line.' },
      { name: 'ulFlags', type: 'ULONG', doc: 'RTF_SYNC_RTF_CHANGED (0x1): the RTF changed; RTF_SYNC_BODY_CHANGED (0x2): the plain text changed.' },
      { name: 'lpfMessageUpdated', type: 'BOOL *', dir: 'out', doc: 'TRUE when a property was updated (then SaveChanges the message).' },
    ],
    stackBytes: 12,
    source: "MAPIUtil.h; rtfsync.md; olmapi32 exports it (optional: bound only where the DLL has it); Wine's RTFSync@12 is an unimplemented stub, and the sample provider does not export it",
  },
  CreateIProp: {
    name: 'CreateIProp',
    returns: 'SCODE',
    params: [
      { name: 'lpInterface', type: 'const GUID *', doc: '&IID_IMAPIPropData or NULL.' },
      {
        name: 'lpAllocateBuffer',
        type: 'void *',
        doc: 'Function pointer, ALLOCATEBUFFER*: SCODE __stdcall (ULONG cbSize, LPVOID *lppBuffer) — pass MAPIAllocateBuffer\'s address.',
      },
      {
        name: 'lpAllocateMore',
        type: 'void *',
        doc: 'Function pointer, ALLOCATEMORE*: SCODE __stdcall (ULONG cbSize, LPVOID lpObject, LPVOID *lppBuffer) — pass MAPIAllocateMore\'s address.',
      },
      {
        name: 'lpFreeBuffer',
        type: 'void *',
        doc: 'Function pointer, FREEBUFFER*: ULONG __stdcall (LPVOID lpBuffer) — pass MAPIFreeBuffer\'s address.',
      },
      { name: 'lpvReserved', type: 'void *', doc: 'Reserved; NULL.' },
      { name: 'lppPropData', type: 'IPropData **', dir: 'out' },
    ],
    stackBytes: 24,
    source: 'MAPIUtil.h; createiprop.md; Wine exports only the decorated name CreateIProp@24',
  },
  HrGetOneProp: {
    name: 'HrGetOneProp',
    returns: 'HRESULT',
    params: [
      { name: 'lpMapiProp', type: 'IMAPIProp *' },
      { name: 'ulPropTag', type: 'ULONG', doc: 'Must have a real type (not PT_UNSPECIFIED).' },
      { name: 'lppProp', type: 'SPropValue **', dir: 'out', doc: 'Free with MAPIFreeBuffer. MAPI_E_NOT_FOUND when the property is absent.' },
    ],
    stackBytes: 12,
    source: 'MAPIUtil.h; hrgetoneprop.md; Wine exports only the decorated name HrGetOneProp@12',
  },
  HrSetOneProp: {
    name: 'HrSetOneProp',
    returns: 'HRESULT',
    params: [
      { name: 'lpMapiProp', type: 'IMAPIProp *' },
      { name: 'lpProp', type: 'SPropValue *' },
    ],
    stackBytes: 8,
    source: 'MAPIUtil.h; hrsetoneprop.md; Wine exports only the decorated name HrSetOneProp@8',
  },
  HrAllocAdviseSink: {
    name: 'HrAllocAdviseSink',
    returns: 'HRESULT',
    params: [
      {
        name: 'lpfnCallback',
        type: 'void *',
        doc: 'Function pointer, NOTIFCALLBACK*: LONG __stdcall (LPVOID lpvContext, ULONG cNotification, LPNOTIFICATION lpNotifications).',
      },
      { name: 'lpvContext', type: 'void *', doc: 'Passed back to lpfnCallback.' },
      { name: 'lppAdviseSink', type: 'IMAPIAdviseSink **', dir: 'out' },
    ],
    stackBytes: 12,
    source: 'MAPIUtil.h; hrallocadvisesink.md; Wine has only the decorated name HrAllocAdviseSink@12 (a stub)',
  },
  HrThisThreadAdviseSink: {
    name: 'HrThisThreadAdviseSink',
    returns: 'HRESULT',
    params: [
      { name: 'lpAdviseSink', type: 'IMAPIAdviseSink *', doc: 'The sink to wrap.' },
      {
        name: 'lppAdviseSink',
        type: 'IMAPIAdviseSink **',
        dir: 'out',
        doc: 'Wrapper whose OnNotify is delivered on the calling thread (through its message loop / HrDispatchNotifications).',
      },
    ],
    stackBytes: 8,
    source: 'MAPIUtil.h; hrthisthreadadvisesink.md; Wine exports only the decorated name HrThisThreadAdviseSink@8',
  },
  HrDispatchNotifications: {
    name: 'HrDispatchNotifications',
    returns: 'HRESULT',
    params: [{ name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' }],
    stackBytes: 4,
    source:
      'MAPIUtil.h (x86 name given as "_HrDispatchNotifications@4"); hrdispatchnotifications.md; Wine exports only the decorated name HrDispatchNotifications@4',
  },
  MAPIAdminProfiles: {
    name: 'MAPIAdminProfiles',
    returns: 'HRESULT',
    params: [
      { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
      { name: 'lppProfAdmin', type: 'IProfAdmin **', dir: 'out' },
    ],
    stackBytes: 8,
    source:
      'MAPIX.h; mapiadminprofiles.md; Wine exports MAPIAdminProfiles and MAPIAdminProfiles@8; optional: bound when first called, so a DLL without it (the sample provider today) fails that call with MapiLoadError ERR_NO_EXPORT, not the load',
  },
} as const satisfies Record<string, ExportDef>;
