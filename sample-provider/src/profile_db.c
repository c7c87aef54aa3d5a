/*
 * profile_db.c - the profile file (profile.h; README.md "Profiles"): where it is, its text format,
 * and transactions on it under a file lock with an atomic replace (persist.c's platform helpers).
 *
 * Format (UTF-8 free: every string is its UTF-16 code units, printable ASCII other than '%' as
 * itself and any other unit as %XXXX, so a token never holds a blank):
 *
 *   KMAPI-PROFILES 1
 *   default NAME                     (at most once; names a profile of the file)
 *   profile NAME
 *   service UID32HEX KMAPI_SAMPLE    (belongs to the profile above)
 *   prop TAG8HEX VALUE               (belongs to the service above: PT_UNICODE string, PT_LONG
 *                                     decimal, PT_BOOLEAN 0/1, PT_BINARY hex)
 *
 * Anything else, a line without its '\n', a duplicate profile name or service UID, more services
 * or profiles than the limits: MAPI_E_CORRUPT_DATA naming the file and the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#if defined(_WIN32)
__declspec(dllimport) unsigned long __stdcall GetEnvironmentVariableA(const char *, char *,
                                                                      unsigned long);
__declspec(dllimport) unsigned long __stdcall GetTempPathA(unsigned long, char *);
#endif

#define PROF_HEADER "KMAPI-PROFILES 1"

/* ==============================================================================================
 * Where the file is
 * ============================================================================================ */
static int GetEnv(const char *name, char *out, size_t cb)
{
#if defined(_WIN32)
    /* Not getenv: msvcrt's copy of the environment misses what the process set after start. */
    unsigned long n = GetEnvironmentVariableA(name, out, (unsigned long)cb);
    return n > 0 && n < cb;
#else
    const char *v = getenv(name);
    if (!v || !*v || strlen(v) >= cb)
        return 0;
    strcpy(out, v);
    return 1;
#endif
}

HRESULT ProfDb_Path(char *out, size_t cb, char *err, size_t cbErr)
{
    Knobs *k = malloc(sizeof *k);
    if (!k)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Knobs_GetGlobal(k);
    int fromKnob = k->profile.hasPath && k->profile.path[0];
    if (fromKnob)
        snprintf(out, cb, "%s", k->profile.path);
    free(k);
    if (fromKnob || GetEnv("KMAPI_PROFILES", out, cb))
        return S_OK;
    char dir[KNOBS_MAX_PATH];
#if defined(_WIN32)
    unsigned long n = GetTempPathA(sizeof dir, dir);
    if (n == 0 || n >= sizeof dir)
        strcpy(dir, ".\\");
#else
    if (!GetEnv("TMPDIR", dir, sizeof dir - 1))
        strcpy(dir, "/tmp");
    if (dir[strlen(dir) - 1] != '/')
        strcat(dir, "/");
#endif
    if ((size_t)snprintf(out, cb, "%skmapi-profiles.txt", dir) >= cb) {
        snprintf(err, cbErr, "the temp folder's path is too long for the profile file");
        return MAPI_E_DISK_ERROR;
    }
    return S_OK;
}

/* ==============================================================================================
 * The model
 * ============================================================================================ */
int Prof_SameName(const WCHAR *a, const WCHAR *b)
{
    for (; *a && *b; a++, b++)
        if (FoldCase(*a) != FoldCase(*b))
            return 0;
    return *a == *b;
}

Profile *ProfDb_Find(ProfileDb *db, const WCHAR *name)
{
    for (ULONG i = 0; name && i < db->c; i++)
        if (Prof_SameName(db->p[i].name, name))
            return &db->p[i];
    return NULL;
}

ProfService *Prof_FindService(Profile *p, const MAPIUID *uid)
{
    for (ULONG i = 0; uid && i < p->cSvc; i++)
        if (memcmp(p->svc[i].uid.ab, uid->ab, sizeof uid->ab) == 0)
            return &p->svc[i];
    return NULL;
}

void Prof_Free(Profile *p)
{
    for (ULONG i = 0; i < p->cSvc; i++)
        Bag_Free(&p->svc[i].props);
    free(p->name);
    memset(p, 0, sizeof *p);
}

void ProfDb_Free(ProfileDb *db)
{
    for (ULONG i = 0; i < db->c; i++)
        Prof_Free(&db->p[i]);
    free(db->p);
    free(db->defaultName);
    memset(db, 0, sizeof *db);
}

