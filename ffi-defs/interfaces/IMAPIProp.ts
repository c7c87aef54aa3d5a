import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPIProp — the property interface every MAPI object with properties derives from (stores, folders,
 * messages, attachments, profile sections…). Buffers returned through `SPropValue **`, `SPropTagArray **`,
 * `SPropProblemArray **`, `MAPIERROR **` and `MAPINAMEID ***` are MAPI allocations: free with MAPIFreeBuffer.
 * [MAPIDefS.h MAPI_IMAPIPROP_METHODS; learn.microsoft.com imapipropiunknown.md]
 */
export const IMAPIProp = {
  name: 'IMAPIProp',
  iid: '{00020303-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'GetLastError',
      doc: 'Extended information about the last error returned by this object.',
      params: [
        { name: 'hResult', type: 'HRESULT', doc: 'The error the information is wanted for.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE: the MAPIERROR strings are UTF-16, else 8-bit.' },
        { name: 'lppMAPIError', type: 'MAPIERROR **', dir: 'out', doc: 'May receive NULL. Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'SaveChanges',
      doc: 'Commits pending changes (transacted objects: messages, attachments, folders of some stores).',
      params: [{ name: 'ulFlags', type: 'ULONG', doc: 'KEEP_OPEN_READONLY, KEEP_OPEN_READWRITE, FORCE_SAVE, MAPI_DEFERRED_ERRORS.' }],
    },
    {
      name: 'GetProps',
      params: [
        { name: 'lpPropTagArray', type: 'SPropTagArray *', doc: 'Tags to read; NULL = all properties.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE: string properties of unspecified type come back as PT_UNICODE.' },
        { name: 'lpcValues', type: 'ULONG *', dir: 'out' },
        {
          name: 'lppPropArray',
          type: 'SPropValue **',
          dir: 'out',
          doc: 'Free with MAPIFreeBuffer. On MAPI_W_ERRORS_RETURNED some entries are PT_ERROR.',
        },
      ],
    },
    {
      name: 'GetPropList',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppPropTagArray', type: 'SPropTagArray **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'OpenProperty',
      doc: 'Opens a property through another interface (IStream for big PT_BINARY/PT_UNICODE, IMAPITable, IMessage…).',
      params: [
        { name: 'ulPropTag', type: 'ULONG' },
        { name: 'lpiid', type: 'const GUID *', doc: 'Interface wanted, e.g. IID_IStream.' },
        { name: 'ulInterfaceOptions', type: 'ULONG', doc: 'Interface-specific, e.g. STGM_* for IStream, MAPI_UNICODE for IMAPITable.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MODIFY, MAPI_CREATE, MAPI_DEFERRED_ERRORS, STREAM_APPEND.' },
        { name: 'lppUnk', type: 'IUnknown **', dir: 'out', doc: 'An interface pointer of the requested type.' },
      ],
    },
    {
      name: 'SetProps',
      params: [
        { name: 'cValues', type: 'ULONG' },
        { name: 'lpPropArray', type: 'SPropValue *', countedBy: 'cValues', doc: 'Array of cValues values.' },
        { name: 'lppProblems', type: 'SPropProblemArray **', dir: 'out', doc: 'May be NULL; else receives NULL or problems to free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'DeleteProps',
      params: [
        { name: 'lpPropTagArray', type: 'SPropTagArray *' },
        { name: 'lppProblems', type: 'SPropProblemArray **', dir: 'out', doc: 'May be NULL; else receives NULL or problems to free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'CopyTo',
      doc: 'Copies or moves all properties except the excluded ones to another object.',
      params: [
        { name: 'ciidExclude', type: 'ULONG' },
        { name: 'rgiidExclude', type: 'const GUID *', countedBy: 'ciidExclude', doc: 'Array of ciidExclude IIDs whose properties are not copied.' },
        { name: 'lpExcludeProps', type: 'SPropTagArray *', doc: 'Properties not to copy; may be NULL.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'Interface of lpDestObj.' },
        { name: 'lpDestObj', type: 'void *', doc: 'Destination object, an interface pointer of type *lpInterface.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MOVE, MAPI_NOREPLACE, MAPI_DIALOG, MAPI_DECLINE_OK.' },
        { name: 'lppProblems', type: 'SPropProblemArray **', dir: 'out', doc: 'May be NULL.' },
      ],
    },
    {
      name: 'CopyProps',
      doc: 'Copies or moves the listed properties to another object.',
      params: [
        { name: 'lpIncludeProps', type: 'SPropTagArray *' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'Interface of lpDestObj.' },
        { name: 'lpDestObj', type: 'void *', doc: 'Destination object, an interface pointer of type *lpInterface.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MOVE, MAPI_NOREPLACE, MAPI_DIALOG, MAPI_DECLINE_OK.' },
        { name: 'lppProblems', type: 'SPropProblemArray **', dir: 'out', doc: 'May be NULL.' },
      ],
    },
    {
      name: 'GetNamesFromIDs',
      doc: 'Names (GUID + id or string) of named properties.',
      params: [
        {
          name: 'lppPropTags',
          type: 'SPropTagArray **',
          dir: 'inout',
          doc: 'In: *lppPropTags = the tags to look up, or NULL for all named properties; then receives the tag array (free with MAPIFreeBuffer).',
        },
        { name: 'lpPropSetGuid', type: 'GUID *', doc: 'Property set to restrict to; may be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_NO_STRINGS, MAPI_NO_IDS.' },
        { name: 'lpcPropNames', type: 'ULONG *', dir: 'out' },
        { name: 'lpppPropNames', type: 'MAPINAMEID ***', dir: 'out', doc: 'Array of MAPINAMEID pointers; free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'GetIDsFromNames',
      doc: 'Property ids for named properties (optionally creating the mapping).',
      params: [
        { name: 'cPropNames', type: 'ULONG' },
        { name: 'lppPropNames', type: 'MAPINAMEID **', countedBy: 'cPropNames', doc: 'Array of cPropNames MAPINAMEID pointers; NULL (with cPropNames 0) = all.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_CREATE' },
        { name: 'lppPropTags', type: 'SPropTagArray **', dir: 'out', doc: 'Tags with type PT_UNSPECIFIED (PT_ERROR where unknown); free with MAPIFreeBuffer.' },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapipropiunknown.md',
} as const satisfies InterfaceDef;
