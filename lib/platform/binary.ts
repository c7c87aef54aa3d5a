/**
 * Reads the header of a DLL or shared library to learn its format and machine before loading it, so a
 * wrong-bitness DLL gets a useful message instead of LoadLibrary's error 193.
 */
import fs from 'node:fs';

export type Machine = 'x64' | 'ia32' | 'arm64' | 'arm' | 'unknown';

export interface BinaryInfo {
  readonly format: 'PE' | 'ELF' | 'Mach-O' | 'unknown';
  readonly machine: Machine;
  /** 32 or 64, or 0 when unknown. */
  readonly bits: 32 | 64 | 0;
}

const PE_MACHINES: Record<number, Machine> = { 0x8664: 'x64', 0x14c: 'ia32', 0xaa64: 'arm64', 0x1c4: 'arm' };
const ELF_MACHINES: Record<number, Machine> = { 0x3e: 'x64', 0x03: 'ia32', 0xb7: 'arm64', 0x28: 'arm' };
const BITS: Record<Machine, 32 | 64 | 0> = { x64: 64, arm64: 64, ia32: 32, arm: 32, unknown: 0 };

export function inspectBinary(file: string): BinaryInfo {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    if (n >= 64 && head[0] === 0x4d && head[1] === 0x5a) {
      const peOffset = head.readUInt32LE(0x3c);
      const pe = Buffer.alloc(6);
      if (fs.readSync(fd, pe, 0, 6, peOffset) === 6 && pe.readUInt32LE(0) === 0x00004550) {
        const machine = PE_MACHINES[pe.readUInt16LE(4)] ?? 'unknown';
        return { format: 'PE', machine, bits: BITS[machine] };
      }
      return { format: 'unknown', machine: 'unknown', bits: 0 };
    }
    if (n >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
      const machine = ELF_MACHINES[head.readUInt16LE(18)] ?? 'unknown';
      return { format: 'ELF', machine, bits: head[4] === 2 ? 64 : head[4] === 1 ? 32 : 0 };
    }
    if (n >= 4 && [0xfeedfacf, 0xcffaedfe, 0xfeedface, 0xcefaedfe].includes(head.readUInt32BE(0))) {
      return { format: 'Mach-O', machine: 'unknown', bits: 0 };
    }
    return { format: 'unknown', machine: 'unknown', bits: 0 };
  } finally {
    fs.closeSync(fd);
  }
}

/** The format a loadable library must have on this platform. */
export function nativeFormat(): BinaryInfo['format'] {
  return process.platform === 'win32' ? 'PE' : process.platform === 'darwin' ? 'Mach-O' : 'ELF';
}

export function processMachine(): Machine {
  const a = process.arch;
  return a === 'x64' || a === 'ia32' || a === 'arm64' || a === 'arm' ? a : 'unknown';
}

export const machineLabel = (m: Machine): string =>
  ({ x64: '64-bit x64', ia32: '32-bit x86', arm64: '64-bit ARM64', arm: '32-bit ARM', unknown: 'unknown machine' })[m];
