/*
 * check_knobs_test.c - native test of the conformance knobs (README.md "Conformance knobs"): for
 * each, through the exports and vtables as a client uses them, the rule `koffi-mapi check` checks
 * holds without the knob and is broken with it, and SampleStats come back to zero afterwards.
 * The leak knobs run last and assert their exact leak (leak.object's is then released through the
 * pointer the test kept, so the stats are zero again; leak.buffer's root and leak.thread's thread
 * stay, as they must).
 *
 * Build and run:  node scripts/build-provider.js --smoke      (Linux; or --target win-x64 etc.)
 * Under valgrind (KMAPI_VALGRIND=1, set by build-provider.js --valgrind) leak.thread is skipped:
 * a thread that is still running at exit is what valgrind reports as "possibly lost".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kmapi_sample.h"
#include "check.h"

#define PR_RESOURCE_TYPE_ PROP_TAG(PT_LONG, 0x3E03)
#define PR_PROVIDER_DISPLAY_W_ PROP_TAG(PT_UNICODE, 0x3006)
#define BOGUS_ERROR_TAG PROP_TAG(PT_ERROR, 0x7FFD) /* props.nullTagsErrors' extra slot */
#define ABSENT_LONG PROP_TAG(PT_LONG, 0x6FF0)        /* no object of the sample has it */

typedef struct Env {
    LPMAPISESSION sess;
    LPMDB store;        /* "Sample Mailbox" */
    LPMAPIFOLDER inbox; /* its receive folder (NULL with store.badReceiveFolder) */
} Env;

static int WEq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static const SPropValue *FindId(const SPropValue *p, ULONG c, ULONG tag)
{
    for (ULONG i = 0; i < c; i++)
        if (PROP_ID(p[i].ulPropTag) == PROP_ID(tag))
            return &p[i];
    return NULL;
}

static HRESULT Logon(const char *knobs, LPMAPISESSION *sess)
{
    char profile[300];
    snprintf(profile, sizeof profile, "Sample;messages=10;%s", knobs);
    return MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, sess);
}

/* Logs on with `knobs`, opens the mailbox (the stores table's first row) and, when wantInbox, the
 * folder GetReceiveFolder names. Returns 0 when something is missing (already reported). */
static int Open(Env *e, const char *knobs, int wantInbox)
{
    memset(e, 0, sizeof *e);
    CHECK_HR(Logon(knobs, &e->sess), S_OK);
    if (!e->sess)
        return 0;
    LPMAPITABLE t = NULL;
    CHECK_HR(e->sess->lpVtbl->GetMsgStoresTable(e->sess, 0, &t), S_OK);
    TAGS(cols, PR_ENTRYID);
    LPSRowSet rows = NULL;
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    t->lpVtbl->Release(t);
    if (!rows || rows->cRows != 2) {
        CHECK(0, "two stores");
        FreeProws(rows);
        return 0;
    }
    const SBinary *eid = &rows->aRow[0].lpProps[0].Value.bin;
    CHECK_HR(e->sess->lpVtbl->OpenMsgStore(e->sess, 0, eid->cb, (LPENTRYID)eid->lpb, NULL,
                                           MAPI_BEST_ACCESS, &e->store),
             S_OK);
    FreeProws(rows);
    if (!e->store)
        return 0;
    if (!wantInbox)
        return 1;
    ULONG cb = 0, type = 0;
    LPENTRYID inboxEid = NULL;
    CHECK_HR(e->store->lpVtbl->GetReceiveFolder(e->store, NULL, 0, &cb, &inboxEid, NULL), S_OK);
    CHECK_HR(e->store->lpVtbl->OpenEntry(e->store, cb, inboxEid, NULL, MAPI_BEST_ACCESS, &type,
                                         (LPUNKNOWN *)&e->inbox),
             S_OK);
    MAPIFreeBuffer(inboxEid);
    return e->inbox != NULL;
}

