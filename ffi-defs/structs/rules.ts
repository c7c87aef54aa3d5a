import type { StructDef } from '../schema';

/**
 * Address lists and Exchange rule actions: the value of a PT_ACTIONS property (PR_RULE_ACTIONS) is an
 * ACTIONS, an array of ACTION; OP_FORWARD and OP_DELEGATE carry an ADRLIST (./message). [MAPIDefS.h, EdkMdb.h]
 */

// ADRENTRY and ADRLIST (OP_FORWARD, OP_DELEGATE) are in ./message.

// EdkMdb.h declares the members of ACTION's union as anonymous structs; they are named here after the
// union member that holds them (actMoveCopy -> ActMoveCopy).

/** OP_MOVE, OP_COPY: the target store (cb 0 for the same store) and folder. */
export const ActMoveCopy = {
  kind: 'struct',
  name: 'ActMoveCopy',
  fields: [
    { name: 'cbStoreEntryId', type: 'ULONG' },
    { name: 'lpStoreEntryId', type: 'ENTRYID *' },
    { name: 'cbFldEntryId', type: 'ULONG' },
    { name: 'lpFldEntryId', type: 'ENTRYID *' },
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;

/** OP_REPLY, OP_OOF_REPLY: the reply template message and its GUID. */
export const ActReply = {
  kind: 'struct',
  name: 'ActReply',
  fields: [
    { name: 'cbEntryId', type: 'ULONG' },
    { name: 'lpEntryId', type: 'ENTRYID *' },
    { name: 'guidReplyTemplate', type: 'GUID' },
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;

/** OP_DEFER_ACTION: data for the client that runs the action. */
export const ActDeferAction = {
  kind: 'struct',
  name: 'ActDeferAction',
  fields: [
    { name: 'cbData', type: 'ULONG' },
    { name: 'pbData', type: 'BYTE *' },
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;

/** ACTION's anonymous union; the member in use is chosen by acttype. */
export const ACTION_u = {
  kind: 'union',
  name: 'ACTION_u',
  fields: [
    { name: 'actMoveCopy', type: 'ActMoveCopy' },
    { name: 'actReply', type: 'ActReply' },
    { name: 'actDeferAction', type: 'ActDeferAction' },
    { name: 'scBounceCode', type: 'SCODE' }, // OP_BOUNCE
    { name: 'lpadrlist', type: 'ADRLIST *' }, // OP_FORWARD, OP_DELEGATE
    { name: 'propTag', type: 'SPropValue' }, // OP_TAG
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;

export const ACTION = {
  kind: 'struct',
  name: 'ACTION',
  fields: [
    { name: 'acttype', type: 'ULONG' }, // ACTTYPE, an enum: 32-bit
    { name: 'ulActionFlavor', type: 'ULONG' },
    { name: 'lpRes', type: 'SRestriction *' }, // "currently unused and must be set to NULL"
    { name: 'lpPropTagArray', type: 'SPropTagArray *' }, // likewise
    { name: 'ulFlags', type: 'ULONG' },
    { name: 'dwAlignPad', type: 'ULONG' },
    { name: 'u', type: 'ACTION_u' }, // anonymous in EdkMdb.h
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;

export const ACTIONS = {
  kind: 'struct',
  name: 'ACTIONS',
  fields: [
    { name: 'ulVersion', type: 'ULONG' }, // EDK_RULES_VERSION (1)
    { name: 'cActions', type: 'ULONG' }, // UINT: 32-bit on every Windows ABI
    { name: 'lpAction', type: 'ACTION *' },
  ],
  source: 'EdkMdb.h',
} as const satisfies StructDef;
