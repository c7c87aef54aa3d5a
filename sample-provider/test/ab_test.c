/*
 * ab_test.c - native test of the address book provider (README.md "The address book"), through
 * the exports and vtables as a client uses them: IMAPISession::OpenAddressBook, the search path
 * and default directory, containers' hierarchy and contents tables with PR_ANR restrictions,
 * IAddrBook::ResolveName (resolved, ambiguous, unresolved, a typed address), the ab.* knobs,
 * IABContainer::ResolveNames with a FlagList, one-off entry ids, OpenEntry of users, lists and
 * one-offs, CompareEntryIDs, another provider's entry id; the stats come back to zero.
 *
 * Build and run:  node scripts/build-provider.js --smoke      (Linux; or --target win-x64 etc.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kmapi_sample.h"
#include "../src/mapi_ab.h"
#include "check.h"

static const IID IID_IABContainer_ = {0x0002030D, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IMailUser_ = {0x0002030A, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

typedef struct AbIface {
    const AddrBookVtbl *lpVtbl;
} AbIface;
typedef struct ContIface {
    const AbContainerVtbl *lpVtbl;
} ContIface;
typedef struct UserIface {
    const AbPropVtbl *lpVtbl;
} UserIface;

static int WEq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static size_t WLen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static const SPropValue *Find(const SPropValue *p, ULONG c, ULONG tag)
{
    for (ULONG i = 0; i < c; i++)
        if (p[i].ulPropTag == tag)
            return &p[i];
    return NULL;
}

static void StatsBack(const char *what, ULONG badFrees)
{
    SampleStats s;
    CHECK_HR(SampleProvider_GetStats(&s), S_OK);
    CHECK(s.cObjects == 0 && s.cBuffers == 0 && s.cBadFrees == badFrees,
          "%s: objects %u, buffers %u, bad frees %u", what, (unsigned)s.cObjects,
          (unsigned)s.cBuffers, (unsigned)s.cBadFrees);
}

static LPMAPISESSION Logon(const char *knobs)
{
    char profile[300];
    LPMAPISESSION sess = NULL;
    snprintf(profile, sizeof profile, "Sample;messages=5;%s", knobs);
    CHECK_HR(MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &sess), S_OK);
    return sess;
}

static void Logoff(LPMAPISESSION sess)
{
    sess->lpVtbl->Logoff(sess, 0, 0, 0);
    sess->lpVtbl->Release(sess);
}

/* An ADRLIST as a client builds it: the list and each row's properties separate MAPI buffers; each
 * row PR_DISPLAY_NAME_W and PR_RECIPIENT_TYPE (MAPI_TO). */
static ADRLIST *NewAdrList(const WCHAR *const *names, ULONG n)
{
    ADRLIST *l = NULL;
    MAPIAllocateBuffer((ULONG)CbNewADRLIST(n), (void **)&l);
    l->cEntries = n;
    for (ULONG i = 0; i < n; i++) {
        size_t cb = (WLen(names[i]) + 1) * 2;
        SPropValue *p = NULL;
        MAPIAllocateBuffer((ULONG)(2 * sizeof *p + cb), (void **)&p);
        p[0].ulPropTag = PR_DISPLAY_NAME_W;
        p[0].Value.lpszW = (LPWSTR)(p + 2);
        memcpy(p + 2, names[i], cb);
        p[1].ulPropTag = PR_RECIPIENT_TYPE;
        p[1].Value.l = MAPI_TO;
        l->aEntries[i].ulReserved1 = 0;
        l->aEntries[i].cValues = 2;
        l->aEntries[i].rgPropVals = p;
    }
    return l;
}

static void FreeAdrList(ADRLIST *l)
{
    for (ULONG i = 0; i < l->cEntries; i++)
        MAPIFreeBuffer(l->aEntries[i].rgPropVals);
    MAPIFreeBuffer(l);
}

static const WCHAR *RowW(const ADRENTRY *r, ULONG tag)
{
    const SPropValue *v = Find(r->rgPropVals, r->cValues, tag);
    return v ? v->Value.lpszW : NULL;
}

