/**
 * What the definitions say, as types: a property's decoded value from its tag (PT_ type = low 16 bits of
 * the tag, decoded as the table at the top of lib/mapi/props.ts says), tag and struct names, and
 * arguments typed from EXPORTS and the interface definitions.
 */
import type { ComProxy, ExportDef, Handlers, InterfaceDef, MapiLibrary, Message, Prop, PropError, PropTypeHex, PropValue, Restriction, Row, RuleActions, Table, TagLike, TagValue } from '../../lib';
import type { StructName } from '../../ffi-defs/structs';
import type { IMsgStore } from '../../ffi-defs/interfaces/IMsgStore';
import { PROP_TAGS } from '../../ffi-defs/constants/proptags';
import { PROP_TYPES } from '../../ffi-defs/constants/proptypes';
import { EXPORTS } from '../../ffi-defs/exports';
import { expectTrue, type Equals } from './util';

declare const m: Message;
declare const t: Table;
declare const lib: MapiLibrary;
declare const store: ComProxy<typeof IMsgStore>;
declare const someTag: number;
declare const anyTag: TagLike;

// ---- get(): the tag's PT_ type says what comes back --------------------------------------------------
expectTrue<Equals<ReturnType<typeof m.get<'PR_SUBJECT_W'>>, string | undefined>>();
const subject = m.get('PR_SUBJECT_W');
expectTrue<Equals<typeof subject, string | undefined>>();
const size = m.get('PR_MESSAGE_SIZE');
expectTrue<Equals<typeof size, number | undefined>>();
const subject8 = m.get('PR_SUBJECT_A'); // PT_STRING8
expectTrue<Equals<typeof subject8, string | undefined>>();
const delivered = m.get('PR_MESSAGE_DELIVERY_TIME'); // PT_SYSTIME
expectTrue<Equals<typeof delivered, Date | undefined>>();
const hasAttach = m.get('PR_HASATTACH'); // PT_BOOLEAN
expectTrue<Equals<typeof hasAttach, boolean | undefined>>();
const entryId = m.get('PR_ENTRYID'); // PT_BINARY
expectTrue<Equals<typeof entryId, Buffer | undefined>>();
const sizeExtended = m.get('PR_MESSAGE_SIZE_EXTENDED'); // PT_I8
expectTrue<Equals<typeof sizeExtended, bigint | undefined>>();
const attachObject = m.get('PR_ATTACH_DATA_OBJ'); // PT_OBJECT: opened with OpenProperty, reads as null
expectTrue<Equals<typeof attachObject, null | undefined>>();
const searchPath = m.get('PR_AB_SEARCH_PATH'); // PT_MV_BINARY
expectTrue<Equals<typeof searchPath, Buffer[] | undefined>>();
const supportFiles = m.get('PR_SERVICE_SUPPORT_FILES_W'); // PT_MV_UNICODE
expectTrue<Equals<typeof supportFiles, string[] | undefined>>();
// A tag literal is typed as its name would be; the type is in the low 16 bits of any literal.
const byValue = m.get(0x0037001f);
expectTrue<Equals<typeof byValue, string | undefined>>();
const byConstant = m.get(PROP_TAGS.PR_IMPORTANCE);
expectTrue<Equals<typeof byConstant, number | undefined>>();
const namedProp = m.get(0x8005101f); // a named property's tag: PT_MV_UNICODE
expectTrue<Equals<typeof namedProp, string[] | undefined>>();
// Nothing known: a `number`, a hex string, PT_UNSPECIFIED, any tag at all.
const numeric = m.get(someTag);
expectTrue<Equals<typeof numeric, PropValue | undefined>>();
const hex = m.get('0x0037001F');
expectTrue<Equals<typeof hex, PropValue | undefined>>();
const unspecified = m.get(0x00370000);
expectTrue<Equals<typeof unspecified, PropValue | undefined>>();
const whatever = m.get(anyTag);
expectTrue<Equals<typeof whatever, PropValue | undefined>>();
// A union of names: the union of their values.
const either = m.get(Math.random() ? 'PR_SUBJECT_W' : 'PR_IMPORTANCE');
expectTrue<Equals<typeof either, string | number | undefined>>();

// ---- getProps(): one Prop per tag, in order, each typed (or the PropError of a missing one) --------
const [p1, p2, p3] = m.getProps(['PR_SUBJECT_W', 'PR_MESSAGE_SIZE', someTag]);
expectTrue<Equals<typeof p1, Prop<string | PropError>>>();
expectTrue<Equals<typeof p2, Prop<number | PropError>>>();
expectTrue<Equals<typeof p3, Prop<PropValue>>>();
const all = m.getProps();
expectTrue<Equals<typeof all, Prop[]>>();

