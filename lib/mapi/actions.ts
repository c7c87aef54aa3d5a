/**
 * Rule actions: the value of a PT_ACTIONS property (PR_RULE_ACTIONS, a column of a folder's rules table),
 * an ACTIONS { ulVersion, cActions, lpAction } of ACTION from EdkMdb.h, decoded into one object per
 * action. `type` is the OP_ name of ACTION.acttype (an acttype this layer does not know stays a
 * number); the members of ACTION's union become named fields:
 *
 *   OP_MOVE, OP_COPY          storeEntryId (empty: this store), folderEntryId      (actMoveCopy)
 *   OP_REPLY, OP_OOF_REPLY    entryId (the template message), template (its GUID)  (actReply)
 *   OP_DEFER_ACTION           data                                                 (actDeferAction)
 *   OP_BOUNCE                 bounceCode (an SCODE)                                (scBounceCode)
 *   OP_FORWARD, OP_DELEGATE   recipients: one object keyed by tag name per ADRENTRY (lpadrlist)
 *   OP_TAG                    prop: the { tag, value } to set                      (propTag)
 *   OP_DELETE, OP_MARK_AS_READ  nothing more
 *
 * Every action also has flavor (ulActionFlavor), flags (ulFlags) and, when set, condition (lpRes) and
 * tags (lpPropTagArray), which EdkMdb.h calls "currently unused". Reading only: writing PT_ACTIONS is not
 * supported (set() throws ERR_UNSUPPORTED_TYPE).
 */
import { RULE_ACTIONS } from '../../ffi-defs/constants/flags';
import { offsetsOf, sizeOf } from '../ffi/layout';
import { formatGuid } from '../com/guid';
import { readAdrList } from './adrlist';
import { readPtr, viewOf } from './memory';
import { type Prop, type PropsByName } from './tags';
import type { Restriction, ValuesDecoder } from './restriction';
import { decodeTagArray } from '../trace-decoders';

export type ActionType = Exclude<keyof typeof RULE_ACTIONS, 'EDK_RULES_VERSION' | `${string}_${'ORIGINATOR' | 'TEMPLATE' | 'SENDER' | 'MSG' | 'ATTACHMENT'}`>;

interface ActionBase {
  readonly flavor: number;
  readonly flags: number;
  readonly condition?: Restriction;
  readonly tags?: readonly number[];
}
export type RuleAction = ActionBase &
  (
    | { readonly type: 'OP_MOVE' | 'OP_COPY'; readonly storeEntryId: Buffer; readonly folderEntryId: Buffer }
    | { readonly type: 'OP_REPLY' | 'OP_OOF_REPLY'; readonly entryId: Buffer; readonly template: string }
    | { readonly type: 'OP_DEFER_ACTION'; readonly data: Buffer }
    | { readonly type: 'OP_BOUNCE'; readonly bounceCode: number }
    | { readonly type: 'OP_FORWARD' | 'OP_DELEGATE'; readonly recipients: readonly PropsByName[] }
    | { readonly type: 'OP_TAG'; readonly prop: Prop }
    | { readonly type: 'OP_DELETE' | 'OP_MARK_AS_READ' }
    | { readonly type: number }
  );

/** A PT_ACTIONS value: the rules version (EDK_RULES_VERSION, 1) and the actions in order. */
export interface RuleActions {
  readonly version: number;
  readonly actions: readonly RuleAction[];
}

const OP_NAMES = new Map<number, ActionType>(
  (Object.entries(RULE_ACTIONS) as [string, number][]).filter(([k]) => k.startsWith('OP_')).map(([k, v]) => [v, k as ActionType]),
);

