/*
 * data.c - the data set of a logon: stores, folders, messages, entry ids, computed properties and
 * the deterministic message generator. See data.h and README.md ("Data", "Entry ids").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "notify.h"
#include "persist.h"

/* "KMAPI-SAMPLE-EID": the provider's MAPIUID inside every entry id. */
static const BYTE g_providerUid[16] = {'K', 'M', 'A', 'P', 'I', '-', 'S', 'A',
                                       'M', 'P', 'L', 'E', '-', 'E', 'I', 'D'};

/* ==============================================================================================
 * Small helpers
 * ============================================================================================ */
static ULONG BagFlags(const PropBag *bag);

static void PutLE32(BYTE *p, ULONG v)
{
    p[0] = (BYTE)v;
    p[1] = (BYTE)(v >> 8);
    p[2] = (BYTE)(v >> 16);
    p[3] = (BYTE)(v >> 24);
}
static ULONG GetLE32(const BYTE *p)
{
    return (ULONG)p[0] | ((ULONG)p[1] << 8) | ((ULONG)p[2] << 16) | ((ULONG)p[3] << 24);
}

SPropValue *Val_New(Arena *a, ULONG tag)
{
    SPropValue *v = Arena_Alloc(a, sizeof *v);
    if (v) {
        memset(v, 0, sizeof *v);
        v->ulPropTag = tag;
    }
    return v;
}
const SPropValue *Val_Long(Arena *a, ULONG tag, LONG l)
{
    SPropValue *v = Val_New(a, tag);
    if (v)
        v->Value.l = l;
    return v;
}
const SPropValue *Val_Bool(Arena *a, ULONG tag, int b)
{
    SPropValue *v = Val_New(a, tag);
    if (v)
        v->Value.b = (uint16_t)(b ? 1 : 0);
    return v;
}
const SPropValue *Val_Bin(Arena *a, ULONG tag, const void *data, ULONG cb)
{
    SPropValue *v = Val_New(a, tag);
    BYTE *p = Arena_Alloc(a, cb ? cb : 1);
    if (!v || !p)
        return NULL;
    memcpy(p, data, cb);
    v->Value.bin.cb = cb;
    v->Value.bin.lpb = p;
    return v;
}
const SPropValue *Val_WStr(Arena *a, ULONG tag, const WCHAR *s)
{
    SPropValue *v = Val_New(a, tag);
    if (v)
        v->Value.lpszW = (LPWSTR)s; /* static or arena string, read-only for the caller */
    return v;
}

/* prefix + ASCII text formatted with fmt, as a UTF-16 string in the arena. */
static WCHAR *WFormat(Arena *a, const WCHAR *prefix, const char *fmt, ...) PRINTF_LIKE(3, 4);
static WCHAR *WFormat(Arena *a, const WCHAR *prefix, const char *fmt, ...)
{
    char tail[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tail, sizeof tail, fmt, ap);
    va_end(ap);
    size_t np = prefix ? WStrLen(prefix) : 0, nt = strlen(tail);
    WCHAR *w = Arena_Alloc(a, (np + nt + 1) * sizeof(WCHAR));
    if (!w)
        return NULL;
    if (np)
        memcpy(w, prefix, np * sizeof(WCHAR));
    for (size_t i = 0; i <= nt; i++)
        w[np + i] = (WCHAR)(unsigned char)tail[i];
    return w;
}

static int WStrEqualI(const WCHAR *a, const WCHAR *b)
{
    for (;; a++, b++) {
        if (FoldCase(*a) != FoldCase(*b))
            return 0;
        if (!*a)
            return 1;
    }
}

/* ==============================================================================================
 * Message index (id -> MsgRec)
 * ============================================================================================ */
#define IDX_TOMB ((MsgRec *)(uintptr_t)1)

static ULONG IdxHash(ULONG id) { return id * 0x9E3779B1u; }

static int Idx_Grow(MsgIndex *x, ULONG minCap)
{
    ULONG cap = x->cap ? x->cap : 64;
    while (cap < minCap || (x->used + 1) * 4 >= cap * 3)
        cap *= 2;
    MsgRec **slots = calloc(cap, sizeof *slots);
    if (!slots)
        return 0;
    for (ULONG i = 0; i < x->cap; i++) {
        MsgRec *m = x->slots[i];
        if (m && m != IDX_TOMB) {
            ULONG j = IdxHash(m->id) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = m;
        }
    }
    free(x->slots);
    x->slots = slots;
    x->cap = cap;
    x->tomb = 0;
    return 1;
}

static int Idx_Put(MsgIndex *x, MsgRec *m)
{
    if ((x->used + x->tomb + 1) * 4 >= x->cap * 3 && !Idx_Grow(x, 0))
        return 0;
    ULONG j = IdxHash(m->id) & (x->cap - 1);
    while (x->slots[j] && x->slots[j] != IDX_TOMB)
        j = (j + 1) & (x->cap - 1);
    if (x->slots[j] == IDX_TOMB)
        x->tomb--;
    x->slots[j] = m;
    x->used++;
    return 1;
}

static MsgRec **Idx_Slot(MsgIndex *x, ULONG id)
{
    if (!x->cap)
        return NULL;
    ULONG j = IdxHash(id) & (x->cap - 1);
    while (x->slots[j]) {
        if (x->slots[j] != IDX_TOMB && x->slots[j]->id == id)
            return &x->slots[j];
        j = (j + 1) & (x->cap - 1);
    }
    return NULL;
}

static void Idx_Remove(MsgIndex *x, ULONG id)
{
    MsgRec **s = Idx_Slot(x, id);
    if (s) {
        *s = IDX_TOMB;
        x->used--;
        x->tomb++;
    }
}

/* ==============================================================================================
 * The generator
 *
 * Message i (0-based, n = i + 1) of a folder, with k = i + 7 * (seed - 1):
 *   PR_SUBJECT_W               SUBJECTS[k % 10] + " #" + n
 *   PR_SENDER_NAME_W / _EMAIL  SENDERS[k % 6]
 *   PR_MESSAGE_FLAGS           MSGFLAG_READ unless k % 3 == 0, | MSGFLAG_HASATTACH if k % 5 == 0
 *                              (Drafts: MSGFLAG_UNSENT | MSGFLAG_READ)
 *   PR_IMPORTANCE              k % 3
 *   PR_MESSAGE_DELIVERY_TIME   2026-01-05T08:00:00Z + i hours + (k * 37) % 3600 seconds
 *   ... (README.md "Data" lists every property)
 * ============================================================================================ */
static const WCHAR *const g_subjects[10] = {
    u"Quarterly report",       u"Caf\u00E9 meeting \u2713",
    u"\u65E5\u672C trip plan", u"Re: Budget review",
    u"Weekly status",          u"R\u00E9sum\u00E9 draft",
    u"Lunch on Friday?",       u"\u2713 Done: migration",
    u"Invoice 2026-001",       u"\u00DCber-long thread \u2014 follow-up",
};
static const struct {
    const WCHAR *name;
    const WCHAR *email;
} g_senders[6] = {
    {u"Alice Martin", u"alice@example.com"},
    {u"Bob Chen", u"bob@example.com"},
    {u"Chlo\u00E9 Dubois", u"chloe@example.fr"},
    {u"\u7530\u4E2D \u592A\u90CE", u"tanaka@example.jp"},
    {u"Dmitri Ivanov", u"dmitri@example.com"},
    {u"Eve Adams", u"eve@example.org"},
};

void Data_Sender(ULONG i, const WCHAR **name, const WCHAR **email)
{
    *name = g_senders[i % ARRAY_COUNT(g_senders)].name;
    *email = g_senders[i % ARRAY_COUNT(g_senders)].email;
}

/* 2026-01-05T08:00:00Z as a FILETIME count. */
#define GEN_BASE_FILETIME ((1767600000ull + 11644473600ull) * 10000000ull)
#define FT_SECOND 10000000ull

/* Every property a generated message has, in GetProps(NULL) order. */
static const ULONG g_genTags[] = {
    PR_MESSAGE_CLASS_A,        PR_SUBJECT_W,          PR_SENDER_NAME_W,
    PR_SENDER_EMAIL_ADDRESS_W, PR_DISPLAY_TO_W,       PR_BODY_W,
    PR_MESSAGE_FLAGS,          PR_IMPORTANCE,         PR_HASATTACH,
    PR_MESSAGE_DELIVERY_TIME,  PR_CLIENT_SUBMIT_TIME, PR_CREATION_TIME,
    PR_LAST_MODIFICATION_TIME, PR_SEARCH_KEY,         PR_CONVERSATION_INDEX,
    PR_INTERNET_MESSAGE_ID_W,  PROP_SAMPLE_KEYWORDS,  PROP_SAMPLE_COUNTER,
    PROP_SAMPLE_SCORE,         PROP_SAMPLE_CLSID,     PROP_SAMPLE_FLAGGED,
    PROP_SAMPLE_NUMBERS,       PROP_SAMPLE_ANSI,      PROP_SAMPLE_SHORT,
    PROP_SAMPLE_FLOAT,         PROP_SAMPLE_PRICE,     PROP_SAMPLE_APPTIME,
    PROP_SAMPLE_DATES,         PROP_SAMPLE_BLOBS,     PROP_SAMPLE_TAGS8,
};