// ---- props() and table rows: keyed by name, each name typed ----------------------------------------
const props = m.props(['PR_SUBJECT_W']);
expectTrue<Equals<typeof props.PR_SUBJECT_W, string | PropError | undefined>>();
expectTrue<Equals<typeof props.PR_DEPTH, number | PropError | undefined>>();
expectTrue<Equals<(typeof props)['0x8001001F'], PropValue | undefined>>();
declare const row: Row;
expectTrue<Equals<typeof row.PR_CONTENT_COUNT, number | PropError | undefined>>();
expectTrue<Equals<typeof row.PR_DISPLAY_NAME_W, string | PropError | undefined>>();
expectTrue<Equals<ReturnType<typeof t.all>, Row[]>>();
// rows() and pages() give row objects, or with { arrays: true } arrays of values in column order.
const objectRows = t.rows({ pageSize: 10 });
expectTrue<Equals<typeof objectRows, AsyncGenerator<Row, void, undefined>>>();
const asArrays = t.rows({ arrays: true, limit: 5 });
expectTrue<Equals<typeof asArrays, AsyncGenerator<PropValue[], void, undefined>>>();
const objectPages = t.pages({ pageSize: 10 });
expectTrue<Equals<typeof objectPages, AsyncGenerator<Row[], void, undefined>>>();
const arrayPages = t.pages({ arrays: true });
expectTrue<Equals<typeof arrayPages, AsyncGenerator<PropValue[][], void, undefined>>>();

// ---- The type level PROP_TYPE itself --------------------------------------------------------------
expectTrue<Equals<PropTypeHex<0x0037001f>, '001F'>>();
expectTrue<Equals<PropTypeHex<0xffffffff>, 'FFFF'>>();
expectTrue<Equals<PropTypeHex<0x00000000>, '0000'>>();
expectTrue<Equals<PropTypeHex<typeof PROP_TAGS.PR_AB_SEARCH_PATH>, '1102'>>();
expectTrue<Equals<PropTypeHex<typeof PROP_TYPES.PT_MV_UNICODE>, '101F'>>();
expectTrue<Equals<PropTypeHex<number>, never>>();
expectTrue<Equals<PropTypeHex<-1>, never>>();
expectTrue<Equals<PropTypeHex<1.5>, never>>();
expectTrue<Equals<TagValue<'PR_NULL'>, null>>();
expectTrue<Equals<TagValue<0x0fff000a>, PropError>>(); // PT_ERROR
expectTrue<Equals<TagValue<0x00370006>, bigint>>(); // PT_CURRENCY
expectTrue<Equals<TagValue<0x00370007>, number>>(); // PT_APPTIME
expectTrue<Equals<TagValue<0x00370048>, string>>(); // PT_CLSID: a GUID string
expectTrue<Equals<TagValue<0x00371048>, string[]>>(); // PT_MV_CLSID
expectTrue<Equals<TagValue<0x00371040>, Date[]>>(); // PT_MV_SYSTIME
expectTrue<Equals<TagValue<0x003700fb>, Buffer>>(); // PT_SVREID: bytes, as PT_BINARY
expectTrue<Equals<TagValue<'PR_PARENT_SVREID'>, Buffer>>();
expectTrue<Equals<TagValue<'PR_RULE_CONDITION'>, Restriction>>(); // PT_SRESTRICTION
expectTrue<Equals<TagValue<'PR_RULE_ACTIONS'>, RuleActions>>(); // PT_ACTIONS
expectTrue<Equals<TagValue<0x00370099>, PropValue>>(); // a type this layer does not know

// ---- Names the definitions know --------------------------------------------------------------------
expectTrue<Equals<Extract<StructName, 'SPropValue' | '_PV' | 'SRowSet' | 'MAPINAMEID'>, 'SPropValue' | '_PV' | 'SRowSet' | 'MAPINAMEID'>>();

// ---- Exports and methods: arguments and results from the definitions ------------------------------
expectTrue<Equals<Parameters<typeof lib.exports.MAPIAllocateBuffer>, [number, (bigint | null)[]]>>();
expectTrue<Equals<ReturnType<typeof lib.exports.MAPIAllocateBuffer>, number>>();
expectTrue<Equals<ReturnType<typeof lib.exports.FreeProws>, void>>();
expectTrue<Equals<Parameters<typeof lib.exports.MAPILogonEx>[0], number | bigint>>();
const allocated = lib.call(EXPORTS.MAPIAllocateMore, 16, null, [null]);
expectTrue<Equals<typeof allocated, number>>();
expectTrue<Equals<Parameters<typeof store.GetReceiveFolder>[4], (bigint | null)[]>>();
expectTrue<Equals<ReturnType<typeof store.GetProps>, number>>();

// ---- No particular interface or export: anything goes, but never `any` -----------------------------
declare const anyProxy: ComProxy<InterfaceDef>;
expectTrue<Equals<Parameters<typeof anyProxy.SomeMethod>, unknown[]>>();
expectTrue<Equals<Parameters<NonNullable<Handlers<InterfaceDef>[string]>>, number[]>>();
declare const someExport: ExportDef;
const called = lib.call(someExport, 1, 'two', null);
expectTrue<Equals<typeof called, number>>();
