import type { StructDef } from '../schema';
import * as core from './core';
import * as tables from './tables';
import * as misc from './misc';
import * as message from './message';
import * as rules from './rules';
import * as notify from './notify';

export * from './core';
export * from './tables';
export * from './misc';
export * from './message';
export * from './rules';
export * from './notify';

/** The C name of every struct and union defined here ('SPropValue', '_PV'...). */
export type StructName = Extract<(typeof core)[keyof typeof core] | (typeof tables)[keyof typeof tables] | (typeof misc)[keyof typeof misc] | (typeof message)[keyof typeof message] | (typeof rules)[keyof typeof rules] | (typeof notify)[keyof typeof notify], StructDef>['name'];

/** Every struct and union, by its C name. */
export const STRUCTS: Readonly<Record<string, StructDef>> = Object.fromEntries(
  ([...Object.values(core), ...Object.values(tables), ...Object.values(misc), ...Object.values(message), ...Object.values(rules), ...Object.values(notify)] as readonly unknown[])
    .filter((d): d is StructDef => typeof d === 'object' && d !== null && 'kind' in d)
    .map((d) => [d.name, d]),
);
