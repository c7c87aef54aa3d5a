/*
 * persist.c - the store=PATH knob: the whole data set in one file (README.md "Persistence").
 *
 * File format, version 2. Integers are little-endian; every length is checked against the bytes
 * left when the file is read, so a truncated, corrupted or foreign file is refused with
 * MAPI_E_CORRUPT_STORE before anything is allocated for it, and never modified.
 *
 *   header (28 bytes)  "KMAPISTO", u32 version = 2, u32 body length, u32 CRC-32 of the body
 *                      (IEEE 802.3, as zlib's crc32), u64 generation (1 for a new file, + 1 at
 *                      every save: how the logons sharing the file see that it moved); the file is
 *                      exactly 28 + body length bytes
 *   body               u32 seed, u32 stores (2), then each store:
 *     store            u32 index, u32 nextFolderId, u32 nextMsgId, u32 syncRuns, bag props,
 *                      named map, u32 special[7] (root, IPM subtree, Inbox, Outbox, Sent Items,
 *                      Deleted Items, Drafts: folder ids, 0 for none), u32 folders, folders
 *     named map        u32 nextId, u32 count, count × (GUID[16], u32 kind, i32 lid,
 *                      u32 name length in UTF-16 units + units (MNID_STRING), u32 propId)
 *     folder           u32 id, u32 parent id (0: the root, which comes first; a parent comes
 *                      before its children, children in their order), u32 folder type, bag props,
 *                      u32 messages, u32 items, items (messages in their order):
 *       item 0         a run of generated messages: u32 first id, u32 first generator index,
 *                      u32 count (ids and indexes both consecutive)
 *       item 1         a stored message: u32 id, u32 generator index, bag, u8 has parts, [parts]
 *     parts            u32 nextRowId, u32 recipients × (u32 row id, bag), u32 nextAttNum,
 *                      u32 attachments × (u32 number, bag, u8 embedded, [bag, parts])
 *     bag              u32 count, count × (u32 tag, value); ids distinct
 *     value            by type: I2, BOOLEAN 2 bytes; LONG, R4 4; DOUBLE, APPTIME, CURRENCY,
 *                      SYSTIME, I8 8; CLSID 16; STRING8 u32 length + bytes; UNICODE u32 length
 *                      in units + UTF-16LE; BINARY u32 length + bytes; MV_*: u32 count + that
 *                      many single values. No terminating NULs are stored.
 *
 * Generated messages that were never saved are stored as runs of generator indexes, not
 * materialized: they are a function of (seed, folder, index), which the file keeps, so a
 * 100 000-message Inbox is one 13-byte item, and a logon that loads it costs what a generated
 * logon costs (one pool allocation). Materializing them would make the file ~200 MB and the
 * save after every change as slow.
 *
 * The provider's targets (x86, x64) are little-endian, so fixed-size values are copied as their
 * in-memory bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "persist.h"

#define FILE_MAGIC "KMAPISTO"
#define FILE_VERSION 2u
#define HEADER_SIZE 28u
#define MAX_EMBED_DEPTH 32u /* embedded messages inside embedded messages, when loading */
/* At most this many generated messages in a file: what messages= allows, plus the other folders'. */
#define MAX_GENERATED (KNOBS_MAX_MESSAGES + 1000u)

/* What a file's header says: enough to see that another logon saved it since. */
typedef struct Stamp {
    int present; /* 0: there is no file */
    uint64_t gen;
    ULONG len, crc;
} Stamp;

/* Next folder and message ids of each store: a new id taken (CreateMessage) must reach the file
 * even when nothing else changed, or another logon would hand out the same one. */
typedef struct NextIds {
    ULONG folder[2], msg[2];
} NextIds;

struct Persist {
    char path[KNOBS_MAX_PATH];
    void *lock;        /* Plat_FileLockOpen of "<path>.lock": this logon's own open of it */
    int ready;         /* the data set is complete: transactions merge and save */
    int locked;        /* the file lock is held: a transaction (or DS_Create) is under way */
    int closed;        /* Logoff made the final save: later changes stay in memory */
    int mergeFailed;   /* this transaction could not read the file: it must not save over it */
    int mergeError;    /* ds->persistHr is a merge's failure (a good merge clears it) */
    int forceSave;     /* the file is missing: write it again at the end of the transaction */
    ULONG attemptGen;  /* changeGen of the last save attempt (a failed one is retried on change) */
    ULONG failedSaves; /* saves made to fail so far by store.failSaves */
    int failArmed;     /* store.failSaves counts from here: after the logon's own first write */
    Stamp stamp;       /* the file as this logon last loaded, merged or saved it */
    NextIds saved;     /* ... and the next ids in it */
    Watcher *watcher;  /* store.poll (merge.c), NULL when off */
};

/* ==============================================================================================
 * CRC-32
 * ============================================================================================ */