static void Close(Env *e)
{
    if (e->inbox)
        e->inbox->lpVtbl->Release(e->inbox);
    if (e->store)
        e->store->lpVtbl->Release(e->store);
    if (e->sess) {
        CHECK_HR(e->sess->lpVtbl->Logoff(e->sess, 0, 0, 0), S_OK);
        e->sess->lpVtbl->Release(e->sess);
    }
    memset(e, 0, sizeof *e);
}

/* What the leak knobs left behind so far (the stats below are compared with it). */
static ULONG g_leftBuffers, g_leftThreads;

static void StatsBack(const char *what)
{
    SampleStats s;
    CHECK_HR(SampleProvider_GetStats(&s), S_OK);
    CHECK(s.cObjects == 0 && s.cBuffers == g_leftBuffers && s.cThreads == g_leftThreads &&
              s.cHandles == 0 && s.cAdvises == 0 && s.cSinkRefs == 0,
          "%s: objects %u, buffers %u (expected %u), threads %u (expected %u), handles %u", what,
          (unsigned)s.cObjects, (unsigned)s.cBuffers, (unsigned)g_leftBuffers,
          (unsigned)s.cThreads, (unsigned)g_leftThreads, (unsigned)s.cHandles);
}

/* ---- parsing ---------------------------------------------------------------------------------- */
static void TestParsing(void)
{
    static const char *const bools[] = {
        "stores.noDefault",    "store.noIpmSubtree",   "store.badReceiveFolder",
        "store.openMissingOk", "table.columnsIgnored", "table.seekCount",
        "table.restrictIgnored", "table.sortIgnored",  "table.rowCountOff",
        "props.nullTagsErrors", "props.errorSlotType", "props.mallocBuffer",
        "leak.thread",         "leak.object",          "leak.buffer",
    };
    char spec[96], text[300];
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        LPMAPISESSION s = NULL;
        snprintf(spec, sizeof spec, "%s=2", bools[i]);
        CHECK_HR(Logon(spec, &s), MAPI_E_INVALID_PARAMETER);
        CHECK(s == NULL, "no session");
        SampleProvider_GetLogonError(text, sizeof text);
        CHECK(strstr(text, "expected 0 or 1") != NULL, "%s: '%s'", bools[i], text);
        CHECK_HR(SampleProvider_SetKnobs(spec), MAPI_E_INVALID_PARAMETER);
        snprintf(spec, sizeof spec, "%s=0", bools[i]);
        CHECK_HR(SampleProvider_SetKnobs(spec), S_OK);
    }
    CHECK_HR(SampleProvider_SetKnobs("stores.missingColumn=zz"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("stores.missingColumn=0x00000003"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("stores.missingColumn=0x1FFFFFFFF"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs("stores.missingColumn=0x34140102"), S_OK);
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
    StatsBack("parsing");
}

/* Process-wide knobs reach later logons; a profile's own value wins. */
static ULONG RowCountOver(const char *profileKnobs)
{
    Env e;
    ULONG over = 99;
    if (Open(&e, profileKnobs, 1)) {
        LPMAPITABLE t = NULL;
        CHECK_HR(e.inbox->lpVtbl->GetContentsTable(e.inbox, 0, &t), S_OK);
        ULONG count = 0;
        if (t && t->lpVtbl->GetRowCount(t, 0, &count) == S_OK)
            over = count - 10;
        if (t)
            t->lpVtbl->Release(t);
    }
    Close(&e);
    return over;
}

static void TestOverlay(void)
{
    CHECK(RowCountOver("") == 0, "no knob");
    CHECK_HR(SampleProvider_SetKnobs("table.rowCountOff=1"), S_OK);
    CHECK(RowCountOver("") == 1, "the process-wide knob");
    CHECK(RowCountOver("table.rowCountOff=0") == 0, "the profile's 0 wins");
    CHECK_HR(SampleProvider_SetKnobs(NULL), S_OK);
    CHECK(RowCountOver("table.rowCountOff=1") == 1, "the profile's knob");
    CHECK(RowCountOver("") == 0, "cleared");
    StatsBack("overlay");
}

/* ---- store.stores-table, store.default -------------------------------------------------------- */
static const ULONG g_required[] = {
    PR_ENTRYID,      PR_DISPLAY_NAME_W, PR_MDB_PROVIDER,        PR_RESOURCE_FLAGS,
    PR_RECORD_KEY,   PR_INSTANCE_KEY,   PR_OBJECT_TYPE,         PR_DEFAULT_STORE,
    PR_RESOURCE_TYPE_, PR_PROVIDER_DISPLAY_W_,
};
#define N_REQUIRED (sizeof g_required / sizeof g_required[0])

/* The stores table's rows with every required column (MAPI_UNICODE). */
static LPSRowSet StoresRows(LPMAPISESSION sess)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, MAPI_UNICODE, &t), S_OK);
    if (!t)
        return NULL;
    struct {
        ULONG cValues;
        ULONG aulPropTag[N_REQUIRED];
    } cols = {N_REQUIRED, {0}};
    memcpy(cols.aulPropTag, g_required, sizeof g_required);
    LPSRowSet rows = NULL;
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    /* The default column set has every required column too. */
    LPSPropTagArray def = NULL;
    CHECK_HR(t->lpVtbl->QueryColumns(t, 0, &def), S_OK);
    for (ULONG i = 0; def && i < N_REQUIRED; i++) {
        int seen = 0;
        for (ULONG j = 0; j < def->cValues; j++)
            seen |= def->aulPropTag[j] == g_required[i];
        CHECK(seen, "default columns have 0x%08X", (unsigned)g_required[i]);
    }
    MAPIFreeBuffer(def);
    t->lpVtbl->Release(t);
    return rows;
}

