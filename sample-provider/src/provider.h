/*
 * provider.h - internal core of the sample provider: object header, rules enforcement, stats,
 * knobs, MAPI allocator internals and small utilities. Included by every module.
 *
 * Module map
 *   mapi.h / kmapi_sample.h   the MAPI ABI and the exported API
 *   platform.[ch]             events, threads, HANDLEs, locks, TLS (Win32 / pthreads)
 *   exports.c                 MAPIInitialize/Uninitialize/LogonEx, HrQueryAllRows, FreeProws, stats
 *   alloc.c                   MAPIAllocateBuffer/More/FreeBuffer with live-root accounting
 *   object.c                  ObjHeader: refcounts, per-thread init check, fault injection,
 *                             GetLastError, IIDs, the SetProps/DeleteProps path (objects.h)
 *   knobs.c                   profile-string / SampleProvider_SetKnobs parsing
 *   util.c                    arena, tag lists, output buffers, UTF-16 helpers
 *   props.[ch]                property values: deep copy, conversion, comparison, PropBag,
 *                             generic GetProps/SetProps/DeleteProps/GetPropList
 *   restrict.c                SRestriction validation, copy and evaluation
 *   table.[ch]                the generic IMAPITable over a row source
 *   data.[ch]                 the data set: stores, folders, messages, entry ids, generator
 *   named.c                   named properties (GetIDsFromNames / GetNamesFromIDs)
 *   objects.h, session.c store.c folder.c message.c   the COM objects
 *   sync.[ch]                 IMAPISync: SynchronizeInBackground on a thread of its own, progress
 *                             callbacks, the done event, the sync knobs
 *
 * Locking: each logon's data set (DataSet) has one recursive mutex (DS_Lock). Every method that
 * reads or writes records holds it. Objects' refcounts are atomic. Never call out to client code
 * (callbacks) while holding DS_Lock.
 */
#ifndef KMAPI_SAMPLE_PROVIDER_H
#define KMAPI_SAMPLE_PROVIDER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "kmapi_sample.h"
#include "mapi.h"
#include "mapi_msg.h"
#include "platform.h"
#include "sync.h"

#define ARRAY_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ================================================================================================
 * Utilities (util.c)
 * ============================================================================================= */

/* Bump allocator for short-lived scratch memory (computed property values, sort keys...). */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *head;
} Arena;
void *Arena_Alloc(Arena *a, size_t cb); /* 8-byte aligned; NULL when out of memory */
void Arena_Free(Arena *a);              /* frees everything; the arena can be reused */
void Arena_Reset(Arena *a);             /* forgets everything but keeps one chunk for reuse */

/* One SPropValue in an arena (data.c): zeroed, with its tag and value; NULL when out of memory. A
 * string is not copied (static or arena strings, read-only for the caller); a binary is. */
SPropValue *Val_New(Arena *a, ULONG tag);
const SPropValue *Val_Long(Arena *a, ULONG tag, LONG l);
const SPropValue *Val_Bool(Arena *a, ULONG tag, int b);
const SPropValue *Val_Bin(Arena *a, ULONG tag, const void *data, ULONG cb);
const SPropValue *Val_WStr(Arena *a, ULONG tag, const WCHAR *s);

/* Growable array of property tags. */
typedef struct TagList {
    ULONG *tags;
    ULONG c, cap;
} TagList;
int TagList_Add(TagList *l, ULONG tag);       /* 0 when out of memory */
int TagList_AddUnique(TagList *l, ULONG tag); /* skips a tag whose PROP_ID is present */
void TagList_Free(TagList *l);

/* Growable byte buffer for writing a file out (persist.c, profile_db.c): OutBuf_Put appends; once
 * an allocation fails, oom is set and later puts do nothing, so a writer checks oom once, at the end.
 * The caller frees p. */
typedef struct OutBuf {
    BYTE *p;
    size_t n, cap;
    int oom;
} OutBuf;
void OutBuf_Put(OutBuf *o, const void *data, size_t cb);