static ULONG GenK(const FolderRec *f, ULONG i) { return i + 7u * (f->store->ds->knobs.seed - 1u); }

static ULONG GenFlags(const FolderRec *f, ULONG i)
{
    if (f == f->store->drafts)
        return MSGFLAG_UNSENT | MSGFLAG_READ;
    ULONG k = GenK(f, i);
    return (k % 3 == 0 ? 0 : MSGFLAG_READ) | (k % 5 == 0 ? MSGFLAG_HASATTACH : 0);
}

static uint64_t GenTime(const FolderRec *f, ULONG i)
{
    ULONG k = GenK(f, i);
    return GEN_BASE_FILETIME + (uint64_t)i * 3600u * FT_SECOND +
           (uint64_t)((k * 37u) % 3600u) * FT_SECOND;
}

static FILETIME ToFileTime(uint64_t t)
{
    FILETIME ft;
    ft.dwLowDateTime = (DWORD)t;
    ft.dwHighDateTime = (DWORD)(t >> 32);
    return ft;
}

static const SPropValue *Gen_Prop(const FolderRec *f, ULONG i, ULONG propId, Arena *a)
{
    ULONG n = i + 1, k = GenK(f, i);
    SPropValue *v = NULL;
    switch (propId) {
    case PROP_ID(PR_MESSAGE_CLASS_A):
        if ((v = Val_New(a, PR_MESSAGE_CLASS_A)))
            v->Value.lpszA = "IPM.Note";
        return v;
    case PROP_ID(PR_SUBJECT_W):
        if ((v = Val_New(a, PR_SUBJECT_W)))
            v->Value.lpszW = WFormat(a, g_subjects[k % 10], " #%lu", (unsigned long)n);
        return v && v->Value.lpszW ? v : NULL;
    case PROP_ID(PR_SENDER_NAME_W): return Val_WStr(a, PR_SENDER_NAME_W, g_senders[k % 6].name);
    case PROP_ID(PR_SENDER_EMAIL_ADDRESS_W):
        return Val_WStr(a, PR_SENDER_EMAIL_ADDRESS_W, g_senders[k % 6].email);
    case PROP_ID(PR_DISPLAY_TO_W): return Val_WStr(a, PR_DISPLAY_TO_W, u"Sample User");
    case PROP_ID(PR_BODY_W): {
        /* "Hello,\r\n\r\nThis is sample message #n: <subject>.\r\n\r\nGrüße,\r\n<sender>\r\n" */
        const WCHAR *subj = g_subjects[k % 10], *sender = g_senders[k % 6].name;
        WCHAR *head =
            WFormat(a, u"Hello,\r\n\r\nThis is sample message #", "%lu: ", (unsigned long)n);
        if (!head || !(v = Val_New(a, PR_BODY_W)))
            return NULL;
        static const WCHAR mid[] = u".\r\n\r\nGr\u00FC\u00DFe,\r\n";
        size_t nh = WStrLen(head), ns = WStrLen(subj), nm = WStrLen(mid), nn = WStrLen(sender);
        WCHAR *w = Arena_Alloc(a, (nh + ns + nm + nn + 3) * sizeof(WCHAR));
        if (!w)
            return NULL;
        WCHAR *p = w;
        memcpy(p, head, nh * 2), p += nh;
        memcpy(p, subj, ns * 2), p += ns;
        memcpy(p, mid, nm * 2), p += nm;
        memcpy(p, sender, nn * 2), p += nn;
        *p++ = '\r', *p++ = '\n', *p = 0;
        v->Value.lpszW = w;
        return v;
    }
    case PROP_ID(PR_MESSAGE_FLAGS): return Val_Long(a, PR_MESSAGE_FLAGS, (LONG)GenFlags(f, i));
    case PROP_ID(PR_IMPORTANCE): return Val_Long(a, PR_IMPORTANCE, (LONG)(k % 3));
    case PROP_ID(PR_HASATTACH): return Val_Bool(a, PR_HASATTACH, k % 5 == 0);
    case PROP_ID(PR_MESSAGE_DELIVERY_TIME):
    case PROP_ID(PR_CLIENT_SUBMIT_TIME):
    case PROP_ID(PR_CREATION_TIME):
    case PROP_ID(PR_LAST_MODIFICATION_TIME): {
        uint64_t t = GenTime(f, i);
        if (propId == PROP_ID(PR_CLIENT_SUBMIT_TIME))
            t -= 90u * FT_SECOND;
        if ((v = Val_New(a, PROP_TAG(PT_SYSTIME, propId))))
            v->Value.ft = ToFileTime(t);
        return v;
    }
    case PROP_ID(PR_SEARCH_KEY): {
        BYTE sk[16] = {'S', 'A', 'M', 'P', 'L', 'E', 'S', 'K'};
        PutLE32(sk + 8, f->id);
        PutLE32(sk + 12, n);
        return Val_Bin(a, PR_SEARCH_KEY, sk, sizeof sk);
    }
    case PROP_ID(PR_CONVERSATION_INDEX): {
        /* 22 bytes: header 01 + 5 zero bytes, then "KMAPIC", the folder id, the conversation
         * number (messages 3j, 3j+1 and 3j+2 share conversation j) and 2 zero bytes. */
        BYTE ci[22] = {0x01, 0, 0, 0, 0, 0, 'K', 'M', 'A', 'P', 'I', 'C'};
        PutLE32(ci + 12, f->id);
        PutLE32(ci + 16, i / 3);
        return Val_Bin(a, PR_CONVERSATION_INDEX, ci, sizeof ci);
    }
    case PROP_ID(PR_INTERNET_MESSAGE_ID_W):
        if ((v = Val_New(a, PR_INTERNET_MESSAGE_ID_W)))
            v->Value.lpszW = WFormat(a, NULL, "<%lu.f%lu.s%lu@sample.kmapi>", (unsigned long)n,
                                     (unsigned long)f->id, (unsigned long)f->store->index);
        return v && v->Value.lpszW ? v : NULL;
    case PROP_ID(PROP_SAMPLE_KEYWORDS): {
        static const WCHAR *const k0[] = {u"Red"};
        static const WCHAR *const k1[] = {u"Blue", u"\u65E5\u672C"};
        static const WCHAR *const k3[] = {u"Green", u"\u2713 Done", u"Caf\u00E9"};
        const WCHAR *const *list = NULL;
        ULONG c = 0;
        switch (k % 4) {
        case 0: list = k0, c = 1; break;
        case 1: list = k1, c = 2; break;
        case 3: list = k3, c = 3; break;
        default: return NULL; /* every fourth message has no keywords */
        }
        if ((v = Val_New(a, PROP_SAMPLE_KEYWORDS))) {
            v->Value.MVszW.cValues = c;
            v->Value.MVszW.lppszW = (LPWSTR *)list;
        }
        return v;
    }
    case PROP_ID(PROP_SAMPLE_COUNTER):
        if ((v = Val_New(a, PROP_SAMPLE_COUNTER)))
            v->Value.li.QuadPart = (LONGLONG)n * 10000000019LL;
        return v;
    case PROP_ID(PROP_SAMPLE_SCORE):
        if ((v = Val_New(a, PROP_SAMPLE_SCORE)))
            v->Value.dbl = n * 1.25;
        return v;
    case PROP_ID(PROP_SAMPLE_CLSID): {
        GUID *g = Arena_Alloc(a, sizeof *g);
        if (!g || !(v = Val_New(a, PROP_SAMPLE_CLSID)))
            return NULL;
        static const BYTE d4[8] = {'K', 'M', 'A', 'P', 'I', 0, 0, 1};
        g->Data1 = n;
        g->Data2 = 0x5A4D;
        g->Data3 = 0x0001;
        memcpy(g->Data4, d4, 8);
        v->Value.lpguid = g;
        return v;
    }
    case PROP_ID(PROP_SAMPLE_FLAGGED): return Val_Bool(a, PROP_SAMPLE_FLAGGED, k % 2 == 1);
    case PROP_ID(PROP_SAMPLE_NUMBERS): {
        LONG *l = Arena_Alloc(a, 3 * sizeof *l);
        if (!l || !(v = Val_New(a, PROP_SAMPLE_NUMBERS)))
            return NULL;
        l[0] = (LONG)n, l[1] = (LONG)(2 * n), l[2] = (LONG)(3 * n);
        v->Value.MVl.cValues = 3;
        v->Value.MVl.lpl = l;
        return v;
    }
    case PROP_ID(PROP_SAMPLE_ANSI): {
        char *s = Arena_Alloc(a, 32);
        if (!s || !(v = Val_New(a, PROP_SAMPLE_ANSI)))
            return NULL;
        snprintf(s, 32, "ansi-%lu", (unsigned long)n);
        v->Value.lpszA = s;
        return v;
    }
    case PROP_ID(PROP_SAMPLE_SHORT):
        if ((v = Val_New(a, PROP_SAMPLE_SHORT)))
            v->Value.i = (int16_t)((LONG)(k % 1000) - 500);
        return v;
    case PROP_ID(PROP_SAMPLE_FLOAT):
        if ((v = Val_New(a, PROP_SAMPLE_FLOAT)))
            v->Value.flt = (float)n * 0.5f;
        return v;
    case PROP_ID(PROP_SAMPLE_PRICE):
        if ((v = Val_New(a, PROP_SAMPLE_PRICE)))
            v->Value.cur.int64 = (LONGLONG)n * 12345; /* n * 1.2345 in CURRENCY units */
        return v;
    case PROP_ID(PROP_SAMPLE_APPTIME):
        if ((v = Val_New(a, PROP_SAMPLE_APPTIME)))
            v->Value.at = 46027.0 + i / 24.0; /* OLE date: 2026-01-05 + i hours */
        return v;
    case PROP_ID(PROP_SAMPLE_DATES): {
        FILETIME *ft = Arena_Alloc(a, 2 * sizeof *ft);
        if (!ft || !(v = Val_New(a, PROP_SAMPLE_DATES)))
            return NULL;
        uint64_t t = GenTime(f, i);
        ft[0] = ToFileTime(t);
        ft[1] = ToFileTime(t + 86400u * FT_SECOND);
        v->Value.MVft.cValues = 2;
        v->Value.MVft.lpft = ft;
        return v;
    }
    case PROP_ID(PROP_SAMPLE_BLOBS): {
        SBinary *b = Arena_Alloc(a, 2 * sizeof *b);
        BYTE *d = Arena_Alloc(a, 8);
        if (!b || !d || !(v = Val_New(a, PROP_SAMPLE_BLOBS)))
            return NULL;
        d[0] = 1, d[1] = 2, d[2] = 3;
        PutLE32(d + 4, n);
        b[0].cb = 3, b[0].lpb = d;
        b[1].cb = 4, b[1].lpb = d + 4;
        v->Value.MVbin.cValues = 2;
        v->Value.MVbin.lpbin = b;
        return v;
    }
    case PROP_ID(PROP_SAMPLE_TAGS8): {
        LPSTR *arr = Arena_Alloc(a, 2 * sizeof *arr);
        char *s = Arena_Alloc(a, 32);
        if (!arr || !s || !(v = Val_New(a, PROP_SAMPLE_TAGS8)))
            return NULL;
        snprintf(s, 32, "beta-%lu", (unsigned long)n);
        arr[0] = "alpha";
        arr[1] = s;
        v->Value.MVszA.cValues = 2;
        v->Value.MVszA.lppszA = arr;
        return v;
    }
    default: return NULL;
    }
}

