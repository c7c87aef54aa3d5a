import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IPropData — an in-memory IMAPIProp created by CreateIProp, with per-property and per-object access
 * control. Its IID is named IID_IMAPIPropData in MAPIGuid.h. Access values: IPROP_READONLY 0x1,
 * IPROP_READWRITE 0x2, IPROP_CLEAN 0x10000, IPROP_DIRTY 0x20000.
 * [MAPIUtil.h MAPI_IPROPDATA_METHODS; learn.microsoft.com ipropdataimapiprop.md]
 */
export const IPropData = {
  name: 'IPropData',
  iid: '{0002031A-0000-0000-C000-000000000046}',
  iidName: 'IID_IMAPIPropData',
  base: IMAPIProp,
  methods: [
    {
      name: 'HrSetObjAccess',
      params: [{ name: 'ulAccess', type: 'ULONG', doc: 'IPROP_READONLY or IPROP_READWRITE, for the whole object.' }],
    },
    {
      name: 'HrSetPropAccess',
      params: [
        { name: 'lpPropTagArray', type: 'SPropTagArray *' },
        {
          name: 'rgulAccess',
          type: 'ULONG *',
          doc: 'Array parallel to lpPropTagArray (cValues entries): IPROP_READONLY/IPROP_READWRITE | IPROP_CLEAN/IPROP_DIRTY.',
        },
      ],
    },
    {
      name: 'HrGetPropAccess',
      params: [
        { name: 'lppPropTagArray', type: 'SPropTagArray **', dir: 'out', doc: 'Free with the object\'s FreeBuffer (MAPIFreeBuffer).' },
        {
          name: 'lprgulAccess',
          type: 'ULONG **',
          dir: 'out',
          doc: 'Receives an array parallel to *lppPropTagArray. Free with MAPIFreeBuffer.',
        },
      ],
    },
    {
      name: 'HrAddObjProps',
      doc: 'Adds PT_OBJECT properties (which SetProps cannot create).',
      params: [
        {
          name: 'lppPropTagArray',
          type: 'SPropTagArray *',
          doc: 'Tags of the PT_OBJECT properties to add (a single pointer despite the lpp name in MAPIUtil.h).',
        },
        {
          name: 'lprgulAccess',
          type: 'SPropProblemArray **',
          dir: 'out',
          doc: 'Problems, despite the name; may be NULL. Free with MAPIFreeBuffer.',
        },
      ],
    },
  ],
  source: 'MAPIUtil.h; ipropdataimapiprop.md',
} as const satisfies InterfaceDef;