/* UTF-16 helpers. */
size_t WStrLen(const WCHAR *s);
WCHAR *WStrDup(const WCHAR *s); /* malloc'ed copy */
WCHAR FoldCase(WCHAR c);        /* simple lower-casing, see util.c */
/* Converts 8-bit text to malloc'ed UTF-16 (bytes are Latin-1 code points). */
WCHAR *WStrFromA(const char *s);
/* Converts UTF-16 to malloc'ed 8-bit text: Latin-1 code points map to themselves, anything else
 * (and each surrogate pair) becomes '?'. */
char *AStrFromW(const WCHAR *s);

/* ================================================================================================
 * Statistics (exports.c)
 * ============================================================================================= */
typedef enum ObjClass {
    OBJ_SESSION,
    OBJ_STORE,
    OBJ_FOLDER,
    OBJ_MESSAGE,
    OBJ_TABLE,
    OBJ_SYNC,
    OBJ_OTHER,
    OBJ_CLASS_COUNT
} ObjClass;

void Stats_ObjectDelta(ObjClass cls, int delta);
void Stats_CountNotInitialized(void);

/* ================================================================================================
 * MAPI allocator internals (alloc.c)
 * ============================================================================================= */
void Alloc_GetStats(ULONG *pcRoots, ULONG *pcbLive, ULONG *pcBadFrees);
/* The start of the heap block a root's user pointer lies in (what keeps it "still reachable" to a
 * leak checker: leak.buffer). */
void *Alloc_BlockOf(void *root);
/* MAPIAllocateMore chained to `root`, returning NULL on failure. */
void *Alloc_More(void *root, size_t cb);

/* ================================================================================================
 * Knobs (knobs.c) - see README.md "Knobs"
 * ============================================================================================= */
#define KNOBS_MAX_FAULTS 32
#define KNOBS_MAX_MESSAGES 5000000u
#define KNOBS_DEFAULT_MESSAGES 25u
#define KNOBS_DEFAULT_SEED 1u
#define KNOBS_DEFAULT_STREAM_OVER 16384u
#define KNOBS_MAX_PATH 1024u
#define KNOBS_DEFAULT_STORE_POLL 100u /* store.poll: ms between checks of the file for others' changes */
#define KNOBS_MAX_STORE_POLL 600000u

typedef struct FaultRule {
    char iface[32];    /* "IMsgStore", "*" for any interface, "" for an exported function */
    char method[48];   /* "OpenEntry", or the export name ("MAPILogonEx") */
    HRESULT hr;        /* the HRESULT to return */
    int32_t remaining; /* calls still to fail; -1 = every call */
} FaultRule;

/* Notification knobs (notify.*, deliver.*; README.md "Notification knobs"): like SyncKnobs, only
 * the fields whose bit is in `set` / `boolSet` were given, so specs overlay field by field. */
#define NTFK_BATCH 0x01u
#define NTFK_TABLE_ROWS 0x02u
#define NTFK_BURST 0x04u
#define NTFK_EVERY 0x08u
#define NTFK_COUNT 0x10u
#define NTFB_AFTER_UNADVISE 0x1u /* notify.afterUnadvise */
#define NTFB_CALLER_THREAD 0x2u  /* notify.callerThread */
#define NTFB_NULL_ENTRYID 0x4u   /* notify.nullEntryId */
#define NTFB_HOLD_SINK 0x8u      /* notify.holdSink */
typedef struct NotifyKnobs {
    ULONG set, boolSet, boolVal;
    ULONG batch, tableRows, burst, every, count;
} NotifyKnobs;

/* COM knobs (com.*; README.md "COM knobs"): each interface knob is a mask of COMI_* bits, one per
 * ObjHeader.iface; masks from several specs add up. */
