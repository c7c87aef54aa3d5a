/**
 * The shape of a MAPI definition. Everything in ffi-defs/ is plain data of these types: no Koffi, no
 * behaviour. lib/ compiles it into Koffi types lazily (lib/ffi/types.ts).
 *
 * Type expressions are strings in a tiny C-like grammar, so a definition reads like the header it
 * mirrors:   'ULONG'   'SPropValue *'   'IUnknown **'   'const GUID *'   'void *'
 * The base name is a scalar (below), a struct/union defined in ffi-defs/structs, an interface name, or
 * 'void'. Pointers are always pointer-sized; what they point to is documentation for the reader and for
 * the TypeScript typing, not for Koffi (which sees them as `void *`, BigInt at runtime).
 */

/**
 * Scalars with their Windows (LLP64) sizes. ULONG/LONG are 32-bit on every platform — never C `long`.
 * WCHAR is UTF-16 (char16_t), never wchar_t (4 bytes on Linux).
 */
export const SCALARS = {
  BYTE: { koffi: 'uint8_t', size: 1 },
  CHAR: { koffi: 'int8_t', size: 1 },
  WCHAR: { koffi: 'char16_t', size: 2 },
  SHORT: { koffi: 'int16_t', size: 2 },
  USHORT: { koffi: 'uint16_t', size: 2 },
  WORD: { koffi: 'uint16_t', size: 2 },
  LONG: { koffi: 'int32_t', size: 4 },
  ULONG: { koffi: 'uint32_t', size: 4 },
  DWORD: { koffi: 'uint32_t', size: 4 },
  BOOL: { koffi: 'int32_t', size: 4 },
  /** HRESULT and SCODE are read as signed by Koffi; lib/ turns them into unsigned numbers (hr >>> 0). */
  HRESULT: { koffi: 'int32_t', size: 4 },
  SCODE: { koffi: 'int32_t', size: 4 },
  float: { koffi: 'float', size: 4 },
  double: { koffi: 'double', size: 8 },
  LONGLONG: { koffi: 'int64_t', size: 8 },
  ULONGLONG: { koffi: 'uint64_t', size: 8 },
  /** Pointer-sized integers: 4 bytes on x86, 8 on x64. */
  ULONG_PTR: { koffi: 'uintptr_t', size: 'pointer' },
  LONG_PTR: { koffi: 'intptr_t', size: 'pointer' },
  HANDLE: { koffi: 'void *', size: 'pointer' },
  /**
   * A UTF-16 string that is always wide, whatever the flags (IMAPISyncProgressCallback's strings).
   * Compiled to Koffi's `const char16_t *`: a JS string (or null) on both sides of the boundary.
   */
  LPCWSTR: { koffi: 'const char16_t *', size: 'pointer' },
  /** An 8-bit string argument (the sample provider's knob spec): a JS string (or null), passed as UTF-8. */
  LPCSTR: { koffi: 'const char *', size: 'pointer' },
} as const;

export type ScalarName = keyof typeof SCALARS;

/** A type expression, e.g. 'ULONG', 'SPropValue *', 'IUnknown **', 'const GUID *'. */
export type TypeExpr = string;

export interface FieldDef {
  readonly name: string;
  readonly type: TypeExpr;
  /** Fixed-size array length (`BYTE Data4[8]`). */
  readonly count?: number;
  /**
   * MAPI's variable-length trailing array declared as `[1]` (`ULONG aulPropTag[1]`). The declared length
   * is 1 (that is what sizeof sees); the real length comes from the count member named here, or, when
   * the struct has none (ENTRYID), from a size passed beside it.
   */
  readonly flexible?: { readonly countField?: string; readonly note?: string };
}

export interface StructDef {
  readonly kind: 'struct' | 'union';
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Where the definition comes from (header and doc page). */
  readonly source?: string;
}

export type Direction = 'in' | 'out' | 'inout';

export interface ParamDef {
  readonly name: string;
  readonly type: TypeExpr;
  /**
   * 'out' marks a pointer the callee writes through (`ULONG *lpcValues`, `LPSPropValue *lppPropArray`).
   * Raw proxy callers pass a one-element array (`[0]`, `[null]`) and read element 0 after the call.
   * Default 'in'.
   */
  readonly dir?: Direction;
  /**
   * For an input pointer to an array the caller supplies: the ULONG parameter of the same method that
   * holds its length in elements of the pointed-to type (SAL's `_In_reads_(cValues)`, Clang's
   * `counted_by`): `lpPropArray` is counted by `cValues`. The raw proxies check a Buffer or typed array
   * passed here against it before calling (lib/com/args.ts); a raw address cannot be checked.
   */
  readonly countedBy?: string;
  /** The same, with the length in bytes (`_In_reads_bytes_(cbEntryID)`, `sized_by`): `lpEntryID` is sized by `cbEntryID`. */
  readonly sizedBy?: string;
  readonly doc?: string;
}

export interface MethodDef {
  readonly name: string;
  /** Default 'HRESULT'. AddRef/Release and IMAPIAdviseSink::OnNotify return ULONG. */
  readonly returns?: 'HRESULT' | 'ULONG' | 'void';
  readonly params: readonly ParamDef[];
  readonly doc?: string;
}

export interface InterfaceDef {
  readonly name: string;
  /** Registry form, upper case: '{00020306-0000-0000-C000-000000000046}'. */
  readonly iid: string;
  /** The IID's name in the headers when it is not IID_<name> (IAttach's is IID_IAttachment); IIDS uses it. */
  readonly iidName?: string;
  /** The interface this one derives from; its methods come first in the vtable. */
  readonly base: InterfaceDef | null;
  /** This interface's own methods, in vtable order, after the base's. */
  readonly methods: readonly MethodDef[];
  readonly source?: string;
}

export interface ExportDef {
  readonly name: string;
  readonly returns: TypeExpr;
  readonly params: readonly ParamDef[];
  /** Bytes of arguments on the x86 stack: the N of the `Name@N` export name of 32-bit __stdcall DLLs. */
  readonly stackBytes: number;
  readonly doc?: string;
  readonly source?: string;
}

/** A named constant with an optional one-line meaning (shown by error messages and the CLI). */
export interface HResultDef {
  readonly name: string;
  /** Unsigned 32-bit value (0x8004010F, not -2147221233). */
  readonly value: number;
  readonly text: string;
}
