/*
 * profile_test.c - the profile subsystem through the exports and vtables, as a MAPI client sees
 * it (README.md "Profiles"): MAPIAdminProfiles, IProfAdmin, IMsgServiceAdmin(2), IProfSect,
 * MAPILogonEx of a file profile (its stores only, its knobs), IMAPISession::AdminServices and
 * OpenProfileSection; a corrupt file (named error, file left as it is, "Sample" still works);
 * writers in several processes (POSIX: fork) or threads (Windows) at once: no update lost, the
 * file intact; stats back to zero.
 *
 * Build and run:  node scripts/build-provider.js --smoke      (Linux; or --target win-x64 etc.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/kmapi_sample.h"

#if defined(_WIN32)
#include <process.h>
#define GETPID _getpid
#else
#include <sys/wait.h>
#include <unistd.h>
#define GETPID getpid
#endif

#include "check.h"

/* ---- The client's view of the interfaces (MAPIX.h slot order) ------------------------------- */
#define PR_DEFAULT_PROFILE PROP_TAG(PT_BOOLEAN, 0x3D04)
#define PR_SERVICE_NAME_W PROP_TAG(PT_UNICODE, 0x3D09)
#define PR_SERVICE_UID PROP_TAG(PT_BINARY, 0x3D0C)
#define PR_PROFILE_NAME_W PROP_TAG(PT_UNICODE, 0x3D12)
#define PR_PST_PATH_W PROP_TAG(PT_UNICODE, 0x6700)
#define PR_KMAPI_KNOBS_W PROP_TAG(PT_UNICODE, 0x67F0)

typedef struct Admin Admin;
typedef struct AdminVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(Admin *, REFIID, void **);
    ULONG(STDMETHODCALLTYPE *AddRef)(Admin *);
    ULONG(STDMETHODCALLTYPE *Release)(Admin *);
    HRESULT(STDMETHODCALLTYPE *GetLastError)(Admin *, HRESULT, ULONG, LPMAPIERROR *);
    HRESULT(STDMETHODCALLTYPE *GetProfileTable)(Admin *, ULONG, LPMAPITABLE *);
    HRESULT(STDMETHODCALLTYPE *CreateProfile)(Admin *, LPTSTR, LPTSTR, ULONG_PTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *DeleteProfile)(Admin *, LPTSTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *ChangeProfilePassword)(Admin *, LPTSTR, LPTSTR, LPTSTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *CopyProfile)(Admin *, LPTSTR, LPTSTR, LPTSTR, ULONG_PTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *RenameProfile)(Admin *, LPTSTR, LPTSTR, LPTSTR, ULONG_PTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *SetDefaultProfile)(Admin *, LPTSTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *AdminServices)(Admin *, LPTSTR, LPTSTR, ULONG_PTR, ULONG, void **);
} AdminVtbl;
struct Admin {
    const AdminVtbl *lpVtbl;
};

typedef struct Svc Svc;
typedef struct SvcVtbl {
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(Svc *, REFIID, void **);
    ULONG(STDMETHODCALLTYPE *AddRef)(Svc *);
    ULONG(STDMETHODCALLTYPE *Release)(Svc *);
    HRESULT(STDMETHODCALLTYPE *GetLastError)(Svc *, HRESULT, ULONG, LPMAPIERROR *);
    HRESULT(STDMETHODCALLTYPE *GetMsgServiceTable)(Svc *, ULONG, LPMAPITABLE *);
    HRESULT(STDMETHODCALLTYPE *CreateMsgService)(Svc *, LPTSTR, LPTSTR, ULONG_PTR, ULONG);
    HRESULT(STDMETHODCALLTYPE *DeleteMsgService)(Svc *, LPMAPIUID);
    void *CopyMsgService, *RenameMsgService;
    HRESULT(STDMETHODCALLTYPE *ConfigureMsgService)(Svc *, LPMAPIUID, ULONG_PTR, ULONG, ULONG,
                                                    LPSPropValue);
    HRESULT(STDMETHODCALLTYPE *OpenProfileSection)(Svc *, LPMAPIUID, LPCIID, ULONG, void **);
    void *MsgServiceTransportOrder, *AdminProviders, *SetPrimaryIdentity, *GetProviderTable;
    HRESULT(STDMETHODCALLTYPE *CreateMsgServiceEx)(Svc *, LPTSTR, LPTSTR, ULONG_PTR, ULONG,
                                                   LPMAPIUID);
} SvcVtbl;
struct Svc {
    const SvcVtbl *lpVtbl;
};