#define COMI_SESSION 0x01u
#define COMI_STORE 0x02u
#define COMI_FOLDER 0x04u
#define COMI_MESSAGE 0x08u
#define COMI_TABLE 0x10u
#define COMI_SYNC 0x20u
#define COMI_ATTACH 0x40u
#define COMI_STREAM 0x80u
#define COMI_ALL 0xFFu
typedef struct ComKnobs {
    ULONG tearOffSet, tearOffIdentity; /* com.tearOffIdentity=0|1 (set: it was given) */
    ULONG oneWay;          /* com.oneWay: QI answers IUnknown and the object's own IID only */
    ULONG noNullOnFail;    /* com.noNullOnFail: E_NOINTERFACE leaves *ppv as it was */
    ULONG nullOutOk;       /* com.nullOutOk: QI(riid, NULL) returns S_OK */
    ULONG refcountReturns; /* com.refcountReturns: AddRef and Release return 0 */
    ULONG identityFlip;    /* com.identityFlip: every second QI(IUnknown) gives the second pointer */
} ComKnobs;
/* The COMI_* bit of an interface name (ObjHeader.iface), COMI_ALL for "*", 0 for none. */
ULONG Knobs_ComBit(const char *iface);
/* The process-wide COM knobs (cheap when none was ever set). */
void Knobs_GetGlobalCom(ComKnobs *out);
/* Conformance knobs (README.md "Conformance knobs"; conform.c): each breaks one rule that
 * `koffi-mapi check` checks. `set` says which bits were given, `val` which are on, so specs overlay
 * bit by bit as the notification knobs do. */
#define CONF_STORES_NO_DEFAULT 0x0001u   /* stores.noDefault */
#define CONF_STORE_NO_IPM 0x0002u        /* store.noIpmSubtree */
#define CONF_STORE_BAD_RECEIVE 0x0004u   /* store.badReceiveFolder */
#define CONF_STORE_OPEN_MISSING 0x0008u  /* store.openMissingOk */
#define CONF_TABLE_COLUMNS 0x0010u       /* table.columnsIgnored */
#define CONF_TABLE_SEEK 0x0020u          /* table.seekCount */
#define CONF_TABLE_RESTRICT 0x0040u      /* table.restrictIgnored */
#define CONF_TABLE_SORT 0x0080u          /* table.sortIgnored */
#define CONF_TABLE_ROW_COUNT 0x0100u     /* table.rowCountOff */
#define CONF_PROPS_NULL_TAGS 0x0200u     /* props.nullTagsErrors */
#define CONF_PROPS_ERROR_TYPE 0x0400u    /* props.errorSlotType */
#define CONF_PROPS_MALLOC 0x0800u        /* props.mallocBuffer */
#define CONF_LEAK_THREAD 0x1000u         /* leak.thread */
#define CONF_LEAK_OBJECT 0x2000u         /* leak.object */
#define CONF_LEAK_BUFFER 0x4000u         /* leak.buffer */
#define CONF_TABLE_ALL                                                                             \
    (CONF_TABLE_COLUMNS | CONF_TABLE_SEEK | CONF_TABLE_RESTRICT | CONF_TABLE_SORT |                 \
     CONF_TABLE_ROW_COUNT)
#define CONF_NO_FOLDER_ID 0x7FFFFFF0u /* store.badReceiveFolder: a folder id no store has */
#define CONF_MALLOC_MAX 64u /* props.mallocBuffer: the GetProps calls of a logon it applies to */
typedef struct ConformKnobs {
    ULONG set, val;
    int hasMissingColumn;
    ULONG missingColumn; /* stores.missingColumn=TAG: that column is PT_ERROR in the stores table */
} ConformKnobs;

/* Address book knobs (ab.*; README.md "Address book knobs"; abdata.c): bits as the conformance
 * knobs, and ab.users. */
typedef struct AbKnobs {
    ULONG set, val;
    int hasUsers;
    ULONG users;
} AbKnobs;
HRESULT Ab_ParseKnob(const char *key, const char *value, AbKnobs *k, char *err, size_t cbErr);
void Ab_MergeKnobs(AbKnobs *dst, const AbKnobs *over);
/* Profile knobs (profile*.c; README.md "Profiles"): profiles=PATH (the profile file, a
 * process-wide knob), profiles.noAdmin2, and what a logon to a file profile sets: its name and which of the data
 * set's stores the session shows (bit 0: store 1, bit 1: store 2; 0: both, as without a profile). */
#define KNOBS_MAX_PROFILE_NAME 64u
typedef struct ProfileKnobs {
    int hasPath;
    char path[KNOBS_MAX_PATH];
    /* profiles.noAdmin2=1: IMsgServiceAdmin answers QueryInterface(IID_IMsgServiceAdmin2) with
     * E_NOINTERFACE, as MAPI before Outlook 2010 does (no CreateMsgServiceEx) */
    int noAdmin2;
    ULONG storeMask;
    WCHAR name[KNOBS_MAX_PROFILE_NAME + 1]; /* "" for a logon that is not to a file profile */
} ProfileKnobs;