/* The number of rows of a table after Restrict(r) (NULL: none). */
static ULONG RowCount(LPMAPITABLE t, LPSRestriction r)
{
    ULONG n = 0;
    CHECK_HR(t->lpVtbl->Restrict(t, r, 0), S_OK);
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &n), S_OK);
    return n;
}

static void TestTables(AbIface *ab)
{
    LPSRowSet path = NULL;
    CHECK_HR(ab->lpVtbl->GetSearchPath(ab, MAPI_UNICODE, &path), S_OK);
    CHECK(path && path->cRows == 2, "two containers in the search path");
    if (path && path->cRows == 2) {
        const SPropValue *n = Find(path->aRow[0].lpProps, path->aRow[0].cValues, PR_DISPLAY_NAME_W);
        CHECK(n && WEq(n->Value.lpszW, u"Sample Directory"), "the directory first");
    }
    FreeProws(path);

    ULONG cb = 0, type = 0;
    LPENTRYID eid = NULL;
    CHECK_HR(ab->lpVtbl->GetDefaultDir(ab, &cb, &eid), S_OK);
    ContIface *dir = NULL;
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, cb, eid, NULL, 0, &type, (LPUNKNOWN *)&dir), S_OK);
    MAPIFreeBuffer(eid);
    CHECK(dir && type == MAPI_ABCONT, "the default directory is a container: %u", (unsigned)type);
    if (!dir)
        return;
    ContIface *root = NULL;
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, 0, NULL, NULL, 0, &type, (LPUNKNOWN *)&root), S_OK);
    LPMAPITABLE t = NULL;
    CHECK_HR(root->lpVtbl->GetHierarchyTable(root, MAPI_UNICODE, &t), S_OK);
    CHECK(RowCount(t, NULL) == 2, "the root's hierarchy: the directory and the contacts");
    t->lpVtbl->Release(t);
    root->lpVtbl->Release(root);

    CHECK_HR(dir->lpVtbl->GetContentsTable(dir, MAPI_UNICODE, &t), S_OK);
    /* 3 senders in example.com, 300 generated users, 6 team lists and All Staff. */
    CHECK(RowCount(t, NULL) == 310, "310 entries in the directory: %u", (unsigned)RowCount(t, NULL));
    SPropValue text = {PR_ANR_W, 0, {0}};
    text.Value.lpszW = (LPWSTR)u"chen";
    SRestriction rp = {RES_PROPERTY, {{0}}};
    rp.res.resProperty.relop = RELOP_EQ;
    rp.res.resProperty.ulPropTag = PR_ANR_W;
    rp.res.resProperty.lpProp = &text;
    ULONG byProp = RowCount(t, &rp);
    CHECK(byProp >= 2, "PR_ANR 'chen' (RES_PROPERTY) finds Bob Chen and the generated Chens: %u",
          (unsigned)byProp);
    SRestriction rc = {RES_CONTENT, {{0}}};
    rc.res.resContent.ulFuzzyLevel = FL_PREFIX | FL_IGNORECASE;
    rc.res.resContent.ulPropTag = PR_ANR_W;
    rc.res.resContent.lpProp = &text;
    CHECK(RowCount(t, &rc) == byProp, "the same rows through RES_CONTENT");
    text.Value.lpszW = (LPWSTR)u"alice@example.com";
    CHECK(RowCount(t, &rp) == 1, "an address finds its owner");
    text.Value.lpszW = (LPWSTR)u"zzzz";
    CHECK(RowCount(t, &rp) == 0, "nothing for zzzz");
    t->lpVtbl->Release(t);
    dir->lpVtbl->Release(dir);
}