function computeLayout() {
  return {
    actions: offsetsOf('ACTIONS', 'ulVersion', 'cActions', 'lpAction'),
    action: { size: sizeOf('ACTION'), ...offsetsOf('ACTION', 'acttype', 'ulActionFlavor', 'lpRes', 'lpPropTagArray', 'ulFlags', 'u') },
    moveCopy: offsetsOf('ActMoveCopy', 'cbStoreEntryId', 'lpStoreEntryId', 'cbFldEntryId', 'lpFldEntryId'),
    reply: offsetsOf('ActReply', 'cbEntryId', 'lpEntryId', 'guidReplyTemplate'),
    defer: offsetsOf('ActDeferAction', 'cbData', 'pbData'),
  };
}
let layout: ReturnType<typeof computeLayout> | undefined;
const L = () => (layout ??= computeLayout());

function bytes(p: bigint, cb: number): Buffer {
  return cb && p ? Buffer.from(new Uint8Array(viewOf(p, cb).buffer, 0, cb)) : Buffer.alloc(0); // a copy: MAPI frees the original
}

/** What decodes the values and the restrictions inside actions (decode.ts, with the caller's code page). */
export interface ActionsReader {
  readonly values: ValuesDecoder;
  readonly restriction: (p: bigint) => Restriction;
}

function recipients(rd: ActionsReader, p: bigint): PropsByName[] {
  return readAdrList(p, rd.values);
}

/** The union member of one action (at offset `u` of `v`, which starts at address `base`), by its type. */
function member(rd: ActionsReader, v: DataView, base: bigint, u: number, type: ActionType | number): object {
  const { moveCopy, reply, defer } = L();
  const at = (o: number) => readPtr(v, u + o);
  const u32 = (o: number) => v.getUint32(u + o, true);
  switch (type) {
    case 'OP_MOVE':
    case 'OP_COPY':
      return { storeEntryId: bytes(at(moveCopy.lpStoreEntryId), u32(moveCopy.cbStoreEntryId)), folderEntryId: bytes(at(moveCopy.lpFldEntryId), u32(moveCopy.cbFldEntryId)) };
    case 'OP_REPLY':
    case 'OP_OOF_REPLY':
      return { entryId: bytes(at(reply.lpEntryId), u32(reply.cbEntryId)), template: formatGuid(new Uint8Array(v.buffer, v.byteOffset + u + reply.guidReplyTemplate, 16)) };
    case 'OP_DEFER_ACTION':
      return { data: bytes(at(defer.pbData), u32(defer.cbData)) };
    case 'OP_BOUNCE':
      return { bounceCode: u32(0) };
    case 'OP_FORWARD':
    case 'OP_DELEGATE':
      return { recipients: recipients(rd, at(0)) };
    case 'OP_TAG': {
      const [prop] = rd.values(base + BigInt(u), 1); // propTag is an SPropValue in place
      return { prop };
    }
    default:
      return {};
  }
}

/** The ACTIONS at `p` (memory stays the caller's). */
export function readActions(p: bigint, rd: ActionsReader): RuleActions {
  const { actions, action } = L();
  const head = viewOf(p, sizeOf('ACTIONS'));
  const n = head.getUint32(actions.cActions, true);
  const lp = readPtr(head, actions.lpAction);
  const list: RuleAction[] = [];
  if (lp && n) {
    const v = viewOf(lp, n * action.size);
    for (let i = 0; i < n; i++) {
      const o = i * action.size;
      const code = v.getUint32(o + action.acttype, true);
      const type = OP_NAMES.get(code) ?? code;
      const res = readPtr(v, o + action.lpRes);
      const tags = readPtr(v, o + action.lpPropTagArray);
      list.push({
        type,
        flavor: v.getUint32(o + action.ulActionFlavor, true),
        flags: v.getUint32(o + action.ulFlags, true),
        ...(res ? { condition: rd.restriction(res) } : {}),
        ...(tags ? { tags: decodeTagArray(tags) } : {}),
        ...member(rd, v, lp, o + action.u, type),
      } as RuleAction);
    }
  }
  return { version: head.getUint32(actions.ulVersion, true), actions: list };
}
