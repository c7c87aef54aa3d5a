/**
 * Property types: the low 16 bits of a property tag. [MAPIDefS.h; PT_SVREID from MFCMAPI / [MS-OXCDATA];
 * PT_SRESTRICTION and PT_ACTIONS from EdkMdb.h]
 *
 * PT_TSTRING / PT_MV_TSTRING are deliberately absent: they mean PT_UNICODE or PT_STRING8 depending on how a
 * C program was compiled, which is meaningless to an FFI. Choose PT_UNICODE (with MAPI_UNICODE) or PT_STRING8.
 *
 * PT_PTR (SPropValue.Value.lpv) is not given a value here: MAPIDefS.h names the union member but defines no
 * PT_PTR constant, and 0x0103 is EdkMdb.h's PT_FILE_HANDLE. It never travels between processes anyway.
 */
export const PROP_TYPES = {
  PT_UNSPECIFIED: 0x0000, // "any type": GetProps returns the property's own type
  PT_NULL: 0x0001,
  PT_I2: 0x0002,
  PT_SHORT: 0x0002, // alias of PT_I2
  PT_LONG: 0x0003,
  PT_I4: 0x0003, // alias of PT_LONG
  PT_R4: 0x0004,
  PT_FLOAT: 0x0004, // alias of PT_R4
  PT_DOUBLE: 0x0005,
  PT_R8: 0x0005, // alias of PT_DOUBLE
  PT_CURRENCY: 0x0006,
  PT_APPTIME: 0x0007,
  PT_ERROR: 0x000a, // Value.err holds the SCODE (e.g. MAPI_E_NOT_FOUND) of a property that could not be read
  PT_BOOLEAN: 0x000b, // 16-bit (unsigned short) in SPropValue
  PT_OBJECT: 0x000d, // open with IMAPIProp::OpenProperty
  PT_I8: 0x0014,
  PT_LONGLONG: 0x0014, // alias of PT_I8
  PT_STRING8: 0x001e,
  PT_UNICODE: 0x001f,
  PT_SYSTIME: 0x0040, // FILETIME
  PT_CLSID: 0x0048, // GUID *
  PT_SVREID: 0x00fb, // server entry id (Exchange)
  PT_SRESTRICTION: 0x00fd, // SRestriction (Exchange rules, EdkMdb.h)
  PT_ACTIONS: 0x00fe, // ACTIONS (Exchange rules, EdkMdb.h)
  PT_BINARY: 0x0102, // SBinary

  // Multi-valued types: base type | MV_FLAG.
  MV_FLAG: 0x1000,
  MV_INSTANCE: 0x2000, // in table columns / restrictions: one row per value of a multi-valued property
  PT_MV_I2: 0x1002,
  PT_MV_SHORT: 0x1002, // alias of PT_MV_I2
  PT_MV_LONG: 0x1003,
  PT_MV_I4: 0x1003, // alias of PT_MV_LONG
  PT_MV_R4: 0x1004,
  PT_MV_FLOAT: 0x1004, // alias of PT_MV_R4
  PT_MV_DOUBLE: 0x1005,
  PT_MV_R8: 0x1005, // alias of PT_MV_DOUBLE
  PT_MV_CURRENCY: 0x1006,
  PT_MV_APPTIME: 0x1007,
  PT_MV_I8: 0x1014,
  PT_MV_LONGLONG: 0x1014, // alias of PT_MV_I8
  PT_MV_STRING8: 0x101e,
  PT_MV_UNICODE: 0x101f,
  PT_MV_SYSTIME: 0x1040,
  PT_MV_CLSID: 0x1048,
  PT_MV_BINARY: 0x1102,
} as const;