typedef struct Knobs {
    int hasMessages;
    ULONG messages; /* messages in the Inbox of "Sample Mailbox" */
    int hasSeed;
    ULONG seed; /* data generator seed */
    int hasStreamOver;
    ULONG streamOver; /* props.streamOver: the largest binary/string value GetProps returns */
    int hasStore;
    char store[KNOBS_MAX_PATH]; /* store=PATH: the file the data set persists in; "" = memory */
    int hasStorePoll;
    ULONG storePoll; /* store.poll=MS: the watcher's period (merge.c); 0 = no watcher */
    int hasStoreFailSaves;
    ULONG storeFailSaves; /* store.failSaves=N: the first N saves after logon fail (a full disk) */
    ULONG cFaults;
    FaultRule faults[KNOBS_MAX_FAULTS];
    SyncKnobs sync;
    NotifyKnobs notify;
    ComKnobs com;
    ConformKnobs conform;
    AbKnobs ab;
    ProfileKnobs profile;
} Knobs;

/* Parses "key=value;key=value" into *k (adding to what is there). On error returns
 * MAPI_E_INVALID_PARAMETER and writes a message into err. */
HRESULT Knobs_Parse(const char *spec, Knobs *k, char *err, size_t cbErr);
/* A knob's number (decimal or 0x hex, 0..max; no sign, no blanks): 1 and *out, or 0. */
int Knobs_ParseNumber(const char *s, unsigned long long max, unsigned long long *out);
/* A 0/1 knob of a table: its bit into *set, and into *val for 1 (out of it for 0). S_OK;
 * MAPI_E_NOT_FOUND when key is not in the table; MAPI_E_INVALID_PARAMETER for another value (the
 * reason in err, when err is given). The sync, notify and conformance knobs share it. */
typedef struct KnobBit {
    const char *key;
    ULONG bit;
} KnobBit;
HRESULT Knobs_ParseBit(const char *key, const char *value, const KnobBit *table, size_t count,
                       ULONG *set, ULONG *val, char *err, size_t cbErr);
/* Process-wide knobs (SampleProvider_SetKnobs). */
HRESULT Knobs_SetGlobal(const char *spec);
void Knobs_GetGlobal(Knobs *out);
/* Overlays `over` on dst: values it sets replace dst's, its fault rules are appended. */
void Knobs_Merge(Knobs *dst, const Knobs *over);
/* Overlays the notification knobs `over` gives on *dst (field by field). */
void Knobs_MergeNotify(NotifyKnobs *dst, const NotifyKnobs *over);
/* props.streamOver, or its default: 0 means no limit. */
ULONG Knobs_StreamOver(const Knobs *k);
/* conform.c: one conformance knob (S_OK consumed, MAPI_E_NOT_FOUND not one of them,
 * MAPI_E_INVALID_PARAMETER a bad value, err says why); overlaying; whether a bit is on. */
HRESULT Conform_ParseKnob(const char *key, const char *value, ConformKnobs *k, char *err,
                          size_t cbErr);
void Conform_Merge(ConformKnobs *dst, const ConformKnobs *over);
static inline int Conform_On(const Knobs *k, ULONG bit) { return (k->conform.val & bit) != 0; }
/* Fault injection: returns the HRESULT to fail with, or S_OK. `session` may be NULL. */
HRESULT Knobs_CheckFault(Knobs *session, const char *iface, const char *method);

/* ================================================================================================
 * Objects (object.c)
 * ============================================================================================= */
typedef struct DataSet DataSet;

/* Every COM object starts with this header; lpVtbl MUST stay the first member, so that the
 * object pointer is the interface pointer the caller sees. */