static const IID IID_IMsgServiceAdmin2 = {0x00020387, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IMsgServiceAdmin = {0x0002031D, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

static char g_path[600];

static Admin *NewAdmin(void)
{
    Admin *a = NULL;
    CHECK_HR(MAPIAdminProfiles(0, (LPVOID *)&a), S_OK);
    return a;
}

static ULONG TableRows(LPMAPITABLE t)
{
    ULONG n = 0xFFFFFFFFu;
    CHECK_HR(t->lpVtbl->GetRowCount(t, 0, &n), S_OK);
    t->lpVtbl->Release(t);
    return n;
}

static ULONG ProfileCount(Admin *a)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(a->lpVtbl->GetProfileTable(a, 0, &t), S_OK);
    return t ? TableRows(t) : 0;
}

/* Whether the profile table has a profile of that name (ASCII, compared without case). */
static int HasProfile(Admin *a, const char *name)
{
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    int found = 0;
    TAGS(cols, PROP_TAG(PT_STRING8, 0x3001)); /* PR_DISPLAY_NAME_A */
    CHECK_HR(a->lpVtbl->GetProfileTable(a, 0, &t), S_OK);
    if (!t)
        return 0;
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    for (ULONG i = 0; rows && i < rows->cRows; i++) {
        const char *n = rows->aRow[i].lpProps[0].Value.lpszA, *m = name;
        while (*n && *m && (*n | 0x20) == (*m | 0x20))
            n++, m++;
        found |= !*n && !*m;
    }
    FreeProws(rows);
    t->lpVtbl->Release(t);
    return found;
}

static ULONG StoreCount(LPMAPISESSION s)
{
    LPMAPITABLE t = NULL;
    CHECK_HR(s->lpVtbl->GetMsgStoresTable(s, 0, &t), S_OK);
    return t ? TableRows(t) : 0;
}

static char *ReadAll(const char *path, size_t *cb)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *cb = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

static void LastErrorHas(Admin *a, HRESULT hr, const char *needle)
{
    LPMAPIERROR e = NULL;
    CHECK_HR(a->lpVtbl->GetLastError(a, hr, 0, &e), S_OK);
    CHECK(e && e->lpszError && strstr((char *)e->lpszError, needle), "GetLastError: %s",
          e && e->lpszError ? (char *)e->lpszError : "(none)");
    MAPIFreeBuffer(e);
}

static char g_knob[700]; /* profiles=PATH */

/* profiles.noAdmin2=1: an IMsgServiceAdmin without IMsgServiceAdmin2, as before Outlook 2010. */
static void NoAdmin2(Admin *a)
{
    char knob[760];
    snprintf(knob, sizeof knob, "%s;profiles.noAdmin2=1", g_knob);
    CHECK_HR(SampleProvider_SetKnobs("profiles.noAdmin2=2"), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(SampleProvider_SetKnobs(knob), S_OK);
    Admin *old = NewAdmin(); /* the admin objects take the knobs when they are made */
    Svc *svc = NULL, *svc2 = NULL;
    if (old) {
        CHECK_HR(old->lpVtbl->AdminServices(old, (LPTSTR) "Work", NULL, 0, 0, (void **)&svc), S_OK);
        old->lpVtbl->Release(old);
    }
    if (svc) {
        CHECK_HR(svc->lpVtbl->QueryInterface(svc, &IID_IMsgServiceAdmin2, (void **)&svc2),
                 E_NOINTERFACE);
        CHECK(svc2 == NULL, "nothing handed out");
        CHECK_HR(svc->lpVtbl->QueryInterface(svc, &IID_IMsgServiceAdmin, (void **)&svc2), S_OK);
        if (svc2)
            svc2->lpVtbl->Release(svc2);
        svc->lpVtbl->Release(svc);
    }
    CHECK_HR(SampleProvider_SetKnobs(g_knob), S_OK);
    (void)a;
}

/* ---- The services of profile "Work" ----------------------------------------------------------- */
static void Services(Admin *a, MAPIUID *sampleUid, const char *store)
{
    Svc *svc = NULL, *svc2 = NULL;
    CHECK_HR(a->lpVtbl->AdminServices(a, (LPTSTR) "Work", NULL, 0, 0, (void **)&svc), S_OK);
    CHECK_HR(a->lpVtbl->AdminServices(a, (LPTSTR) "Nope", NULL, 0, 0, (void **)&svc2),
             MAPI_E_NOT_FOUND);
    if (!svc)
        return;
    CHECK_HR(svc->lpVtbl->CreateMsgService(svc, (LPTSTR) "KMAPI_SAMPLE", (LPTSTR) "Mine", 0, 0),
             S_OK);
    CHECK_HR(svc->lpVtbl->CreateMsgService(svc, (LPTSTR) "KMAPI_SAMPLE", NULL, 0, 0),
             MAPI_E_NO_ACCESS);
    CHECK_HR(svc->lpVtbl->CreateMsgService(svc, (LPTSTR) "MSPST MS", NULL, 0, 0),
             MAPI_E_NOT_FOUND);
    CHECK_HR(svc->lpVtbl->QueryInterface(svc, &IID_IMsgServiceAdmin2, (void **)&svc2), S_OK);
    MAPIUID archive;
    memset(&archive, 0, sizeof archive);
    if (svc2) {
        CHECK_HR(svc2->lpVtbl->CreateMsgServiceEx(svc2, (LPTSTR) "KMAPI_ARCHIVE", NULL, 0, 0,
                                                  &archive),
                 S_OK);
        CHECK(memcmp(archive.ab, "KMPS", 4) == 0, "CreateMsgServiceEx gives the new UID");
        svc2->lpVtbl->Release(svc2);
        svc2 = NULL;
    }
    /* The services table: the sample service's UID. */
    LPMAPITABLE t = NULL;
    LPSRowSet rows = NULL;
    TAGS(cols, PR_SERVICE_UID, PR_SERVICE_NAME_W);
    CHECK_HR(svc->lpVtbl->GetMsgServiceTable(svc, MAPI_UNICODE, &t), S_OK);
    CHECK_HR(HrQueryAllRows(t, (LPSPropTagArray)&cols, NULL, NULL, 0, &rows), S_OK);
    CHECK(rows && rows->cRows == 2, "two services");
    for (ULONG i = 0; rows && i < rows->cRows; i++)
        if (memcmp(rows->aRow[i].lpProps[1].Value.lpszW, u"KMAPI_SAMPLE", 26) == 0)
            memcpy(sampleUid->ab, rows->aRow[i].lpProps[0].Value.bin.lpb, 16);
    FreeProws(rows);
    t->lpVtbl->Release(t);

    /* ConfigureMsgService: the data set's knobs and file. A bad knob: a named error, the file as
     * it was. */
    SPropValue bad = {PR_KMAPI_KNOBS_W, 0, {0}};
    bad.Value.lpszW = (LPWSTR)u"messages=lots";
    size_t cb0 = 0, cb1 = 0;
    char *before = ReadAll(g_path, &cb0);
    CHECK_HR(svc->lpVtbl->ConfigureMsgService(svc, sampleUid, 0, 0, 1, &bad),
             MAPI_E_INVALID_PARAMETER);
    char *after = ReadAll(g_path, &cb1);
    CHECK(before && after && cb0 == cb1 && memcmp(before, after, cb0) == 0,
          "a failed ConfigureMsgService leaves the file as it was");
    free(before);
    free(after);
    SPropValue good[2] = {{PR_KMAPI_KNOBS_W, 0, {0}}, {PROP_TAG(PT_STRING8, 0x6700), 0, {0}}};
    good[0].Value.lpszW = (LPWSTR)u"messages=7";
    good[1].Value.lpszA = (LPSTR)store;
    CHECK_HR(svc->lpVtbl->ConfigureMsgService(svc, sampleUid, 0, 0, 2, good), S_OK);
    CHECK_HR(svc->lpVtbl->ConfigureMsgService(svc, &archive, 0, 0, 0, NULL), S_OK);
    MAPIUID none;
    memset(&none, 7, sizeof none);
    CHECK_HR(svc->lpVtbl->ConfigureMsgService(svc, &none, 0, 0, 0, NULL), MAPI_E_NOT_FOUND);
    svc->lpVtbl->Release(svc);
}

/* ---- A logon to "Work" ------------------------------------------------------------------------ */
static void Logon(const MAPIUID *sampleUid)
{
    LPMAPISESSION s = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "work", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s), S_OK);
    if (!s)
        return;
    CHECK(StoreCount(s) == 2, "both services' stores");
    Svc *svc = NULL;
    CHECK_HR(s->lpVtbl->AdminServices(s, 0, (LPSERVICEADMIN *)&svc), S_OK);
    if (svc) {
        LPMAPITABLE t = NULL;
        CHECK_HR(svc->lpVtbl->GetMsgServiceTable(svc, 0, &t), S_OK);
        CHECK(t && TableRows(t) == 2, "the session's services");
        svc->lpVtbl->Release(svc);
    }
    LPMAPIPROP sect = NULL;
    CHECK_HR(s->lpVtbl->OpenProfileSection(s, (LPMAPIUID)sampleUid, NULL, 0, (LPPROFSECT *)&sect),
             S_OK);
    if (sect) {
        TAGS(tags, PR_KMAPI_KNOBS_W, PR_PROFILE_NAME_W, PR_SERVICE_NAME_W);
        ULONG c = 0;
        LPSPropValue v = NULL;
        CHECK_HR(sect->lpVtbl->GetProps(sect, (LPSPropTagArray)&tags, MAPI_UNICODE, &c, &v), S_OK);
        CHECK(c == 3 && memcmp(v[0].Value.lpszW, u"messages=7", 22) == 0 &&
                  memcmp(v[1].Value.lpszW, u"Work", 10) == 0,
              "the section's values");
        MAPIFreeBuffer(v);
        SPropValue x = {PROP_TAG(PT_LONG, 0x6601), 0, {0}};
        x.Value.l = 5;
        CHECK_HR(sect->lpVtbl->SetProps(sect, 1, &x, NULL), MAPI_E_NO_ACCESS);
        sect->lpVtbl->Release(sect);
    }
    MAPIUID none;
    memset(&none, 9, sizeof none);
    CHECK_HR(s->lpVtbl->OpenProfileSection(s, &none, NULL, 0, (LPPROFSECT *)&sect),
             MAPI_E_NOT_FOUND);
    s->lpVtbl->Logoff(s, 0, 0, 0);
    s->lpVtbl->Release(s);

    /* The default profile: a NULL name. A profile of the archive service only: its store only. */
    CHECK_HR(MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s), S_OK);
    if (s) {
        CHECK(StoreCount(s) == 2, "NULL: the default profile, Work");
        s->lpVtbl->Release(s);
    }
    /* The built-in profile still: no AdminServices there. */
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample;messages=3", NULL, MAPI_EXTENDED, &s), S_OK);
    if (s) {
        Svc *svc2 = NULL;
        CHECK_HR(s->lpVtbl->AdminServices(s, 0, (LPSERVICEADMIN *)&svc2), MAPI_E_NO_SUPPORT);
        s->lpVtbl->Release(s);
    }
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Nowhere", NULL, MAPI_EXTENDED, &s), MAPI_E_LOGON_FAILED);
}