static void TestStoresTable(void)
{
    const char *specs[] = {"", "stores.missingColumn=0x34140102",
                           "stores.missingColumn=0x0FF60102"};
    for (int k = 0; k < 3; k++) {
        LPMAPISESSION sess = NULL;
        CHECK_HR(Logon(specs[k], &sess), S_OK);
        if (!sess)
            return;
        ULONG missing = k == 1 ? PR_MDB_PROVIDER : k == 2 ? PR_INSTANCE_KEY : 0;
        LPSRowSet rows = StoresRows(sess);
        CHECK(rows && rows->cRows == 2, "two stores");
        for (ULONG r = 0; rows && r < rows->cRows; r++) {
            const SPropValue *p = rows->aRow[r].lpProps;
            CHECK(rows->aRow[r].cValues == N_REQUIRED, "every column");
            for (ULONG i = 0; i < N_REQUIRED; i++) {
                if (g_required[i] == missing)
                    CHECK(p[i].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(missing)) &&
                              p[i].Value.err == MAPI_E_NOT_FOUND,
                          "knob %s: row %u column 0x%08X is 0x%08X", specs[k], (unsigned)r,
                          (unsigned)missing, (unsigned)p[i].ulPropTag);
                else
                    CHECK(p[i].ulPropTag == g_required[i],
                          "knob '%s': row %u column 0x%08X has the type asked for, got 0x%08X",
                          specs[k], (unsigned)r, (unsigned)g_required[i],
                          (unsigned)p[i].ulPropTag);
            }
            if (k == 0) {
                CHECK(p[0].Value.bin.cb == 36 && p[2].Value.bin.cb == 16 &&
                          p[4].Value.bin.cb == 16 && p[5].Value.bin.cb == 4,
                      "entry id, provider uid, record key and instance key sizes");
                CHECK(p[6].Value.l == MAPI_STORE && p[8].Value.l == 33,
                      "MAPI_STORE, MAPI_STORE_PROVIDER");
            }
        }
        FreeProws(rows);
        CHECK_HR(sess->lpVtbl->Logoff(sess, 0, 0, 0), S_OK);
        sess->lpVtbl->Release(sess);
    }
    StatsBack("stores table");
}