/* ==============================================================================================
 * Folders and stores
 * ============================================================================================ */
static int Store_AddFolderToList(StoreRec *s, FolderRec *f)
{
    if (s->cFolders == s->capFolders) {
        ULONG cap = s->capFolders ? s->capFolders * 2 : 16;
        FolderRec **p = realloc(s->folders, cap * sizeof *p);
        if (!p)
            return 0;
        s->folders = p;
        s->capFolders = cap;
    }
    s->folders[s->cFolders++] = f;
    return 1;
}

static void Store_RemoveFolderFromList(StoreRec *s, FolderRec *f)
{
    for (ULONG i = 0; i < s->cFolders; i++) {
        if (s->folders[i] == f) {
            memmove(&s->folders[i], &s->folders[i + 1], (s->cFolders - i - 1) * sizeof *s->folders);
            s->cFolders--;
            return;
        }
    }
}

static int Folder_AddChild(FolderRec *parent, FolderRec *child)
{
    if (parent->cChildren == parent->capChildren) {
        ULONG cap = parent->capChildren ? parent->capChildren * 2 : 8;
        FolderRec **p = realloc(parent->children, cap * sizeof *p);
        if (!p)
            return 0;
        parent->children = p;
        parent->capChildren = cap;
    }
    parent->children[parent->cChildren++] = child;
    return 1;
}

static void Folder_RemoveChild(FolderRec *parent, FolderRec *child)
{
    for (ULONG i = 0; i < parent->cChildren; i++) {
        if (parent->children[i] == child) {
            memmove(&parent->children[i], &parent->children[i + 1],
                    (parent->cChildren - i - 1) * sizeof *parent->children);
            parent->cChildren--;
            return;
        }
    }
}

static int Folder_AppendMsg(FolderRec *f, MsgRec *m)
{
    if (f->cMsgs == f->capMsgs) {
        ULONG cap = f->capMsgs ? f->capMsgs * 2 : 16;
        MsgRec **p = realloc(f->msgs, cap * sizeof *p);
        if (!p)
            return 0;
        f->msgs = p;
        f->capMsgs = cap;
    }
    f->msgs[f->cMsgs++] = m;
    return 1;
}

static void FreeMsgRec(MsgRec *m)
{
    if (m->bag) {
        Bag_Free(m->bag);
        free(m->bag);
        m->bag = NULL;
    }
    if (m->subs) {
        Subs_Free(m->subs);
        free(m->subs);
        m->subs = NULL;
    }
    if (!m->pooled)
        free(m);
}

static void FolderRec_Free(FolderRec *f)
{
    for (ULONG i = 0; i < f->cMsgs; i++)
        FreeMsgRec(f->msgs[i]);
    free(f->msgs);
    free(f->pool);
    free(f->children);
    Bag_Free(&f->props);
    free(f);
}

void FolderRec_AddRef(FolderRec *f) { f->cRef++; }

void FolderRec_Release(FolderRec *f)
{
    if (--f->cRef == 0)
        FolderRec_Free(f);
}

static HRESULT SetWString(PropBag *b, ULONG tag, const WCHAR *s)
{
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = tag;
    v.Value.lpszW = (LPWSTR)s;
    return Bag_Set(b, &v);
}

/* A folder record with the given id in the tree; name NULL: no properties yet (persist.c). */
static FolderRec *NewFolderWithId(StoreRec *s, FolderRec *parent, ULONG id, ULONG type,
                                  const WCHAR *name, const WCHAR *containerClass)
{
    FolderRec *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->cRef = 1; /* the tree's reference */
    f->store = s;
    f->id = id;
    f->parent = parent;
    f->folderType = type;
    if ((name && SetWString(&f->props, PR_DISPLAY_NAME_W, name) != S_OK) ||
        (containerClass && SetWString(&f->props, PR_CONTAINER_CLASS_W, containerClass) != S_OK) ||
        !Store_AddFolderToList(s, f) || (parent && !Folder_AddChild(parent, f))) {
        if (s->cFolders && s->folders[s->cFolders - 1] == f)
            s->cFolders--;
        Bag_Free(&f->props);
        free(f);
        return NULL;
    }
    return f;
}

static FolderRec *NewFolder(StoreRec *s, FolderRec *parent, ULONG type, const WCHAR *name,
                            const WCHAR *containerClass)
{
    FolderRec *f = NewFolderWithId(s, parent, s->nextFolderId, type, name, containerClass);
    if (f)
        s->nextFolderId++;
    return f;
}

/* Generates `count` messages in f. */
static int GenerateMessages(FolderRec *f, ULONG count)
{
    if (!count)
        return 1;
    StoreRec *s = f->store;
    f->pool = calloc(count, sizeof *f->pool);
    f->msgs = malloc(count * sizeof *f->msgs);
    if (!f->pool || !f->msgs)
        return 0;
    f->capMsgs = count;
    if (!Idx_Grow(&s->msgIndex, (s->msgIndex.used + count) * 2))
        return 0;
    for (ULONG i = 0; i < count; i++) {
        MsgRec *m = &f->pool[i];
        m->id = s->nextMsgId++;
        m->folder = f;
        m->genIndex = i;
        m->pooled = 1;
        m->flags = GenFlags(f, i);
        if (!(m->flags & MSGFLAG_READ))
            f->cUnread++;
        f->msgs[f->cMsgs++] = m;
        if (!Idx_Put(&s->msgIndex, m))
            return 0;
    }
    return 1;
}