static void TestResolveName(LPMAPISESSION sess, AbIface *ab, int silent)
{
    static const WCHAR *const names[] = {u"Alice Martin", u"Alice", u"Nobody Xyzzy",
                                         u"someone@elsewhere.test", u"bob@example.com"};
    ADRLIST *l = NewAdrList(names, 5);
    HRESULT hr = ab->lpVtbl->ResolveName(ab, 0, MAPI_UNICODE, NULL, l);
    CHECK_HR(hr, silent ? S_OK : MAPI_E_AMBIGUOUS_RECIP);
    const ADRENTRY *r = l->aEntries;
    CHECK(RowW(&r[0], PR_EMAIL_ADDRESS_W) && WEq(RowW(&r[0], PR_EMAIL_ADDRESS_W), u"alice@example.com"),
          "Alice Martin resolved");
    CHECK(RowW(&r[0], PR_ADDRTYPE_W) && WEq(RowW(&r[0], PR_ADDRTYPE_W), u"SMTP"), "SMTP");
    CHECK(Find(r[0].rgPropVals, r[0].cValues, PR_ENTRYID), "with an entry id");
    const SPropValue *rt = Find(r[0].rgPropVals, r[0].cValues, PR_RECIPIENT_TYPE);
    CHECK(rt && rt->Value.l == MAPI_TO, "the caller's PR_RECIPIENT_TYPE kept");
    const SPropValue *dt = Find(r[0].rgPropVals, r[0].cValues, PR_DISPLAY_TYPE);
    CHECK(dt && dt->Value.l == DT_MAILUSER, "PR_DISPLAY_TYPE");
    CHECK(!Find(r[1].rgPropVals, r[1].cValues, PR_ENTRYID), "Alice is ambiguous: left as it was");
    CHECK(!Find(r[2].rgPropVals, r[2].cValues, PR_ENTRYID), "Nobody is unresolved");
    const SPropValue *oo = Find(r[3].rgPropVals, r[3].cValues, PR_ENTRYID);
    CHECK(oo && oo->Value.bin.cb > 24 && oo->Value.bin.lpb[4] == 0x81, "a typed address: a one-off");
    CHECK(RowW(&r[4], PR_DISPLAY_NAME_W) && WEq(RowW(&r[4], PR_DISPLAY_NAME_W), u"Bob Chen"),
          "an address resolves to its owner");
    if (oo) { /* the one-off opens as an IMailUser */
        ULONG type = 0;
        UserIface *u = NULL;
        CHECK_HR(ab->lpVtbl->OpenEntry(ab, oo->Value.bin.cb, (LPENTRYID)oo->Value.bin.lpb, NULL, 0,
                                       &type, (LPUNKNOWN *)&u),
                 S_OK);
        CHECK(u && type == MAPI_MAILUSER, "one-off opened");
        TAGS(tags, PR_EMAIL_ADDRESS_W);
        ULONG c = 0;
        LPSPropValue p = NULL;
        if (u) {
            CHECK_HR(u->lpVtbl->GetProps(u, (LPSPropTagArray)&tags, MAPI_UNICODE, &c, &p), S_OK);
            CHECK(p && WEq(p[0].Value.lpszW, u"someone@elsewhere.test"), "its address");
            MAPIFreeBuffer(p);
            u->lpVtbl->Release(u);
        }
    }
    /* A resolved row given again is left alone; the session can open it too. */
    const SPropValue *e0 = Find(r[0].rgPropVals, r[0].cValues, PR_ENTRYID);
    if (e0) {
        ULONG type = 0;
        LPUNKNOWN u = NULL;
        CHECK_HR(sess->lpVtbl->OpenEntry(sess, e0->Value.bin.cb, (LPENTRYID)e0->Value.bin.lpb, NULL,
                                         0, &type, &u),
                 S_OK);
        CHECK(u && type == MAPI_MAILUSER, "IMAPISession::OpenEntry of an address book entry");
        if (u)
            u->lpVtbl->Release(u);
    }
    FreeAdrList(l);
}

