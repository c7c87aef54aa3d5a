import type { InterfaceDef } from '../schema';
import { ISequentialStream } from './ISequentialStream';

/**
 * IStream — what IMAPIProp::OpenProperty(IID_IStream) returns for a property too big for GetProps
 * (bodies, PR_ATTACH_DATA_BIN), and what WrapCompressedRTFStream wraps. 64-bit offsets and sizes
 * are LARGE_INTEGER / ULARGE_INTEGER passed by value (one 8-byte integer on x64, two stack slots on
 * x86). Changes to a MAPI property stream reach the property at Commit, the object at SaveChanges.
 * [objidl.h; learn.microsoft.com istream]
 */
export const IStream = {
  name: 'IStream',
  iid: '{0000000C-0000-0000-C000-000000000046}',
  base: ISequentialStream,
  methods: [
    {
      name: 'Seek',
      params: [
        { name: 'dlibMove', type: 'LARGE_INTEGER', doc: 'Signed offset from dwOrigin.' },
        { name: 'dwOrigin', type: 'DWORD', doc: 'STREAM_SEEK_SET (0), STREAM_SEEK_CUR (1), STREAM_SEEK_END (2).' },
        { name: 'plibNewPosition', type: 'ULARGE_INTEGER *', dir: 'out', doc: 'May be NULL.' },
      ],
    },
    {
      name: 'SetSize',
      params: [{ name: 'libNewSize', type: 'ULARGE_INTEGER' }],
    },
    {
      name: 'CopyTo',
      params: [
        { name: 'pstm', type: 'IStream *', doc: 'Destination stream.' },
        { name: 'cb', type: 'ULARGE_INTEGER', doc: 'Bytes to copy (from the current position).' },
        { name: 'pcbRead', type: 'ULARGE_INTEGER *', dir: 'out', doc: 'May be NULL.' },
        { name: 'pcbWritten', type: 'ULARGE_INTEGER *', dir: 'out', doc: 'May be NULL.' },
      ],
    },
    {
      name: 'Commit',
      params: [{ name: 'grfCommitFlags', type: 'DWORD', doc: 'STGC_DEFAULT (0), STGC_OVERWRITE...' }],
    },
    { name: 'Revert', params: [] },
    {
      name: 'LockRegion',
      params: [
        { name: 'libOffset', type: 'ULARGE_INTEGER' },
        { name: 'cb', type: 'ULARGE_INTEGER' },
        { name: 'dwLockType', type: 'DWORD' },
      ],
    },
    {
      name: 'UnlockRegion',
      params: [
        { name: 'libOffset', type: 'ULARGE_INTEGER' },
        { name: 'cb', type: 'ULARGE_INTEGER' },
        { name: 'dwLockType', type: 'DWORD' },
      ],
    },
    {
      name: 'Stat',
      params: [
        { name: 'pstatstg', type: 'STATSTG *', dir: 'out' },
        { name: 'grfStatFlag', type: 'DWORD', doc: 'STATFLAG_DEFAULT (0) or STATFLAG_NONAME (1): pass 1, or free pwcsName with CoTaskMemFree.' },
      ],
    },
    {
      name: 'Clone',
      params: [{ name: 'ppstm', type: 'IStream **', dir: 'out', doc: 'Same bytes, its own seek pointer.' }],
    },
  ],
  source: 'objidl.h',
} as const satisfies InterfaceDef;