static int BuildMailbox(StoreRec *s, ULONG inboxCount)
{
    FolderRec *sub, *projects, *y2026;
    s->root = NewFolder(s, NULL, FOLDER_ROOT, u"Root Container", NULL);
    if (!s->root ||
        !(s->ipm = sub = NewFolder(s, s->root, FOLDER_GENERIC, u"Top of Information Store", NULL)))
        return 0;
    if (!(s->inbox = NewFolder(s, sub, FOLDER_GENERIC, u"Inbox", u"IPF.Note")) ||
        !GenerateMessages(s->inbox, inboxCount))
        return 0;
    if (!(projects = NewFolder(s, s->inbox, FOLDER_GENERIC, u"Projects", u"IPF.Note")) ||
        !GenerateMessages(projects, 3))
        return 0;
    if (!(y2026 = NewFolder(s, projects, FOLDER_GENERIC, u"2026", u"IPF.Note")) ||
        !GenerateMessages(y2026, 2))
        return 0;
    if (!(s->sent = NewFolder(s, sub, FOLDER_GENERIC, u"Sent Items", u"IPF.Note")) ||
        !GenerateMessages(s->sent, 5))
        return 0;
    if (!(s->wastebasket = NewFolder(s, sub, FOLDER_GENERIC, u"Deleted Items", u"IPF.Note")) ||
        !GenerateMessages(s->wastebasket, 2))
        return 0;
    if (!(s->outbox = NewFolder(s, sub, FOLDER_GENERIC, u"Outbox", u"IPF.Note")))
        return 0;
    if (!(s->drafts = NewFolder(s, sub, FOLDER_GENERIC, u"Drafts", u"IPF.Note")) ||
        !GenerateMessages(s->drafts, 1))
        return 0;
    return 1;
}

static int BuildArchive(StoreRec *s)
{
    FolderRec *sub, *a2024, *a2025, *q4;
    s->root = NewFolder(s, NULL, FOLDER_ROOT, u"Root Container", NULL);
    if (!s->root ||
        !(s->ipm = sub = NewFolder(s, s->root, FOLDER_GENERIC, u"Top of Personal Folders", NULL)))
        return 0;
    if (!(a2024 = NewFolder(s, sub, FOLDER_GENERIC, u"Archive 2024", u"IPF.Note")) ||
        !GenerateMessages(a2024, 4))
        return 0;
    if (!(a2025 = NewFolder(s, sub, FOLDER_GENERIC, u"Archive 2025", u"IPF.Note")) ||
        !GenerateMessages(a2025, 6))
        return 0;
    if (!(q4 = NewFolder(s, a2025, FOLDER_GENERIC, u"Q4", u"IPF.Note")) || !GenerateMessages(q4, 2))
        return 0;
    if (!(s->wastebasket = NewFolder(s, sub, FOLDER_GENERIC, u"Deleted Items", u"IPF.Note")))
        return 0;
    return Fixtures_Build(sub, a2024);
}

static void StoreRec_Free(StoreRec *s)
{
    /* No object references remain when the data set dies, so every folder (live ones in the
     * list; deleted ones were freed with their last reference) can simply be freed. */
    for (ULONG i = 0; i < s->cFolders; i++)
        FolderRec_Free(s->folders[i]);
    free(s->folders);
    free(s->msgIndex.slots);
    Bag_Free(&s->props);
    Named_Free(&s->named);
}

void Data_FreeStore(StoreRec *s) { StoreRec_Free(s); }

void Data_InitStore(StoreRec *s, DataSet *ds, ULONG index)
{
    s->ds = ds;
    s->index = index;
    s->isDefault = index == 1;
    s->nextFolderId = 1;
    s->nextMsgId = 1;
    /* PR_RECORD_KEY "KMAPI-SAMPLE-ST" + index; PR_MDB_PROVIDER "KMAPI-SAMPLE-MD" + index */
    memcpy(s->recordKey.ab, "KMAPI-SAMPLE-ST", 15);
    s->recordKey.ab[15] = (BYTE)index;
    memcpy(s->mdbProvider.ab, "KMAPI-SAMPLE-MD", 15);
    s->mdbProvider.ab[15] = (BYTE)index;
}

int Data_BuildGenerated(DataSet *ds)
{
    static const WCHAR *const names[2] = {u"Sample Mailbox", u"Sample Archive"};
    int ok = 1;
    for (ULONG i = 0; i < 2 && ok; i++) {
        StoreRec *s = &ds->stores[i];
        ok = SetWString(&s->props, PR_DISPLAY_NAME_W, names[i]) == S_OK &&
             Named_Init(&s->named) == S_OK &&
             (i == 0 ? BuildMailbox(s, ds->knobs.messages) : BuildArchive(s));
    }
    return ok;
}

FolderRec *Data_LoadFolder(StoreRec *s, FolderRec *parent, ULONG id, ULONG folderType)
{
    return NewFolderWithId(s, parent, id, folderType, NULL, NULL);
}

int Data_ReserveMessages(FolderRec *f, ULONG count)
{
    if (!count)
        return 1;
    f->pool = calloc(count, sizeof *f->pool);
    f->msgs = malloc(count * sizeof *f->msgs);
    if (!f->pool || !f->msgs)
        return 0;
    f->capMsgs = count;
    MsgIndex *x = &f->store->msgIndex;
    return Idx_Grow(x, (x->used + count) * 2);
}

int Data_LoadMessage(FolderRec *f, ULONG id, ULONG genIndex, PropBag *bag, SubObjs *subs)
{
    MsgRec *m = f->cMsgs < f->capMsgs && id && !Store_FindMessage(f->store, id)
                    ? &f->pool[f->cMsgs]
                    : NULL;
    if (m)
        m->id = id; /* the index hashes it */
    if (!m || !Idx_Put(&f->store->msgIndex, m)) {
        MsgRec tmp = {.bag = bag, .subs = subs, .pooled = 1};
        FreeMsgRec(&tmp);
        if (m)
            m->id = 0;
        return 0;
    }
    m->folder = f;
    m->genIndex = genIndex;
    m->bag = bag;
    m->subs = subs;
    m->pooled = 1;
    m->version = 1;
    m->flags = bag ? BagFlags(bag) : GenFlags(f, genIndex);
    if (!(m->flags & MSGFLAG_READ))
        f->cUnread++;
    f->msgs[f->cMsgs++] = m;
    return 1;
}

