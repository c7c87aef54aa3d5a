/*
 * smoke.c - native end-to-end check of the sample provider, through its exports and vtables
 * exactly as a MAPI client (or the Koffi bridge) uses them.
 *
 * Build and run:  node scripts/build-provider.js --smoke      (Linux; or --target win-x64 etc.)
 * Exit code 0 when every check passes; each failure prints the line and the condition.
 * At the end, SampleProvider_GetStats must report no live object and no live MAPI buffer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/kmapi_sample.h"

#if defined(_WIN32)
#include <process.h> /* _beginthreadex; <windows.h> would clash with mapi.h's fixed-width types */
#else
#include <pthread.h>
#endif

#include "check.h"

#define PROP_SAMPLE_KEYWORDS PROP_TAG(PT_MV_UNICODE, 0x8000)
#define PROP_SAMPLE_COUNTER PROP_TAG(PT_I8, 0x8001)
#define PROP_SAMPLE_CLSID PROP_TAG(PT_CLSID, 0x8003)
#define PROP_SAMPLE_NUMBERS PROP_TAG(PT_MV_LONG, 0x8005)
#define PROP_SAMPLE_ANSI PROP_TAG(PT_STRING8, 0x8006)

static IID Ole(ULONG l)
{
    IID iid = {l, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
    return iid;
}
static const IID IID_IMAPISync_ = {
    0x5024A385, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};

static const SPropValue *Find(const SPropValue *props, ULONG c, ULONG tag)
{
    for (ULONG i = 0; i < c; i++)
        if (props[i].ulPropTag == tag)
            return &props[i];
    return NULL;
}

static int WEq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}


/* ---------------------------------------------------------------------------------------------- */
typedef struct ThreadArg {
    LPMDB store;
    HRESULT hr;
} ThreadArg;

static void UninitializedThreadBody(ThreadArg *a)
{
    /* No MAPIInitialize on this thread: every MAPI call must be refused. */
    TAGS(tags, PR_DISPLAY_NAME_W);
    ULONG c = 0;
    LPSPropValue p = NULL;
    a->hr = a->store->lpVtbl->GetProps(a->store, (LPSPropTagArray)&tags, MAPI_UNICODE, &c, &p);
    MAPIFreeBuffer(p);
}
#if defined(_WIN32)
static unsigned __stdcall ThreadMain(void *p)
{
    UninitializedThreadBody(p);
    return 0;
}
static void RunUninitializedThread(ThreadArg *a)
{
    /* The provider's exported forwarders to kernel32 wait for and close the thread handle. */
    HANDLE h = (HANDLE)_beginthreadex(NULL, 0, ThreadMain, a, 0, NULL);
    SampleWaitForSingleObject(h, 0xFFFFFFFFu);
    SampleCloseHandle(h);
}
#else
static void *ThreadMain(void *p)
{
    UninitializedThreadBody(p);
    return NULL;
}
static void RunUninitializedThread(ThreadArg *a)
{
    pthread_t t;
    pthread_create(&t, NULL, ThreadMain, a);
    pthread_join(t, NULL);
}
#endif

/* ---------------------------------------------------------------------------------------------- */
static void TestStoresTable(LPMAPISESSION sess, SBinary *defaultEid, BYTE *eidBuf,
                            SBinary *archiveEid, BYTE *archiveBuf)
{
    LPMAPITABLE tbl = NULL;
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &tbl), S_OK);
    TAGS(cols, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_DEFAULT_STORE, PR_RESOURCE_FLAGS, PR_MDB_PROVIDER);
    LPSRowSet rows = NULL;
    CHECK_HR(HrQueryAllRows(tbl, (LPSPropTagArray)&cols, NULL, NULL, 1, &rows),
             MAPI_E_TABLE_TOO_BIG);
    CHECK(rows == NULL, "no rows on failure");
    CHECK_HR(HrQueryAllRows(tbl, (LPSPropTagArray)&cols, NULL, NULL, 50, &rows), S_OK);
    CHECK(rows && rows->cRows == 2, "two stores, got %u", rows ? (unsigned)rows->cRows : 0);
    for (ULONG i = 0; rows && i < rows->cRows; i++) {
        const SPropValue *p = rows->aRow[i].lpProps;
        CHECK(rows->aRow[i].cValues == 5, "5 columns");
        CHECK(p[0].ulPropTag == PR_ENTRYID && p[0].Value.bin.cb == 36, "entry id");
        CHECK(p[1].ulPropTag == PR_DISPLAY_NAME_W, "display name W");
        int isDefault = p[2].Value.b != 0;
        CHECK(p[2].ulPropTag == PR_DEFAULT_STORE, "default store column");
        if (isDefault) {
            CHECK(WEq(p[1].Value.lpszW, u"Sample Mailbox"), "mailbox name");
            CHECK(p[3].Value.ul & STATUS_DEFAULT_STORE, "STATUS_DEFAULT_STORE");
            memcpy(eidBuf, p[0].Value.bin.lpb, 36);
            defaultEid->cb = 36;
            defaultEid->lpb = eidBuf;
        } else {
            CHECK(WEq(p[1].Value.lpszW, u"Sample Archive"), "archive name");
            memcpy(archiveBuf, p[0].Value.bin.lpb, 36);
            archiveEid->cb = 36;
            archiveEid->lpb = archiveBuf;
        }
    }
    FreeProws(rows);
    /* Default columns of a non-Unicode table report string columns as _A. */
    LPSPropTagArray qc = NULL;
    CHECK_HR(tbl->lpVtbl->QueryColumns(tbl, TBL_ALL_COLUMNS, &qc), S_OK);
    int sawA = 0;
    for (ULONG i = 0; qc && i < qc->cValues; i++)
        sawA |= qc->aulPropTag[i] == PR_DISPLAY_NAME_A;
    CHECK(sawA, "TBL_ALL_COLUMNS lists PR_DISPLAY_NAME_A without MAPI_UNICODE");
    MAPIFreeBuffer(qc);
    tbl->lpVtbl->Release(tbl);
}

static void TestStoreProps(LPMDB store)
{
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(store->lpVtbl->GetProps(store, NULL, MAPI_UNICODE, &c, &p), S_OK);
    const SPropValue *v = Find(p, c, PR_DISPLAY_NAME_W);
    CHECK(v && WEq(v->Value.lpszW, u"Sample Mailbox"), "store name W");
    v = Find(p, c, PR_STORE_SUPPORT_MASK);
    CHECK(v && (v->Value.ul & STORE_UNICODE_OK), "STORE_UNICODE_OK");
    v = Find(p, c, PR_OBJECT_TYPE);
    CHECK(v && v->Value.ul == MAPI_STORE, "object type");
    CHECK(Find(p, c, PR_IPM_SUBTREE_ENTRYID) && Find(p, c, PR_IPM_SENTMAIL_ENTRYID) &&
              Find(p, c, PR_IPM_WASTEBASKET_ENTRYID) && Find(p, c, PR_IPM_OUTBOX_ENTRYID),
          "special folder entry ids");
    MAPIFreeBuffer(p);

    CHECK_HR(store->lpVtbl->GetProps(store, NULL, 0, &c, &p), S_OK);
    v = Find(p, c, PR_DISPLAY_NAME_A);
    CHECK(v && strcmp(v->Value.lpszA, "Sample Mailbox") == 0, "store name A without MAPI_UNICODE");
    MAPIFreeBuffer(p);

    TAGS(tags, PR_DEFAULT_STORE, PROP_TAG(PT_LONG, 0x6666), PR_DISPLAY_NAME_A);
    CHECK_HR(store->lpVtbl->GetProps(store, (LPSPropTagArray)&tags, 0, &c, &p),
             MAPI_W_ERRORS_RETURNED);
    CHECK(c == 3 && p[0].ulPropTag == PR_DEFAULT_STORE && p[0].Value.b == 1, "default store true");
    CHECK(p[1].ulPropTag == PROP_TAG(PT_ERROR, 0x6666) && p[1].Value.err == MAPI_E_NOT_FOUND,
          "missing property as PT_ERROR");
    CHECK(p[2].ulPropTag == PR_DISPLAY_NAME_A, "requested _A tag");
    MAPIFreeBuffer(p);

    CHECK_HR(store->lpVtbl->GetProps(store, NULL, 0x1234, &c, &p), MAPI_E_UNKNOWN_FLAGS);

    /* SetProps on a computed property -> problem array. */
    SPropValue sv[2];
    memset(sv, 0, sizeof sv);
    sv[0].ulPropTag = PR_ENTRYID;
    sv[1].ulPropTag = PROP_TAG(PT_UNICODE, 0x6700);
    sv[1].Value.lpszW = (LPWSTR)u"custom store prop";
    LPSPropProblemArray probs = NULL;
    CHECK_HR(store->lpVtbl->SetProps(store, 2, sv, &probs), S_OK);
    CHECK(probs && probs->cProblem == 1 && probs->aProblem[0].ulIndex == 0 &&
              probs->aProblem[0].scode == MAPI_E_COMPUTED,
          "PR_ENTRYID is computed");
    MAPIFreeBuffer(probs);

    LPMAPIERROR err = NULL;
    CHECK_HR(store->lpVtbl->GetProps(store, NULL, 0x1234, &c, &p), MAPI_E_UNKNOWN_FLAGS);
    CHECK_HR(store->lpVtbl->GetLastError(store, MAPI_E_UNKNOWN_FLAGS, MAPI_UNICODE, &err), S_OK);
    CHECK(err && err->lpszError && err->lpszComponent, "MAPIERROR strings");
    MAPIFreeBuffer(err);

    /* The default store answers IMAPISync (test/sync_test.c exercises it). */
    LPUNKNOWN sync = NULL;
    CHECK_HR(store->lpVtbl->QueryInterface(store, &IID_IMAPISync_, (void **)&sync), S_OK);
    CHECK(sync != NULL, "IMAPISync pointer");
    if (sync)
        sync->lpVtbl->Release(sync);
}