static ULONG Crc32(const BYTE *p, size_t n)
{
    static ULONG table[256];
    static volatile int32_t built;
    if (!Plat_AtomicLoad(&built)) { /* idempotent: racing threads write the same values */
        for (ULONG i = 0; i < 256; i++) {
            ULONG c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        Plat_AtomicInc(&built);
    }
    ULONG c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ==============================================================================================
 * Writing
 * ============================================================================================ */
static void Put8(OutBuf *o, BYTE v) { OutBuf_Put(o, &v, 1); }
static void Put32(OutBuf *o, ULONG v)
{
    BYTE b[4] = {(BYTE)v, (BYTE)(v >> 8), (BYTE)(v >> 16), (BYTE)(v >> 24)};
    OutBuf_Put(o, b, 4);
}

/* Bytes of a fixed-size value of single type t (0: variable-size or not storable). */
static size_t FixedSize(ULONG t)
{
    switch (t) {
    case PT_I2:
    case PT_BOOLEAN: return 2;
    case PT_LONG:
    case PT_R4: return 4;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_SYSTIME:
    case PT_I8: return 8;
    case PT_CLSID: return 16;
    default: return 0;
    }
}

static void PutString8(OutBuf *o, const char *s)
{
    size_t n = strlen(s);
    Put32(o, (ULONG)n);
    OutBuf_Put(o, s, n);
}
static void PutStringW(OutBuf *o, const WCHAR *s)
{
    size_t n = WStrLen(s);
    Put32(o, (ULONG)n);
    OutBuf_Put(o, s, n * sizeof(WCHAR)); /* UTF-16LE on little-endian targets */
}

static void PutValue(OutBuf *o, const SPropValue *v);

/* ---- Trees (PT_SRESTRICTION, PT_ACTIONS): written node by node, every pointer as a presence byte ---- */
static void PutBytes(OutBuf *o, ULONG cb, const void *p)
{
    Put32(o, p ? cb : 0);
    if (p)
        OutBuf_Put(o, p, cb);
}

static void PutValues(OutBuf *o, const SPropValue *v, ULONG n)
{
    Put32(o, v ? n : 0);
    for (ULONG i = 0; v && i < n; i++)
        PutValue(o, &v[i]);
}

static void PutRes(OutBuf *o, const SRestriction *r);
static void PutChild(OutBuf *o, const SRestriction *r)
{
    Put8(o, r != NULL);
    if (r)
        PutRes(o, r);
}

static void PutRes(OutBuf *o, const SRestriction *r)
{
    Put32(o, r->rt);
    switch (r->rt) {
    case RES_AND:
    case RES_OR:
        Put32(o, r->res.resAnd.lpRes ? r->res.resAnd.cRes : 0);
        for (ULONG i = 0; r->res.resAnd.lpRes && i < r->res.resAnd.cRes; i++)
            PutRes(o, &r->res.resAnd.lpRes[i]);
        break;
    case RES_NOT: PutChild(o, r->res.resNot.lpRes); break;
    case RES_SUBRESTRICTION: /* RES_COUNT has its layout: { ulCount; lpRes } */
    case RES_COUNT:
        Put32(o, r->res.resSub.ulSubObject);
        PutChild(o, r->res.resSub.lpRes);
        break;
    case RES_COMMENT:
        PutValues(o, r->res.resComment.lpProp, r->res.resComment.cValues);
        PutChild(o, r->res.resComment.lpRes);
        break;
    case RES_CONTENT:
        Put32(o, r->res.resContent.ulFuzzyLevel);
        Put32(o, r->res.resContent.ulPropTag);
        PutValues(o, r->res.resContent.lpProp, 1);
        break;
    case RES_PROPERTY:
        Put32(o, r->res.resProperty.relop);
        Put32(o, r->res.resProperty.ulPropTag);
        PutValues(o, r->res.resProperty.lpProp, 1);
        break;
    default: /* the flat ones: three ULONGs each */
        Put32(o, r->res.resCompareProps.relop);
        Put32(o, r->res.resCompareProps.ulPropTag1);
        Put32(o, r->res.resCompareProps.ulPropTag2);
        break;
    }
}

static void PutActions(OutBuf *o, const ACTIONS *a)
{
    Put32(o, a->ulVersion);
    Put32(o, a->lpAction ? a->cActions : 0);
    for (ULONG i = 0; a->lpAction && i < a->cActions; i++) {
        const ACTION *x = &a->lpAction[i];
        Put32(o, (ULONG)x->acttype);
        Put32(o, x->ulActionFlavor);
        Put32(o, x->ulFlags);
        PutChild(o, x->lpRes);
        Put8(o, x->lpPropTagArray != NULL);
        if (x->lpPropTagArray) {
            Put32(o, x->lpPropTagArray->cValues);
            for (ULONG j = 0; j < x->lpPropTagArray->cValues; j++)
                Put32(o, x->lpPropTagArray->aulPropTag[j]);
        }
        switch (x->acttype) {
        case OP_MOVE:
        case OP_COPY:
            PutBytes(o, x->actMoveCopy.cbStoreEntryId, x->actMoveCopy.lpStoreEntryId);
            PutBytes(o, x->actMoveCopy.cbFldEntryId, x->actMoveCopy.lpFldEntryId);
            break;
        case OP_REPLY:
        case OP_OOF_REPLY:
            PutBytes(o, x->actReply.cbEntryId, x->actReply.lpEntryId);
            OutBuf_Put(o, &x->actReply.guidReplyTemplate, sizeof(GUID));
            break;
        case OP_DEFER_ACTION: PutBytes(o, x->actDeferAction.cbData, x->actDeferAction.pbData); break;
        case OP_BOUNCE: Put32(o, (ULONG)x->scBounceCode); break;
        case OP_FORWARD:
        case OP_DELEGATE: {
            const ADRLIST *l = x->lpadrlist;
            Put32(o, l ? l->cEntries : 0);
            for (ULONG j = 0; l && j < l->cEntries; j++)
                PutValues(o, l->aEntries[j].rgPropVals, l->aEntries[j].cValues);
            break;
        }
        case OP_TAG: PutValue(o, &x->propTag); break;
        default: break; /* OP_DELETE, OP_MARK_AS_READ: nothing more */
        }
    }
}

static void PutValue(OutBuf *o, const SPropValue *v)
{
    ULONG t = PROP_TYPE(v->ulPropTag), base = t & ~MV_FLAG;
    Put32(o, v->ulPropTag);
    if (t & MV_FLAG) {
        ULONG n = v->Value.MVl.cValues; /* every MV array is {ULONG cValues; T *p} */
        Put32(o, n);
        if (base == PT_STRING8)
            for (ULONG i = 0; i < n; i++)
                PutString8(o, v->Value.MVszA.lppszA[i]);
        else if (base == PT_UNICODE)
            for (ULONG i = 0; i < n; i++)
                PutStringW(o, v->Value.MVszW.lppszW[i]);
        else if (base == PT_BINARY)
            for (ULONG i = 0; i < n; i++) {
                Put32(o, v->Value.MVbin.lpbin[i].cb);
                OutBuf_Put(o, v->Value.MVbin.lpbin[i].lpb, v->Value.MVbin.lpbin[i].cb);
            }
        else
            OutBuf_Put(o, v->Value.MVl.lpl, (size_t)n * FixedSize(base));
        return;
    }
    switch (t) {
    case PT_STRING8: PutString8(o, v->Value.lpszA); break;
    case PT_UNICODE: PutStringW(o, v->Value.lpszW); break;
    case PT_BINARY:
    case PT_SVREID:
        Put32(o, v->Value.bin.cb);
        OutBuf_Put(o, v->Value.bin.lpb, v->Value.bin.cb);
        break;
    case PT_CLSID: OutBuf_Put(o, v->Value.lpguid, 16); break;
    case PT_SRESTRICTION: PutRes(o, (const SRestriction *)v->Value.lpv); break;
    case PT_ACTIONS: PutActions(o, (const ACTIONS *)v->Value.lpv); break;
    default: OutBuf_Put(o, &v->Value, FixedSize(t)); break;
    }
}

/* Only what SetProps can store is written: a value of another type (the Rules fixture's 0x0104,
 * made in C) has no known payload to save, so it does not survive a reload. */
static void PutBag(OutBuf *o, const PropBag *b)
{
    ULONG n = 0;
    for (ULONG i = 0; i < b->c; i++)
        n += Prop_IsStorableType(PROP_TYPE(b->v[i]->ulPropTag)) != 0;
    Put32(o, n);
    for (ULONG i = 0; i < b->c; i++)
        if (Prop_IsStorableType(PROP_TYPE(b->v[i]->ulPropTag)))
            PutValue(o, b->v[i]);
}

static void PutSubs(OutBuf *o, const SubObjs *s)
{
    Put32(o, s->nextRowId);
    Put32(o, s->cRecips);
    for (ULONG i = 0; i < s->cRecips; i++) {
        Put32(o, s->recips[i].rowId);
        PutBag(o, &s->recips[i].props);
    }
    Put32(o, s->nextAttNum);
    Put32(o, s->cAtts);
    for (ULONG i = 0; i < s->cAtts; i++) {
        const AttachRec *a = &s->atts[i];
        Put32(o, a->num);
        PutBag(o, &a->props);
        Put8(o, a->embedded ? 1 : 0);
        if (a->embedded) {
            PutBag(o, &a->embedded->props);
            PutSubs(o, &a->embedded->subs);
        }
    }
}

/* The messages of f: runs of untouched generated ones, stored ones one by one. */
static void PutMessages(OutBuf *o, const FolderRec *f)
{
    Put32(o, f->cMsgs);
    size_t countAt = o->n;
    ULONG items = 0;
    Put32(o, 0); /* patched below */
    for (ULONG i = 0; i < f->cMsgs;) {
        const MsgRec *m = f->msgs[i];
        items++;
        if (!m->bag) {
            ULONG n = 1;
            while (i + n < f->cMsgs && !f->msgs[i + n]->bag && f->msgs[i + n]->id == m->id + n &&
                   f->msgs[i + n]->genIndex == m->genIndex + n)
                n++;
            Put8(o, 0);
            Put32(o, m->id);
            Put32(o, m->genIndex);
            Put32(o, n);
            i += n;
        } else {
            Put8(o, 1);
            Put32(o, m->id);
            Put32(o, m->genIndex);
            PutBag(o, m->bag);
            Put8(o, m->subs ? 1 : 0);
            if (m->subs)
                PutSubs(o, m->subs);
            i++;
        }
    }
    if (!o->oom) {
        BYTE *p = o->p + countAt;
        p[0] = (BYTE)items, p[1] = (BYTE)(items >> 8), p[2] = (BYTE)(items >> 16),
        p[3] = (BYTE)(items >> 24);
    }
}

/* Preorder: a parent before its children, children in their order. */
static void PutFolderTree(OutBuf *o, const FolderRec *f)
{
    Put32(o, f->id);
    Put32(o, f->parent ? f->parent->id : 0);
    Put32(o, f->folderType);
    PutBag(o, &f->props);
    PutMessages(o, f);
    for (ULONG i = 0; i < f->cChildren; i++)
        PutFolderTree(o, f->children[i]);
}

static ULONG CountTree(const FolderRec *f)
{
    ULONG n = 1;
    for (ULONG i = 0; i < f->cChildren; i++)
        n += CountTree(f->children[i]);
    return n;
}

static ULONG FolderIdOr0(const FolderRec *f) { return f ? f->id : 0; }

static void PutStore(OutBuf *o, const StoreRec *s)
{
    Put32(o, s->index);
    Put32(o, s->nextFolderId);
    Put32(o, s->nextMsgId);
    Put32(o, s->syncRuns);
    PutBag(o, &s->props);
    Put32(o, s->named.nextId);
    Put32(o, s->named.c);
    for (ULONG i = 0; i < s->named.c; i++) {
        const NamedEntry *e = &s->named.e[i];
        OutBuf_Put(o, &e->guid, 16);
        Put32(o, e->kind);
        Put32(o, (ULONG)e->lid);
        if (e->kind == MNID_STRING)
            PutStringW(o, e->name);
        Put32(o, e->propId);
    }
    const FolderRec *special[7] = {s->root, s->ipm,         s->inbox, s->outbox,
                                   s->sent, s->wastebasket, s->drafts};
    for (int i = 0; i < 7; i++)
        Put32(o, FolderIdOr0(special[i]));
    Put32(o, s->root ? CountTree(s->root) : 0);
    if (s->root)
        PutFolderTree(o, s->root);
}

static HRESULT Encode(DataSet *ds, uint64_t gen, OutBuf *o)
{
    BYTE header[HEADER_SIZE] = {0};
    OutBuf_Put(o, header, HEADER_SIZE); /* filled in once the body is known */
    Put32(o, ds->knobs.seed);
    Put32(o, ds->cStores);
    for (ULONG i = 0; i < ds->cStores; i++)
        PutStore(o, &ds->stores[i]);
    if (o->oom)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    size_t body = o->n - HEADER_SIZE;
    ULONG crc = Crc32(o->p + HEADER_SIZE, body);
    memcpy(o->p, FILE_MAGIC, 8);
    ULONG fields[5] = {FILE_VERSION, (ULONG)body, crc, (ULONG)gen, (ULONG)(gen >> 32)};
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 4; k++)
            o->p[8 + i * 4 + k] = (BYTE)(fields[i] >> (8 * k));
    return body > 0xFFFFFFFFu ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;
}

static NextIds CurrentIds(const DataSet *ds)
{
    NextIds n;
    memset(&n, 0, sizeof n);
    for (ULONG i = 0; i < ds->cStores && i < 2; i++) {
        n.folder[i] = ds->stores[i].nextFolderId;
        n.msg[i] = ds->stores[i].nextMsgId;
    }
    return n;
}

static int IdsMoved(const DataSet *ds)
{
    NextIds n = CurrentIds(ds);
    return memcmp(&n, &ds->persist->saved, sizeof n) != 0;
}

/* Writes the file; records the outcome in ds->persistHr / persistText. Under the lock. */
static HRESULT Save(DataSet *ds)
{
    Persist *p = ds->persist;
    p->attemptGen = ds->changeGen;
    OutBuf o = {0};
    uint64_t gen = p->stamp.gen + 1;
    HRESULT hr = Encode(ds, gen, &o);
    char why[300] = "out of memory";
    if (hr == S_OK && p->failArmed && p->failedSaves < ds->knobs.storeFailSaves) {
        /* store.failSaves=N: a disk that is full for the first N saves after logon */
        p->failedSaves++;
        hr = MAPI_E_NOT_ENOUGH_DISK;
        snprintf(why, sizeof why, "the disk is full (knob store.failSaves, %u of %u)",
                 (unsigned)p->failedSaves, (unsigned)ds->knobs.storeFailSaves);
    } else if (hr == S_OK && Plat_WriteFileAtomic(p->path, o.p, o.n, why, sizeof why) != PLAT_FILE_OK)
        hr = MAPI_E_DISK_ERROR;
    if (hr == S_OK) {
        p->stamp.present = 1;
        p->stamp.gen = gen;
        p->stamp.len = (ULONG)(o.n - HEADER_SIZE);
        p->stamp.crc = (ULONG)o.p[16] | ((ULONG)o.p[17] << 8) | ((ULONG)o.p[18] << 16) |
                       ((ULONG)o.p[19] << 24);
        p->saved = CurrentIds(ds);
        p->forceSave = 0;
        p->mergeError = 0;
        ds->savedGen = ds->changeGen;
        ds->persistHr = S_OK;
        ds->persistText[0] = 0;
    } else {
        p->mergeError = 0;
        ds->persistHr = hr;
        snprintf(ds->persistText, sizeof ds->persistText, "store file %s could not be written: %s",
                 p->path, why);
        Ntf_CriticalError(ds, hr, ds->persistText); /* session-wide registrations hear of it */
    }
    free(o.p);
    return hr;
}

/* ---- Comparing records as the file would hold them (merge.c) --------------------------------- */
static int SameBytes(OutBuf *a, OutBuf *b)
{
    int same = !a->oom && !b->oom && a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
    free(a->p);
    free(b->p);
    return same;
}

int Persist_SameBag(const PropBag *a, const PropBag *b)
{
    OutBuf x = {0}, y = {0};
    PutBag(&x, a);
    PutBag(&y, b);
    return SameBytes(&x, &y);
}

int Persist_SameSubs(const SubObjs *a, const SubObjs *b)
{
    static const SubObjs none; /* a message without parts is one with empty ones */
    OutBuf x = {0}, y = {0};
    PutSubs(&x, a ? a : &none);
    PutSubs(&y, b ? b : &none);
    return SameBytes(&x, &y);
}

/* ==============================================================================================
 * Reading
 * ============================================================================================ */
typedef struct In {
    const BYTE *p;
    size_t left;
    const char *bad; /* the first problem found: "truncated", "bad value type"... */
    Arena scratch;   /* one value's payload while it is decoded */
    ULONG generated; /* generated messages so far */
} In;

static int Fail(In *in, const char *why)
{
    if (!in->bad)
        in->bad = why;
    return 0;
}

static const BYTE *Take(In *in, size_t cb)
{
    if (in->bad)
        return NULL;
    if (cb > in->left) {
        Fail(in, "truncated");
        return NULL;
    }
    const BYTE *r = in->p;
    in->p += cb;
    in->left -= cb;
    return r;
}
static int Get32(In *in, ULONG *v)
{
    const BYTE *b = Take(in, 4);
    if (!b)
        return 0;
    *v = (ULONG)b[0] | ((ULONG)b[1] << 8) | ((ULONG)b[2] << 16) | ((ULONG)b[3] << 24);
    return 1;
}
static int Get8(In *in, BYTE *v)
{
    const BYTE *b = Take(in, 1);
    if (b)
        *v = *b;
    return b != NULL;
}
/* A count of items that take at least minSize bytes each: refused when the file cannot hold them,
 * so a damaged count never makes a big allocation. */
static int GetCount(In *in, size_t minSize, ULONG *n)
{
    if (!Get32(in, n))
        return 0;
    return (size_t)*n <= in->left / minSize ? 1 : Fail(in, "truncated (a count exceeds the file)");
}

static void *Scratch(In *in, size_t cb)
{
    void *p = Arena_Alloc(&in->scratch, cb ? cb : 1);
    if (!p)
        Fail(in, "out of memory");
    return p;
}

static char *GetString8(In *in)
{
    ULONG n;
    const BYTE *b;
    if (!GetCount(in, 1, &n) || !(b = Take(in, n)))
        return NULL;
    char *s = Scratch(in, (size_t)n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = 0;
    }
    return s;
}
static WCHAR *GetStringW(In *in, WCHAR *(*alloc)(In *, size_t))
{
    ULONG n;
    const BYTE *b;
    if (!GetCount(in, 2, &n) || !(b = Take(in, (size_t)n * 2)))
        return NULL;
    WCHAR *s = alloc(in, ((size_t)n + 1) * sizeof(WCHAR));
    if (s) {
        memcpy(s, b, (size_t)n * 2);
        s[n] = 0;
    }
    return s;
}
static WCHAR *ScratchW(In *in, size_t cb) { return Scratch(in, cb); }
static WCHAR *HeapW(In *in, size_t cb)
{
    WCHAR *w = malloc(cb);
    if (!w)
        Fail(in, "out of memory");
    return w;
}

static int GetValue(In *in, SPropValue *v);

/* ---- Trees, read back into in->scratch (checked by Bag_Append's Tree_*Check on the way in) ---- */
#define TREE_MAX_DEPTH 64

static int GetBytes(In *in, ULONG *cb, void **p)
{
    const BYTE *b;
    if (!GetCount(in, 1, cb) || !(b = Take(in, *cb)))
        return 0;
    *p = *cb ? (void *)b : NULL;
    return 1;
}

static int GetValues(In *in, SPropValue **out, ULONG *n)
{
    if (!GetCount(in, 6, n))
        return 0;
    *out = NULL;
    if (!*n)
        return 1;
    SPropValue *v = Scratch(in, (size_t)*n * sizeof *v);
    for (ULONG i = 0; v && i < *n; i++)
        if (!GetValue(in, &v[i]))
            return 0;
    *out = v;
    return v != NULL;
}

static int GetRes(In *in, SRestriction *r, int depth);
static int GetChild(In *in, SRestriction **out, int depth)
{
    const BYTE *has = Take(in, 1);
    *out = NULL;
    if (!has)
        return 0;
    if (!*has)
        return 1;
    SRestriction *c = Scratch(in, sizeof *c);
    *out = c;
    return c && GetRes(in, c, depth + 1);
}

static int GetRes(In *in, SRestriction *r, int depth)
{
    memset(r, 0, sizeof *r);
    if (depth > TREE_MAX_DEPTH)
        return Fail(in, "a restriction nested too deep");
    if (!Get32(in, &r->rt))
        return 0;
    ULONG n;
    switch (r->rt) {
    case RES_AND:
    case RES_OR: {
        if (!GetCount(in, 5, &n))
            return 0;
        r->res.resAnd.cRes = n;
        SRestriction *kids = n ? Scratch(in, (size_t)n * sizeof *kids) : NULL;
        if (n && !kids)
            return 0;
        r->res.resAnd.lpRes = kids;
        for (ULONG i = 0; i < n; i++)
            if (!GetRes(in, &kids[i], depth + 1))
                return 0;
        return 1;
    }
    case RES_NOT: return GetChild(in, &r->res.resNot.lpRes, depth);
    case RES_SUBRESTRICTION:
    case RES_COUNT:
        return Get32(in, &r->res.resSub.ulSubObject) && GetChild(in, &r->res.resSub.lpRes, depth);
    case RES_COMMENT:
        return GetValues(in, &r->res.resComment.lpProp, &r->res.resComment.cValues) &&
               GetChild(in, &r->res.resComment.lpRes, depth);
    case RES_CONTENT:
        return Get32(in, &r->res.resContent.ulFuzzyLevel) && Get32(in, &r->res.resContent.ulPropTag) &&
               GetValues(in, &r->res.resContent.lpProp, &n) && (n == 1 || Fail(in, "a content restriction without its value"));
    case RES_PROPERTY:
        return Get32(in, &r->res.resProperty.relop) && Get32(in, &r->res.resProperty.ulPropTag) &&
               GetValues(in, &r->res.resProperty.lpProp, &n) && (n == 1 || Fail(in, "a property restriction without its value"));
    case RES_COMPAREPROPS:
    case RES_BITMASK:
    case RES_SIZE:
    case RES_EXIST:
        return Get32(in, &r->res.resCompareProps.relop) && Get32(in, &r->res.resCompareProps.ulPropTag1) &&
               Get32(in, &r->res.resCompareProps.ulPropTag2);
    default: return Fail(in, "a restriction of an unknown type");
    }
}

static int GetActions(In *in, ACTIONS *a)
{
    memset(a, 0, sizeof *a);
    ULONG n;
    if (!Get32(in, &a->ulVersion) || !GetCount(in, 13, &n))
        return 0;
    a->cActions = n;
    ACTION *x = n ? Scratch(in, (size_t)n * sizeof *x) : NULL;
    if (n && !x)
        return 0;
    a->lpAction = x;
    for (ULONG i = 0; i < n; i++, x++) {
        ULONG type, cTags;
        memset(x, 0, sizeof *x);
        const BYTE *hasTags;
        if (!Get32(in, &type) || !Get32(in, &x->ulActionFlavor) || !Get32(in, &x->ulFlags) ||
            !GetChild(in, &x->lpRes, 0) || !(hasTags = Take(in, 1)))
            return 0;
        x->acttype = (ACTTYPE)type;
        if (*hasTags) {
            if (!GetCount(in, 4, &cTags))
                return 0;
            SPropTagArray *t = Scratch(in, CbNewSPropTagArray(cTags));
            if (!t)
                return 0;
            t->cValues = cTags;
            for (ULONG j = 0; j < cTags; j++)
                if (!Get32(in, &t->aulPropTag[j]))
                    return 0;
            x->lpPropTagArray = t;
        }
        int ok = 1;
        switch (type) {
        case OP_MOVE:
        case OP_COPY:
            ok = GetBytes(in, &x->actMoveCopy.cbStoreEntryId, (void **)&x->actMoveCopy.lpStoreEntryId) &&
                 GetBytes(in, &x->actMoveCopy.cbFldEntryId, (void **)&x->actMoveCopy.lpFldEntryId);
            break;
        case OP_REPLY:
        case OP_OOF_REPLY: {
            const BYTE *g;
            ok = GetBytes(in, &x->actReply.cbEntryId, (void **)&x->actReply.lpEntryId) &&
                 (g = Take(in, sizeof(GUID))) != NULL;
            if (ok)
                memcpy(&x->actReply.guidReplyTemplate, g, sizeof(GUID));
            break;
        }
        case OP_DEFER_ACTION: ok = GetBytes(in, &x->actDeferAction.cbData, (void **)&x->actDeferAction.pbData); break;
        case OP_BOUNCE: ok = Get32(in, (ULONG *)&x->scBounceCode); break;
        case OP_FORWARD:
        case OP_DELEGATE: {
            ULONG c;
            if (!GetCount(in, 4, &c))
                return 0;
            ADRLIST *l = Scratch(in, CbNewADRLIST(c ? c : 1));
            if (!l)
                return 0;
            l->cEntries = c;
            for (ULONG j = 0; ok && j < c; j++) {
                l->aEntries[j].ulReserved1 = 0;
                ok = GetValues(in, &l->aEntries[j].rgPropVals, &l->aEntries[j].cValues);
            }
            x->lpadrlist = l;
            break;
        }
        case OP_TAG: ok = GetValue(in, &x->propTag); break;
        case OP_DELETE:
        case OP_MARK_AS_READ: break;
        default: return Fail(in, "a rule action of an unknown type");
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* One value into v; its payload lives in in->scratch. */
static int GetValue(In *in, SPropValue *v)
{
    memset(v, 0, sizeof *v);
    ULONG tag;
    if (!Get32(in, &tag))
        return 0;
    ULONG t = PROP_TYPE(tag), base = t & ~MV_FLAG;
    if (!Prop_IsStorableType(t))
        return Fail(in, "a value of a type the store cannot hold");
    v->ulPropTag = tag;
    if (t & MV_FLAG) {
        ULONG n;
        size_t fixed = FixedSize(base), minSize = fixed ? fixed : 4;
        if (!GetCount(in, minSize, &n))
            return 0;
        v->Value.MVl.cValues = n;
        if (fixed) {
            const BYTE *b = Take(in, (size_t)n * fixed);
            void *arr = b ? Scratch(in, (size_t)n * fixed) : NULL;
            if (!arr)
                return 0;
            memcpy(arr, b, (size_t)n * fixed);
            v->Value.MVl.lpl = arr;
            return 1;
        }
        if (base == PT_BINARY) {
            SBinary *arr = Scratch(in, (size_t)n * sizeof *arr);
            for (ULONG i = 0; arr && i < n; i++) {
                const BYTE *b;
                if (!GetCount(in, 1, &arr[i].cb) || !(b = Take(in, arr[i].cb)))
                    return 0;
                arr[i].lpb = (LPBYTE)b; /* read-only: the deep copy takes it from the file */
            }
            v->Value.MVbin.lpbin = arr;
            return arr != NULL;
        }
        void **arr = Scratch(in, (size_t)n * sizeof *arr);
        for (ULONG i = 0; arr && i < n; i++)
            if (!(arr[i] = base == PT_STRING8 ? (void *)GetString8(in)
                                              : (void *)GetStringW(in, ScratchW)))
                return 0;
        v->Value.MVszA.lppszA = (LPSTR *)arr;
        return arr != NULL;
    }
    switch (t) {
    case PT_STRING8: return (v->Value.lpszA = GetString8(in)) != NULL;
    case PT_UNICODE: return (v->Value.lpszW = GetStringW(in, ScratchW)) != NULL;
    case PT_SRESTRICTION: {
        SRestriction *r = Scratch(in, sizeof *r);
        v->Value.lpv = r;
        return r && GetRes(in, r, 0) && (Tree_ResCheck(r) == S_OK || Fail(in, "a damaged restriction"));
    }
    case PT_ACTIONS: {
        ACTIONS *a = Scratch(in, sizeof *a);
        v->Value.lpv = a;
        return a && GetActions(in, a) && (Tree_ActionsCheck(a) == S_OK || Fail(in, "damaged rule actions"));
    }
    case PT_SVREID:
    case PT_BINARY: {
        const BYTE *b;
        if (!GetCount(in, 1, &v->Value.bin.cb) || !(b = Take(in, v->Value.bin.cb)))
            return 0;
        v->Value.bin.lpb = (LPBYTE)b;
        return 1;
    }
    case PT_CLSID: {
        const BYTE *b = Take(in, 16);
        GUID *g = b ? Scratch(in, sizeof *g) : NULL;
        if (!g)
            return 0;
        memcpy(g, b, 16);
        v->Value.lpguid = g;
        return 1;
    }
    default: {
        const BYTE *b = Take(in, FixedSize(t));
        if (b)
            memcpy(&v->Value, b, FixedSize(t));
        return b != NULL;
    }
    }
}

static int GetBag(In *in, PropBag *b)
{
    ULONG n;
    if (!GetCount(in, 6, &n)) /* tag + the smallest value */
        return 0;
    BYTE seen[65536 / 8] = {0};
    for (ULONG i = 0; i < n; i++) {
        SPropValue v;
        int ok = GetValue(in, &v);
        ULONG id = ok ? PROP_ID(v.ulPropTag) : 0;
        if (ok && (seen[id / 8] & (1u << (id % 8))))
            ok = Fail(in, "a property appears twice");
        if (ok) {
            seen[id / 8] |= (BYTE)(1u << (id % 8));
            if (Bag_Append(b, &v) != S_OK)
                ok = Fail(in, "out of memory");
        }
        Arena_Reset(&in->scratch);
        if (!ok)
            return 0;
    }
    return 1;
}

static int GetSubs(In *in, SubObjs *s, ULONG depth)
{
    ULONG n;
    if (!Get32(in, &s->nextRowId) || !GetCount(in, 8, &n))
        return 0;
    if (n && !(s->recips = calloc(n, sizeof *s->recips)))
        return Fail(in, "out of memory");
    s->capRecips = n;
    for (ULONG i = 0; i < n; i++) {
        RecipRec *r = &s->recips[s->cRecips++];
        if (!Get32(in, &r->rowId) || !GetBag(in, &r->props))
            return 0;
    }
    if (!Get32(in, &s->nextAttNum) || !GetCount(in, 9, &n))
        return 0;
    if (n && !(s->atts = calloc(n, sizeof *s->atts)))
        return Fail(in, "out of memory");
    s->capAtts = n;
    for (ULONG i = 0; i < n; i++) {
        AttachRec *a = &s->atts[s->cAtts++];
        BYTE emb;
        if (!Get32(in, &a->num) || !GetBag(in, &a->props) || !Get8(in, &emb))
            return 0;
        if (emb > 1)
            return Fail(in, "a bad embedded-message flag");
        if (!emb)
            continue;
        if (depth >= MAX_EMBED_DEPTH)
            return Fail(in, "embedded messages nested too deep");
        if (!(a->embedded = calloc(1, sizeof *a->embedded)))
            return Fail(in, "out of memory");
        if (!GetBag(in, &a->embedded->props) || !GetSubs(in, &a->embedded->subs, depth + 1))
            return 0;
    }
    return 1;
}

/* id -> folder while loading (open addressing over cFolders * 2 slots). */
typedef struct FolderMap {
    FolderRec **slots;
    ULONG cap;
} FolderMap;

static FolderRec **MapSlot(FolderMap *m, ULONG id)
{
    ULONG j = (id * 0x9E3779B1u) & (m->cap - 1);
    while (m->slots[j] && m->slots[j]->id != id)
        j = (j + 1) & (m->cap - 1);
    return &m->slots[j];
}

static int GetMessages(In *in, FolderRec *f, StoreRec *s)
{
    ULONG total, items, loaded = 0;
    if (!Get32(in, &total) || !GetCount(in, 13, &items))
        return 0;
    if (total > MAX_GENERATED + in->left / 14)
        return Fail(in, "too many messages");
    if (!Data_ReserveMessages(f, total))
        return Fail(in, "out of memory");
    for (ULONG it = 0; it < items; it++) {
        BYTE kind;
        ULONG id, genIndex, n = 1;
        if (!Get8(in, &kind) || !Get32(in, &id) || !Get32(in, &genIndex))
            return 0;
        if (kind > 1)
            return Fail(in, "a bad message record");
        PropBag *bag = NULL;
        SubObjs *subs = NULL;
        if (kind == 0) {
            if (!Get32(in, &n))
                return 0;
            if (n == 0 || n > MAX_GENERATED - in->generated)
                return Fail(in, "a bad run of generated messages");
            in->generated += n;
        } else {
            BYTE hasSubs;
            if (!(bag = calloc(1, sizeof *bag)))
                return Fail(in, "out of memory");
            int ok = GetBag(in, bag) && Get8(in, &hasSubs) &&
                     (hasSubs <= 1 || Fail(in, "a bad parts flag"));
            if (ok && hasSubs && !(subs = calloc(1, sizeof *subs)))
                ok = Fail(in, "out of memory");
            if (ok && subs)
                ok = GetSubs(in, subs, 0);
            if (!ok) {
                Data_LoadMessage(f, 0, 0, bag, subs); /* refuses id 0: frees bag and subs */
                return 0;
            }
        }
        if (n > total - loaded || id == 0 || id >= s->nextMsgId || n > s->nextMsgId - id) {
            if (kind)
                Data_LoadMessage(f, 0, 0, bag, subs); /* frees them */
            return Fail(in, "a message id out of range");
        }
        for (ULONG k = 0; k < n; k++)
            if (!Data_LoadMessage(f, id + k, genIndex + k, kind ? bag : NULL, kind ? subs : NULL))
                return Fail(in, "a message id used twice");
        loaded += n;
    }
    return loaded == total ? 1 : Fail(in, "a folder's message count does not match");
}

static int GetFolders(In *in, StoreRec *s, const ULONG special[7])
{
    ULONG n;
    if (!GetCount(in, 24, &n))
        return 0;
    if (n == 0)
        return Fail(in, "a store without folders");
    FolderMap map = {NULL, 1};
    while (map.cap < n * 2u)
        map.cap *= 2;
    if (!(map.slots = calloc(map.cap, sizeof *map.slots)))
        return Fail(in, "out of memory");
    FolderRec **const specialPtr[7] = {&s->root, &s->ipm,         &s->inbox, &s->outbox,
                                       &s->sent, &s->wastebasket, &s->drafts};
    int ok = 1;
    for (ULONG i = 0; i < n && ok; i++) {
        ULONG id, parentId, type;
        ok = Get32(in, &id) && Get32(in, &parentId) && Get32(in, &type);
        FolderRec *parent = NULL;
        if (ok && (id == 0 || id >= s->nextFolderId || *MapSlot(&map, id)))
            ok = Fail(in, "a bad folder id");
        if (ok && (i == 0) != (parentId == 0))
            ok = Fail(in, "a bad folder tree");
        if (ok && parentId && !(parent = *MapSlot(&map, parentId)))
            ok = Fail(in, "a folder before its parent");
        FolderRec *f = ok ? Data_LoadFolder(s, parent, id, type) : NULL;
        if (ok && !f)
            ok = Fail(in, "out of memory");
        if (ok) {
            *MapSlot(&map, id) = f;
            for (int k = 0; k < 7; k++)
                if (special[k] == id)
                    *specialPtr[k] = f; /* before the messages: Drafts' generated flags differ */
            ok = GetBag(in, &f->props) && GetMessages(in, f, s);
        }
    }
    for (int k = 0; k < 7 && ok; k++)
        if (special[k] && !*specialPtr[k])
            ok = Fail(in, "a special folder that does not exist");
    if (ok && s->root != s->folders[0])
        ok = Fail(in, "the root is not the first folder");
    free(map.slots);
    return ok;
}

static int GetNamed(In *in, NamedMap *m)
{
    ULONG n;
    if (!Get32(in, &m->nextId) || !GetCount(in, 28, &n))
        return 0;
    if (m->nextId < 0x8000u || m->nextId > 0xFFFFu)
        return Fail(in, "a bad named-property id");
    if (n && !(m->e = calloc(n, sizeof *m->e)))
        return Fail(in, "out of memory");
    m->cap = n;
    for (ULONG i = 0; i < n; i++) {
        NamedEntry *e = &m->e[m->c++];
        const BYTE *g = Take(in, 16);
        ULONG lid;
        if (!g || !Get32(in, &e->kind) || !Get32(in, &lid))
            return 0;
        memcpy(&e->guid, g, 16);
        e->lid = (LONG)lid;
        if (e->kind != MNID_ID && e->kind != MNID_STRING)
            return Fail(in, "a bad named-property kind");
        if (e->kind == MNID_STRING && !(e->name = GetStringW(in, HeapW)))
            return 0;
        if (!Get32(in, &e->propId))
            return 0;
        if (e->propId < 0x8000u || e->propId >= m->nextId)
            return Fail(in, "a bad named-property id");
    }
    return 1;
}

static int GetStore(In *in, StoreRec *s)
{
    ULONG index, special[7];
    if (!Get32(in, &index) || !Get32(in, &s->nextFolderId) || !Get32(in, &s->nextMsgId) ||
        !Get32(in, &s->syncRuns))
        return 0;
    if (index != s->index)
        return Fail(in, "stores out of order");
    if (!GetBag(in, &s->props) || !GetNamed(in, &s->named))
        return 0;
    for (int k = 0; k < 7; k++)
        if (!Get32(in, &special[k]))
            return 0;
    if (!special[0])
        return Fail(in, "a store without a root folder");
    if (!Bag_Get(&s->props, PROP_ID(PR_DISPLAY_NAME_W)))
        return Fail(in, "a store without a name");
    return GetFolders(in, s, special);
}

/* Decodes the body into ds's empty stores. */
static const char *Decode(DataSet *ds, const BYTE *body, size_t cb)
{
    In in = {body, cb, NULL, {0}, 0};
    ULONG seed, cStores;
    if (Get32(&in, &seed) && Get32(&in, &cStores)) {
        if (seed == 0 || cStores != ds->cStores)
            Fail(&in, "a bad store count or seed");
        else
            ds->knobs.seed = seed; /* the generated messages in the file were made with it */
        for (ULONG i = 0; i < ds->cStores && !in.bad; i++)
            GetStore(&in, &ds->stores[i]);
    }
    if (!in.bad && in.left)
        Fail(&in, "bytes after the end of the data");
    Arena_Free(&in.scratch);
    return in.bad;
}

static ULONG LE32(const BYTE *p)
{
    return (ULONG)p[0] | ((ULONG)p[1] << 8) | ((ULONG)p[2] << 16) | ((ULONG)p[3] << 24);
}

/* The header's fields, or the reason it is not one of ours (NULL: it is). */
static const char *ParseHeader(const BYTE *data, size_t cb, uint64_t size, ULONG *version,
                               Stamp *st)
{
    if (memcmp(data, FILE_MAGIC, cb < 8 ? cb : 8) != 0)
        return "not a sample-provider store file (no KMAPISTO header)";
    if (cb < 12)
        return "truncated";
    if ((*version = LE32(data + 8)) != FILE_VERSION)
        return "written by another format version";
    if (cb < HEADER_SIZE)
        return "truncated";
    st->present = 1;
    st->len = LE32(data + 12);
    st->crc = LE32(data + 16);
    st->gen = LE32(data + 20) | ((uint64_t)LE32(data + 24) << 32);
    if (size < (uint64_t)HEADER_SIZE + st->len)
        return "truncated";
    if (size > (uint64_t)HEADER_SIZE + st->len)
        return "longer than its header says";
    return NULL;
}

/* Reads and checks the file, and decodes it into `into`'s empty stores. S_OK with
 * st->present = 0: there is no file. */
static HRESULT ReadStore(const char *path, DataSet *into, Stamp *st, char *err, size_t cbErr)
{
    memset(st, 0, sizeof *st);
    BYTE *data = NULL;
    size_t cb = 0;
    uint64_t size = 0;
    char why[300];
    int r = Plat_ReadFile(path, HEADER_SIZE, &data, &cb, &size, why, sizeof why);
    if (r == PLAT_FILE_NOT_FOUND)
        return S_OK;
    if (r != PLAT_FILE_OK) {
        snprintf(err, cbErr, "store file %s cannot be read: %s", path, why);
        return MAPI_E_DISK_ERROR;
    }
    ULONG version = 0;
    const char *bad = ParseHeader(data, cb, size, &version, st);
    free(data);
    data = NULL;
    if (!bad) {
        r = Plat_ReadFile(path, (size_t)HEADER_SIZE + st->len, &data, &cb, &size, why, sizeof why);
        if (r != PLAT_FILE_OK) {
            snprintf(err, cbErr, "store file %s cannot be read: %s", path, why);
            return r == PLAT_FILE_ERROR && strstr(why, "out of memory") ? MAPI_E_NOT_ENOUGH_MEMORY
                                                                        : MAPI_E_DISK_ERROR;
        }
        /* The lock keeps savers out, so this is the file whose header was just read. */
        if (cb != (size_t)HEADER_SIZE + st->len)
            bad = "truncated";
        else if (Crc32(data + HEADER_SIZE, st->len) != st->crc)
            bad = "damaged (checksum mismatch)";
        else
            bad = Decode(into, data + HEADER_SIZE, st->len);
        free(data);
    }
    if (bad) {
        int oom = strcmp(bad, "out of memory") == 0;
        snprintf(err, cbErr, "store file %s is %s%s", path, oom ? "too big to load: " : "", bad);
        return oom ? MAPI_E_NOT_ENOUGH_MEMORY : MAPI_E_CORRUPT_STORE;
    }
    return S_OK;
}

/* The header alone (a transaction's first look): 0 when it cannot be read, st->present = 0 when
 * there is no file. A header that is not ours reads as a stamp no save makes, so the merge runs
 * and names the problem. */
static int ReadStamp(const char *path, Stamp *st)
{
    memset(st, 0, sizeof *st);
    BYTE *data = NULL;
    size_t cb = 0;
    uint64_t size = 0;
    char why[300];
    int r = Plat_ReadFile(path, HEADER_SIZE, &data, &cb, &size, why, sizeof why);
    if (r == PLAT_FILE_NOT_FOUND)
        return 1;
    if (r != PLAT_FILE_OK)
        return 0;
    ULONG version = 0;
    if (ParseHeader(data, cb, size, &version, st)) {
        st->present = 2; /* never equal to a stamp of ours */
        st->gen = 0;
    }
    free(data);
    return 1;
}

static int SameStamp(const Stamp *a, const Stamp *b)
{
    return a->present == b->present && a->gen == b->gen && a->len == b->len && a->crc == b->crc;
}

/* ==============================================================================================
 * The data set's side: transactions
 *
 * The file lock is held only during a transaction: from the outermost DS_Lock (Persist_Begin)
 * to the outermost DS_Unlock (Persist_AfterChange, after the save). A transaction that finds the
 * file's stamp moved merges the file into the data set first (merge.c), so it always changes the
 * latest state and its save loses nobody's update.
 * ============================================================================================ */
static void Record(DataSet *ds, HRESULT hr, const char *text)
{
    ds->persistHr = hr;
    snprintf(ds->persistText, sizeof ds->persistText, "%s", text);
}

static int Acquire(DataSet *ds)
{
    Persist *p = ds->persist;
    char why[300], text[1400];
    if (Plat_FileLockAcquire(p->lock, why, sizeof why) != PLAT_FILE_OK) {
        snprintf(text, sizeof text, "store file %s cannot be locked: %s", p->path, why);
        Record(ds, MAPI_E_DISK_ERROR, text);
        p->mergeError = 1; /* cleared by the next transaction that gets the lock and merges */
        return 0;
    }
    p->locked = 1;
    return 1;
}

/* The file into a scratch data set, then into ds through the Data_* change functions. */
static void MergeFile(DataSet *ds)
{
    Persist *p = ds->persist;
    char err[1400] = "out of memory";
    DataSet *tmp = calloc(1, sizeof *tmp);
    HRESULT hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Stamp st;
    memset(&st, 0, sizeof st);
    NextIds ids;
    if (tmp) {
        tmp->knobs = ds->knobs;
        tmp->cStores = ds->cStores;
        for (ULONG i = 0; i < tmp->cStores; i++)
            Data_InitStore(&tmp->stores[i], tmp, i + 1);
        hr = ReadStore(p->path, tmp, &st, err, sizeof err);
        ids = CurrentIds(tmp);
        if (hr == S_OK && st.present)
            hr = Merge_Apply(ds, tmp, err, sizeof err);
        for (ULONG i = 0; i < tmp->cStores; i++)
            Data_FreeStore(&tmp->stores[i]);
        free(tmp);
    }
    if (hr != S_OK) {
        p->mergeFailed = 1; /* nothing is saved over a file this logon could not read */
        p->mergeError = 1;
        Record(ds, hr, err);
        return;
    }
    if (p->mergeError) { /* the file reads again: the failure it caused is over */
        p->mergeError = 0;
        Record(ds, S_OK, "");
    }
    p->stamp = st;
    if (!st.present) {
        p->forceSave = 1; /* deleted under us: the others' next transaction finds it again */
        return;
    }
    /* The data set now is the file (and what only this logon holds: ids it handed out). */
    p->saved = ids;
    ds->savedGen = p->attemptGen = ds->changeGen;
}

void Persist_Begin(DataSet *ds)
{
    Persist *p = ds->persist;
    if (!p->ready || p->closed || p->locked || !Acquire(ds))
        return;
    p->mergeFailed = 0;
    Stamp now;
    if (ReadStamp(p->path, &now) && SameStamp(&now, &p->stamp))
        return;
    MergeFile(ds);
}

static int SaveDue(DataSet *ds)
{
    Persist *p = ds->persist;
    return p->forceSave || IdsMoved(ds) ||
           (ds->changeGen != ds->savedGen && (ds->changeGen != p->attemptGen || ds->loggedOff));
}

/* Logoff (lock held): the lock file is closed and the watcher told to stop; changes made after
 * this stay in memory. */
static void Shutdown(DataSet *ds)
{
    Persist *p = ds->persist;
    p->closed = 1;
    Merge_StopWatcher(p->watcher, 0);
    Plat_FileLockClose(p->lock);
    p->lock = NULL;
}

void Persist_AfterChange(DataSet *ds)
{
    Persist *p = ds->persist;
    if (!p->ready || p->closed)
        return;
    if (p->locked) {
        if (!p->mergeFailed && SaveDue(ds))
            Save(ds);
        Plat_FileLockRelease(p->lock);
        p->locked = 0;
    }
    if (ds->loggedOff)
        Shutdown(ds);
}

/* ==============================================================================================
 * The data set's side: opening and closing
 * ============================================================================================ */
HRESULT Persist_Open(DataSet *ds, int *loaded, char *err, size_t cbErr)
{
    *loaded = 0;
    Persist *p = calloc(1, sizeof *p);
    if (!p)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    strcpy(p->path, ds->knobs.store);
    ds->persist = p;
    /* The lock is a file of its own: the store file is replaced by a rename at every save, and a
     * lock on it would stay with the old file (POSIX), or block the rename (Windows). */
    char lockPath[KNOBS_MAX_PATH + 8], why[300];
    snprintf(lockPath, sizeof lockPath, "%s.lock", p->path);
    if (Plat_FileLockOpen(lockPath, &p->lock, why, sizeof why) != PLAT_FILE_OK ||
        Plat_FileLockAcquire(p->lock, why, sizeof why) != PLAT_FILE_OK) {
        snprintf(err, cbErr, "store file %s cannot be locked (%s): %s", p->path, lockPath, why);
        return MAPI_E_DISK_ERROR;
    }
    p->locked = 1; /* until Persist_Ready: two logons starting at once generate the file once */
    HRESULT hr = ReadStore(p->path, ds, &p->stamp, err, cbErr);
    *loaded = hr == S_OK && p->stamp.present;
    return hr;
}

HRESULT Persist_Ready(DataSet *ds, int save, char *err, size_t cbErr)
{
    Persist *p = ds->persist;
    p->ready = 1;
    ds->savedGen = p->attemptGen = ds->changeGen;
    p->saved = CurrentIds(ds);
    HRESULT hr = save ? Save(ds) : S_OK;
    p->failArmed = 1;
    Plat_FileLockRelease(p->lock);
    p->locked = 0;
    if (hr != S_OK) {
        snprintf(err, cbErr, "%s", ds->persistText);
        return hr;
    }
    ULONG poll = ds->knobs.hasStorePoll ? ds->knobs.storePoll : KNOBS_DEFAULT_STORE_POLL;
    if (poll && !(p->watcher = Merge_StartWatcher(ds, poll))) {
        snprintf(err, cbErr, "store file %s: cannot start the store.poll thread", p->path);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

void Persist_Close(DataSet *ds)
{
    Persist *p = ds->persist;
    if (!p)
        return;
    /* The last reference is gone, so only the watcher can still be inside: it goes first. */
    Merge_StopWatcher(p->watcher, 1);
    p->watcher = NULL;
    if (p->ready && !p->closed && !p->locked && SaveDue(ds))
        Persist_Begin(ds); /* a save is due (no Logoff): merge first, as any transaction */
    if (p->ready && !p->closed && p->locked && !p->mergeFailed && SaveDue(ds))
        Save(ds);
    if (p->locked)
        Plat_FileLockRelease(p->lock);
    Plat_FileLockClose(p->lock);
    free(p);
    ds->persist = NULL;
}