HRESULT DS_Create(const Knobs *knobs, DataSet **pds, char *err, size_t cbErr)
{
    DataSet *ds = calloc(1, sizeof *ds);
    if (!ds)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!Plat_RecMutexInit(&ds->lock)) {
        free(ds);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ds->cRef = 1;
    ds->knobs = *knobs;
    if (!(ds->ntf = Notify_Create())) {
        Plat_RecMutexDestroy(&ds->lock);
        free(ds);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!ds->knobs.hasSeed)
        ds->knobs.seed = KNOBS_DEFAULT_SEED;
    if (!ds->knobs.hasMessages)
        ds->knobs.messages = KNOBS_DEFAULT_MESSAGES;
    ds->cStores = 2;
    for (ULONG i = 0; i < 2; i++)
        Data_InitStore(&ds->stores[i], ds, i + 1);
    /* With store=PATH: lock the file, then load it; a missing one is generated and saved now, so
     * that an unwritable path fails the logon rather than a later change. */
    int loaded = 0;
    HRESULT hr = ds->knobs.store[0] ? Persist_Open(ds, &loaded, err, cbErr) : S_OK;
    if (hr == S_OK && !loaded && !Data_BuildGenerated(ds)) {
        snprintf(err, cbErr, "out of memory building the sample data set");
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (hr == S_OK && ds->persist)
        hr = Persist_Ready(ds, !loaded, err, cbErr);
    if (hr != S_OK) {
        DS_Release(ds);
        return hr;
    }
    *pds = ds;
    return S_OK;
}

void DS_AddRef(DataSet *ds) { Plat_AtomicInc(&ds->cRef); }

void DS_Release(DataSet *ds)
{
    if (Plat_AtomicDec(&ds->cRef) != 0)
        return;
    Notify_DataSetGone(ds); /* registrations go, sinks are released, the thread ends */
    Persist_Close(ds); /* no object is left: a last save if one is due, and the lock goes */
    for (ULONG i = 0; i < ds->cStores; i++)
        StoreRec_Free(&ds->stores[i]);
    Plat_RecMutexDestroy(&ds->lock);
    free(ds);
}

void DS_Lock(DataSet *ds)
{
    Plat_RecMutexLock(&ds->lock);
    /* With store=PATH the outermost lock is a transaction on the file (persist.c): its lock is
     * taken and what other logons saved is merged in before the caller sees the data. */
    if (ds->lockDepth++ == 0 && ds->persist)
        Persist_Begin(ds);
}

void DS_Unlock(DataSet *ds)
{
    /* The one place a persisted data set is saved: every change (SaveChanges, DeleteMessages,
     * folders, SetProps on stores and folders, named ids, sync runs) bumps changeGen under the
     * lock, and is visible to others once the lock is let go. Saving here, before it is, means
     * that a process that ends without Logoff has already written everything. */
    int queued = 0;
    if (ds->lockDepth == 1) {
        if (ds->persist)
            Persist_AfterChange(ds); /* runs with lockDepth still 1: its own locking nests */
        /* Notifications raised under the lock become deliverable, and go out once it is let go:
         * a sink may call back into the provider (notify.c). */
        queued = Notify_Flush(ds);
    }
    ds->lockDepth--;
    Plat_RecMutexUnlock(&ds->lock);
    if (queued)
        Notify_AfterUnlock(ds);
}

int DS_IsLoggedOff(DataSet *ds)
{
    DS_Lock(ds);
    int r = ds->loggedOff;
    DS_Unlock(ds);
    return r;
}

StoreRec *DS_StoreByIndex(DataSet *ds, ULONG index)
{
    return index >= 1 && index <= ds->cStores ? &ds->stores[index - 1] : NULL;
}

/* ==============================================================================================
 * Entry ids
 * ============================================================================================ */
void Eid_Write(const EntryId *id, BYTE out[EID_SIZE])
{
    memset(out, 0, 4);
    memcpy(out + 4, g_providerUid, 16);
    PutLE32(out + 20, id->objType);
    PutLE32(out + 24, id->store);
    PutLE32(out + 28, id->folder);
    PutLE32(out + 32, id->message);
}

HRESULT Eid_Parse(ULONG cb, const ENTRYID *eid, EntryId *out)
{
    if (!eid || cb != EID_SIZE)
        return MAPI_E_INVALID_ENTRYID;
    const BYTE *p = (const BYTE *)eid;
    /* abFlags may carry short-term bits from a client; only the provider UID must match. */
    if (memcmp(p + 4, g_providerUid, 16) != 0)
        return MAPI_E_INVALID_ENTRYID;
    out->objType = GetLE32(p + 20);
    out->store = GetLE32(p + 24);
    out->folder = GetLE32(p + 28);
    out->message = GetLE32(p + 32);
    switch (out->objType) {
    case MAPI_STORE: return (out->folder == 0 && out->message == 0) ? S_OK : MAPI_E_INVALID_ENTRYID;
    case MAPI_FOLDER: return (out->folder && out->message == 0) ? S_OK : MAPI_E_INVALID_ENTRYID;
    case MAPI_MESSAGE: return (out->folder && out->message) ? S_OK : MAPI_E_INVALID_ENTRYID;
    default: return MAPI_E_INVALID_ENTRYID;
    }
}

const SPropValue *Eid_Value(ULONG tag, const EntryId *id, Arena *scratch)
{
    BYTE b[EID_SIZE];
    Eid_Write(id, b);
    return Val_Bin(scratch, tag, b, EID_SIZE);
}

HRESULT Eid_ToMapi(const EntryId *id, ULONG *lpcb, LPENTRYID *lppEntryID)
{
    void *p = NULL;
    HRESULT hr = MAPIAllocateBuffer(EID_SIZE, &p);
    if (hr != S_OK)
        return hr;
    Eid_Write(id, p);
    *lpcb = EID_SIZE;
    *lppEntryID = p;
    return S_OK;
}

EntryId Eid_OfStore(const StoreRec *s)
{
    EntryId e = {MAPI_STORE, s->index, 0, 0};
    return e;
}
EntryId Eid_OfFolder(const FolderRec *f)
{
    EntryId e = {MAPI_FOLDER, f->store->index, f->id, 0};
    return e;
}
EntryId Eid_OfMessage(const MsgRec *m)
{
    EntryId e = {MAPI_MESSAGE, m->folder->store->index, m->folder->id, m->id};
    return e;
}

/* ==============================================================================================
 * Lookup
 * ============================================================================================ */
FolderRec *Store_FindFolder(StoreRec *s, ULONG id)
{
    for (ULONG i = 0; i < s->cFolders; i++)
        if (s->folders[i]->id == id)
            return s->folders[i];
    return NULL;
}

MsgRec *Store_FindMessage(StoreRec *s, ULONG id)
{
    MsgRec **slot = Idx_Slot(&s->msgIndex, id);
    return slot ? *slot : NULL;
}

FolderRec *Data_FindChildByName(FolderRec *parent, const WCHAR *name)
{
    for (ULONG i = 0; i < parent->cChildren; i++) {
        const SPropValue *v = Bag_Get(&parent->children[i]->props, PROP_ID(PR_DISPLAY_NAME_W));
        if (v && PROP_TYPE(v->ulPropTag) == PT_UNICODE && WStrEqualI(v->Value.lpszW, name))
            return parent->children[i];
    }
    return NULL;
}

int Data_IsSpecialFolder(const FolderRec *f)
{
    const StoreRec *s = f->store;
    return f == s->root || f == s->ipm || f == s->inbox || f == s->outbox || f == s->sent ||
           f == s->wastebasket || f == s->drafts;
}

/* ==============================================================================================
 * Computed properties
 * ============================================================================================ */
static const ULONG g_storeComputed[] = {
    PR_ENTRYID,
    PR_RECORD_KEY,
    PR_STORE_ENTRYID,
    PR_STORE_RECORD_KEY,
    PR_OBJECT_TYPE,
    PR_MDB_PROVIDER,
    PR_STORE_SUPPORT_MASK,
    PR_STORE_STATE,
    PR_DEFAULT_STORE,
    PR_RESOURCE_FLAGS,
    PR_PROVIDER_DISPLAY_W,
    PR_IPM_SUBTREE_ENTRYID,
    PR_IPM_OUTBOX_ENTRYID,
    PR_IPM_WASTEBASKET_ENTRYID,
    PR_IPM_SENTMAIL_ENTRYID,
    PR_IPM_DRAFTS_ENTRYID,
    PR_VALID_FOLDER_MASK,
};
static const ULONG g_folderComputed[] = {
    PR_ENTRYID,     PR_PARENT_ENTRYID, PR_RECORD_KEY,    PR_STORE_ENTRYID,  PR_STORE_RECORD_KEY,
    PR_OBJECT_TYPE, PR_FOLDER_TYPE,    PR_CONTENT_COUNT, PR_CONTENT_UNREAD, PR_SUBFOLDERS,
};
static const ULONG g_messageComputed[] = {
    PR_ENTRYID,          PR_PARENT_ENTRYID, PR_RECORD_KEY,   PR_STORE_ENTRYID,
    PR_STORE_RECORD_KEY, PR_OBJECT_TYPE,    PR_MESSAGE_SIZE,
};

static int InList(const ULONG *list, size_t n, ULONG propId)
{
    for (size_t i = 0; i < n; i++)
        if (PROP_ID(list[i]) == propId)
            return 1;
    return 0;
}
/* PR_INSTANCE_KEY is a table-only property; it is computed wherever it appears. */
int Data_StoreIsComputed(ULONG id)
{
    return InList(g_storeComputed, ARRAY_COUNT(g_storeComputed), id) ||
           id == PROP_ID(PR_INSTANCE_KEY);
}
int Data_FolderIsComputed(ULONG id)
{
    return InList(g_folderComputed, ARRAY_COUNT(g_folderComputed), id) ||
           id == PROP_ID(PR_INSTANCE_KEY) || id == PROP_ID(PR_DEPTH);
}
int Data_MessageIsComputed(ULONG id)
{
    return InList(g_messageComputed, ARRAY_COUNT(g_messageComputed), id) ||
           id == PROP_ID(PR_INSTANCE_KEY);
}

static const SPropValue *FolderEidVal(ULONG tag, FolderRec *f, Arena *a)
{
    if (!f)
        return NULL;
    EntryId e = Eid_OfFolder(f);
    return Eid_Value(tag, &e, a);
}

const SPropValue *Data_StoreProp(StoreRec *s, ULONG id, Arena *a)
{
    EntryId e = Eid_OfStore(s);
    /* stores.noDefault: no store is the default; store.noIpmSubtree: the default one has no IPM
     * subtree (README.md "Conformance knobs"). */
    int isDefault = s->isDefault && !Conform_On(&s->ds->knobs, CONF_STORES_NO_DEFAULT);
    FolderRec *ipm = s->isDefault && Conform_On(&s->ds->knobs, CONF_STORE_NO_IPM) ? NULL : s->ipm;
    switch (id) {
    case PROP_ID(PR_ENTRYID): return Eid_Value(PR_ENTRYID, &e, a);
    case PROP_ID(PR_STORE_ENTRYID): return Eid_Value(PR_STORE_ENTRYID, &e, a);
    case PROP_ID(PR_RECORD_KEY): return Val_Bin(a, PR_RECORD_KEY, s->recordKey.ab, 16);
    case PROP_ID(PR_STORE_RECORD_KEY): return Val_Bin(a, PR_STORE_RECORD_KEY, s->recordKey.ab, 16);
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, MAPI_STORE);
    case PROP_ID(PR_MDB_PROVIDER): return Val_Bin(a, PR_MDB_PROVIDER, s->mdbProvider.ab, 16);
    case PROP_ID(PR_STORE_SUPPORT_MASK):
        return Val_Long(a, PR_STORE_SUPPORT_MASK,
                       (LONG)(STORE_ENTRYID_UNIQUE | STORE_MODIFY_OK | STORE_CREATE_OK |
                              STORE_MV_PROPS_OK | STORE_RESTRICTION_OK | STORE_SORT_OK |
                              STORE_UNICODE_OK));
    case PROP_ID(PR_STORE_STATE): return Val_Long(a, PR_STORE_STATE, 0);
    case PROP_ID(PR_DEFAULT_STORE): return Val_Bool(a, PR_DEFAULT_STORE, isDefault);
    case PROP_ID(PR_RESOURCE_FLAGS):
        return Val_Long(a, PR_RESOURCE_FLAGS,
                       (LONG)(isDefault ? STATUS_DEFAULT_STORE | STATUS_PRIMARY_STORE |
                                                 STATUS_PRIMARY_IDENTITY
                                           : STATUS_SECONDARY_STORE));
    case PROP_ID(PR_PROVIDER_DISPLAY_W):
        return Val_WStr(a, PR_PROVIDER_DISPLAY_W, u"koffi-mapi Sample Provider");
    case PROP_ID(PR_IPM_SUBTREE_ENTRYID): return FolderEidVal(PR_IPM_SUBTREE_ENTRYID, ipm, a);
    case PROP_ID(PR_IPM_OUTBOX_ENTRYID): return FolderEidVal(PR_IPM_OUTBOX_ENTRYID, s->outbox, a);
    case PROP_ID(PR_IPM_WASTEBASKET_ENTRYID):
        return FolderEidVal(PR_IPM_WASTEBASKET_ENTRYID, s->wastebasket, a);
    case PROP_ID(PR_IPM_SENTMAIL_ENTRYID): return FolderEidVal(PR_IPM_SENTMAIL_ENTRYID, s->sent, a);
    case PROP_ID(PR_IPM_DRAFTS_ENTRYID): return FolderEidVal(PR_IPM_DRAFTS_ENTRYID, s->drafts, a);
    case PROP_ID(PR_VALID_FOLDER_MASK): {
        /* FOLDER_IPM_SUBTREE_VALID 0x1, _INBOX_VALID 0x2, _OUTBOX_VALID 0x4,
         * _WASTEBASKET_VALID 0x8, _SENTMAIL_VALID 0x10 */
        LONG m = (ipm ? 0x1 : 0) | (s->inbox ? 0x2 : 0) | (s->outbox ? 0x4 : 0) |
                 (s->wastebasket ? 0x8 : 0) | (s->sent ? 0x10 : 0);
        return Val_Long(a, PR_VALID_FOLDER_MASK, m);
    }
    default: return Bag_Get(&s->props, id);
    }
}