static void TestNamedProps(LPMDB store)
{
    GUID psPublic = Ole(0x00020329);
    GUID other = {0xDEADBEEF, 1, 2, {3, 4, 5, 6, 7, 8, 9, 10}};
    MAPINAMEID keywords = {&psPublic, MNID_STRING, {0}}, fresh = {&other, MNID_ID, {0}};
    keywords.Kind.lpwstrName = (LPWSTR)u"Keywords";
    fresh.Kind.lID = 42;
    LPMAPINAMEID names[2] = {&keywords, &fresh};
    LPSPropTagArray tags = NULL;
    CHECK_HR(store->lpVtbl->GetIDsFromNames(store, 2, names, 0, &tags), MAPI_W_ERRORS_RETURNED);
    CHECK(tags && tags->cValues == 2 && tags->aulPropTag[0] == PROP_TAG(PT_UNSPECIFIED, 0x8000) &&
              tags->aulPropTag[1] == PROP_TAG(PT_ERROR, 0),
          "Keywords is 0x8000; an unknown name is PT_ERROR");
    MAPIFreeBuffer(tags);
    CHECK_HR(store->lpVtbl->GetIDsFromNames(store, 2, names, MAPI_CREATE, &tags), S_OK);
    ULONG created = tags ? PROP_ID(tags->aulPropTag[1]) : 0;
    CHECK(created == 0x800E, "MAPI_CREATE maps the next id: 0x%X", (unsigned)created);
    MAPIFreeBuffer(tags);

    TAGS(ids, PROP_TAG(PT_I8, 0x8001), PROP_TAG(PT_LONG, 0x800E), PROP_TAG(PT_LONG, 0x9999));
    LPSPropTagArray in = (LPSPropTagArray)&ids;
    ULONG c = 0;
    LPMAPINAMEID *out = NULL;
    CHECK_HR(store->lpVtbl->GetNamesFromIDs(store, &in, NULL, 0, &c, &out), MAPI_W_ERRORS_RETURNED);
    CHECK(c == 3 && out[0] && out[0]->ulKind == MNID_STRING &&
              WEq(out[0]->Kind.lpwstrName, u"SampleCounter"),
          "0x8001 is SampleCounter");
    CHECK(c == 3 && out[1] && out[1]->ulKind == MNID_ID && out[1]->Kind.lID == 42 &&
              out[1]->lpguid->Data1 == 0xDEADBEEF,
          "created name");
    CHECK(c == 3 && out[2] == NULL, "unmapped id has no name");
    MAPIFreeBuffer(out);
    LPSPropTagArray all = NULL;
    CHECK_HR(store->lpVtbl->GetNamesFromIDs(store, &all, &psPublic, 0, &c, &out), S_OK);
    CHECK(c == 1 && all && all->cValues == 1 && PROP_ID(all->aulPropTag[0]) == 0x8000,
          "all names of PS_PUBLIC_STRINGS");
    MAPIFreeBuffer(out);
    MAPIFreeBuffer(all);
}

