/**
 * Where things are inside the structs of ffi-defs/structs, for the code that reads and writes them
 * field by field: sizes and offsets come from the Koffi types built from the definitions (which
 * __tests__/02.layouts.test.ts checks against the C compiler), never from hand-counted bytes.
 */
import koffi from 'koffi';
import { STRUCTS } from '../../ffi-defs/structs';
import { MapiArgumentError } from '../errors';
import { parseType, structType, valueType } from './types';

/** A struct defined in ffi-defs/structs, by its C name. */
type Struct = Parameters<typeof structType>[0];

/** sizeof(struct). */
export const sizeOf = (struct: Struct): number => koffi.sizeof(structType(struct));

/** offsetof(struct, field); throws for a field the struct does not have. */
export const offsetOf = (struct: Struct, field: string): number => koffi.offsetof(structType(struct), field);

/** offsetof(struct, f) for each of `fields`, by name. */
export function offsetsOf<F extends string>(struct: Struct, ...fields: F[]): Readonly<Record<F, number>> {
  return Object.fromEntries(fields.map((f) => [f, offsetOf(struct, f)])) as Record<F, number>;
}

function fieldDef(struct: Struct, field: string) {
  const f = STRUCTS[struct]?.fields.find((x) => x.name === field);
  if (!f) throw new MapiArgumentError('ERR_DEFINITION', `${struct} has no field '${field}' in ffi-defs/structs`);
  return f;
}

/** sizeof(*p) for a pointer field `p`: the stride of the array it points to. */
export function pointeeSize(struct: Struct, field: string): number {
  const { type } = fieldDef(struct, field);
  const { base, depth, isConst } = parseType(type);
  if (depth === 0) throw new MapiArgumentError('ERR_DEFINITION', `${struct}.${field} is not a pointer`);
  return koffi.sizeof(valueType(`${isConst ? 'const ' : ''}${base}${' *'.repeat(depth - 1)}`) as never);
}

/** A struct ending in MAPI's variable-length array (`[1]`): its count member, where the array starts and its stride. */
export interface FlexibleLayout {
  /** offsetof the count member (cValues, cRows...). */
  readonly count: number;
  /** offsetof the array: the size of the struct with no elements. */
  readonly head: number;
  /** sizeof one element. */
  readonly stride: number;
}

/** The layout of a struct with a flexible array (SPropTagArray, SRowSet, SSortOrderSet, SPropProblemArray). */
export function flexibleLayout(struct: Struct): FlexibleLayout {
  const def = STRUCTS[struct];
  const f = def?.fields.find((x) => x.flexible?.countField);
  if (!f) throw new MapiArgumentError('ERR_DEFINITION', `${struct} has no variable-length array with a count member in ffi-defs/structs`);
  return {
    count: offsetOf(struct, f.flexible!.countField!),
    head: offsetOf(struct, f.name),
    stride: koffi.sizeof(valueType(f.type) as never),
  };
}