HRESULT Data_StoreTags(StoreRec *s, TagList *out)
{
    Arena a = {0};
    HRESULT hr = S_OK;
    for (size_t i = 0; i < ARRAY_COUNT(g_storeComputed) && hr == S_OK; i++)
        if (Data_StoreProp(s, PROP_ID(g_storeComputed[i]), &a) &&
            !TagList_AddUnique(out, g_storeComputed[i]))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Arena_Free(&a);
    return hr == S_OK ? Bag_ListTags(&s->props, out) : hr;
}

const SPropValue *Data_FolderProp(FolderRec *f, ULONG id, Arena *a)
{
    EntryId e = Eid_OfFolder(f);
    switch (id) {
    case PROP_ID(PR_ENTRYID): return Eid_Value(PR_ENTRYID, &e, a);
    case PROP_ID(PR_RECORD_KEY): return Eid_Value(PR_RECORD_KEY, &e, a);
    case PROP_ID(PR_PARENT_ENTRYID):
        /* By MAPI convention the root folder is its own parent. */
        return FolderEidVal(PR_PARENT_ENTRYID, f->parent ? f->parent : f, a);
    case PROP_ID(PR_STORE_ENTRYID): {
        EntryId se = Eid_OfStore(f->store);
        return Eid_Value(PR_STORE_ENTRYID, &se, a);
    }
    case PROP_ID(PR_STORE_RECORD_KEY):
        return Val_Bin(a, PR_STORE_RECORD_KEY, f->store->recordKey.ab, 16);
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, MAPI_FOLDER);
    case PROP_ID(PR_FOLDER_TYPE): return Val_Long(a, PR_FOLDER_TYPE, (LONG)f->folderType);
    case PROP_ID(PR_CONTENT_COUNT): return Val_Long(a, PR_CONTENT_COUNT, (LONG)f->cMsgs);
    case PROP_ID(PR_CONTENT_UNREAD): return Val_Long(a, PR_CONTENT_UNREAD, (LONG)f->cUnread);
    case PROP_ID(PR_SUBFOLDERS): return Val_Bool(a, PR_SUBFOLDERS, f->cChildren > 0);
    default: return Bag_Get(&f->props, id);
    }
}

HRESULT Data_FolderTags(FolderRec *f, TagList *out)
{
    for (size_t i = 0; i < ARRAY_COUNT(g_folderComputed); i++)
        if (!TagList_AddUnique(out, g_folderComputed[i]))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    return Bag_ListTags(&f->props, out);
}

/* A stored (not computed) message property. */
static const SPropValue *StoredMessageProp(const MsgRec *rec, const PropBag *bag, ULONG id,
                                           Arena *a)
{
    if (bag)
        return Bag_Get(bag, id);
    if (rec->bag)
        return Bag_Get(rec->bag, id);
    return Gen_Prop(rec->folder, rec->genIndex, id, a);
}

static HRESULT StoredMessageTags(const MsgRec *rec, const PropBag *bag, TagList *out)
{
    if (bag)
        return Bag_ListTags(bag, out);
    if (rec->bag)
        return Bag_ListTags(rec->bag, out);
    Arena a = {0};
    HRESULT hr = S_OK;
    for (size_t i = 0; i < ARRAY_COUNT(g_genTags) && hr == S_OK; i++)
        if (Gen_Prop(rec->folder, rec->genIndex, PROP_ID(g_genTags[i]), &a) &&
            !TagList_AddUnique(out, g_genTags[i]))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Arena_Free(&a);
    return hr;
}

const SPropValue *Data_MessageProp(FolderRec *folder, ULONG msgId, const MsgRec *rec,
                                   const PropBag *bag, ULONG id, Arena *a)
{
    switch (id) {
    case PROP_ID(PR_ENTRYID):
    case PROP_ID(PR_RECORD_KEY): {
        EntryId e = {MAPI_MESSAGE, folder->store->index, folder->id, msgId};
        return Eid_Value(PROP_TAG(PT_BINARY, id), &e, a);
    }
    case PROP_ID(PR_PARENT_ENTRYID): return FolderEidVal(PR_PARENT_ENTRYID, folder, a);
    case PROP_ID(PR_STORE_ENTRYID): {
        EntryId se = Eid_OfStore(folder->store);
        return Eid_Value(PR_STORE_ENTRYID, &se, a);
    }
    case PROP_ID(PR_STORE_RECORD_KEY):
        return Val_Bin(a, PR_STORE_RECORD_KEY, folder->store->recordKey.ab, 16);
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, MAPI_MESSAGE);
    case PROP_ID(PR_MESSAGE_SIZE): {
        /* The sum of the stored values' sizes, plus a fixed 256-byte header. */
        TagList tags = {0};
        ULONG size = 256;
        if (StoredMessageTags(rec, bag, &tags) == S_OK)
            for (ULONG i = 0; i < tags.c; i++) {
                const SPropValue *v = StoredMessageProp(rec, bag, PROP_ID(tags.tags[i]), a);
                if (v)
                    size += Prop_Size(v);
            }
        TagList_Free(&tags);
        return Val_Long(a, PR_MESSAGE_SIZE, (LONG)size);
    }
    default: return StoredMessageProp(rec, bag, id, a);
    }
}