/* Walks the hierarchy of the store; returns the Inbox entry id through GetReceiveFolder. */
static void TestHierarchy(LPMDB store, ULONG *cbInbox, LPENTRYID *inboxEid)
{
    LPTSTR cls = NULL;
    CHECK_HR(
        store->lpVtbl->GetReceiveFolder(store, (LPTSTR) "IPM.Note", 0, cbInbox, inboxEid, &cls),
        S_OK);
    CHECK(cls && strcmp(cls, "IPM") == 0, "explicit class IPM");
    MAPIFreeBuffer(cls);

    ULONG type = 0;
    LPUNKNOWN unk = NULL;
    CHECK_HR(store->lpVtbl->OpenEntry(store, 0, NULL, NULL, MAPI_BEST_ACCESS, &type, &unk), S_OK);
    CHECK(type == MAPI_FOLDER, "root is a folder");
    LPMAPIFOLDER root = (LPMAPIFOLDER)unk;
    LPMAPITABLE h = NULL;
    CHECK_HR(root->lpVtbl->GetHierarchyTable(root, CONVENIENT_DEPTH | MAPI_UNICODE, &h), S_OK);
    TAGS(cols, PR_DISPLAY_NAME_W, PR_DEPTH, PR_CONTENT_COUNT, PR_SUBFOLDERS);
    CHECK_HR(h->lpVtbl->SetColumns(h, (LPSPropTagArray)&cols, 0), S_OK);
    ULONG count = 0;
    CHECK_HR(h->lpVtbl->GetRowCount(h, 0, &count), S_OK);
    CHECK(count == 8, "8 folders below the root, got %u", (unsigned)count);
    LPSRowSet rows = NULL;
    CHECK_HR(h->lpVtbl->QueryRows(h, 100, 0, &rows), S_OK);
    int sawProjects = 0, saw2026 = 0;
    for (ULONG i = 0; rows && i < rows->cRows; i++) {
        const SPropValue *p = rows->aRow[i].lpProps;
        if (WEq(p[0].Value.lpszW, u"Projects"))
            sawProjects = p[1].Value.l == 3;
        if (WEq(p[0].Value.lpszW, u"2026"))
            saw2026 = p[1].Value.l == 4 && p[2].Value.l == 2;
        if (WEq(p[0].Value.lpszW, u"Top of Information Store"))
            CHECK(p[1].Value.l == 1 && p[3].Value.b, "IPM subtree depth 1 with subfolders");
    }
    CHECK(sawProjects && saw2026, "nested folders with PR_DEPTH");
    FreeProws(rows);
    CHECK_HR(h->lpVtbl->QueryRows(h, 10, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 0, "0 rows at the end");
    FreeProws(rows);
    h->lpVtbl->Release(h);
    root->lpVtbl->Release(root);
}

static void TestContents(LPMAPIFOLDER inbox, ULONG nMessages, SBinary *firstEid, BYTE *eidBuf)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, MAPI_UNICODE, &t), S_OK);
    ULONG count = 0;
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == nMessages, "row count %u", (unsigned)count);
    TAGS(cols, PR_ENTRYID, PR_SUBJECT_W, PR_SUBJECT_A, PR_MESSAGE_FLAGS, PR_MESSAGE_DELIVERY_TIME,
         PROP_SAMPLE_KEYWORDS, PROP_TAG(PT_LONG, 0x6543));
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, TBL_BATCH), S_OK);
    LPSRowSet rows = NULL;
    CHECK_HR(t->lpVtbl->QueryRows(t, 3, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 3, "3 rows");
    if (rows && rows->cRows == 3) {
        const SPropValue *p = rows->aRow[0].lpProps;
        CHECK(WEq(p[1].Value.lpszW, u"Quarterly report #1"), "subject 1");
        memcpy(eidBuf, p[0].Value.bin.lpb, p[0].Value.bin.cb);
        firstEid->cb = p[0].Value.bin.cb;
        firstEid->lpb = eidBuf;
        p = rows->aRow[1].lpProps;
        CHECK(WEq(p[1].Value.lpszW, u"Caf\u00E9 meeting \u2713 #2"), "subject 2 W");
        CHECK(p[2].ulPropTag == PR_SUBJECT_A &&
                  strcmp(p[2].Value.lpszA, "Caf\xE9 meeting ? #2") == 0,
              "subject 2 converted to 8-bit");
        CHECK(p[5].ulPropTag == PROP_SAMPLE_KEYWORDS && p[5].Value.MVszW.cValues == 2 &&
                  WEq(p[5].Value.MVszW.lppszW[1], u"\u65E5\u672C"),
              "MV keywords");
        CHECK(p[6].ulPropTag == PROP_TAG(PT_ERROR, 0x6543) && p[6].Value.err == MAPI_E_NOT_FOUND,
              "missing cell");
    }
    FreeProws(rows);

    ULONG row = 9, num, den;
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == 3 && den == nMessages, "position 3");
    LONG sought = 0;
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_CURRENT, -10, &sought), S_OK);
    CHECK(sought == -3, "sought %d", (int)sought);
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_END, -2, &sought), S_OK);
    CHECK_HR(t->lpVtbl->QueryRows(t, 5, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 2, "2 rows before the end");
    FreeProws(rows);
    CHECK_HR(t->lpVtbl->QueryRows(t, -3, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 3, "negative QueryRows reads 3 rows backwards");
    FreeProws(rows);
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == nMessages - 3, "backward read leaves the cursor on the first row read");

    /* Restrict: subject contains "MEETING" (ignore case) AND read; sort by delivery time desc. */
    SPropValue needle, subjectVal;
    memset(&needle, 0, sizeof needle);
    needle.ulPropTag = PR_SUBJECT_W;
    needle.Value.lpszW = (LPWSTR)u"MEETING";
    memset(&subjectVal, 0, sizeof subjectVal);
    SRestriction kids[2], andRes;
    kids[0].rt = RES_CONTENT;
    kids[0].res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    kids[0].res.resContent.ulPropTag = PR_SUBJECT_W;
    kids[0].res.resContent.lpProp = &needle;
    kids[1].rt = RES_BITMASK;
    kids[1].res.resBitMask.relBMR = BMR_NEZ;
    kids[1].res.resBitMask.ulPropTag = PR_MESSAGE_FLAGS;
    kids[1].res.resBitMask.ulMask = MSGFLAG_READ;
    andRes.rt = RES_AND;
    andRes.res.resAnd.cRes = 2;
    andRes.res.resAnd.lpRes = kids;
    CHECK_HR(t->lpVtbl->Restrict(t, &andRes, TBL_BATCH), S_OK);
    struct {
        ULONG cSorts, cCategories, cExpanded;
        SSortOrder aSort[1];
    } sort = {1, 0, 0, {{PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_DESCEND}}};
    CHECK_HR(t->lpVtbl->SortTable(t, (LPSSortOrderSet)&sort, TBL_BATCH), S_OK);
    ULONG expected = 0;
    for (ULONG i = 0; i < nMessages; i++)
        expected += (i % 10 == 1) && (i % 3 != 0);
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == expected, "restricted count %u, expected %u", (unsigned)count,
          (unsigned)expected);
    CHECK_HR(t->lpVtbl->QueryRows(t, 1000, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == expected, "all restricted rows");
    for (ULONG i = 1; rows && i < rows->cRows; i++) {
        FILETIME a = rows->aRow[i - 1].lpProps[4].Value.ft, b = rows->aRow[i].lpProps[4].Value.ft;
        uint64_t x = ((uint64_t)a.dwHighDateTime << 32) | a.dwLowDateTime;
        uint64_t y = ((uint64_t)b.dwHighDateTime << 32) | b.dwLowDateTime;
        CHECK(x >= y, "descending delivery time at row %u", (unsigned)i);
        CHECK(rows->aRow[i].lpProps[3].Value.ul & MSGFLAG_READ, "read flag");
    }
    FreeProws(rows);

    /* RES_PROPERTY with every relop on PR_MESSAGE_FLAGS == 0 (unread, no attachment). */
    SPropValue zero;
    memset(&zero, 0, sizeof zero);
    zero.ulPropTag = PR_MESSAGE_FLAGS;
    SRestriction pr;
    pr.rt = RES_PROPERTY;
    pr.res.resProperty.ulPropTag = PR_MESSAGE_FLAGS;
    pr.res.resProperty.lpProp = &zero;
    ULONG eq = 0, ne = 0, le = 0, gt = 0;
    for (ULONG i = 0; i < nMessages; i++) {
        ULONG f = (i % 3 == 0 ? 0 : MSGFLAG_READ) | (i % 5 == 0 ? MSGFLAG_HASATTACH : 0);
        eq += f == 0, ne += f != 0, le += f <= 0, gt += f > 0;
    }
    const struct {
        ULONG relop, expect;
    } relops[] = {{RELOP_EQ, eq}, {RELOP_NE, ne}, {RELOP_LE, le},
                  {RELOP_GT, gt}, {RELOP_LT, 0},  {RELOP_GE, nMessages}};
    for (size_t i = 0; i < sizeof relops / sizeof relops[0]; i++) {
        pr.res.resProperty.relop = relops[i].relop;
        CHECK_HR(t->lpVtbl->Restrict(t, &pr, 0), S_OK);
        CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
        CHECK(count == relops[i].expect, "relop %u: %u rows, expected %u",
              (unsigned)relops[i].relop, (unsigned)count, (unsigned)relops[i].expect);
    }
    pr.res.resProperty.relop = RELOP_RE;
    CHECK_HR(t->lpVtbl->Restrict(t, &pr, 0), MAPI_E_TOO_COMPLEX);

    /* RES_OR of RES_NOT(RES_EXIST keywords) and prefix "Weekly": every 4th has no keywords. */
    SPropValue prefix;
    memset(&prefix, 0, sizeof prefix);
    prefix.ulPropTag = PR_SUBJECT_A;
    prefix.Value.lpszA = "weekly";
    SRestriction exist, notExist, pre, orKids[2], orRes;
    exist.rt = RES_EXIST;
    exist.res.resExist.ulPropTag = PROP_SAMPLE_KEYWORDS;
    exist.res.resExist.ulReserved1 = exist.res.resExist.ulReserved2 = 0;
    notExist.rt = RES_NOT;
    notExist.res.resNot.ulReserved = 0;
    notExist.res.resNot.lpRes = &exist;
    pre.rt = RES_CONTENT;
    pre.res.resContent.ulFuzzyLevel = FL_PREFIX | FL_IGNORECASE;
    pre.res.resContent.ulPropTag = PR_SUBJECT_W;
    pre.res.resContent.lpProp = &prefix;
    orKids[0] = notExist;
    orKids[1] = pre;
    orRes.rt = RES_OR;
    orRes.res.resOr.cRes = 2;
    orRes.res.resOr.lpRes = orKids;
    CHECK_HR(t->lpVtbl->Restrict(t, &orRes, 0), S_OK);
    expected = 0;
    for (ULONG i = 0; i < nMessages; i++)
        expected += (i % 4 == 2) || (i % 10 == 4);
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == expected, "OR/NOT/EXIST/PREFIX: %u rows, expected %u", (unsigned)count,
          (unsigned)expected);

    /* Remove the restriction; sort by subject (case-insensitive) then delivery time. */
    CHECK_HR(t->lpVtbl->Restrict(t, NULL, 0), S_OK);
    struct {
        ULONG cSorts, cCategories, cExpanded;
        SSortOrder aSort[2];
    } sort2 = {2,
               0,
               0,
               {{PR_SUBJECT_W, TABLE_SORT_ASCEND}, {PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_ASCEND}}};
    CHECK_HR(t->lpVtbl->SortTable(t, (LPSSortOrderSet)&sort2, 0), S_OK);
    CHECK_HR(t->lpVtbl->QueryRows(t, 2, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 2 &&
              WEq(rows->aRow[0].lpProps[1].Value.lpszW, u"Caf\u00E9 meeting \u2713 #102"),
          "first by subject: 'Café meeting ✓ #102' (string order, '#1' < '#102' < '#11')");
    FreeProws(rows);
    LPSSortOrderSet qs = NULL;
    CHECK_HR(t->lpVtbl->QuerySortOrder(t, &qs), S_OK);
    CHECK(qs && qs->cSorts == 2 && qs->aSort[0].ulPropTag == PR_SUBJECT_W, "QuerySortOrder");
    MAPIFreeBuffer(qs);
    CHECK_HR(t->lpVtbl->Abort(t), MAPI_E_UNABLE_TO_ABORT);
    CHECK_HR(t->lpVtbl->ExpandRow(t, 0, NULL, 0, 0, NULL, NULL), MAPI_E_INVALID_PARAMETER);
    t->lpVtbl->Release(t);
}