static void TestDefault(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        if (!Open(&e, knob ? "stores.noDefault=1" : "", 0)) {
            Close(&e);
            return;
        }
        LPSRowSet rows = StoresRows(e.sess);
        int defaults = 0, flagged = 0;
        for (ULONG r = 0; rows && r < rows->cRows; r++) {
            const SPropValue *p = rows->aRow[r].lpProps;
            defaults += p[7].ulPropTag == PR_DEFAULT_STORE && p[7].Value.b;
            flagged += (p[3].Value.ul & STATUS_DEFAULT_STORE) != 0;
        }
        FreeProws(rows);
        CHECK(defaults == (knob ? 0 : 1) && flagged == (knob ? 0 : 1),
              "knob %d: %d default stores, %d with STATUS_DEFAULT_STORE", knob, defaults, flagged);
        TAGS(tags, PR_DEFAULT_STORE);
        ULONG c = 0;
        LPSPropValue p = NULL;
        CHECK_HR(e.store->lpVtbl->GetProps(e.store, (LPSPropTagArray)&tags, 0, &c, &p), S_OK);
        CHECK(p && p[0].Value.b == (knob ? 0 : 1), "the mailbox's own PR_DEFAULT_STORE");
        MAPIFreeBuffer(p);
        Close(&e);
    }
    StatsBack("default store");
}

/* ---- store.ipm-subtree, store.receive-folder ---------------------------------------------------- */
static void TestIpmSubtree(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        if (!Open(&e, knob ? "store.noIpmSubtree=1" : "", 0)) {
            Close(&e);
            return;
        }
        TAGS(tags, PR_IPM_SUBTREE_ENTRYID);
        ULONG c = 0;
        LPSPropValue p = NULL;
        CHECK_HR(e.store->lpVtbl->GetProps(e.store, (LPSPropTagArray)&tags, 0, &c, &p),
                 knob ? MAPI_W_ERRORS_RETURNED : S_OK);
        if (knob)
            CHECK(p && p[0].ulPropTag == PROP_TAG(PT_ERROR, 0x35E0) &&
                      p[0].Value.err == MAPI_E_NOT_FOUND,
                  "no IPM subtree");
        else
            CHECK(p && p[0].ulPropTag == PR_IPM_SUBTREE_ENTRYID && p[0].Value.bin.cb == 36,
                  "the IPM subtree's entry id");
        if (!knob && p) { /* ... and it opens */
            ULONG type = 0;
            LPUNKNOWN f = NULL;
            CHECK_HR(e.store->lpVtbl->OpenEntry(e.store, p[0].Value.bin.cb,
                                                (LPENTRYID)p[0].Value.bin.lpb, NULL, 0, &type, &f),
                     S_OK);
            CHECK(type == MAPI_FOLDER, "a folder");
            if (f)
                f->lpVtbl->Release(f);
        }
        MAPIFreeBuffer(p);
        Close(&e);
    }
    StatsBack("IPM subtree");
}

static void TestReceiveFolder(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        if (!Open(&e, knob ? "store.badReceiveFolder=1" : "", 0)) {
            Close(&e);
            return;
        }
        ULONG cb = 0, type = 0, equal = 0;
        LPENTRYID eid = NULL;
        CHECK_HR(e.store->lpVtbl->GetReceiveFolder(e.store, (LPTSTR) "IPM.Note", 0, &cb, &eid,
                                                   NULL),
                 S_OK);
        CHECK(cb == 36, "an entry id of this provider");
        /* Well-formed: the session can compare it. */
        CHECK_HR(e.sess->lpVtbl->CompareEntryIDs(e.sess, cb, eid, cb, eid, 0, &equal), S_OK);
        CHECK(equal, "equal to itself");
        LPUNKNOWN f = NULL;
        CHECK_HR(e.store->lpVtbl->OpenEntry(e.store, cb, eid, NULL, 0, &type, &f),
                 knob ? MAPI_E_NOT_FOUND : S_OK);
        CHECK(knob ? f == NULL : type == MAPI_FOLDER, "knob %d: the receive folder", knob);
        if (f)
            f->lpVtbl->Release(f);
        MAPIFreeBuffer(eid);
        Close(&e);
    }
    StatsBack("receive folder");
}

/* ---- table.* ----------------------------------------------------------------------------------- */
static LPMAPITABLE Contents(Env *e)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(e->inbox->lpVtbl->GetContentsTable(e->inbox, MAPI_UNICODE, &t), S_OK);
    return t;
}