/* ---- Writers at once --------------------------------------------------------------------------- */
#define WRITERS 4
#define EACH 15
static uint32_t Writer(int w)
{
    CHECK_HR(MAPIInitialize(NULL), S_OK);
    Admin *a = NewAdmin();
    char name[40];
    for (int i = 0; a && i < EACH; i++) {
        snprintf(name, sizeof name, "W%d-%d", w, i);
        CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR)name, NULL, 0, 1 /*MAPI_DEFAULT_SERVICES*/),
                 S_OK);
    }
    if (a)
        a->lpVtbl->Release(a);
    MAPIUninitialize();
    return 0;
}

#if defined(_WIN32)
static unsigned __stdcall WriterThread(void *arg) { return Writer((int)(intptr_t)arg); }
#endif

/* DeleteProfile and RenameProfile of a profile in use: S_OK, marked, carried out when its last
 * session ends (at Logoff, or at the last Release of a session that never logged off). */
static void InUse(Admin *a)
{
    ULONG n = ProfileCount(a);
    CHECK_HR(a->lpVtbl->CopyProfile(a, (LPTSTR) "Work", NULL, (LPTSTR) "Busy", 0, 0), S_OK);
    LPMAPISESSION s1 = NULL, s2 = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "busy", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s1), S_OK);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Busy", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s2), S_OK);
    if (!s1 || !s2)
        return;
    CHECK_HR(a->lpVtbl->RenameProfile(a, (LPTSTR) "Busy", NULL, (LPTSTR) "Work", 0, 0),
             MAPI_E_NO_ACCESS); /* what can be checked at once still is */
    CHECK_HR(a->lpVtbl->RenameProfile(a, (LPTSTR) "Busy", NULL, (LPTSTR) "Idle", 0, 0), S_OK);
    CHECK(HasProfile(a, "Busy") && !HasProfile(a, "Idle"), "in use: not renamed yet");
    CHECK(StoreCount(s1) == 2, "the sessions go on");
    s1->lpVtbl->Logoff(s1, 0, 0, 0);
    s1->lpVtbl->Release(s1);
    CHECK(HasProfile(a, "Busy") && !HasProfile(a, "Idle"), "one session left: not renamed yet");
    s2->lpVtbl->Release(s2); /* never logged off: its last Release ends it */
    CHECK(HasProfile(a, "Idle") && !HasProfile(a, "Busy"), "renamed when the last session ended");
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Idle", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &s1), S_OK);
    if (!s1)
        return;
    CHECK_HR(a->lpVtbl->DeleteProfile(a, (LPTSTR) "Idle", 0), S_OK);
    CHECK(HasProfile(a, "Idle"), "in use: not deleted yet");
    s1->lpVtbl->Logoff(s1, 0, 0, 0);
    CHECK(!HasProfile(a, "Idle") && ProfileCount(a) == n, "deleted at the last session's Logoff");
    s1->lpVtbl->Release(s1);
    CHECK(ProfileCount(a) == n, "the Release after Logoff does nothing more");
}