static void TestMessage(LPMAPIFOLDER inbox, SBinary *eid)
{
    ULONG type = 0;
    LPUNKNOWN unk = NULL;
    CHECK_HR(inbox->lpVtbl->OpenEntry(inbox, eid->cb, (LPENTRYID)eid->lpb, NULL, 0, &type, &unk),
             S_OK);
    CHECK(type == MAPI_MESSAGE, "message type");
    LPMESSAGE msg = (LPMESSAGE)unk;
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(msg->lpVtbl->GetProps(msg, NULL, 0, &c, &p), S_OK);
    const SPropValue *v = Find(p, c, PR_SUBJECT_A);
    CHECK(v && strcmp(v->Value.lpszA, "Quarterly report #1") == 0,
          "8-bit subject without MAPI_UNICODE");
    CHECK(Find(p, c, PR_SUBJECT_W) == NULL, "no _W strings without MAPI_UNICODE");
    v = Find(p, c, PROP_TAG(PT_MV_STRING8, 0x8000));
    CHECK(v && v->Value.MVszA.cValues == 1 && strcmp(v->Value.MVszA.lppszA[0], "Red") == 0,
          "MV_UNICODE returned as MV_STRING8");
    v = Find(p, c, PROP_SAMPLE_COUNTER);
    CHECK(v && v->Value.li.QuadPart == 10000000019LL, "PT_I8");
    v = Find(p, c, PROP_SAMPLE_CLSID);
    CHECK(v && v->Value.lpguid->Data1 == 1, "PT_CLSID");
    v = Find(p, c, PR_MESSAGE_CLASS_A);
    CHECK(v && strcmp(v->Value.lpszA, "IPM.Note") == 0, "message class");
    v = Find(p, c, PR_OBJECT_TYPE);
    CHECK(v && v->Value.ul == MAPI_MESSAGE, "object type message");
    MAPIFreeBuffer(p);

    CHECK_HR(msg->lpVtbl->GetProps(msg, NULL, MAPI_UNICODE, &c, &p), S_OK);
    CHECK(Find(p, c, PR_SUBJECT_W) && Find(p, c, PR_MESSAGE_CLASS_W),
          "_W strings with MAPI_UNICODE");
    MAPIFreeBuffer(p);

    /* Opened without MAPI_MODIFY: read-only. */
    SPropValue sv;
    memset(&sv, 0, sizeof sv);
    sv.ulPropTag = PR_IMPORTANCE;
    sv.Value.l = 2;
    CHECK_HR(msg->lpVtbl->SetProps(msg, 1, &sv, NULL), MAPI_E_NO_ACCESS);
    msg->lpVtbl->Release(msg);

    /* Two read-write instances: the second save conflicts. */
    LPUNKNOWN u1 = NULL, u2 = NULL;
    CHECK_HR(inbox->lpVtbl->OpenEntry(inbox, eid->cb, (LPENTRYID)eid->lpb, NULL, MAPI_BEST_ACCESS,
                                      &type, &u1),
             S_OK);
    CHECK_HR(inbox->lpVtbl->OpenEntry(inbox, eid->cb, (LPENTRYID)eid->lpb, NULL, MAPI_MODIFY, &type,
                                      &u2),
             S_OK);
    LPMESSAGE m1 = (LPMESSAGE)u1, m2 = (LPMESSAGE)u2;
    sv.ulPropTag = PR_SUBJECT_W;
    sv.Value.lpszW = (LPWSTR)u"Changed subject";
    CHECK_HR(m1->lpVtbl->SetProps(m1, 1, &sv, NULL), S_OK);
    TAGS(subj, PR_SUBJECT_W);
    CHECK_HR(m2->lpVtbl->GetProps(m2, (LPSPropTagArray)&subj, MAPI_UNICODE, &c, &p), S_OK);
    CHECK(WEq(p[0].Value.lpszW, u"Quarterly report #1"), "unsaved change invisible to others");
    MAPIFreeBuffer(p);
    CHECK_HR(m1->lpVtbl->SaveChanges(m1, KEEP_OPEN_READWRITE), S_OK);
    CHECK_HR(m2->lpVtbl->SetProps(m2, 1, &sv, NULL), S_OK);
    CHECK_HR(m2->lpVtbl->SaveChanges(m2, 0), MAPI_E_OBJECT_CHANGED);
    CHECK_HR(m2->lpVtbl->SaveChanges(m2, FORCE_SAVE), S_OK);
    CHECK_HR(m2->lpVtbl->GetProps(m2, (LPSPropTagArray)&subj, MAPI_UNICODE, &c, &p),
             MAPI_E_INVALID_OBJECT);
    m1->lpVtbl->Release(m1);
    m2->lpVtbl->Release(m2);
}