HRESULT Data_MessageTags(const MsgRec *rec, const PropBag *bag, TagList *out)
{
    for (size_t i = 0; i < ARRAY_COUNT(g_messageComputed); i++)
        if (!TagList_AddUnique(out, g_messageComputed[i]))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    return StoredMessageTags(rec, bag, out);
}

HRESULT Data_MaterializeMessage(const MsgRec *rec, PropBag *out)
{
    if (rec->bag)
        return Bag_CopyFrom(out, rec->bag);
    Arena a = {0};
    HRESULT hr = S_OK;
    for (size_t i = 0; i < ARRAY_COUNT(g_genTags) && hr == S_OK; i++) {
        const SPropValue *v = Gen_Prop(rec->folder, rec->genIndex, PROP_ID(g_genTags[i]), &a);
        if (v)
            hr = Bag_Set(out, v);
    }
    Arena_Free(&a);
    return hr;
}

/* ---- Generated recipients and attachments ----------------------------------------------------
 * Every generated message is to "Sample User" <user@sample.kmapi>; every fourth (k % 4 == 1) is
 * also cc'ed to another sender. Messages with k % 5 == 0 (PR_HASATTACH) carry report-<n>.txt;
 * k % 10 == 0 also an embedded message; k % 25 == 0 also data-<n>.bin of GEN_BIG_ATTACH bytes,
 * above the default large-property threshold (knob props.streamOver). */
#define GEN_BIG_ATTACH 40000u

/* The MAPI one-off entry id of an SMTP address: flags, MAPI_ONE_OFF_UID, version 0, flags
 * MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO, then name, type and address in UTF-16. */
static HRESULT OneOffEid(PropBag *bag, const WCHAR *name, const WCHAR *email)
{
    static const BYTE uid[16] = {0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19,
                                 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02};
    size_t nn = WStrLen(name) + 1, ne = WStrLen(email) + 1, cb = 24 + (nn + 5 + ne) * 2;
    BYTE *b = calloc(1, cb);
    if (!b)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(b + 4, uid, 16);
    b[22] = 0x01, b[23] = 0x80; /* 0x8001 little-endian */
    BYTE *p = b + 24;
    memcpy(p, name, nn * 2), p += nn * 2;
    memcpy(p, u"SMTP", 10), p += 10;
    memcpy(p, email, ne * 2);
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = PR_ENTRYID;
    v.Value.bin.cb = (ULONG)cb;
    v.Value.bin.lpb = b;
    HRESULT hr = Bag_Set(bag, &v);
    free(b);
    return hr;
}

static HRESULT GenRecip(SubObjs *s, ULONG type, const WCHAR *name, const WCHAR *email)
{
    PropBag r = {0};
    HRESULT hr = Bag_SetLong(&r, PR_RECIPIENT_TYPE, (LONG)type);
    if (hr == S_OK)
        hr = Bag_SetW(&r, PR_DISPLAY_NAME_W, name);
    if (hr == S_OK)
        hr = Bag_SetW(&r, PR_ADDRTYPE_W, u"SMTP");
    if (hr == S_OK)
        hr = Bag_SetW(&r, PR_EMAIL_ADDRESS_W, email);
    if (hr == S_OK)
        hr = OneOffEid(&r, name, email);
    if (hr == S_OK)
        hr = Bag_SetLong(&r, PR_OBJECT_TYPE, MAPI_MAILUSER);
    if (hr == S_OK) {
        SPropValue *vals = malloc(r.c * sizeof *vals);
        if (!vals)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (ULONG i = 0; vals && i < r.c; i++)
            vals[i] = *r.v[i];
        if (vals)
            hr = Subs_AddRecip(s, vals, r.c, NULL);
        free(vals);
    }
    Bag_Free(&r);
    return hr;
}

static HRESULT GenAttachment(SubObjs *s, const FolderRec *f, ULONG i, int which)
{
    ULONG n = i + 1, k = GenK(f, i);
    Arena a = {0};
    PropBag p = {0};
    MsgContent *emb = NULL;
    HRESULT hr = Bag_SetLong(&p, PR_RENDERING_POSITION, -1);
    if (which == 0) {
        char text[512];
        int len = 0;
        for (int line = 1; line <= 8; line++)
            len += snprintf(text + len, sizeof text - (size_t)len,
                            "Sample attachment of message #%lu, line %d\r\n", (unsigned long)n,
                            line);
        WCHAR *fn = WFormat(&a, u"report-", "%lu.txt", (unsigned long)n);
        if (hr == S_OK)
            hr = fn ? Bag_SetLong(&p, PR_ATTACH_METHOD, ATTACH_BY_VALUE) : MAPI_E_NOT_ENOUGH_MEMORY;
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_ATTACH_LONG_FILENAME_W, fn);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_DISPLAY_NAME_W, fn);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_ATTACH_EXTENSION_W, u".txt");
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_ATTACH_MIME_TAG_W, u"text/plain");
        if (hr == S_OK)
            hr = Bag_SetBin(&p, PR_ATTACH_DATA_BIN, text, (ULONG)len);
    } else if (which == 1) {
        WCHAR *subj = WFormat(&a, u"Fwd: sample message #", "%lu", (unsigned long)n);
        emb = calloc(1, sizeof *emb);
        if (!emb || !subj)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        if (hr == S_OK)
            hr = Bag_SetLong(&p, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_DISPLAY_NAME_W, subj);
        if (hr == S_OK)
            hr = Bag_SetW(&emb->props, PR_MESSAGE_CLASS_W, u"IPM.Note");
        if (hr == S_OK)
            hr = Bag_SetW(&emb->props, PR_SUBJECT_W, subj);
        if (hr == S_OK)
            hr = Bag_SetW(&emb->props, PR_BODY_W, u"Forwarded sample message.\r\n");
        if (hr == S_OK)
            hr = Bag_SetLong(&emb->props, PR_MESSAGE_FLAGS, (LONG)MSGFLAG_READ);
        if (hr == S_OK)
            hr = GenRecip(&emb->subs, MAPI_TO, g_senders[k % 6].name, g_senders[k % 6].email);
        if (hr == S_OK)
            hr = Subs_StampSummary(&emb->props, &emb->subs);
    } else {
        BYTE *data = malloc(GEN_BIG_ATTACH);
        WCHAR *fn = WFormat(&a, u"data-", "%lu.bin", (unsigned long)n);
        if (!data || !fn)
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (ULONG j = 0; data && j < GEN_BIG_ATTACH; j++)
            data[j] = (BYTE)(j * 31u + n);
        if (hr == S_OK)
            hr = Bag_SetLong(&p, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_ATTACH_LONG_FILENAME_W, fn);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_DISPLAY_NAME_W, fn);
        if (hr == S_OK)
            hr = Bag_SetW(&p, PR_ATTACH_MIME_TAG_W, u"application/octet-stream");
        if (hr == S_OK)
            hr = Bag_SetBin(&p, PR_ATTACH_DATA_BIN, data, GEN_BIG_ATTACH);
        free(data);
    }
    if (hr == S_OK)
        hr = Subs_PutAttach(s, s->nextAttNum, &p, emb);
    Content_Free(emb);
    Bag_Free(&p);
    Arena_Free(&a);
    return hr;
}

HRESULT Data_MaterializeSubs(const MsgRec *rec, SubObjs *out)
{
    memset(out, 0, sizeof *out);
    if (rec->subs)
        return Subs_CopyFrom(out, rec->subs);
    if (rec->bag)
        return S_OK; /* saved by a path that had no parts */
    const FolderRec *f = rec->folder;
    ULONG i = rec->genIndex, k = GenK(f, i);
    HRESULT hr = GenRecip(out, MAPI_TO, u"Sample User", u"user@sample.kmapi");
    if (hr == S_OK && k % 4 == 1)
        hr = GenRecip(out, MAPI_CC, g_senders[(k + 1) % 6].name, g_senders[(k + 1) % 6].email);
    if (hr == S_OK && k % 5 == 0)
        hr = GenAttachment(out, f, i, 0);
    if (hr == S_OK && k % 10 == 0)
        hr = GenAttachment(out, f, i, 1);
    if (hr == S_OK && k % 25 == 0)
        hr = GenAttachment(out, f, i, 2);
    if (hr != S_OK)
        Subs_Free(out);
    return hr;
}

