/**
 * Binding a DLL's exports from their definitions (ffi-defs/exports.ts, ffi-defs/win32/, ffi-defs/sample.ts):
 * one binder for MAPI's DLL, the Win32 system DLLs and the sample provider's own functions.
 */
import path from 'node:path';
import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import type { ExportDef } from '../../ffi-defs/schema';
import { KoffiMapiError, MapiArgumentError } from '../errors';
import { protoFor } from './types';
import { callNative, type NativeFn } from './calls';

/** An export bound to its prototype, and the symbol it was found under. */
export interface BoundExport {
  readonly fn: NativeFn;
  readonly symbol: string;
}

/** The export is not in the DLL under any of its spellings. */
export class MissingExportError extends KoffiMapiError {
  readonly export: string;
  constructor(dll: string, def: ExportDef, names: readonly string[]) {
    super('ERR_NO_EXPORT', `${path.basename(dll)} does not export ${names.join(' or ')}`);
    this.export = def.name;
  }
}

/** A loaded DLL whose exports are bound from their definitions, once each. */
export class NativeLibrary {
  /** @internal */ readonly lib: LibraryHandle;
  /** Where it was loaded from. */
  readonly path: string;
  private readonly bound = new Map<ExportDef, BoundExport>();

  constructor(lib: LibraryHandle, file: string) {
    this.lib = lib;
    this.path = file;
  }

  /** Loads a DLL by path (or, for the system DLLs only, by name). */
  static load(file: string): NativeLibrary {
    return new NativeLibrary(koffi.load(file), file);
  }

  /**
   * The export bound to its prototype. Resolves `Name`, then `Name@N`, then `_Name@N`: x64 DLLs export
   * plain names, 32-bit __stdcall DLLs decorated ones, and Wine's mapi32 some only decorated.
   */
  bind(def: ExportDef): BoundExport {
    let b = this.bound.get(def);
    if (b) return b;
    const proto = protoFor(def, false);
    const names = [def.name, `${def.name}@${def.stackBytes}`, `_${def.name}@${def.stackBytes}`];
    for (const symbol of names) {
      try {
        b = { fn: koffi.decode(this.lib.symbol(symbol), proto) as unknown as NativeFn, symbol };
        break;
      } catch {
        /* try the next spelling */
      }
    }
    if (!b) throw new MissingExportError(this.path, def, names);
    this.bound.set(def, b);
    return b;
  }

  /** Whether the DLL exports this function (under any of its spellings). */
  has(def: ExportDef): boolean {
    try {
      this.bind(def);
      return true;
    } catch {
      return false;
    }
  }

  /** Calls an export, traced; returns what it returned. Arguments Koffi refuses are a MapiArgumentError. */
  invoke(def: ExportDef, args: readonly unknown[]): number {
    const { fn } = this.bind(def);
    if (args.length !== def.params.length) {
      throw new MapiArgumentError('ERR_ARITY', `${def.name} takes ${def.params.length} argument(s), got ${args.length}`);
    }
    try {
      return callNative(fn, def.name, args as unknown[], def);
    } catch (e) {
      if (e instanceof KoffiMapiError) throw e;
      throw new MapiArgumentError('ERR_ARGUMENT', `${def.name}: ${(e as Error).message}`);
    }
  }
}