static void TestCreateMessage(LPMAPIFOLDER inbox, ULONG nMessages)
{
    LPMESSAGE msg = NULL;
    CHECK_HR(inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &msg), S_OK);
    GUID g = {0x12345678, 0x9ABC, 0xDEF0, {1, 2, 3, 4, 5, 6, 7, 8}};
    LONG longs[3] = {7, -8, 9};
    LPWSTR strs[2] = {(LPWSTR)u"\u00E9t\u00E9", (LPWSTR)u"\u65E5\u672C"};
    BYTE blob[5] = {9, 8, 7, 6, 5};
    SBinary bins[2] = {{5, blob}, {0, NULL}};
    double dbls[2] = {1.5, -2.25};
    SPropValue sv[16];
    memset(sv, 0, sizeof sv);
    int n = 0;
    sv[n].ulPropTag = PR_SUBJECT_W, sv[n++].Value.lpszW = (LPWSTR)u"Smoke \u2713";
    sv[n].ulPropTag = PR_BODY_W, sv[n++].Value.lpszW = (LPWSTR)u"Body";
    sv[n].ulPropTag = PROP_TAG(PT_I2, 0x8100), sv[n++].Value.i = -3;
    sv[n].ulPropTag = PROP_TAG(PT_R4, 0x8101), sv[n++].Value.flt = 2.5f;
    sv[n].ulPropTag = PROP_TAG(PT_CURRENCY, 0x8102), sv[n++].Value.cur.int64 = 123456;
    sv[n].ulPropTag = PROP_TAG(PT_BOOLEAN, 0x8103), sv[n++].Value.b = 1;
    sv[n].ulPropTag = PROP_TAG(PT_CLSID, 0x8104), sv[n++].Value.lpguid = &g;
    sv[n].ulPropTag = PROP_TAG(PT_MV_LONG, 0x8105), sv[n].Value.MVl.cValues = 3,
    sv[n++].Value.MVl.lpl = longs;
    sv[n].ulPropTag = PROP_TAG(PT_MV_UNICODE, 0x8106), sv[n].Value.MVszW.cValues = 2,
    sv[n++].Value.MVszW.lppszW = strs;
    sv[n].ulPropTag = PROP_TAG(PT_MV_BINARY, 0x8107), sv[n].Value.MVbin.cValues = 2,
    sv[n++].Value.MVbin.lpbin = bins;
    sv[n].ulPropTag = PROP_TAG(PT_MV_DOUBLE, 0x8108), sv[n].Value.MVdbl.cValues = 2,
    sv[n++].Value.MVdbl.lpdbl = dbls;
    sv[n].ulPropTag = PROP_TAG(PT_ERROR, 0x8109), sv[n++].Value.err = MAPI_E_NOT_FOUND;
    sv[n].ulPropTag = PR_MESSAGE_SIZE, sv[n++].Value.l = 1;
    sv[n].ulPropTag = PROP_TAG(PT_STRING8, 0x810A), sv[n++].Value.lpszA = "eight-bit";
    LPSPropProblemArray probs = NULL;
    CHECK_HR(msg->lpVtbl->SetProps(msg, (ULONG)n, sv, &probs), S_OK);
    CHECK(probs && probs->cProblem == 2, "two problems");
    if (probs && probs->cProblem == 2) {
        CHECK(probs->aProblem[0].ulIndex == 11 && probs->aProblem[0].scode == MAPI_E_INVALID_TYPE,
              "PT_ERROR");
        CHECK(probs->aProblem[1].ulIndex == 12 && probs->aProblem[1].scode == MAPI_E_COMPUTED,
              "computed");
    }
    MAPIFreeBuffer(probs);
    /* The caller's memory may go away: the provider deep-copied everything. */
    blob[0] = 0;
    longs[0] = 0;

    TAGS(count, PR_CONTENT_COUNT);
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(inbox->lpVtbl->GetProps(inbox, (LPSPropTagArray)&count, 0, &c, &p), S_OK);
    CHECK(p[0].Value.ul == nMessages, "not in the folder before SaveChanges");
    MAPIFreeBuffer(p);
    CHECK_HR(msg->lpVtbl->SaveChanges(msg, KEEP_OPEN_READWRITE), S_OK);
    CHECK_HR(inbox->lpVtbl->GetProps(inbox, (LPSPropTagArray)&count, 0, &c, &p), S_OK);
    CHECK(p[0].Value.ul == nMessages + 1, "in the folder after SaveChanges");
    MAPIFreeBuffer(p);

    TAGS(back, PROP_TAG(PT_MV_LONG, 0x8105), PROP_TAG(PT_MV_UNICODE, 0x8106),
         PROP_TAG(PT_MV_BINARY, 0x8107), PROP_TAG(PT_BOOLEAN, 0x8103), PROP_TAG(PT_CLSID, 0x8104),
         PROP_TAG(PT_UNICODE, 0x810A), PR_ENTRYID, PR_MESSAGE_SIZE,
         PROP_TAG(PT_UNSPECIFIED, 0x8106));
    CHECK_HR(msg->lpVtbl->GetProps(msg, (LPSPropTagArray)&back, MAPI_UNICODE, &c, &p), S_OK);
    CHECK(p[0].Value.MVl.cValues == 3 && p[0].Value.MVl.lpl[0] == 7 && p[0].Value.MVl.lpl[1] == -8,
          "MV_LONG copy");
    CHECK(p[1].Value.MVszW.cValues == 2 && WEq(p[1].Value.MVszW.lppszW[1], u"\u65E5\u672C"),
          "MV_UNICODE copy");
    CHECK(p[2].Value.MVbin.cValues == 2 && p[2].Value.MVbin.lpbin[0].cb == 5 &&
              p[2].Value.MVbin.lpbin[0].lpb[0] == 9 && p[2].Value.MVbin.lpbin[1].cb == 0,
          "MV_BINARY copy");
    CHECK(p[3].Value.b == 1, "boolean");
    CHECK(memcmp(p[4].Value.lpguid, &g, sizeof g) == 0, "clsid");
    CHECK(p[5].ulPropTag == PROP_TAG(PT_UNICODE, 0x810A) && WEq(p[5].Value.lpszW, u"eight-bit"),
          "STRING8 read as UNICODE");
    CHECK(p[6].ulPropTag == PR_ENTRYID && p[6].Value.bin.cb == 36, "new message has an entry id");
    CHECK(p[7].ulPropTag == PR_MESSAGE_SIZE && p[7].Value.l > 256, "message size");
    CHECK(p[8].ulPropTag == PROP_TAG(PT_MV_UNICODE, 0x8106),
          "PT_UNSPECIFIED resolves to MV_UNICODE");
    SBinary eid = {p[6].Value.bin.cb, NULL};
    BYTE eidBuf[64];
    memcpy(eidBuf, p[6].Value.bin.lpb, eid.cb);
    eid.lpb = eidBuf;
    MAPIFreeBuffer(p);

    LPSPropTagArray list = NULL;
    CHECK_HR(msg->lpVtbl->GetPropList(msg, 0, &list), S_OK);
    int sawA = 0;
    for (ULONG i = 0; list && i < list->cValues; i++)
        sawA |= list->aulPropTag[i] == PR_SUBJECT_A;
    CHECK(sawA, "GetPropList reports PR_SUBJECT_A without MAPI_UNICODE");
    MAPIFreeBuffer(list);

    TAGS(del, PR_BODY_W, PR_ENTRYID);
    CHECK_HR(msg->lpVtbl->DeleteProps(msg, (LPSPropTagArray)&del, &probs), S_OK);
    CHECK(probs && probs->cProblem == 1 && probs->aProblem[0].scode == MAPI_E_COMPUTED,
          "DeleteProps problem");
    MAPIFreeBuffer(probs);
    CHECK_HR(msg->lpVtbl->SaveChanges(msg, KEEP_OPEN_READONLY), S_OK);
    CHECK_HR(msg->lpVtbl->SetProps(msg, 1, sv, NULL), MAPI_E_NO_ACCESS);
    msg->lpVtbl->Release(msg);

    /* Delete it again. */
    ENTRYLIST el = {1, &eid};
    CHECK_HR(inbox->lpVtbl->DeleteMessages(inbox, &el, 0, NULL, 0), S_OK);
    CHECK_HR(inbox->lpVtbl->DeleteMessages(inbox, &el, 0, NULL, 0), MAPI_W_PARTIAL_COMPLETION);
    CHECK_HR(inbox->lpVtbl->GetProps(inbox, (LPSPropTagArray)&count, 0, &c, &p), S_OK);
    CHECK(p[0].Value.ul == nMessages, "deleted");
    MAPIFreeBuffer(p);
}

/* A table stays usable while the folder changes: new rows appear, the cursor keeps its row. */
static void TestDynamicTable(LPMAPIFOLDER inbox, ULONG nMessages)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, MAPI_UNICODE, &t), S_OK);
    TAGS(cols, PR_INSTANCE_KEY, PR_SUBJECT_W);
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_BEGINNING, 10, NULL), S_OK);
    BOOKMARK bk = 0;
    CHECK_HR(t->lpVtbl->CreateBookmark(t, &bk), S_OK);

    /* FindRow: the first subject starting with "weekly" at or after row 10 is message #15. */
    SPropValue prefix;
    memset(&prefix, 0, sizeof prefix);
    prefix.ulPropTag = PR_SUBJECT_W;
    prefix.Value.lpszW = (LPWSTR)u"weekly";
    SRestriction r;
    r.rt = RES_CONTENT;
    r.res.resContent.ulFuzzyLevel = FL_PREFIX | FL_IGNORECASE;
    r.res.resContent.ulPropTag = PR_SUBJECT_W;
    r.res.resContent.lpProp = &prefix;
    CHECK_HR(t->lpVtbl->FindRow(t, &r, BOOKMARK_CURRENT, 0), S_OK);
    ULONG row = 0, num, den;
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == 14, "FindRow forward: row %u", (unsigned)row);
    CHECK_HR(t->lpVtbl->FindRow(t, &r, bk, DIR_BACKWARD), S_OK);
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == 4, "FindRow backward from the bookmark: row %u", (unsigned)row);

    /* A new message saved while the table is open appears at the end; the cursor stays. */
    CHECK_HR(t->lpVtbl->SeekRow(t, bk, 0, NULL), S_OK);
    LPMESSAGE msg = NULL;
    CHECK_HR(inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &msg), S_OK);
    SPropValue subj;
    memset(&subj, 0, sizeof subj);
    subj.ulPropTag = PR_SUBJECT_W;
    subj.Value.lpszW = (LPWSTR)u"Arrived while the table was open";
    CHECK_HR(msg->lpVtbl->SetProps(msg, 1, &subj, NULL), S_OK);
    CHECK_HR(msg->lpVtbl->SaveChanges(msg, KEEP_OPEN_READONLY), S_OK);
    TAGS(eidTag, PR_ENTRYID);
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(msg->lpVtbl->GetProps(msg, (LPSPropTagArray)&eidTag, 0, &c, &p), S_OK);
    msg->lpVtbl->Release(msg);
    ULONG count = 0;
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == nMessages + 1, "the new row is visible: %u", (unsigned)count);
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == 10, "the cursor stayed on its row: %u", (unsigned)row);
    LPSRowSet rows = NULL;
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_END, -1, NULL), S_OK);
    CHECK_HR(t->lpVtbl->QueryRows(t, 1, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 1 && WEq(rows->aRow[0].lpProps[1].Value.lpszW, subj.Value.lpszW),
          "the new row is last");
    FreeProws(rows);

    /* Delete it: the row goes away. */
    ENTRYLIST el = {1, &p[0].Value.bin};
    CHECK_HR(inbox->lpVtbl->DeleteMessages(inbox, &el, 0, NULL, 0), S_OK);
    MAPIFreeBuffer(p);
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == nMessages, "the deleted row is gone");
    CHECK_HR(t->lpVtbl->FreeBookmark(t, bk), S_OK);
    CHECK_HR(t->lpVtbl->FreeBookmark(t, bk), MAPI_E_INVALID_BOOKMARK);
    CHECK_HR(t->lpVtbl->SeekRow(t, bk, 0, NULL), MAPI_E_INVALID_BOOKMARK);

    /* Every column of the contents table. */
    LPSPropTagArray all = NULL;
    CHECK_HR(t->lpVtbl->QueryColumns(t, TBL_ALL_COLUMNS, &all), S_OK);
    int sawKeywords = 0, sawSize = 0;
    for (ULONG i = 0; all && i < all->cValues; i++) {
        sawKeywords |= all->aulPropTag[i] == PROP_SAMPLE_KEYWORDS;
        sawSize |= all->aulPropTag[i] == PR_MESSAGE_SIZE;
    }
    CHECK(sawKeywords && sawSize, "TBL_ALL_COLUMNS");
    MAPIFreeBuffer(all);
    t->lpVtbl->Release(t);
}

