/**
 * IMAPIProgress from a JS function: what CopyMessages, CopyFolder, EmptyFolder and CopyTo call while
 * they work. The object says it is top-level (MAPI_TOP_LEVEL), so the provider reports items:
 * `onProgress(done, total)`; returning false asks the provider to stop (MAPI_E_USER_CANCEL).
 */
import { IMAPIProgress } from '../../ffi-defs/interfaces/IMAPIProgress';
import { HR } from '../../ffi-defs/constants/hresults';
import { implement, type JsComObject } from '../com/jsobject';
import { readIn, writeOut } from '../com/out';
import { MapiArgumentError } from '../errors';
import { describe } from '../validate';

export type ProgressFn = (done: number, total: number) => void | boolean;

const MAPI_TOP_LEVEL = 1;

/**
 * Runs `fn` with an IMAPIProgress pointer for `onProgress` (null when there is none) and releases the
 * object afterwards. `dialog` is whether to pass the operation's *_DIALOG flag (providers report
 * progress only with it).
 */
export function withProgress<T>(onProgress: ProgressFn | undefined, fn: (ptr: bigint | null, dialog: boolean) => T): T {
  if (onProgress === undefined) return fn(null, false);
  if (typeof onProgress !== 'function') throw new MapiArgumentError('ERR_ARGUMENT', `progress must be a function (done, total) => void | false, not ${describe(onProgress)}`);
  const limits = { min: 1, max: 1000, flags: MAPI_TOP_LEVEL };
  const obj: JsComObject<typeof IMAPIProgress> = implement(IMAPIProgress, {
    Progress(_value, count, total) {
      return onProgress(count, total) === false ? HR.MAPI_E_USER_CANCEL : undefined;
    },
    GetFlags(p) {
      writeOut.ULONG(p, limits.flags);
    },
    GetMin(p) {
      writeOut.ULONG(p, limits.min);
    },
    GetMax(p) {
      writeOut.ULONG(p, limits.max);
    },
    SetLimits(min, max, flags) {
      Object.assign(limits, { min: readIn.ULONG(min), max: readIn.ULONG(max), flags: readIn.ULONG(flags) });
    },
  });
  try {
    return fn(obj.ptr, true);
  } finally {
    obj.release();
  }
}