static void TestResolveNames(AbIface *ab)
{
    ULONG cb = 0, type = 0;
    LPENTRYID eid = NULL;
    ab->lpVtbl->GetDefaultDir(ab, &cb, &eid);
    ContIface *dir = NULL;
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, cb, eid, &IID_IABContainer_, 0, &type, (LPUNKNOWN *)&dir),
             S_OK);
    MAPIFreeBuffer(eid);
    if (!dir)
        return;
    static const WCHAR *const names[] = {u"Bob Chen", u"Alice", u"zzz", u"Sales Team"};
    ADRLIST *l = NewAdrList(names, 4);
    struct {
        ULONG cFlags;
        ULONG ulFlag[4];
    } flags = {4, {MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED}};
    TAGS(cols, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_SMTP_ADDRESS_W, PR_OBJECT_TYPE);
    CHECK_HR(dir->lpVtbl->ResolveNames(dir, (LPSPropTagArray)&cols, MAPI_UNICODE, l,
                                       (LPFlagList)&flags),
             S_OK);
    CHECK(flags.ulFlag[0] == MAPI_RESOLVED && flags.ulFlag[1] == MAPI_AMBIGUOUS &&
              flags.ulFlag[2] == MAPI_UNRESOLVED && flags.ulFlag[3] == MAPI_RESOLVED,
          "flags %u %u %u %u", (unsigned)flags.ulFlag[0], (unsigned)flags.ulFlag[1],
          (unsigned)flags.ulFlag[2], (unsigned)flags.ulFlag[3]);
    CHECK(l->aEntries[0].cValues == 5, "the 4 columns asked and PR_RECIPIENT_TYPE");
    const SPropValue *ot = Find(l->aEntries[3].rgPropVals, l->aEntries[3].cValues, PR_OBJECT_TYPE);
    CHECK(ot && ot->Value.l == MAPI_DISTLIST, "Sales Team is a list");
    const SPropValue *le = Find(l->aEntries[3].rgPropVals, l->aEntries[3].cValues, PR_ENTRYID);
    if (le) { /* the list opens as an IDistList whose contents are its members */
        ContIface *list = NULL;
        CHECK_HR(dir->lpVtbl->OpenEntry(dir, le->Value.bin.cb, (LPENTRYID)le->Value.bin.lpb, NULL,
                                        0, &type, (LPUNKNOWN *)&list),
                 S_OK);
        CHECK(list && type == MAPI_DISTLIST, "list opened");
        LPMAPITABLE t = NULL;
        if (list) {
            CHECK_HR(list->lpVtbl->GetContentsTable(list, 0, &t), S_OK);
            ULONG n = t ? RowCount(t, NULL) : 0;
            CHECK(n >= 20 && n < 300, "Sales Team has about a sixth of the users: %u", (unsigned)n);
            if (t)
                t->lpVtbl->Release(t);
            list->lpVtbl->Release(list);
        }
    }
    flags.cFlags = 3;
    CHECK_HR(dir->lpVtbl->ResolveNames(dir, NULL, 0, l, (LPFlagList)&flags),
             MAPI_E_INVALID_PARAMETER);
    FreeAdrList(l);
    dir->lpVtbl->Release(dir);
}

