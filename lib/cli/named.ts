/**
 * Names of named properties for `props` and the REPL. Best effort: an object or provider that cannot
 * answer GetNamesFromIDs simply gets no names.
 */
import type { PropObject } from '../mapi/object';
import type { InterfaceDef } from '../../ffi-defs/schema';
import type { NamedProp } from '../mapi/named';

export { namedLabel, type NamedProp } from '../mapi/named';

export function namesOf(obj: PropObject<InterfaceDef>, tags: readonly number[]): Map<number, NamedProp> {
  try {
    return obj.namesFromIds(tags);
  } catch {
    return new Map();
  }
}
