/** Every interface definition, re-exported; ALL_INTERFACES lists them for code that walks them all. */
import type { InterfaceDef } from '../schema';
import * as definitions from './definitions';

export * from './definitions';

/** One of the interface definitions, with its literal types. */
type AnyInterfaceDef = (typeof definitions)[keyof typeof definitions];

/** Bases before the interfaces derived from them (otherwise in the order of ./definitions.ts). */
export const ALL_INTERFACES: readonly AnyInterfaceDef[] = (() => {
  const out: InterfaceDef[] = [];
  const visit = (d: InterfaceDef) => {
    if (out.includes(d)) return;
    if (d.base) visit(d.base);
    out.push(d);
  };
  (Object.values(definitions) as readonly unknown[])
    .filter((d): d is InterfaceDef => typeof d === 'object' && d !== null && 'iid' in d && 'methods' in d)
    .forEach(visit);
  return out as AnyInterfaceDef[];
})();