static ULONG QueryAll(LPMAPITABLE t, LPSRowSet *out)
{
    LPSRowSet rows = NULL;
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_BEGINNING, 0, NULL), S_OK);
    CHECK_HR(t->lpVtbl->QueryRows(t, 1000, 0, &rows), S_OK);
    ULONG n = rows ? rows->cRows : 0;
    if (out)
        *out = rows;
    else
        FreeProws(rows);
    return n;
}

static void TestTableColumns(Env *e, int knob)
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return;
    TAGS(cols, PR_SUBJECT_W);
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    LPSRowSet rows = NULL;
    CHECK_HR(t->lpVtbl->QueryRows(t, 1, 0, &rows), S_OK);
    int one = rows && rows->cRows == 1 && rows->aRow[0].cValues == 1 &&
              rows->aRow[0].lpProps[0].ulPropTag == PR_SUBJECT_W;
    CHECK(knob ? !one : one, "knob %d: rows %s the columns set", knob, one ? "have" : "lack");
    FreeProws(rows);
    t->lpVtbl->Release(t);
}

static void TestTableSeek(Env *e, int knob)
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return;
    LONG sought = -1;
    ULONG row = 0, num = 0, den = 0;
    CHECK_HR(t->lpVtbl->SeekRow(t, BOOKMARK_BEGINNING, 3, &sought), S_OK);
    CHECK(sought == (knob ? 4 : 3), "knob %d: rows sought %ld", knob, (long)sought);
    CHECK_HR(t->lpVtbl->QueryPosition(t, &row, &num, &den), S_OK);
    CHECK(row == 3, "moved to row 3 either way, at %u", (unsigned)row);
    t->lpVtbl->Release(t);
}

static void TestTableRestrict(Env *e, int knob)
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return;
    TAGS(cols, PR_ENTRYID);
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    LPSRowSet rows = NULL;
    ULONG all = QueryAll(t, &rows);
    CHECK(all == 10, "10 messages, got %u", (unsigned)all);
    if (!rows || rows->cRows < 2) {
        FreeProws(rows);
        t->lpVtbl->Release(t);
        return;
    }
    /* PR_ENTRYID == the second row's: one row. */
    SRestriction r;
    r.rt = RES_PROPERTY;
    r.res.resProperty.relop = RELOP_EQ;
    r.res.resProperty.ulPropTag = PR_ENTRYID;
    r.res.resProperty.lpProp = &rows->aRow[1].lpProps[0];
    CHECK_HR(t->lpVtbl->Restrict(t, &r, 0), S_OK);
    ULONG n = QueryAll(t, NULL);
    CHECK(n == (knob ? all : 1), "knob %d: %u rows after Restrict", knob, (unsigned)n);
    FreeProws(rows);
    t->lpVtbl->Release(t);
}

static void TestTableSort(Env *e, int knob)
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return;
    TAGS(cols, PR_INSTANCE_KEY);
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    ULONG first[3] = {0, 0, 0}; /* natural, ascending, descending: the first row's key */
    for (int i = 0; i < 3; i++) {
        if (i) {
            SSortOrderSet s = {1, 0, 0, {{PR_INSTANCE_KEY, i == 1 ? TABLE_SORT_ASCEND
                                                                  : TABLE_SORT_DESCEND}}};
            CHECK_HR(t->lpVtbl->SortTable(t, &s, 0), S_OK);
        }
        LPSRowSet rows = NULL;
        CHECK(QueryAll(t, &rows) == 10, "10 rows");
        if (rows && rows->cRows)
            memcpy(&first[i], rows->aRow[0].lpProps[0].Value.bin.lpb, 4);
        FreeProws(rows);
    }
    if (knob)
        CHECK(first[1] == first[0] && first[2] == first[0], "SortTable did not reorder");
    else
        CHECK(first[1] != first[2], "ascending and descending start differently");
    t->lpVtbl->Release(t);
}