static void TestFolders(LPMAPIFOLDER inbox)
{
    LPMAPIFOLDER sub = NULL, again = NULL;
    CHECK_HR(inbox->lpVtbl->CreateFolder(inbox, FOLDER_GENERIC, (LPTSTR)u"Smoke \u2713", NULL, NULL,
                                         MAPI_UNICODE, &sub),
             S_OK);
    CHECK_HR(inbox->lpVtbl->CreateFolder(inbox, FOLDER_GENERIC, (LPTSTR) "projects", NULL, NULL, 0,
                                         &again),
             MAPI_E_COLLISION);
    CHECK_HR(inbox->lpVtbl->CreateFolder(inbox, FOLDER_GENERIC, (LPTSTR)u"SMOKE \u2713", NULL, NULL,
                                         MAPI_UNICODE | OPEN_IF_EXISTS, &again),
             S_OK);
    TAGS(tags, PR_ENTRYID, PR_DISPLAY_NAME_A);
    ULONG c = 0;
    LPSPropValue p = NULL, q = NULL;
    CHECK_HR(sub->lpVtbl->GetProps(sub, (LPSPropTagArray)&tags, 0, &c, &p), S_OK);
    CHECK_HR(again->lpVtbl->GetProps(again, (LPSPropTagArray)&tags, 0, &c, &q), S_OK);
    CHECK(memcmp(p[0].Value.bin.lpb, q[0].Value.bin.lpb, 36) == 0,
          "OPEN_IF_EXISTS opened the same folder");
    CHECK(strcmp(p[1].Value.lpszA, "Smoke ?") == 0, "8-bit name with '?'");
    CHECK_HR(inbox->lpVtbl->DeleteFolder(inbox, p[0].Value.bin.cb, (LPENTRYID)p[0].Value.bin.lpb, 0,
                                         NULL, 0),
             S_OK);
    MAPIFreeBuffer(p);
    MAPIFreeBuffer(q);
    p = NULL;
    CHECK_HR(sub->lpVtbl->GetProps(sub, (LPSPropTagArray)&tags, 0, &c, &p), MAPI_E_OBJECT_DELETED);
    CHECK(p == NULL, "nothing returned on failure");
    sub->lpVtbl->Release(sub);
    again->lpVtbl->Release(again);
}

static void TestBigInbox(void)
{
    const ULONG N = 100000;
    double t0 = Now();
    LPMAPISESSION sess = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;messages=100000", NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION, &sess),
             S_OK);
    double tLogon = Now() - t0;
    if (!sess)
        return;
    LPMAPITABLE st = NULL;
    LPSRowSet rows = NULL;
    TAGS(scols, PR_ENTRYID, PR_DEFAULT_STORE);
    sess->lpVtbl->GetMsgStoresTable(sess, 0, &st);
    SPropValue yes;
    memset(&yes, 0, sizeof yes);
    yes.ulPropTag = PR_DEFAULT_STORE;
    yes.Value.b = 1;
    SRestriction r;
    r.rt = RES_PROPERTY;
    r.res.resProperty.relop = RELOP_EQ;
    r.res.resProperty.ulPropTag = PR_DEFAULT_STORE;
    r.res.resProperty.lpProp = &yes;
    CHECK_HR(HrQueryAllRows(st, (LPSPropTagArray)&scols, &r, NULL, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 1, "one default store");
    LPMDB store = NULL;
    CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, rows->aRow[0].lpProps[0].Value.bin.cb,
                                        (LPENTRYID)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
                                        MAPI_BEST_ACCESS, &store),
             S_OK);
    FreeProws(rows);
    st->lpVtbl->Release(st);
    ULONG cb = 0, type = 0;
    LPENTRYID eid = NULL;
    store->lpVtbl->GetReceiveFolder(store, NULL, 0, &cb, &eid, NULL);
    LPUNKNOWN unk = NULL;
    CHECK_HR(store->lpVtbl->OpenEntry(store, cb, eid, NULL, 0, &type, &unk), S_OK);
    MAPIFreeBuffer(eid);
    LPMAPIFOLDER inbox = (LPMAPIFOLDER)unk;
    LPMAPITABLE t = NULL;
    inbox->lpVtbl->GetContentsTable(inbox, MAPI_UNICODE, &t);
    ULONG count = 0;
    t->lpVtbl->GetRowCount(t, 0, &count);
    CHECK(count == N, "100000 rows");
    double t1 = Now();
    CHECK_HR(t->lpVtbl->QueryRows(t, 50, 0, &rows), S_OK);
    double tPage = Now() - t1;
    FreeProws(rows);
    struct {
        ULONG cSorts, cCategories, cExpanded;
        SSortOrder aSort[1];
    } sort = {1, 0, 0, {{PR_SUBJECT_W, TABLE_SORT_DESCEND}}};
    t1 = Now();
    CHECK_HR(t->lpVtbl->SortTable(t, (LPSSortOrderSet)&sort, 0), S_OK);
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_BEGINNING, 50000, NULL), S_OK);
    CHECK_HR(t->lpVtbl->QueryRows(t, 50, 0, &rows), S_OK);
    double tSort = Now() - t1;
    CHECK(rows && rows->cRows == 50, "page of 50 after the sort");
    FreeProws(rows);
    t1 = Now();
    CHECK_HR(t->lpVtbl->QueryRows(t, 50, 0, &rows), S_OK);
    double tPage2 = Now() - t1;
    FreeProws(rows);
    printf("100k Inbox: logon %.1f ms, first page %.2f ms, sort + seek + page %.1f ms, next page "
           "%.2f ms\n",
           tLogon * 1e3, tPage * 1e3, tSort * 1e3, tPage2 * 1e3);
    CHECK(tLogon < 1.0, "logon with 100000 messages under a second");
    CHECK(tPage2 < 0.05, "a page of a sorted 100000-row table is fast");
    t->lpVtbl->Release(t);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    sess->lpVtbl->Logoff(sess, 0, 0, 0);
    sess->lpVtbl->Release(sess);
}

/* ---------------------------------------------------------------------------------------------- */
/* COM rules, and the com.* knobs that break them (README.md "COM knobs"). */
static HRESULT Qi(void *obj, const IID *iid, void **out)
{
    LPUNKNOWN u = obj;
    return u->lpVtbl->QueryInterface(u, iid, out);
}
static ULONG Rel(void *obj) { return ((LPUNKNOWN)obj)->lpVtbl->Release((LPUNKNOWN)obj); }
static ULONG Ref(void *obj) { return ((LPUNKNOWN)obj)->lpVtbl->AddRef((LPUNKNOWN)obj); }

/* QI that must give `expect` (NULL: must fail with E_NOINTERFACE and write NULL); releases it. */
static void QiIs(void *obj, const IID *iid, void *expect, const char *what)
{
    void *p = (void *)&p; /* not NULL: the refusal must write NULL */
    HRESULT hr = Qi(obj, iid, &p);
    if (expect) {
        CHECK(hr == S_OK && p == expect, "%s: 0x%08X %p, expected %p", what, (unsigned)hr, p, expect);
        if (hr == S_OK && p)
            Rel(p);
    } else {
        CHECK(hr == E_NOINTERFACE && p == NULL, "%s: 0x%08X %p, expected a refusal", what,
              (unsigned)hr, p);
    }
}

