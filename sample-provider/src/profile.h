/*
 * profile.h - the profile subsystem (README.md "Profiles"): profiles and their message services
 * kept in one file (profile_db.c), the administration objects over it (profile_admin.c:
 * MAPIAdminProfiles' IProfAdmin; profile_svc.c: IMsgServiceAdmin(2), IProfSect), and what
 * MAPILogonEx takes from a profile (Profile_LogonKnobs).
 *
 * Services: "KMAPI_SAMPLE" shows the data set's first store ("Sample Mailbox"), "KMAPI_ARCHIVE" its
 * second ("Sample Archive"); a profile holds at most one of each. Each service's profile section
 * is a property bag: PR_DISPLAY_NAME_W, PR_PST_PATH_W (the data set's store=PATH file),
 * PR_KMAPI_KNOBS_W (knobs, as after ';' in a "Sample;..." profile name), and whatever a client sets
 * with IProfSect::SetProps (PT_UNICODE, PT_LONG, PT_BOOLEAN, PT_BINARY values only).
 */
#ifndef KMAPI_SAMPLE_PROFILE_H
#define KMAPI_SAMPLE_PROFILE_H

#include "objects.h"

#define PROF_MAX_NAME 64u      /* characters of a profile name (MAPI: 64) */
#define PROF_MAX_PROFILES 512u /* profiles in one file */
#define PROF_MAX_SERVICES 8u   /* services in one profile */
#define PROF_MAX_FILE (4u << 20) /* bytes of the profile file */

/* Tags of profile sections and the admin tables (MAPITags.h, MSPST.h). */
#define PR_DEFAULT_PROFILE PROP_TAG(PT_BOOLEAN, 0x3D04)
#define PR_SERVICE_NAME_W PROP_TAG(PT_UNICODE, 0x3D09)
#define PR_SERVICE_DLL_NAME_W PROP_TAG(PT_UNICODE, 0x3D0A)
#define PR_SERVICE_UID PROP_TAG(PT_BINARY, 0x3D0C)
#define PR_PROFILE_NAME_W PROP_TAG(PT_UNICODE, 0x3D12)
#define PR_PST_PATH_W PROP_TAG(PT_UNICODE, 0x6700)
/* This provider's own: the service's knobs (a property id in the provider range 0x6600..0x67FF). */
#define PR_KMAPI_KNOBS_W PROP_TAG(PT_UNICODE, 0x67F0)
/* PR_RESOURCE_FLAGS of a service row */
#define SERVICE_DEFAULT_STORE 0x00000001u
#define SERVICE_SINGLE_COPY 0x00000002u
#define SERVICE_PRIMARY_IDENTITY 0x00000008u
/* IProfAdmin / IMsgServiceAdmin flags */
#define MAPI_DEFAULT_SERVICES 0x00000001u
#define SERVICE_UI_ALWAYS 0x00000002u
#define SERVICE_UI_ALLOWED 0x00000010u
#define SERVICE_NO_RESTART_WARNING 0x00000080u
#define MSG_SERVICE_UI_READ_ONLY 0x00000008u

#define SVC_SAMPLE 1u  /* "KMAPI_SAMPLE": store 1 */
#define SVC_ARCHIVE 2u /* "KMAPI_ARCHIVE": store 2 */

typedef struct ProfService {
    MAPIUID uid;  /* PR_SERVICE_UID */
    ULONG kind;   /* SVC_* */
    PropBag props; /* the service's profile section */
} ProfService;

typedef struct Profile {
    WCHAR *name;
    ProfService svc[PROF_MAX_SERVICES];
    ULONG cSvc;
} Profile;

typedef struct ProfileDb {
    Profile *p;
    ULONG c, cap;
    WCHAR *defaultName; /* NULL: no default profile */
} ProfileDb;

/* ---- profile_db.c ------------------------------------------------------------------------------
 * The file's path: the knob profiles=PATH (process-wide), else the environment variable
 * KMAPI_PROFILES, else "kmapi-profiles.txt" in the temp folder. */
HRESULT ProfDb_Path(char *out, size_t cb, char *err, size_t cbErr);
/* A transaction on the file: takes "<path>.lock" (blocks while another holder, in this process
 * or another, has it), loads the file (a missing one is an empty database), calls edit, and when
 * edit returns S_OK writes the file atomically (a temporary file renamed over it). edit returns
 * S_FALSE for "nothing to save" and a failure (with err set) to abandon. Errors, err set:
 * MAPI_E_CORRUPT_DATA (the file is not a profile file of ours, or damaged: it is left as it is),
 * MAPI_E_DISK_ERROR (it cannot be read, written or locked). */
typedef HRESULT (*ProfDb_EditFn)(ProfileDb *db, void *ctx, char *err, size_t cbErr);
HRESULT ProfDb_Transact(ProfDb_EditFn edit, void *ctx, char *err, size_t cbErr);
void ProfDb_Free(ProfileDb *db);
/* Lookups (names compare without case, as MAPI's do). */
Profile *ProfDb_Find(ProfileDb *db, const WCHAR *name);
ProfService *Prof_FindService(Profile *p, const MAPIUID *uid);
/* A deep copy of src (new service UIDs when newUids). */
HRESULT Prof_Copy(Profile *dst, const Profile *src, const WCHAR *newName, int newUids);
void Prof_Free(Profile *p);
/* Adds an empty profile (the name copied): NULL when out of memory. */
Profile *ProfDb_Add(ProfileDb *db, const WCHAR *name);
void ProfDb_Remove(ProfileDb *db, Profile *p);
/* Renames p (the default profile stays the default); the caller checked newName is free. */
HRESULT ProfDb_Rename(ProfileDb *db, Profile *p, const WCHAR *newName);
/* Names compare without case, as MAPI's do. */
int Prof_SameName(const WCHAR *a, const WCHAR *b);
/* A fresh service UID. */
void Prof_NewUid(MAPIUID *uid);
/* "KMAPI_SAMPLE" -> SVC_SAMPLE...; 0 for a name this provider does not have. */
ULONG Prof_ServiceKind(const WCHAR *name);
const WCHAR *Prof_ServiceName(ULONG kind);
/* Checks configuration values for a service of that kind (the knobs are parsed, paths must be
 * Latin-1, types storable in the file): S_OK or MAPI_E_INVALID_PARAMETER / MAPI_E_INVALID_TYPE
 * with err set. */