static void TestTableRowCount(Env *e, int knob)
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return;
    ULONG count = 0, rows = QueryAll(t, NULL);
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
    CHECK(count == rows + (knob ? 1 : 0), "knob %d: GetRowCount %u, QueryRows %u", knob,
          (unsigned)count, (unsigned)rows);
    t->lpVtbl->Release(t);
    /* Hierarchy tables too; the stores table is left alone. */
    CHECK_HR(e->inbox->lpVtbl->GetHierarchyTable(e->inbox, 0, &t), S_OK);
    if (t) {
        rows = QueryAll(t, NULL);
        CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
        CHECK(count == rows + (knob ? 1 : 0), "hierarchy: %u / %u", (unsigned)count,
              (unsigned)rows);
        t->lpVtbl->Release(t);
    }
    CHECK_HR(e->sess->lpVtbl->GetMsgStoresTable(e->sess, 0, &t), S_OK);
    if (t) {
        CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &count), S_OK);
        CHECK(count == 2, "stores table: %u", (unsigned)count);
        t->lpVtbl->Release(t);
    }
}

static void TestTables(void)
{
    static const struct {
        const char *knob;
        void (*test)(Env *e, int knob);
    } cases[] = {
        {"table.columnsIgnored=1", TestTableColumns}, {"table.seekCount=1", TestTableSeek},
        {"table.restrictIgnored=1", TestTableRestrict}, {"table.sortIgnored=1", TestTableSort},
        {"table.rowCountOff=1", TestTableRowCount},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int knob = 0; knob < 2; knob++) {
            Env e;
            if (Open(&e, knob ? cases[i].knob : "", 1))
                cases[i].test(&e, knob);
            Close(&e);
        }
        StatsBack(cases[i].knob);
    }
}

/* ---- props.* ----------------------------------------------------------------------------------- */
/* The first message of the Inbox, opened. */
static LPMESSAGE FirstMessage(Env *e, SBinary *eid, BYTE buf[64])
{
    LPMAPITABLE t = Contents(e);
    if (!t)
        return NULL;
    TAGS(cols, PR_ENTRYID);
    CHECK_HR(t->lpVtbl->SetColumns(t, (LPSPropTagArray)&cols, 0), S_OK);
    LPSRowSet rows = NULL;
    CHECK_HR(t->lpVtbl->QueryRows(t, 1, 0, &rows), S_OK);
    t->lpVtbl->Release(t);
    LPMESSAGE m = NULL;
    if (rows && rows->cRows == 1 && rows->aRow[0].lpProps[0].Value.bin.cb <= 64) {
        eid->cb = rows->aRow[0].lpProps[0].Value.bin.cb;
        memcpy(buf, rows->aRow[0].lpProps[0].Value.bin.lpb, eid->cb);
        eid->lpb = buf;
        ULONG type = 0;
        CHECK_HR(e->inbox->lpVtbl->OpenEntry(e->inbox, eid->cb, (LPENTRYID)buf, NULL, 0, &type,
                                             (LPUNKNOWN *)&m),
                 S_OK);
    }
    FreeProws(rows);
    return m;
}

static void TestNullTags(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        SBinary eid;
        BYTE buf[64];
        LPMESSAGE m = NULL;
        if (Open(&e, knob ? "props.nullTagsErrors=1" : "", 1) && (m = FirstMessage(&e, &eid, buf))) {
            LPMAPIPROP objs[2] = {(LPMAPIPROP)e.inbox, (LPMAPIPROP)m};
            for (int o = 0; o < 2; o++) {
                ULONG c = 0, errors = 0;
                LPSPropValue p = NULL;
                CHECK_HR(objs[o]->lpVtbl->GetProps(objs[o], NULL, MAPI_UNICODE, &c, &p),
                         knob ? MAPI_W_ERRORS_RETURNED : S_OK);
                for (ULONG i = 0; p && i < c; i++)
                    errors += PROP_TYPE(p[i].ulPropTag) == PT_ERROR;
                CHECK(errors == (ULONG)knob, "knob %d, object %d: %u error slots", knob, o,
                      (unsigned)errors);
                const SPropValue *bogus = FindId(p, c, BOGUS_ERROR_TAG);
                CHECK(knob ? bogus && bogus->ulPropTag == BOGUS_ERROR_TAG &&
                                 bogus->Value.err == MAPI_E_NOT_FOUND
                           : bogus == NULL,
                      "the extra slot");
                CHECK(c > 3, "the object's own properties are there (%u)", (unsigned)c);
                MAPIFreeBuffer(p);
            }
        }
        if (m)
            m->lpVtbl->Release(m);
        Close(&e);
    }
    StatsBack("props.nullTagsErrors");
}