static void TestCom(LPMDB store, LPMAPIFOLDER inbox)
{
    IID iUnk = Ole(0), iProp = Ole(0x00020303), iStore = Ole(0x00020306);
    IID iCont = Ole(0x0002030B), iFolder = Ole(0x0002030C), iTable = Ole(0x00020301);
    IID iBogus = Ole(0x000203FE);
    void *sync = NULL, *p = NULL;
    CHECK_HR(Qi(store, &IID_IMAPISync_, &sync), S_OK);
    if (!sync)
        return;

    /* Without knobs: one identity, and every interface reachable from every other. */
    QiIs(store, &iUnk, store, "store IUnknown");
    QiIs(sync, &iUnk, store, "IMAPISync's IUnknown is the store's");
    QiIs(sync, &iStore, store, "IMAPISync -> IMsgStore");
    QiIs(sync, &iProp, store, "IMAPISync -> IMAPIProp");
    QiIs(sync, &IID_IMAPISync_, sync, "IMAPISync -> IMAPISync");
    CHECK_HR(Qi(store, &IID_IMAPISync_, &p), S_OK); /* a new tear-off each time */
    if (p)
        Rel(p);
    QiIs(store, &iProp, store, "store IMAPIProp");
    QiIs(inbox, &iCont, inbox, "folder IMAPIContainer");
    QiIs(store, &iBogus, NULL, "store unknown IID");
    QiIs(sync, &iBogus, NULL, "IMAPISync unknown IID");
    QiIs(inbox, &iBogus, NULL, "folder unknown IID");
    CHECK_HR(Qi(store, &iStore, NULL), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(Qi(inbox, &iFolder, NULL), MAPI_E_INVALID_PARAMETER);
    ULONG n = Ref(store);
    CHECK(n >= 2 && Rel(store) == n - 1, "AddRef / Release return the count (%lu)",
          (unsigned long)n);

    CHECK_HR(SampleProvider_SetKnobs("com.oneWay=IFoo"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("com.tearOffIdentity=2"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("com.nullOutOk="), MAPI_E_INVALID_PARAMETER);

    /* com.tearOffIdentity: IMAPISync's IUnknown is itself (two identities for one object) */
    CHECK_HR(SampleProvider_SetKnobs("com.tearOffIdentity=1"), S_OK);
    QiIs(sync, &iUnk, sync, "tearOffIdentity: IMAPISync's own IUnknown");
    QiIs(store, &iUnk, store, "tearOffIdentity: the store's");

    /* com.oneWay: only IUnknown and the object's own IID */
    CHECK_HR(SampleProvider_SetKnobs("com.oneWay=IMAPISync"), S_OK);
    QiIs(sync, &iStore, NULL, "oneWay: IMAPISync -/-> IMsgStore");
    QiIs(sync, &iProp, NULL, "oneWay: IMAPISync -/-> IMAPIProp");
    QiIs(sync, &iUnk, store, "oneWay: IUnknown still the store's");
    CHECK_HR(Qi(store, &IID_IMAPISync_, &p), S_OK); /* ... while IMsgStore -> IMAPISync works */
    if (p)
        Rel(p);
    CHECK_HR(SampleProvider_SetKnobs("com.oneWay=IMsgStore,IMAPIFolder"), S_OK);
    QiIs(store, &iProp, NULL, "oneWay: IMsgStore -/-> IMAPIProp");
    QiIs(store, &iStore, store, "oneWay: its own IID");
    QiIs(store, &iUnk, store, "oneWay: IUnknown");
    QiIs(sync, &iStore, store, "oneWay: IMAPISync -> IMsgStore still");
    QiIs(inbox, &iCont, NULL, "oneWay: IMAPIFolder -/-> IMAPIContainer");
    QiIs(inbox, &iProp, NULL, "oneWay: IMAPIFolder -/-> IMAPIProp");
    QiIs(inbox, &iFolder, inbox, "oneWay: IMAPIFolder");

    /* com.noNullOnFail: a refusal leaves *ppv as the caller set it */
    CHECK_HR(SampleProvider_SetKnobs(
                 "com.noNullOnFail=IMsgStore;com.noNullOnFail=IMAPIFolder,IMAPISync"),
             S_OK);
    void *objs[] = {store, inbox, sync};
    for (int i = 0; i < 3; i++) {
        p = (void *)&p;
        CHECK_HR(Qi(objs[i], &iBogus, &p), E_NOINTERFACE);
        CHECK(p == (void *)&p, "noNullOnFail: object %d left *ppv", i);
    }
    QiIs(store, &iProp, store, "noNullOnFail: a success still writes");
    CHECK_HR(SampleProvider_SetKnobs("com.noNullOnFail=IMAPISync"), S_OK);
    QiIs(store, &iBogus, NULL, "noNullOnFail=IMAPISync: the store still writes NULL");

    /* com.nullOutOk: QI(riid, NULL) is S_OK, and takes no reference */
    CHECK_HR(SampleProvider_SetKnobs("com.nullOutOk=IMsgStore,IMAPIFolder"), S_OK);
    n = Ref(store);
    CHECK_HR(Qi(store, &iStore, NULL), S_OK);
    CHECK_HR(Qi(inbox, &iFolder, NULL), S_OK);
    CHECK_HR(Qi(sync, &IID_IMAPISync_, NULL), MAPI_E_INVALID_PARAMETER);
    CHECK(Rel(store) == n - 1, "nullOutOk: no reference taken");

    /* com.refcountReturns: AddRef and Release return 0, the count still works */
    CHECK_HR(SampleProvider_SetKnobs("com.refcountReturns=*"), S_OK);
    CHECK(Ref(store) == 0 && Ref(inbox) == 0 && Ref(sync) == 0, "AddRef returns 0");
    CHECK(Rel(store) == 0 && Rel(inbox) == 0 && Rel(sync) == 0, "Release returns 0");
    CHECK_HR(SampleProvider_SetKnobs("com.refcountReturns=IMAPIFolder"), S_OK);
    n = Ref(store);
    CHECK(n >= 2 && Ref(inbox) == 0 && Rel(inbox) == 0 && Rel(store) == n - 1,
          "only the folder's return 0");
    ULONG c = 0;
    LPSPropValue props = NULL;
    CHECK_HR(inbox->lpVtbl->GetProps(inbox, NULL, 0, &c, &props), S_OK); /* alive */
    MAPIFreeBuffer(props);

    /* com.identityFlip: every second QI(IUnknown) gives another valid pointer to the object */
    CHECK_HR(SampleProvider_SetKnobs("com.identityFlip=IMsgStore,IMAPIFolder"), S_OK);
    for (int k = 0; k < 2; k++) {
        void *obj = k ? (void *)inbox : (void *)store, *u1 = NULL, *u2 = NULL;
        CHECK_HR(Qi(obj, &iUnk, &u1), S_OK);
        CHECK_HR(Qi(obj, &iUnk, &u2), S_OK);
        CHECK(u1 && u2 && u1 != u2 && (u1 == obj || u2 == obj), "identityFlip: %p %p (%p)", u1,
              u2, obj);
        void *other = u1 == obj ? u2 : u1;
        if (other) {
            QiIs(other, k ? &iFolder : &iStore, obj, "identityFlip: the other pointer's QI");
            n = Ref(other);
            CHECK(n >= 2 && Rel(other) == n - 1, "identityFlip: its AddRef / Release");
        }
        if (u1)
            Rel(u1);
        if (u2)
            Rel(u2);
    }
    CHECK_HR(SampleProvider_SetKnobs("com.identityFlip=*"), S_OK);
    LPMAPITABLE t = NULL;
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, 0, &t), S_OK);
    if (t) {
        QiIs(t, &iTable, t, "IMAPITable");
        void *u1 = NULL, *u2 = NULL;
        CHECK_HR(Qi(t, &iUnk, &u1), S_OK);
        CHECK_HR(Qi(t, &iUnk, &u2), S_OK);
        CHECK(u1 != u2, "identityFlip=*: the table too");
        Rel(u1);
        Rel(u2);
        t->lpVtbl->Release(t);
    }
    CHECK_HR(SampleProvider_SetKnobs("com.oneWay=IMAPITable"), S_OK);
    CHECK_HR(inbox->lpVtbl->GetContentsTable(inbox, 0, &t), S_OK);
    if (t) {
        QiIs(t, &iTable, t, "oneWay=IMAPITable: nothing to drop");
        QiIs(t, &iUnk, t, "oneWay=IMAPITable: IUnknown");
        t->lpVtbl->Release(t);
    }

    CHECK_HR(SampleProvider_SetKnobs(""), S_OK);
    QiIs(sync, &iUnk, store, "knobs off: one identity again");
    Rel(sync);
}

/* COM knobs from a profile apply to that session only; process-wide ones are read live. */
static void TestComProfile(void)
{
    IID iProp = Ole(0x00020303);
    LPMAPISESSION a = NULL, b = NULL;
    CHECK_HR(SampleProvider_SetKnobs("com.oneWay=IMsgStore"), S_OK); /* in force at logon */
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;com.oneWay=IMsgStore", NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION, &a),
             S_OK);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &b), S_OK);
    LPMAPISESSION bad = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;com.oneWay=IFoo", NULL, MAPI_EXTENDED, &bad),
             MAPI_E_INVALID_PARAMETER);
    CHECK(bad == NULL, "no session");
    CHECK_HR(SampleProvider_SetKnobs(""), S_OK);
    LPMAPISESSION sessions[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        LPMAPISESSION sess = sessions[i];
        if (!sess)
            continue;
        LPMAPITABLE t = NULL;
        LPSRowSet rows = NULL;
        LPMDB store = NULL;
        TAGS(cols, PR_ENTRYID);
        CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &t), S_OK);
        CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
        if (rows && rows->cRows)
            CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, rows->aRow[0].lpProps[0].Value.bin.cb,
                                                (LPENTRYID)rows->aRow[0].lpProps[0].Value.bin.lpb,
                                                NULL, 0, &store),
                     S_OK);
        FreeProws(rows);
        t->lpVtbl->Release(t);
        if (store) {
            /* a: its profile's knob; b: none (the process-wide one was cleared after logon) */
            QiIs(store, &iProp, i == 0 ? NULL : (void *)store, "profile com.oneWay=IMsgStore");
            store->lpVtbl->Release(store);
        }
        sess->lpVtbl->Logoff(sess, 0, 0, 0);
        sess->lpVtbl->Release(sess);
    }
}

