/*
 * share_test.c - two logons on one store=PATH file in one process (README.md "Persistence"):
 * both log on, a message one saves is in the other's Inbox at its next call (the merge), and
 * the figures: the cost of a call's transaction when nothing moved (the file lock and a look at
 * the header) and of a merge of a 100 000-message file.
 *
 * Build and run:  node scripts/build-provider.js --smoke      (Linux; or --target win-x64 etc.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/kmapi_sample.h"

#if defined(_WIN32)
#include <process.h>
#define GETPID _getpid
#else
#include <unistd.h>
#define GETPID getpid
#endif

#include "check.h"


static LPMDB OpenDefaultStore(LPMAPISESSION sess)
{
    LPMAPITABLE st = NULL;
    LPSRowSet rows = NULL;
    TAGS(cols, PR_ENTRYID, PR_DEFAULT_STORE);
    LPMDB store = NULL;
    if (sess->lpVtbl->GetMsgStoresTable(sess, 0, &st) != S_OK)
        return NULL;
    CHECK_HR(HrQueryAllRows(st, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    for (ULONG i = 0; rows && i < rows->cRows && !store; i++)
        if (rows->aRow[i].lpProps[1].Value.b)
            CHECK_HR(sess->lpVtbl->OpenMsgStore(sess, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                                (LPENTRYID)rows->aRow[i].lpProps[0].Value.bin.lpb,
                                                NULL, MAPI_BEST_ACCESS, &store),
                     S_OK);
    FreeProws(rows);
    st->lpVtbl->Release(st);
    return store;
}

static LPMAPIFOLDER OpenInbox(LPMDB store)
{
    ULONG cb = 0, type = 0;
    LPENTRYID eid = NULL;
    LPUNKNOWN unk = NULL;
    CHECK_HR(store->lpVtbl->GetReceiveFolder(store, NULL, 0, &cb, &eid, NULL), S_OK);
    CHECK_HR(store->lpVtbl->OpenEntry(store, cb, eid, NULL, MAPI_MODIFY, &type, &unk), S_OK);
    MAPIFreeBuffer(eid);
    return (LPMAPIFOLDER)unk;
}

static ULONG RowCount(LPMAPIFOLDER f)
{
    LPMAPITABLE t = NULL;
    ULONG n = 0;
    CHECK_HR(f->lpVtbl->GetContentsTable(f, 0, &t), S_OK);
    if (t) {
        t->lpVtbl->GetRowCount(t, 0, &n);
        t->lpVtbl->Release(t);
    }
    return n;
}

static void SaveMessage(LPMAPIFOLDER f, const char *subject)
{
    LPMESSAGE m = NULL;
    CHECK_HR(f->lpVtbl->CreateMessage(f, NULL, 0, &m), S_OK);
    if (!m)
        return;
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = PR_SUBJECT_A;
    v.Value.lpszA = (LPSTR)subject;
    CHECK_HR(m->lpVtbl->SetProps(m, 1, &v, NULL), S_OK);
    CHECK_HR(m->lpVtbl->SaveChanges(m, 0), S_OK);
    m->lpVtbl->Release(m);
}

/* Microseconds per call of a GetProps that changes nothing. */
static double CallCost(LPMDB store, int calls)
{
    TAGS(tags, PR_DISPLAY_NAME_W);
    double t0 = Now();
    for (int i = 0; i < calls; i++) {
        ULONG c = 0;
        LPSPropValue p = NULL;
        store->lpVtbl->GetProps(store, (LPSPropTagArray)&tags, MAPI_UNICODE, &c, &p);
        MAPIFreeBuffer(p);
    }
    return (Now() - t0) * 1e6 / calls;
}

int main(void)
{
    MAPIINIT_0 init = {MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS};
    CHECK_HR(MAPIInitialize(&init), S_OK);
    const char *dir = getenv("TMPDIR");
#if defined(_WIN32)
    if (!dir)
        dir = getenv("TEMP");
#endif
    char path[600], lockPath[640], profile[800];
    snprintf(path, sizeof path, "%s/kmapi-share-test-%d.kms", dir ? dir : "/tmp", (int)GETPID());
    snprintf(lockPath, sizeof lockPath, "%s.lock", path);
    remove(path);
    snprintf(profile, sizeof profile, "Sample;messages=100000;store.poll=0;store=%s", path);

    LPMAPISESSION a = NULL, b = NULL, mem = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &a), S_OK);
    CHECK_HR(MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &b), S_OK);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;messages=100000", NULL,
                         MAPI_EXTENDED | MAPI_NEW_SESSION, &mem),
             S_OK);
    if (!a || !b || !mem)
        return 1;
    LPMDB sa = OpenDefaultStore(a), sb = OpenDefaultStore(b), sm = OpenDefaultStore(mem);
    if (!sa || !sb || !sm)
        return 1;
    LPMAPIFOLDER ia = OpenInbox(sa), ib = OpenInbox(sb);
    CHECK(RowCount(ia) == 100000 && RowCount(ib) == 100000, "both logons load the file");

    double inMemory = CallCost(sm, 20000), idle = CallCost(sa, 20000);

    SaveMessage(ib, "from b");
    double t0 = Now();
    CallCost(sa, 1); /* the first call after b's save merges the file */
    double merge = (Now() - t0) * 1e3;
    CHECK(RowCount(ia) == 100001, "a sees b's message after its next call");
    SaveMessage(ia, "from a");
    CHECK(RowCount(ib) == 100002, "b sees a's message: no update lost");

    printf("share: a call's transaction %.1f us (in memory %.1f us); merging a 100k-message file "
           "with one new message %.1f ms\n",
           idle, inMemory, merge);

    ia->lpVtbl->Release(ia);
    ib->lpVtbl->Release(ib);
    sa->lpVtbl->Release(sa);
    sb->lpVtbl->Release(sb);
    sm->lpVtbl->Release(sm);
    CHECK_HR(a->lpVtbl->Logoff(a, 0, 0, 0), S_OK);
    CHECK_HR(b->lpVtbl->Logoff(b, 0, 0, 0), S_OK);
    a->lpVtbl->Release(a);
    b->lpVtbl->Release(b);
    mem->lpVtbl->Logoff(mem, 0, 0, 0);
    mem->lpVtbl->Release(mem);
    MAPIUninitialize();

    SampleStats s;
    CHECK_HR(SampleProvider_GetStats(&s), S_OK);
    CHECK(s.cObjects == 0 && s.cThreads == 0, "objects %u threads %u", (unsigned)s.cObjects,
          (unsigned)s.cThreads);
    remove(path);
    remove(lockPath);
    printf("share: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