typedef struct ObjHeader {
    const void *lpVtbl;
    volatile int32_t cRef;
    ObjClass cls;
    const char *iface; /* interface name for errors and fault injection: "IMsgStore" */
    DataSet *ds;       /* the logon's data set; the object holds a reference */
    void (*destroy)(struct ObjHeader *self); /* frees the object's own resources */
    /* GetLastError: the last failure on this object (guarded by the data-set lock) */
    HRESULT lastHr;
    char lastMethod[48];
    char lastText[240];
    ULONG comBit; /* Knobs_ComBit(iface): which com.* knobs apply */
    /* com.identityFlip: a second interface pointer to this object (an IUnknown whose methods
     * forward to the object), and the count of QI(IID_IUnknown) calls. */
    const void *altVtbl;
    volatile int32_t cUnknownQI;
} ObjHeader;

void Obj_Init(ObjHeader *h, const void *vtbl, ObjClass cls, const char *iface, DataSet *ds,
              void (*destroy)(ObjHeader *));
ULONG Obj_AddRef(ObjHeader *h);
ULONG Obj_Release(ObjHeader *h); /* destroys and frees the object at zero */
/* The vtable's AddRef / Release: as Obj_AddRef / Obj_Release, but they return 0 under
 * com.refcountReturns. */
ULONG Obj_ComAddRef(ObjHeader *h);
ULONG Obj_ComRelease(ObjHeader *h);
/* The COM knobs in force for h (process-wide and the logon's). */
void Obj_ComKnobs(const ObjHeader *h, ComKnobs *out);

/* What one class's QueryInterface answers (besides IID_IUnknown, which is the object itself).
 * iids[0] is the object's own interface, the others the ones it derives from (com.oneWay drops
 * those). `outer`: a tear-off's controlling object: IID_IUnknown and every IID not in iids are
 * answered by its QueryInterface. `more`: interfaces on other objects (IMsgStore's IMAPISync),
 * called with *ppv already NULL; E_NOINTERFACE when it has none. */
typedef struct QiSpec {
    const IID *const *iids;
    ULONG cIids;
    ObjHeader *(*outer)(ObjHeader *h);
    HRESULT (*more)(ObjHeader *h, REFIID riid, void **ppv);
} QiSpec;
/* The whole QueryInterface of a class: Obj_Enter, the arguments, the IIDs, the com.* knobs. */
HRESULT Obj_QueryInterface(ObjHeader *h, const QiSpec *spec, REFIID riid, void **ppv);

/* Obj_Enter modes */
#define ENTER_NORMAL 0
#define ENTER_AFTER_LOGOFF 1 /* the method also works after IMAPISession::Logoff */

/* Prologue of every method except AddRef/Release: enforces MAPIInitialize on this thread
 * (MAPI_E_NOT_INITIALIZED), applies fault-injection knobs, and refuses calls after Logoff
 * (MAPI_E_END_OF_SESSION). Returns S_OK to proceed; a failure is already recorded. */
HRESULT Obj_Enter(ObjHeader *h, const char *method, int mode);
/* Records a failure for GetLastError and returns hr. */
HRESULT Obj_Fail(ObjHeader *h, const char *method, HRESULT hr, const char *fmt, ...)
    PRINTF_LIKE(4, 5);
/* The whole body of an unsupported method: Obj_Enter, then MAPI_E_NO_SUPPORT. */
HRESULT Obj_NotSupported(ObjHeader *h, const char *method);
/* GetLastError implementation shared by every interface. */
HRESULT Obj_GetLastError(ObjHeader *h, HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError);
/* Per-thread MAPIInitialize check used by exports (no object). */
int Init_ThreadIsInitialized(void);
/* Builds a MAPIERROR (strings W or A per MAPI_UNICODE) with MAPIAllocateBuffer. */
HRESULT MakeMapiError(const char *text, const char *component, ULONG ulFlags,
                      LPMAPIERROR *lppMAPIError);
const char *HrName(HRESULT hr); /* "MAPI_E_NOT_FOUND", or NULL */

int IsEqualGUID(const GUID *a, const GUID *b);
extern const IID IID_IUnknown;
extern const IID IID_IMAPIProp;
extern const IID IID_IMAPISession;
extern const IID IID_IMAPITable;
extern const IID IID_IMsgStore;
extern const IID IID_IMessage;
extern const IID IID_IMAPIContainer;
extern const IID IID_IMAPIFolder;
extern const IID IID_IMAPISync;

#endif /* KMAPI_SAMPLE_PROVIDER_H */