static void TestErrorSlots(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        if (!Open(&e, knob ? "props.errorSlotType=1" : "", 1)) {
            Close(&e);
            return;
        }
        TAGS(tags, PR_DISPLAY_NAME_W, ABSENT_LONG, PR_SUBJECT_W);
        ULONG c = 0;
        LPSPropValue p = NULL;
        CHECK_HR(e.inbox->lpVtbl->GetProps(e.inbox, (LPSPropTagArray)&tags, MAPI_UNICODE, &c, &p),
                 knob ? S_OK : MAPI_W_ERRORS_RETURNED);
        CHECK(c == 3 && p && p[0].ulPropTag == PR_DISPLAY_NAME_W && WEq(p[0].Value.lpszW, u"Inbox"),
              "the display name");
        if (knob)
            CHECK(p && p[1].ulPropTag == ABSENT_LONG && p[1].Value.l == 0 &&
                      p[2].ulPropTag == PR_SUBJECT_W && p[2].Value.lpszW == NULL,
                  "missing values keep their requested tags, zeroed");
        else
            CHECK(p && p[1].ulPropTag == PROP_TAG(PT_ERROR, 0x6FF0) &&
                      p[1].Value.err == MAPI_E_NOT_FOUND &&
                      p[2].ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(PR_SUBJECT_W)),
                  "PT_ERROR slots");
        MAPIFreeBuffer(p);
        Close(&e);
    }
    StatsBack("props.errorSlotType");
}

static void TestOpenMissing(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        SBinary eid;
        BYTE buf[64];
        LPMESSAGE m = NULL;
        if (Open(&e, knob ? "store.openMissingOk=1" : "", 1) && (m = FirstMessage(&e, &eid, buf))) {
            m->lpVtbl->Release(m);
            m = NULL;
            ENTRYLIST el = {1, &eid};
            CHECK_HR(e.inbox->lpVtbl->DeleteMessages(e.inbox, &el, 0, NULL, 0), S_OK);
            ULONG type = 0;
            CHECK_HR(e.store->lpVtbl->OpenEntry(e.store, eid.cb, (LPENTRYID)eid.lpb, NULL, 0, &type,
                                                (LPUNKNOWN *)&m),
                     knob ? S_OK : MAPI_E_NOT_FOUND);
            CHECK(knob ? m != NULL && type == MAPI_MESSAGE : m == NULL, "knob %d: the deleted "
                  "message", knob);
            if (m) { /* an empty message: no subject */
                TAGS(tags, PR_SUBJECT_W);
                ULONG c = 0;
                LPSPropValue p = NULL;
                CHECK_HR(m->lpVtbl->GetProps(m, (LPSPropTagArray)&tags, 0, &c, &p),
                         MAPI_W_ERRORS_RETURNED);
                MAPIFreeBuffer(p);
                CHECK(m->lpVtbl->Release(m) == 0, "the caller held the only reference");
                m = NULL;
            }
        }
        if (m)
            m->lpVtbl->Release(m);
        Close(&e);
    }
    StatsBack("store.openMissingOk");
}