int main(void)
{
    SampleStats s0, s;
    CHECK_HR(SampleProvider_GetStats(&s0), S_OK);
    CHECK(s0.cbSize == sizeof(SampleStats) && s0.cbSize == 84, "stats size %u",
          (unsigned)s0.cbSize);

    /* Rules before MAPIInitialize. */
    LPMAPISESSION sess = NULL;
    CHECK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &sess), MAPI_E_NOT_INITIALIZED);
    MAPIUninitialize();
    SampleProvider_GetStats(&s);
    CHECK(s.cInitImbalance == s0.cInitImbalance + 1, "unbalanced MAPIUninitialize counted");
    CHECK(s.cNotInitialized == s0.cNotInitialized + 1, "refused call counted");

    MAPIINIT_0 init = {MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS};
    CHECK_HR(MAPIInitialize(&init), S_OK);
    MAPIINIT_0 badInit = {1, 0};
    CHECK_HR(MAPIInitialize(&badInit), MAPI_E_VERSION);

    CHECK_HR(MAPILogonEx(0, (LPTSTR) "NoSuchProfile", NULL, MAPI_EXTENDED, &sess),
             MAPI_E_LOGON_FAILED);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;bogus=1", NULL, MAPI_EXTENDED, &sess),
             MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("fail=MAPILogonEx:0x80040111:1"), S_OK);
    CHECK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &sess), MAPI_E_LOGON_FAILED);
    CHECK_HR(SampleProvider_SetKnobs("nonsense"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);

    const ULONG N = 1000;
    CHECK_HR(MAPILogonEx(0, (LPTSTR)u"Sample;messages=1000", NULL,
                         MAPI_EXTENDED | MAPI_UNICODE | MAPI_NEW_SESSION | MAPI_NO_MAIL, &sess),
             S_OK);
    if (!sess)
        return 1;

    SBinary defaultEid = {0, NULL}, archiveEid = {0, NULL};
    BYTE eidBuf[64], archiveBuf[64];
    TestStoresTable(sess, &defaultEid, eidBuf, &archiveEid, archiveBuf);

    LPMDB store = NULL, archive = NULL;
    CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, defaultEid.cb, (LPENTRYID)defaultEid.lpb, NULL,
                                        MAPI_BEST_ACCESS | MDB_NO_DIALOG | MDB_NO_MAIL, &store),
             S_OK);
    CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, archiveEid.cb, (LPENTRYID)archiveEid.lpb, NULL, 0,
                                        &archive),
             S_OK);
    if (!store || !archive)
        return 1;
    void *sync = NULL;
    CHECK_HR(archive->lpVtbl->QueryInterface(archive, &IID_IMAPISync_, &sync), E_NOINTERFACE);
    IID iidStore = Ole(0x00020306);
    void *same = NULL;
    CHECK_HR(archive->lpVtbl->QueryInterface(archive, &iidStore, &same), S_OK);
    CHECK(same == archive, "QI IMsgStore");
    CHECK(archive->lpVtbl->Release(archive) == 1, "QI added a reference");
    archive->lpVtbl->Release(archive);

    TestStoreProps(store);
    TestNamedProps(store);

    ULONG cbInbox = 0;
    LPENTRYID inboxEid = NULL;
    TestHierarchy(store, &cbInbox, &inboxEid);

    ULONG type = 0;
    LPUNKNOWN unk = NULL;
    CHECK_HR(sess->lpVtbl->OpenEntry(sess, cbInbox, inboxEid, NULL, MAPI_BEST_ACCESS, &type, &unk),
             S_OK);
    CHECK(type == MAPI_FOLDER, "session opens a folder");
    LPMAPIFOLDER inbox = (LPMAPIFOLDER)unk;

    SBinary first = {0, NULL};
    BYTE firstBuf[64];
    TestContents(inbox, N, &first, firstBuf);
    TestMessage(inbox, &first);
    TestCreateMessage(inbox, N);
    TestDynamicTable(inbox, N);
    TestFolders(inbox);
    TestCom(store, inbox);
    TestComProfile();

    /* Fault injection. */
    CHECK_HR(SampleProvider_SetKnobs("fail=IMsgStore::OpenEntry:0x8004010F"), S_OK);
    CHECK_HR(store->lpVtbl->OpenEntry(store, cbInbox, inboxEid, NULL, 0, &type, &unk),
             MAPI_E_NOT_FOUND);
    LPMAPIERROR err = NULL;
    CHECK_HR(store->lpVtbl->GetLastError(store, MAPI_E_NOT_FOUND, 0, &err), S_OK);
    CHECK(err && strstr(err->lpszError, "fail=IMsgStore::OpenEntry"), "error text names the knob");
    MAPIFreeBuffer(err);
    CHECK_HR(SampleProvider_SetKnobs(""), S_OK);
    CHECK_HR(store->lpVtbl->OpenEntry(store, cbInbox, inboxEid, NULL, 0, &type, &unk), S_OK);
    ((LPMAPIFOLDER)unk)->lpVtbl->Release((LPMAPIFOLDER)unk);

    /* A thread without MAPIInitialize. */
    ThreadArg ta = {store, S_OK};
    RunUninitializedThread(&ta);
    CHECK(ta.hr == MAPI_E_NOT_INITIALIZED, "uninitialized thread refused: 0x%08X", (unsigned)ta.hr);

    /* Handle layer edge cases. */
    CHECK(SampleCloseHandle((HANDLE)&ta) == 0, "closing an unknown handle fails");
    CHECK(SampleWaitForSingleObject(NULL, 0) == 0xFFFFFFFFu, "WAIT_FAILED");

    /* MAPIFreeBuffer of a non-root is rejected and counted. */
    void *buf = NULL, *more = NULL;
    CHECK_HR(MAPIAllocateBuffer(16, &buf), S_OK);
    CHECK_HR(MAPIAllocateMore(32, buf, &more), S_OK);
    SampleProvider_GetStats(&s0);
    CHECK(MAPIFreeBuffer(more) == (ULONG)MAPI_E_INVALID_PARAMETER,
          "MAPIAllocateMore block is not a root");
    CHECK(MAPIFreeBuffer(buf) == 0, "root freed");
    CHECK(MAPIFreeBuffer(buf) == (ULONG)MAPI_E_INVALID_PARAMETER, "double free rejected");
    SampleProvider_GetStats(&s);
    CHECK(s.cBadFrees == s0.cBadFrees + 2, "bad frees counted");

    /* Logoff: the session's objects answer MAPI_E_END_OF_SESSION but stay releasable. */
    CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
    ULONG c = 0;
    LPSPropValue p = NULL;
    CHECK_HR(store->lpVtbl->GetProps(store, NULL, 0, &c, &p), MAPI_E_END_OF_SESSION);
    CHECK_HR(inbox->lpVtbl->GetProps(inbox, NULL, 0, &c, &p), MAPI_E_END_OF_SESSION);
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, NULL), MAPI_E_END_OF_SESSION);
    /* Release in an unusual order: session first. */
    sess->lpVtbl->Release(sess);
    MAPIFreeBuffer(inboxEid);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);

    TestBigInbox();

    MAPIUninitialize();
    CHECK_HR(SampleProvider_GetStats(&s), S_OK);
    CHECK(s.cObjects == 0,
          "live objects: %u (sessions %u stores %u folders %u messages %u tables %u)",
          (unsigned)s.cObjects, (unsigned)s.cSessions, (unsigned)s.cStores, (unsigned)s.cFolders,
          (unsigned)s.cMessages, (unsigned)s.cTables);
    CHECK(s.cBuffers == 0 && s.cbBuffers == 0, "live buffers: %u (%u bytes)", (unsigned)s.cBuffers,
          (unsigned)s.cbBuffers);
    CHECK(s.cInitializedThreads == 0, "initialized threads %u", (unsigned)s.cInitializedThreads);
    CHECK(s.cThreads == 0 && s.cHandles == 0, "threads %u handles %u", (unsigned)s.cThreads,
          (unsigned)s.cHandles);

    printf("smoke: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