static void TestEntryIds(LPMAPISESSION sess, AbIface *ab)
{
    ULONG cb1 = 0, cb2 = 0, result = 9, type = 0;
    LPENTRYID e1 = NULL, e2 = NULL;
    CHECK_HR(ab->lpVtbl->CreateOneOff(ab, (LPTSTR)u"Zed", (LPTSTR)u"SMTP", (LPTSTR)u"zed@x.test",
                                      MAPI_UNICODE, &cb1, &e1),
             S_OK);
    /* [MS-OXCDATA] 2.2.5.1: flags, the one-off UID, version 0, MAPI_ONE_OFF_UNICODE, 3 strings. */
    CHECK(cb1 == 24 + 2 * (4 + 5 + 11), "one-off size %u", (unsigned)cb1);
    const BYTE *b = (const BYTE *)e1;
    CHECK(b && b[4] == 0x81 && b[19] == 0x02 && b[20] == 0 && b[21] == 0 && (b[23] & 0x80),
          "one-off header");
    CHECK_HR(ab->lpVtbl->CreateOneOff(ab, (LPTSTR) "Zed", (LPTSTR) "SMTP", (LPTSTR) "ZED@x.test", 0,
                                      &cb2, &e2),
             S_OK);
    CHECK(cb2 == 24 + 4 + 5 + 11, "8-bit one-off size %u", (unsigned)cb2);
    CHECK_HR(ab->lpVtbl->CompareEntryIDs(ab, cb1, e1, cb2, e2, 0, &result), S_OK);
    CHECK(result == 1, "the same address, whatever its case and form");
    MAPIFreeBuffer(e2);
    CHECK_HR(ab->lpVtbl->CreateOneOff(ab, (LPTSTR)u"Zed", (LPTSTR)u"", (LPTSTR)u"a@b", MAPI_UNICODE,
                                      &cb2, &e2),
             MAPI_E_INVALID_PARAMETER);
    CHECK(e2 == NULL, "no entry id on failure");

    /* A store's entry id is another provider's: MAPI_E_UNKNOWN_ENTRYID. */
    LPMAPITABLE st = NULL;
    CHECK_HR(sess->lpVtbl->GetMsgStoresTable(sess, 0, &st), S_OK);
    TAGS(cols, PR_ENTRYID);
    LPSRowSet rows = NULL;
    CHECK_HR(HrQueryAllRows(st, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    st->lpVtbl->Release(st);
    const SBinary *se = &rows->aRow[0].lpProps[0].Value.bin;
    LPUNKNOWN u = NULL;
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, se->cb, (LPENTRYID)se->lpb, NULL, 0, &type, &u),
             MAPI_E_UNKNOWN_ENTRYID);
    CHECK(u == NULL, "nothing opened");
    CHECK_HR(ab->lpVtbl->CompareEntryIDs(ab, cb1, e1, se->cb, (LPENTRYID)se->lpb, 0, &result),
             MAPI_E_UNKNOWN_ENTRYID);
    BYTE bad[28] = {0, 0, 0, 0, 'K', 'M', 'A', 'P', 'I', '-', 'S', 'A', 'M', 'P', 'L', 'E',
                    '-', 'A', 'D', 'R', 6, 0, 0, 0, 0xFF, 0xFF, 0, 0};
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, sizeof bad, (LPENTRYID)bad, NULL, 0, &type, &u),
             MAPI_E_INVALID_ENTRYID);
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, cb1, e1, &IID_IABContainer_, 0, &type, &u),
             MAPI_E_INTERFACE_NOT_SUPPORTED);
    CHECK_HR(ab->lpVtbl->OpenEntry(ab, cb1, e1, &IID_IMailUser_, 0, &type, &u), S_OK);
    if (u)
        u->lpVtbl->Release(u);
    FreeProws(rows);
    MAPIFreeBuffer(e1);
}

static AbIface *OpenAb(LPMAPISESSION sess)
{
    AbIface *ab = NULL;
    CHECK_HR(sess->lpVtbl->OpenAddressBook(sess, 0, NULL, AB_NO_DIALOG, (LPADRBOOK *)&ab), S_OK);
    return ab;
}

int main(void)
{
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    SampleStats s0;
    SampleProvider_GetStats(&s0);
    LPMAPISESSION sess = Logon("");
    AbIface *ab = sess ? OpenAb(sess) : NULL;
    if (ab) {
        TestTables(ab);
        TestResolveName(sess, ab, 0);
        TestResolveNames(ab);
        TestEntryIds(sess, ab);
        AbIface *none = (AbIface *)&s0;
        CHECK_HR(sess->lpVtbl->OpenAddressBook(sess, 0, NULL, 0x100, (LPADRBOOK *)&none),
                 MAPI_E_UNKNOWN_FLAGS);
        CHECK(none == NULL, "no object on failure");
        CHECK_HR(ab->lpVtbl->ResolveName(ab, 0, 0, NULL, NULL), MAPI_E_INVALID_PARAMETER);
        ab->lpVtbl->Release(ab);
    }
    if (sess)
        Logoff(sess);
    StatsBack("address book", s0.cBadFrees);

    /* ab.silentUnresolved: the rows stay unresolved and ResolveName says S_OK. */
    sess = Logon("ab.silentUnresolved=1;ab.users=50");
    ab = sess ? OpenAb(sess) : NULL;
    if (ab) {
        TestResolveName(sess, ab, 1);
        ab->lpVtbl->Release(ab);
    }
    if (sess)
        Logoff(sess);
    StatsBack("ab.silentUnresolved", s0.cBadFrees);
    LPMAPISESSION bad = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;ab.users=99999", NULL, MAPI_EXTENDED, &bad),
             MAPI_E_INVALID_PARAMETER);
    MAPIUninitialize();
    printf("ab_test: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