/* ==============================================================================================
 * Changes
 * ============================================================================================ */
static ULONG BagFlags(const PropBag *bag)
{
    const SPropValue *v = Bag_Get(bag, PROP_ID(PR_MESSAGE_FLAGS));
    return v && PROP_TYPE(v->ulPropTag) == PT_LONG ? v->Value.ul : 0;
}

static void Touch(FolderRec *f)
{
    f->contentsGen++;
    f->store->ds->changeGen++;
}

ULONG Data_NewMessageId(StoreRec *s) { return s->nextMsgId++; }

static SubObjs *CopySubs(const SubObjs *subs)
{
    SubObjs *n = calloc(1, sizeof *n);
    if (n && subs && Subs_CopyFrom(n, subs) != S_OK) {
        free(n);
        return NULL;
    }
    return n;
}

HRESULT Data_AddMessage(FolderRec *f, ULONG id, const PropBag *bag, const SubObjs *subs,
                        MsgRec **out)
{
    MsgRec *m = calloc(1, sizeof *m);
    if (!m)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    m->id = id;
    m->folder = f;
    m->bag = calloc(1, sizeof *m->bag);
    m->subs = CopySubs(subs);
    if (!m->bag || !m->subs || Bag_CopyFrom(m->bag, bag) != S_OK || !Folder_AppendMsg(f, m) ||
        !Idx_Put(&f->store->msgIndex, m)) {
        if (f->cMsgs && f->msgs[f->cMsgs - 1] == m)
            f->cMsgs--;
        FreeMsgRec(m);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    m->flags = BagFlags(m->bag);
    if (!(m->flags & MSGFLAG_READ))
        f->cUnread++;
    m->version = 1;
    Touch(f);
    Ntf_MessageAdded(m);
    *out = m;
    return S_OK;
}

/* The tags whose values differ between two bags (NULL with *pc = 0 when not known). */
static ULONG *ChangedTags(const PropBag *old, const PropBag *nb, ULONG *pc)
{
    TagList l = {0};
    int ok = 1;
    for (ULONG i = 0; ok && i < nb->c; i++) {
        const SPropValue *v = nb->v[i], *o = Bag_Get(old, PROP_ID(v->ulPropTag));
        ULONG t = PROP_TYPE(v->ulPropTag);
        int tree = t == PT_SRESTRICTION || t == PT_ACTIONS; /* Prop_Compare does not look inside */
        if (!o || o->ulPropTag != v->ulPropTag || tree || Prop_Compare(o, v, 0) != 0)
            ok = TagList_Add(&l, v->ulPropTag);
    }
    for (ULONG i = 0; ok && i < old->c; i++)
        if (!Bag_Get(nb, PROP_ID(old->v[i]->ulPropTag)))
            ok = TagList_Add(&l, old->v[i]->ulPropTag); /* deleted */
    if (!ok) {
        TagList_Free(&l);
        *pc = 0;
        return NULL;
    }
    *pc = l.c;
    if (!l.tags)
        l.tags = malloc(sizeof(ULONG)); /* known: nothing changed */
    return l.tags;
}

HRESULT Data_UpdateMessage(MsgRec *m, const PropBag *bag, const SubObjs *subs)
{
    PropBag *nb = calloc(1, sizeof *nb);
    SubObjs *ns = CopySubs(subs);
    if (!nb || !ns || Bag_CopyFrom(nb, bag) != S_OK) {
        if (nb) {
            Bag_Free(nb);
            free(nb);
        }
        if (ns) {
            Subs_Free(ns);
            free(ns);
        }
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ULONG cTags = 0;
    ULONG *tags = m->bag ? ChangedTags(m->bag, nb, &cTags) : NULL; /* generated: not known */
    if (m->bag) {
        Bag_Free(m->bag);
        free(m->bag);
    }
    if (m->subs) {
        Subs_Free(m->subs);
        free(m->subs);
    }
    m->bag = nb;
    m->subs = ns;
    ULONG flags = BagFlags(nb);
    if ((m->flags & MSGFLAG_READ) && !(flags & MSGFLAG_READ))
        m->folder->cUnread++;
    else if (!(m->flags & MSGFLAG_READ) && (flags & MSGFLAG_READ))
        m->folder->cUnread--;
    int countsChanged = (m->flags ^ flags) & MSGFLAG_READ;
    m->flags = flags;
    m->version++;
    Touch(m->folder);
    Ntf_MessageUpdated(m, tags, cTags, countsChanged);
    free(tags);
    return S_OK;
}

HRESULT Data_SetRead(MsgRec *m, int read)
{
    if (!(m->flags & MSGFLAG_READ) == !read)
        return S_OK;
    PropBag bag = {0};
    SubObjs subs = {0};
    HRESULT hr = Data_MaterializeMessage(m, &bag);
    if (hr == S_OK)
        hr = Data_MaterializeSubs(m, &subs);
    if (hr == S_OK)
        hr = Bag_SetLong(&bag, PR_MESSAGE_FLAGS,
                         (LONG)(read ? m->flags | MSGFLAG_READ : m->flags & ~MSGFLAG_READ));
    if (hr == S_OK)
        hr = Data_UpdateMessage(m, &bag, &subs);
    Bag_Free(&bag);
    Subs_Free(&subs);
    return hr;
}

void Data_DeleteMessage(MsgRec *m)
{
    FolderRec *f = m->folder;
    Ntf_MessageDeleted(m);
    for (ULONG i = 0; i < f->cMsgs; i++) {
        if (f->msgs[i] == m) {
            memmove(&f->msgs[i], &f->msgs[i + 1], (f->cMsgs - i - 1) * sizeof *f->msgs);
            f->cMsgs--;
            break;
        }
    }
    if (!(m->flags & MSGFLAG_READ))
        f->cUnread--;
    Idx_Remove(&f->store->msgIndex, m->id);
    Touch(f);
    FreeMsgRec(m);
}

HRESULT Data_CreateFolder(FolderRec *parent, const WCHAR *name, const WCHAR *comment,
                          FolderRec **out)
{
    FolderRec *f = NewFolder(parent->store, parent, FOLDER_GENERIC, name, NULL);
    if (!f)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (comment && *comment)
        SetWString(&f->props, PR_COMMENT_W, comment);
    parent->store->ds->changeGen++;
    Ntf_FolderCreated(f);
    *out = f;
    return S_OK;
}

HRESULT Data_MoveFolder(FolderRec *f, FolderRec *dest, const WCHAR *newName)
{
    if (f->store != dest->store)
        return MAPI_E_NO_SUPPORT; /* across stores a move is a copy and a delete: not done here */
    if (newName) {
        HRESULT hr = SetWString(&f->props, PR_DISPLAY_NAME_W, newName);
        if (hr != S_OK)
            return hr;
    }
    EntryId oldParent = Eid_OfFolder(f->parent ? f->parent : f);
    int moved = f->parent != dest;
    if (moved) {
        if (!Folder_AddChild(dest, f))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        Folder_RemoveChild(f->parent, f);
        f->parent = dest;
    }
    f->store->ds->changeGen++;
    static const ULONG nameTag[] = {PR_DISPLAY_NAME_W};
    if (moved)
        Ntf_FolderMoved(f, &oldParent);
    else if (newName && !f->store->ds->ntfQuiet)
        Ntf_FolderModified(f, nameTag, 1);
    return S_OK;
}

static void DeleteTree(FolderRec *f);

void Data_DeleteFolderTree(FolderRec *f)
{
    /* One fnevObjectDeleted for the folder; what was inside goes with it silently. */
    DataSet *ds = f->store->ds;
    Ntf_FolderDeleted(f);
    ds->ntfQuiet++;
    DeleteTree(f);
    ds->ntfQuiet--;
}

static void DeleteTree(FolderRec *f)
{
    while (f->cChildren)
        DeleteTree(f->children[f->cChildren - 1]);
    while (f->cMsgs)
        Data_DeleteMessage(f->msgs[f->cMsgs - 1]);
    StoreRec *s = f->store;
    if (f->parent)
        Folder_RemoveChild(f->parent, f);
    f->parent = NULL; /* the parent may go away before this record does */
    Store_RemoveFolderFromList(s, f);
    f->deleted = 1;
    s->ds->changeGen++;
    FolderRec_Release(f); /* the tree's reference */
}