static void Concurrent(Admin *a)
{
    ULONG before = ProfileCount(a);
#if defined(_WIN32)
    uintptr_t th[WRITERS];
    for (int w = 0; w < WRITERS; w++)
        th[w] = _beginthreadex(NULL, 0, WriterThread, (void *)(intptr_t)w, 0, NULL);
    for (int w = 0; w < WRITERS; w++) {
        SampleWaitForSingleObject((HANDLE)th[w], 0xFFFFFFFFu);
        SampleCloseHandle((HANDLE)th[w]);
    }
#else
    fflush(NULL);
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        if ((pids[w] = fork()) == 0) {
            int rc = Writer(w) == 0 && g_failures == 0 ? 0 : 1;
            a->lpVtbl->Release(a); /* the parent's admin, copied by fork: freed here too (valgrind) */
            _exit(rc);
        }
    }
    for (int w = 0; w < WRITERS; w++) {
        int st = 0;
        waitpid(pids[w], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer process %d", w);
    }
#endif
    CHECK(ProfileCount(a) == before + WRITERS * EACH, "every writer's profiles are in the file: %u",
          (unsigned)ProfileCount(a));
}

int main(void)
{
#if defined(_WIN32)
    const char *dir = getenv("TEMP");
#else
    const char *dir = getenv("TMPDIR");
#endif
    char knob[700], store[640], lockPath[640];
    snprintf(g_path, sizeof g_path, "%s/kmapi-profile-test-%d.txt", dir ? dir : "/tmp",
             (int)GETPID());
    snprintf(store, sizeof store, "%s.kms", g_path);
    snprintf(lockPath, sizeof lockPath, "%s.lock", g_path);
    remove(g_path);
    remove(store);
    snprintf(knob, sizeof knob, "profiles=%s", g_path);
    snprintf(g_knob, sizeof g_knob, "%s", knob);
    CHECK_HR(SampleProvider_SetKnobs(knob), S_OK);
    CHECK_HR(MAPIInitialize(NULL), S_OK);

    Admin *a = NewAdmin();
    if (!a)
        return 1;
    CHECK(ProfileCount(a) == 0, "no file: no profiles");
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "Work", NULL, 0, 0), S_OK);
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "WORK", NULL, 0, 0), MAPI_E_NO_ACCESS);
    LastErrorHas(a, MAPI_E_NO_ACCESS, "exists already");
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "a;b", NULL, 0, 0), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) " Work2", NULL, 0, 0), MAPI_E_INVALID_PARAMETER);
    LastErrorHas(a, MAPI_E_INVALID_PARAMETER, "begin or end with a space");
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "Work2 ", NULL, 0, 0), MAPI_E_INVALID_PARAMETER);
    CHECK_HR(a->lpVtbl->RenameProfile(a, (LPTSTR) "Work", NULL, (LPTSTR) "Work ", 0, 0),
             MAPI_E_INVALID_PARAMETER);
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "Work", NULL, 0, 0x100), MAPI_E_UNKNOWN_FLAGS);
    CHECK_HR(a->lpVtbl->DeleteProfile(a, (LPTSTR) "Nope", 0), MAPI_E_NOT_FOUND);
    CHECK_HR(a->lpVtbl->SetDefaultProfile(a, (LPTSTR) "Nope", 0), MAPI_E_NOT_FOUND);
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR)u"Tmp\u00e9", NULL, 0, MAPI_UNICODE), S_OK);
    CHECK_HR(a->lpVtbl->CopyProfile(a, (LPTSTR) "Tmp\xe9", NULL, (LPTSTR) "Tmp2", 0, 0), S_OK);
    CHECK_HR(a->lpVtbl->RenameProfile(a, (LPTSTR) "Tmp2", NULL, (LPTSTR) "Work", 0, 0),
             MAPI_E_NO_ACCESS);
    CHECK(ProfileCount(a) == 3, "Work, Tmp\xe9, Tmp2");
    CHECK_HR(a->lpVtbl->DeleteProfile(a, (LPTSTR) "Tmp2", 0), S_OK);
    CHECK_HR(a->lpVtbl->DeleteProfile(a, (LPTSTR)u"TMP\u00c9", MAPI_UNICODE), S_OK);

    MAPIUID sampleUid;
    memset(&sampleUid, 0, sizeof sampleUid);
    Services(a, &sampleUid, store);
    NoAdmin2(a);
    CHECK_HR(a->lpVtbl->SetDefaultProfile(a, (LPTSTR) "Work", 0), S_OK);
    Logon(&sampleUid);
    InUse(a);
    Concurrent(a);

    /* A damaged file: named errors, the file left as it is, the built-in profile still there. */
    FILE *f = fopen(g_path, "ab");
    if (f) {
        fputs("profile\n", f);
        fclose(f);
    }
    size_t cb0 = 0, cb1 = 0;
    char *before = ReadAll(g_path, &cb0);
    CHECK_HR(a->lpVtbl->CreateProfile(a, (LPTSTR) "Other", NULL, 0, 0), MAPI_E_CORRUPT_DATA);
    LastErrorHas(a, MAPI_E_CORRUPT_DATA, "damaged at line");
    char *after = ReadAll(g_path, &cb1);
    CHECK(before && after && cb0 == cb1 && memcmp(before, after, cb0) == 0, "left as it was");
    free(before);
    free(after);
    LPMAPISESSION s = NULL;
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Work", NULL, MAPI_EXTENDED, &s), MAPI_E_CORRUPT_DATA);
    CHECK_HR(MAPILogonEx(0, (LPTSTR) "Sample", NULL, MAPI_EXTENDED, &s), S_OK);
    if (s)
        s->lpVtbl->Release(s);
    a->lpVtbl->Release(a);
    MAPIUninitialize();

    SampleStats st;
    CHECK_HR(SampleProvider_GetStats(&st), S_OK);
    CHECK(st.cObjects == 0 && st.cBuffers == 0 && st.cThreads == 0,
          "objects %u buffers %u threads %u", (unsigned)st.cObjects, (unsigned)st.cBuffers,
          (unsigned)st.cThreads);
    SampleProvider_SetKnobs("");
    remove(g_path);
    remove(lockPath);
    remove(store);
    char storeLock[700];
    snprintf(storeLock, sizeof storeLock, "%s.lock", store);
    remove(storeLock);
    printf("profile: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