static void TestMallocBuffer(void)
{
    for (int knob = 0; knob < 2; knob++) {
        Env e;
        if (!Open(&e, knob ? "props.mallocBuffer=1" : "", 1)) {
            Close(&e);
            return;
        }
        SampleStats before, after;
        TAGS(tags, PR_DISPLAY_NAME_W, PR_ENTRYID, PR_CONTENT_COUNT);
        /* Open() made no GetProps call: the knob applies to this logon's first 64. */
        for (int call = 0; call < 66; call++) {
            ULONG c = 0;
            LPSPropValue p = NULL;
            SampleProvider_GetStats(&before);
            CHECK_HR(e.inbox->lpVtbl->GetProps(e.inbox, (LPSPropTagArray)&tags, MAPI_UNICODE, &c,
                                               &p),
                     S_OK);
            /* The values are whole either way. */
            CHECK(c == 3 && p && WEq(p[0].Value.lpszW, u"Inbox") && p[1].Value.bin.cb == 36 &&
                      p[2].Value.l == 10,
                  "values");
            SampleProvider_GetStats(&after);
            int malloced = knob && call < 64;
            CHECK(after.cBuffers == before.cBuffers + (malloced ? 0 : 1),
                  "knob %d call %d: %u live roots, was %u", knob, call, (unsigned)after.cBuffers,
                  (unsigned)before.cBuffers);
            CHECK_HR((HRESULT)MAPIFreeBuffer(p), malloced ? MAPI_E_INVALID_PARAMETER : S_OK);
            SampleProvider_GetStats(&after);
            CHECK(after.cBadFrees == before.cBadFrees + (malloced ? 1 : 0), "bad frees counted");
        }
        Close(&e);
    }
    StatsBack("props.mallocBuffer");
}

/* ---- leak.* (last: they leave what they leak) ------------------------------------------------- */
static void TestLeakObject(void)
{
    Env e;
    int ok = Open(&e, "leak.object=1", 0);
    LPMAPISESSION kept = e.sess;
    Close(&e);
    SampleStats s;
    SampleProvider_GetStats(&s);
    CHECK(ok && s.cObjects == 1 && s.cSessions == 1, "one session leaked: %u objects",
          (unsigned)s.cObjects);
    /* The test knows where the reference went: giving it back leaves nothing behind. */
    if (ok && s.cSessions == 1)
        CHECK(kept->lpVtbl->Release(kept) == 0, "the leaked reference was the last");
    StatsBack("leak.object, released");
}

static void TestLeakBuffer(void)
{
    Env e;
    CHECK(Open(&e, "leak.buffer=1", 0), "logon");
    Close(&e);
    SampleStats s;
    SampleProvider_GetStats(&s);
    CHECK(s.cObjects == 0 && s.cBuffers == g_leftBuffers + 1, "one root leaked: %u",
          (unsigned)s.cBuffers);
    g_leftBuffers = s.cBuffers;
    StatsBack("leak.buffer");
}

static void TestLeakThread(void)
{
    Env e;
    CHECK(Open(&e, "", 0), "logon");
    SampleStats plain, s;
    SampleProvider_GetStats(&plain);
    Close(&e);
    CHECK(Open(&e, "leak.thread=1", 0), "logon");
    SampleProvider_GetStats(&s);
    CHECK(s.cThreads == plain.cThreads + 1, "one thread more while logged on: %u / %u",
          (unsigned)s.cThreads, (unsigned)plain.cThreads);
    Close(&e);
    MAPIUninitialize();
    SampleProvider_GetStats(&s);
    CHECK(s.cObjects == 0 && s.cThreads == g_leftThreads + 1 && s.cHandles == 0,
          "the thread outlives the logoff and MAPIUninitialize: %u threads", (unsigned)s.cThreads);
    g_leftThreads = s.cThreads;
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    StatsBack("leak.thread");
}

int main(void)
{
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    StatsBack("start");
    TestParsing();
    TestOverlay();
    TestStoresTable();
    TestDefault();
    TestIpmSubtree();
    TestReceiveFolder();
    TestTables();
    TestNullTags();
    TestErrorSlots();
    TestOpenMissing();
    TestMallocBuffer();
    TestLeakObject();
    TestLeakBuffer();
    const char *vg = getenv("KMAPI_VALGRIND");
    if (vg && *vg && strcmp(vg, "0") != 0)
        printf("check_knobs_test: leak.thread skipped under valgrind\n");
    else
        TestLeakThread();
    MAPIUninitialize();
    printf("check_knobs_test: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
