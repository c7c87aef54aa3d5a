import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPITable — a read-only view of rows (contents, hierarchy, stores, attachments, recipients…).
 * BOOKMARK is ULONG_PTR: BOOKMARK_BEGINNING 0, BOOKMARK_CURRENT 1, BOOKMARK_END 2.
 * [MAPIDefS.h MAPI_IMAPITABLE_METHODS; learn.microsoft.com imapitableiunknown.md]
 */
export const IMAPITable = {
  name: 'IMAPITable',
  iid: '{00020301-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'GetLastError',
      params: [
        { name: 'hResult', type: 'HRESULT' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE: the MAPIERROR strings are UTF-16, else 8-bit.' },
        { name: 'lppMAPIError', type: 'MAPIERROR **', dir: 'out', doc: 'May receive NULL. Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'Advise',
      params: [
        { name: 'ulEventMask', type: 'ULONG', doc: 'fnevTableModified' },
        { name: 'lpAdviseSink', type: 'IMAPIAdviseSink *' },
        { name: 'lpulConnection', type: 'ULONG_PTR *', dir: 'out' },
      ],
    },
    {
      name: 'Unadvise',
      params: [{ name: 'ulConnection', type: 'ULONG_PTR' }],
    },
    {
      name: 'GetStatus',
      params: [
        { name: 'lpulTableStatus', type: 'ULONG *', dir: 'out', doc: 'TBLSTAT_*' },
        { name: 'lpulTableType', type: 'ULONG *', dir: 'out', doc: 'TBLTYPE_SNAPSHOT, TBLTYPE_KEYSET, TBLTYPE_DYNAMIC.' },
      ],
    },
    {
      name: 'SetColumns',
      params: [
        { name: 'lpPropTagArray', type: 'SPropTagArray *' },
        { name: 'ulFlags', type: 'ULONG', doc: 'TBL_ASYNC, TBL_BATCH.' },
      ],
    },
    {
      name: 'QueryColumns',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'TBL_ALL_COLUMNS: every available column, not just the current set.' },
        { name: 'lpPropTagArray', type: 'SPropTagArray **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'GetRowCount',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpulCount', type: 'ULONG *', dir: 'out' },
      ],
    },
    {
      name: 'SeekRow',
      params: [
        { name: 'bkOrigin', type: 'ULONG_PTR', doc: 'BOOKMARK: BOOKMARK_BEGINNING, BOOKMARK_CURRENT, BOOKMARK_END or one from CreateBookmark.' },
        { name: 'lRowCount', type: 'LONG', doc: 'Rows to move; negative = backwards.' },
        { name: 'lplRowsSought', type: 'LONG *', dir: 'out', doc: 'Rows actually moved; may be NULL.' },
      ],
    },
    {
      name: 'SeekRowApprox',
      doc: 'Moves to the fractional position ulNumerator/ulDenominator.',
      params: [
        { name: 'ulNumerator', type: 'ULONG' },
        { name: 'ulDenominator', type: 'ULONG', doc: 'Must not be 0.' },
      ],
    },
    {
      name: 'QueryPosition',
      params: [
        { name: 'lpulRow', type: 'ULONG *', dir: 'out', doc: 'Current row number (0-based), or 0xFFFFFFFF if unknown.' },
        { name: 'lpulNumerator', type: 'ULONG *', dir: 'out' },
        { name: 'lpulDenominator', type: 'ULONG *', dir: 'out' },
      ],
    },
    {
      name: 'FindRow',
      doc: 'Moves the cursor to the first row matching the restriction.',
      params: [
        { name: 'lpRestriction', type: 'SRestriction *' },
        { name: 'bkOrigin', type: 'ULONG_PTR', doc: 'BOOKMARK to start from.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'DIR_BACKWARD' },
      ],
    },
    {
      name: 'Restrict',
      params: [
        { name: 'lpRestriction', type: 'SRestriction *', doc: 'NULL removes the current restriction.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'TBL_ASYNC, TBL_BATCH.' },
      ],
    },
    {
      name: 'CreateBookmark',
      params: [{ name: 'lpbkPosition', type: 'ULONG_PTR *', dir: 'out', doc: 'BOOKMARK of the current row; release with FreeBookmark.' }],
    },
    {
      name: 'FreeBookmark',
      params: [{ name: 'bkPosition', type: 'ULONG_PTR', doc: 'BOOKMARK' }],
    },
    {
      name: 'SortTable',
      params: [
        { name: 'lpSortCriteria', type: 'SSortOrderSet *' },
        { name: 'ulFlags', type: 'ULONG', doc: 'TBL_ASYNC, TBL_BATCH.' },
      ],
    },
    {
      name: 'QuerySortOrder',
      params: [{ name: 'lppSortCriteria', type: 'SSortOrderSet **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' }],
    },
    {
      name: 'QueryRows',
      params: [
        { name: 'lRowCount', type: 'LONG', doc: 'Maximum rows; negative reads backwards.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'TBL_NOADVANCE' },
        { name: 'lppRows', type: 'SRowSet **', dir: 'out', doc: 'Zero rows = end of table. Free with FreeProws.' },
      ],
    },
    { name: 'Abort', doc: 'Stops an asynchronous SetColumns/Restrict/SortTable.', params: [] },
    {
      name: 'ExpandRow',
      doc: 'Categorized tables: expands a collapsed category.',
      params: [
        { name: 'cbInstanceKey', type: 'ULONG' },
        { name: 'pbInstanceKey', type: 'BYTE *', sizedBy: 'cbInstanceKey', doc: 'PR_INSTANCE_KEY of the category row.' },
        { name: 'ulRowCount', type: 'ULONG', doc: 'Maximum rows to return in lppRows; 0 = none.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lppRows', type: 'SRowSet **', dir: 'out', doc: 'May be NULL when ulRowCount is 0. Free with FreeProws.' },
        { name: 'lpulMoreRows', type: 'ULONG *', dir: 'out', doc: 'Total rows added to the view (may exceed those returned).' },
      ],
    },
    {
      name: 'CollapseRow',
      doc: 'Categorized tables: collapses an expanded category.',
      params: [
        { name: 'cbInstanceKey', type: 'ULONG' },
        { name: 'pbInstanceKey', type: 'BYTE *', sizedBy: 'cbInstanceKey', doc: 'PR_INSTANCE_KEY of the category row.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpulRowCount', type: 'ULONG *', dir: 'out', doc: 'Rows removed from the view.' },
      ],
    },
    {
      name: 'WaitForCompletion',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'ulTimeout', type: 'ULONG', doc: 'Milliseconds; 0xFFFFFFFF = infinite.' },
        {
          name: 'lpulTableStatus',
          type: 'ULONG *',
          dir: 'out',
          doc: 'May be NULL; receives the latest TBLSTAT_*. (Docs label it [in, out] only because the pointer may be NULL; the value is never read.)',
        },
      ],
    },
    {
      name: 'GetCollapseState',
      doc: 'Categorized tables: saves the expand/collapse state for SetCollapseState.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'cbInstanceKey', type: 'ULONG' },
        { name: 'lpbInstanceKey', type: 'BYTE *', sizedBy: 'cbInstanceKey', doc: 'PR_INSTANCE_KEY of the current row.' },
        { name: 'lpcbCollapseState', type: 'ULONG *', dir: 'out' },
        { name: 'lppbCollapseState', type: 'BYTE **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'SetCollapseState',
      doc: 'Categorized tables: restores a state saved by GetCollapseState.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'cbCollapseState', type: 'ULONG' },
        { name: 'pbCollapseState', type: 'BYTE *', sizedBy: 'cbCollapseState' },
        { name: 'lpbkLocation', type: 'ULONG_PTR *', dir: 'out', doc: 'BOOKMARK of the row that was current at save time.' },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapitableiunknown.md',
} as const satisfies InterfaceDef;