Profile *ProfDb_Add(ProfileDb *db, const WCHAR *name)
{
    if (db->c == db->cap) {
        ULONG cap = db->cap ? db->cap * 2 : 8;
        Profile *p = realloc(db->p, cap * sizeof *p);
        if (!p)
            return NULL;
        db->p = p;
        db->cap = cap;
    }
    Profile *p = &db->p[db->c];
    memset(p, 0, sizeof *p);
    if (!(p->name = WStrDup(name)))
        return NULL;
    db->c++;
    return p;
}

HRESULT ProfDb_Rename(ProfileDb *db, Profile *p, const WCHAR *newName)
{
    WCHAR *n = WStrDup(newName);
    if (!n)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (db->defaultName && ProfDb_Find(db, db->defaultName) == p) { /* the default stays the default */
        WCHAR *d = WStrDup(n);
        if (!d) {
            free(n);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        free(db->defaultName);
        db->defaultName = d;
    }
    free(p->name);
    p->name = n;
    return S_OK;
}

void ProfDb_Remove(ProfileDb *db, Profile *p)
{
    if (db->defaultName && Prof_SameName(db->defaultName, p->name)) {
        free(db->defaultName);
        db->defaultName = NULL;
    }
    Prof_Free(p);
    ULONG i = (ULONG)(p - db->p);
    memmove(p, p + 1, (db->c - i - 1) * sizeof *p);
    db->c--;
}

void Prof_NewUid(MAPIUID *uid)
{
    static volatile int32_t counter;
    uint64_t t = Plat_NowFileTime();
    uint32_t pid = Plat_GetProcessId(), n = (uint32_t)Plat_AtomicInc(&counter);
    memcpy(uid->ab, "KMPS", 4);
    for (int i = 0; i < 4; i++)
        uid->ab[4 + i] = (BYTE)(pid >> (8 * i));
    for (int i = 0; i < 6; i++)
        uid->ab[8 + i] = (BYTE)(t >> (8 * i));
    uid->ab[14] = (BYTE)n;
    uid->ab[15] = (BYTE)(n >> 8);
}

HRESULT Prof_Copy(Profile *dst, const Profile *src, const WCHAR *newName, int newUids)
{
    memset(dst, 0, sizeof *dst);
    if (!(dst->name = WStrDup(newName ? newName : src->name)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < src->cSvc; i++) {
        ProfService *d = &dst->svc[dst->cSvc++];
        d->kind = src->svc[i].kind;
        d->uid = src->svc[i].uid;
        if (newUids)
            Prof_NewUid(&d->uid);
        if (Bag_CopyFrom(&d->props, &src->svc[i].props) != S_OK) {
            Prof_Free(dst);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    return S_OK;
}

static const WCHAR *const g_svcNames[] = {u"KMAPI_SAMPLE", u"KMAPI_ARCHIVE"};

ULONG Prof_ServiceKind(const WCHAR *name)
{
    for (ULONG i = 0; name && i < ARRAY_COUNT(g_svcNames); i++)
        if (Prof_SameName(name, g_svcNames[i]))
            return i + 1;
    return 0;
}

const WCHAR *Prof_ServiceName(ULONG kind)
{
    return kind >= 1 && kind <= ARRAY_COUNT(g_svcNames) ? g_svcNames[kind - 1] : u"?";
}

HRESULT Prof_CheckName(const WCHAR *name, char *err, size_t cbErr)
{
    size_t n = name ? WStrLen(name) : 0;
    if (n == 0 || n > PROF_MAX_NAME) {
        snprintf(err, cbErr, "a profile name has 1 to %u characters (this one %u)", PROF_MAX_NAME,
                 (unsigned)n);
        return MAPI_E_INVALID_PARAMETER;
    }
    for (size_t i = 0; i < n; i++)
        if (name[i] == ';' || name[i] < 0x20) {
            snprintf(err, cbErr, "a profile name may not hold ';' or control characters");
            return MAPI_E_INVALID_PARAMETER;
        }
    /* "Embedded spaces, but not leading or trailing spaces" (iprofadmin-createprofile.md,
     * -copyprofile.md, -renameprofile.md) */
    if (name[0] == ' ' || name[n - 1] == ' ') {
        snprintf(err, cbErr, "a profile name may not begin or end with a space");
        return MAPI_E_INVALID_PARAMETER;
    }
    return S_OK;
}

WCHAR *Prof_InName(const void *s, ULONG ulFlags, int *oom)
{
    *oom = 0;
    if (!s)
        return NULL;
    WCHAR *w = (ulFlags & MAPI_UNICODE) ? WStrDup(s) : WStrFromA(s);
    if (!w)
        *oom = 1;
    return w;
}

/* ==============================================================================================
 * Writing
 * ============================================================================================ */
static void PutS(OutBuf *b, const char *s) { OutBuf_Put(b, s, strlen(s)); }

static void PutEsc(OutBuf *b, const WCHAR *s)
{
    char tmp[8];
    for (; s && *s; s++) {
        if (*s > 0x20 && *s < 0x7F && *s != '%') {
            tmp[0] = (char)*s;
            OutBuf_Put(b, tmp, 1);
        } else {
            snprintf(tmp, sizeof tmp, "%%%04X", (unsigned)*s);
            OutBuf_Put(b, tmp, 5);
        }
    }
}

static void PutHex(OutBuf *b, const BYTE *p, ULONG cb)
{
    char tmp[3];
    for (ULONG i = 0; i < cb; i++) {
        snprintf(tmp, sizeof tmp, "%02X", p[i]);
        OutBuf_Put(b, tmp, 2);
    }
}

static void PutProp(OutBuf *b, const SPropValue *v)
{
    char tmp[40];
    snprintf(tmp, sizeof tmp, "prop %08X ", (unsigned)v->ulPropTag);
    PutS(b, tmp);
    switch (PROP_TYPE(v->ulPropTag)) {
    case PT_UNICODE: PutEsc(b, v->Value.lpszW); break;
    case PT_LONG: snprintf(tmp, sizeof tmp, "%ld", (long)v->Value.l), PutS(b, tmp); break;
    case PT_BOOLEAN: PutS(b, v->Value.b ? "1" : "0"); break;
    default: PutHex(b, v->Value.bin.lpb, v->Value.bin.cb); break; /* PT_BINARY */
    }
    PutS(b, "\n");
}

static HRESULT Serialize(const ProfileDb *db, OutBuf *b)
{
    PutS(b, PROF_HEADER "\n");
    if (db->defaultName) {
        PutS(b, "default ");
        PutEsc(b, db->defaultName);
        PutS(b, "\n");
    }
    for (ULONG i = 0; i < db->c; i++) {
        const Profile *p = &db->p[i];
        PutS(b, "profile ");
        PutEsc(b, p->name);
        PutS(b, "\n");
        for (ULONG j = 0; j < p->cSvc; j++) {
            PutS(b, "service ");
            PutHex(b, p->svc[j].uid.ab, 16);
            PutS(b, " ");
            PutEsc(b, Prof_ServiceName(p->svc[j].kind));
            PutS(b, "\n");
            for (ULONG k = 0; k < p->svc[j].props.c; k++)
                PutProp(b, p->svc[j].props.v[k]);
        }
    }
    return b->oom ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;
}

/* ==============================================================================================
 * Reading
 * ============================================================================================ */
static WCHAR *GetEsc(const char *s, size_t n)
{
    WCHAR *w = malloc((n + 1) * sizeof *w);
    size_t o = 0;
    for (size_t i = 0; w && i < n;) {
        if (s[i] == '%') {
            unsigned u = 0;
            for (int k = 1; k <= 4; k++) {
                char c = i + k < n ? s[i + k] : 0;
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    free(w);
                    return NULL;
                }
                u = u * 16 + (unsigned)d;
            }
            w[o++] = (WCHAR)u;
            i += 5;
        } else if ((unsigned char)s[i] > 0x20 && (unsigned char)s[i] < 0x7F) {
            w[o++] = (WCHAR)s[i++];
        } else {
            free(w);
            return NULL;
        }
    }
    if (w)
        w[o] = 0;
    return w;
}

static int GetHex(const char *s, size_t n, BYTE *out, size_t cbOut)
{
    if (n != cbOut * 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0;
        out[i / 2] = (BYTE)(i % 2 ? (out[i / 2] << 4) | d : d);
    }
    return 1;
}

/* One "prop" line's value into a bag. 0: malformed (or out of memory: *oom). */
static int ParseProp(const char *tag, size_t cbTag, const char *val, size_t cbVal, PropBag *bag,
                     int *oom)
{
    BYTE t[4];
    if (!GetHex(tag, cbTag, t, 4))
        return 0;
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = (ULONG)t[0] << 24 | (ULONG)t[1] << 16 | (ULONG)t[2] << 8 | t[3];
    if (Bag_Get(bag, PROP_ID(v.ulPropTag)))
        return 0;
    void *owned = NULL;
    switch (PROP_TYPE(v.ulPropTag)) {
    case PT_UNICODE:
        if (!(owned = v.Value.lpszW = GetEsc(val, cbVal)))
            return 0;
        break;
    case PT_LONG: {
        char num[16];
        char *end;
        if (cbVal == 0 || cbVal >= sizeof num)
            return 0;
        memcpy(num, val, cbVal);
        num[cbVal] = 0;
        long l = strtol(num, &end, 10);
        if (*end || l < -2147483647L - 1 || l > 2147483647L)
            return 0;
        v.Value.l = (LONG)l;
        break;
    }
    case PT_BOOLEAN:
        if (cbVal != 1 || (val[0] != '0' && val[0] != '1'))
            return 0;
        v.Value.b = val[0] == '1';
        break;
    case PT_BINARY:
        v.Value.bin.cb = (ULONG)(cbVal / 2);
        if (!(owned = v.Value.bin.lpb = malloc(cbVal / 2 + 1)) ||
            !GetHex(val, cbVal, v.Value.bin.lpb, cbVal / 2)) {
            free(owned);
            return 0;
        }
        break;
    default: return 0;
    }
    HRESULT hr = Bag_Append(bag, &v);
    free(owned);
    *oom = hr != S_OK;
    return hr == S_OK;
}

typedef struct Reader {
    ProfileDb *db;
    Profile *prof;
    ProfService *svc;
    int oom;
} Reader;

/* One line (without its '\n'). 0: malformed. */
// long: one branch per line kind of the format, each short; splitting them would scatter it
static int ParseLine(Reader *r, const char *s, size_t n)
{
    const char *sp = memchr(s, ' ', n);
    if (!sp)
        return 0;
    size_t kw = (size_t)(sp - s);
    const char *a = sp + 1;
    size_t na = n - kw - 1;
    if (kw == 7 && memcmp(s, "default", 7) == 0) {
        if (r->db->defaultName || !(r->db->defaultName = GetEsc(a, na)))
            return 0;
        return Prof_CheckName(r->db->defaultName, NULL, 0) == S_OK;
    }
    if (kw == 7 && memcmp(s, "profile", 7) == 0) {
        WCHAR *name = GetEsc(a, na);
        int ok = name && Prof_CheckName(name, NULL, 0) == S_OK && !ProfDb_Find(r->db, name) &&
                 r->db->c < PROF_MAX_PROFILES;
        if (ok && !(r->prof = ProfDb_Add(r->db, name)))
            r->oom = 1, ok = 0;
        free(name);
        r->svc = NULL;
        return ok;
    }
    if (kw == 7 && memcmp(s, "service", 7) == 0) {
        const char *sp2 = memchr(a, ' ', na);
        MAPIUID uid;
        if (!r->prof || !sp2 || r->prof->cSvc >= PROF_MAX_SERVICES ||
            !GetHex(a, (size_t)(sp2 - a), uid.ab, 16) || Prof_FindService(r->prof, &uid))
            return 0;
        WCHAR *kindName = GetEsc(sp2 + 1, na - (size_t)(sp2 - a) - 1);
        ULONG kind = Prof_ServiceKind(kindName);
        free(kindName);
        if (!kind)
            return 0;
        r->svc = &r->prof->svc[r->prof->cSvc++];
        memset(r->svc, 0, sizeof *r->svc);
        r->svc->uid = uid;
        r->svc->kind = kind;
        return 1;
    }
    if (kw == 4 && memcmp(s, "prop", 4) == 0) {
        const char *sp2 = memchr(a, ' ', na);
        return r->svc && sp2 &&
               ParseProp(a, (size_t)(sp2 - a), sp2 + 1, na - (size_t)(sp2 - a) - 1,
                         &r->svc->props, &r->oom);
    }
    return 0;
}

static HRESULT Parse(const char *path, const char *data, size_t cb, ProfileDb *db, char *err,
                     size_t cbErr)
{
    Reader r = {db, NULL, NULL, 0};
    size_t hl = strlen(PROF_HEADER);
    if (cb < hl + 1 || memcmp(data, PROF_HEADER "\n", hl + 1) != 0) {
        snprintf(err, cbErr, "%s is not a profile file of the sample provider (no '%s' header)",
                 path, PROF_HEADER);
        return MAPI_E_CORRUPT_DATA;
    }
    ULONG line = 1;
    for (size_t i = hl + 1; i < cb;) {
        line++;
        const char *nl = memchr(data + i, '\n', cb - i);
        if (!nl || !ParseLine(&r, data + i, (size_t)(nl - (data + i)))) {
            if (r.oom)
                return MAPI_E_NOT_ENOUGH_MEMORY;
            snprintf(err, cbErr, "the profile file %s is damaged at line %lu%s", path,
                     (unsigned long)line, nl ? "" : " (no end of line)");
            return MAPI_E_CORRUPT_DATA;
        }
        i = (size_t)(nl - data) + 1;
    }
    if (db->defaultName && !ProfDb_Find(db, db->defaultName)) {
        snprintf(err, cbErr, "the profile file %s is damaged: its default profile does not exist",
                 path);
        return MAPI_E_CORRUPT_DATA;
    }
    return S_OK;
}

/* ==============================================================================================
 * Transactions
 * ============================================================================================ */
static HRESULT Load(const char *path, ProfileDb *db, char *err, size_t cbErr)
{
    unsigned char *data = NULL;
    size_t cb = 0;
    uint64_t size = 0;
    char why[600] = "";
    int r = Plat_ReadFile(path, PROF_MAX_FILE + 1, &data, &cb, &size, why, sizeof why);
    if (r == PLAT_FILE_NOT_FOUND)
        return S_OK; /* no file yet: no profiles */
    if (r != PLAT_FILE_OK) {
        snprintf(err, cbErr, "cannot read the profile file %s: %s", path, why);
        return MAPI_E_DISK_ERROR;
    }
    HRESULT hr;
    if (size > PROF_MAX_FILE) {
        snprintf(err, cbErr, "the profile file %s is damaged: over %u bytes", path, PROF_MAX_FILE);
        hr = MAPI_E_CORRUPT_DATA;
    } else {
        hr = Parse(path, (const char *)data, cb, db, err, cbErr);
    }
    free(data);
    return hr;
}

HRESULT ProfDb_Transact(ProfDb_EditFn edit, void *ctx, char *err, size_t cbErr)
{
    char path[KNOBS_MAX_PATH], lockPath[KNOBS_MAX_PATH + 8], why[600] = "";
    HRESULT hr = ProfDb_Path(path, sizeof path, err, cbErr);
    if (hr != S_OK)
        return hr;
    snprintf(lockPath, sizeof lockPath, "%s.lock", path);
    /* The lock is a file of its own: the profile file is replaced by a rename at every save. */
    void *lock = NULL;
    if (Plat_FileLockOpen(lockPath, &lock, why, sizeof why) != PLAT_FILE_OK ||
        Plat_FileLockAcquire(lock, why, sizeof why) != PLAT_FILE_OK) {
        if (lock)
            Plat_FileLockClose(lock);
        snprintf(err, cbErr, "cannot lock the profile file (%s): %s", lockPath, why);
        return MAPI_E_DISK_ERROR;
    }
    ProfileDb db;
    memset(&db, 0, sizeof db);
    hr = Load(path, &db, err, cbErr);
    if (hr == S_OK)
        hr = edit(&db, ctx, err, cbErr);
    if (hr == S_OK) {
        OutBuf b = {NULL, 0, 0, 0};
        hr = Serialize(&db, &b);
        if (hr == S_OK && Plat_WriteFileAtomic(path, b.p, b.n, why, sizeof why) != PLAT_FILE_OK) {
            snprintf(err, cbErr, "cannot write the profile file %s: %s", path, why);
            hr = MAPI_E_DISK_ERROR;
        }
        free(b.p);
    } else if (hr == S_FALSE) {
        hr = S_OK;
    }
    ProfDb_Free(&db);
    Plat_FileLockClose(lock);
    return hr;
}