HRESULT Prof_CheckConfig(ULONG kind, ULONG cValues, const SPropValue *lpProps, char *err,
                         size_t cbErr);
/* Names: 1..64 characters, no ';' (the knob separator of "Sample;..." names) or control
 * characters, no space first or last (MAPI's rule). */
HRESULT Prof_CheckName(const WCHAR *name, char *err, size_t cbErr);

/* ---- profile_use.c: the profiles this process's sessions use --------------------------------
 * A session of a file profile uses it from logon to Logoff (or its last Release). DeleteProfile and
 * RenameProfile of a profile in use mark it (ProfUse_Mark: 1, marked; 0, not in use; -1, out of
 * memory) and the last session's end carries the mark out, as MAPI does. */
enum { PROF_USE_NONE, PROF_USE_DELETE, PROF_USE_RENAME };
HRESULT ProfUse_Begin(const WCHAR *name);
void ProfUse_End(const WCHAR *name);
int ProfUse_Mark(const WCHAR *name, int op, const WCHAR *newName);

/* MAPILogonEx: when the file has a profile `name` (NULL or "": the default profile), *found = 1
 * and its services' knobs are added to *k (k->profile says which stores to show and the
 * profile's name). *found = 0 when there is no such profile (or no default). */
HRESULT Profile_LogonKnobs(const WCHAR *name, Knobs *k, int *found, char *err, size_t cbErr);

/* A profile-name string from the caller (LPTSTR): UTF-16 with MAPI_UNICODE, else 8-bit Latin-1;
 * malloc'ed, NULL when out of memory (and *oom = 1) or when s is NULL. */
WCHAR *Prof_InName(const void *s, ULONG ulFlags, int *oom);

/* ---- profile_admin.c / profile_svc.c ------------------------------------------------------------
 * The admin objects live on a data set of their own (no stores are shown through them), so that
 * they share the objects' header, GetLastError and fault knobs. */
HRESULT ProfAdmin_Create(LPVOID *lppProfAdmin, char *err, size_t cbErr);
/* IMsgServiceAdmin over the profile `name` (ds: the data set the object lives on). */
HRESULT SvcAdmin_Create(DataSet *ds, const WCHAR *name, LPSERVICEADMIN *lppAdmin);
/* IProfSect over service uid of profile `name` (writable: MAPI_MODIFY). */
HRESULT ProfSect_Create(DataSet *ds, const WCHAR *name, const MAPIUID *uid, int writable,
                        LPPROFSECT *lppSect);
/* IProfSect's reads and writes (profile_svc.c): the section with its computed values
 * (PR_SERVICE_UID, PR_SERVICE_NAME_W, PR_PROFILE_NAME_W) into *out; values set (checked as
 * ConfigureMsgService checks them) or, with tags, deleted. Failures are recorded on h. */
HRESULT ProfSect_Read(ObjHeader *h, const char *method, const WCHAR *profile, const MAPIUID *uid,
                      PropBag *out);
HRESULT ProfSect_Write(ObjHeader *h, const char *method, const WCHAR *profile, const MAPIUID *uid,
                       ULONG cValues, const SPropValue *props, const SPropTagArray *tags);
/* IMAPISession::AdminServices / OpenProfileSection for a session of a file profile. */
HRESULT Profile_SessionAdmin(ObjHeader *session, ULONG ulFlags, LPSERVICEADMIN *lppAdmin);
HRESULT Profile_SessionSection(ObjHeader *session, LPMAPIUID lpUID, LPCIID lpInterface,
                               ULONG ulFlags, LPPROFSECT *lppSect);
/* A snapshot table (the admin tables): rows[i] holds row i's values; cols are the default
 * columns. Takes ownership of rows (freed on failure too). */
HRESULT ProfTable_Create(DataSet *ds, const ULONG *cols, ULONG cCols, PropBag *rows, ULONG cRows,
                         ULONG ulFlags, LPMAPITABLE *lppTable);
/* What the admin objects share: a profile-name argument (LPTSTR) checked and copied, and a
 * transaction whose failure is recorded on the object. */
HRESULT ProfObj_Name(ObjHeader *h, const char *method, const void *s, ULONG ulFlags, int check,
                     WCHAR **out);
HRESULT ProfObj_Transact(ObjHeader *h, const char *method, ProfDb_EditFn edit, void *ctx);
/* The data set the admin objects live on (DS_Release it). */
HRESULT ProfObj_DataSet(DataSet **pds, char *err, size_t cbErr);

extern const IID IID_IProfAdmin;
extern const IID IID_IMsgServiceAdmin;
extern const IID IID_IMsgServiceAdmin2;
extern const IID IID_IProfSect;

#endif /* KMAPI_SAMPLE_PROFILE_H */
