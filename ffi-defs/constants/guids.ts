/**
 * Well-known GUIDs (registry form, upper case: Data1..Data3 are little-endian in memory, as lib/com/guid.ts
 * converts them) and MAPIUIDs (raw 16 bytes, written as 32 hex digits in memory order: no byte swapping).
 *
 * DEFINE_OLEGUID(name, l, 0, 0) = {l-0000-0000-C000-000000000046}.
 * Sources: MAPIGuid.h (IIDs, PS_MAPI, PS_PUBLIC_STRINGS, MUID_PROFILE_INSTANCE), Unknwn.h (IID_IUnknown),
 * MFCMAPI's guid.h (PSETID_*, PS_INTERNET_HEADERS, IID_IMAPISync*), the MAPI constants page of the Outlook
 * docs (Offline State API), EdkMdb.h / MSPST.h / MAPIDefS.h (MAPIUIDs).
 */

import type { InterfaceDef } from '../schema';
import { ALL_INTERFACES } from '../interfaces';

type Defined = (typeof ALL_INTERFACES)[number];
type IidName<D extends InterfaceDef> = D extends { readonly iidName: infer N extends string } ? N : `IID_${D['name']}`;

/** The IIDs of the interfaces defined in ffi-defs/interfaces, from their definitions. */
const DEFINED_IIDS = Object.fromEntries(ALL_INTERFACES.map((d: InterfaceDef) => [d.iidName ?? `IID_${d.name}`, d.iid])) as {
  readonly [D in Defined as IidName<D>]: D['iid'];
};

/** Interface IDs: those of the defined interfaces (from their definitions), and of interfaces not defined here. */
export const IIDS = {
  ...DEFINED_IIDS,
  IID_IMAPIStatus: '{00020305-0000-0000-C000-000000000046}',
  IID_IMAPITableData: '{00020316-0000-0000-C000-000000000046}',
  IID_IMAPIControl: '{0002031B-0000-0000-C000-000000000046}',
  // Offline State API (works only inside Outlook's process)
  IID_IMAPIOffline: '{000672B5-0000-0000-C000-000000000046}',
  IID_IMAPIOfflineNotify: '{0317BDE5-FC29-44CD-8DCD-36125A3BE9EC}',
  IID_IMAPIOfflineMgr: '{42175607-FF3E-4790-BC18-66C8643E6424}',
} as const;

/** Property sets (MAPINAMEID.lpguid for GetIDsFromNames) and other well-known GUIDs. */
export const GUIDS = {
  PS_MAPI: '{00020328-0000-0000-C000-000000000046}', // MNID_ID names that map straight to tag ids
  PS_PUBLIC_STRINGS: '{00020329-0000-0000-C000-000000000046}', // e.g. "Keywords" (categories)
  PS_INTERNET_HEADERS: '{00020386-0000-0000-C000-000000000046}', // MNID_STRING = the Internet header name
  PSETID_Appointment: '{00062002-0000-0000-C000-000000000046}',
  PSETID_Task: '{00062003-0000-0000-C000-000000000046}',
  PSETID_Address: '{00062004-0000-0000-C000-000000000046}',
  PSETID_Common: '{00062008-0000-0000-C000-000000000046}',
  PSETID_Log: '{0006200A-0000-0000-C000-000000000046}',
  PSETID_Note: '{0006200E-0000-0000-C000-000000000046}',
  PSETID_Report: '{00062013-0000-0000-C000-000000000046}',
  PSETID_Remote: '{00062014-0000-0000-C000-000000000046}',
  PSETID_Sharing: '{00062040-0000-0000-C000-000000000046}',
  PSETID_PostRss: '{00062041-0000-0000-C000-000000000046}',
  PSETID_Meeting: '{6ED8DA90-450B-101B-98DA-00AA003F1305}',
  PSETID_UnifiedMessaging: '{4442858E-A9E3-4E80-B900-317A210CC15B}',
  PSETID_AirSync: '{71035549-0739-4DCB-9163-00F0580DBBDF}',
  PSETID_CalendarAssistant: '{11000E07-B51B-40D6-AF21-CAA85EDAB1D0}',
  PSETID_Attachment: '{96357F7F-59E1-47D0-99A7-46515C183B54}',
  /** Profile section holding per-profile-instance data; pass its 16 bytes as the MAPIUID to OpenProfileSection. */
  MUID_PROFILE_INSTANCE: '{00020385-0000-0000-C000-000000000046}',
  /** Offline State API: the global offline object (HrOpenOfflineObj pGUID). */
  GUID_GlobalState: '{FBEFFD93-B11F-4094-842B-96DCD31E63D1}',
} as const;

/**
 * MAPIUIDs (struct MAPIUID { BYTE ab[16]; }): 16 raw bytes, as found in PR_MDB_PROVIDER, PR_SERVICE_UID,
 * PR_PROVIDER_UID and entry IDs. Hex digits are in memory order; compare them byte for byte.
 */
export const MAPIUIDS = {
  /** PR_MDB_PROVIDER of a PST store (MSPST_UID_PROVIDER). [MSPST.h] */
  MSPST_UID_PROVIDER: '4E495441F9BFB80100AA0037D96E0000',
  /** PR_MDB_PROVIDER of the user's own Exchange mailbox (pbExchangeProviderPrimaryUserGuid). [EdkMdb.h] */
  pbExchangeProviderPrimaryUserGuid: '5494A1C0297F101BA58708002B2A2517',
  /** PR_MDB_PROVIDER of another user's Exchange mailbox opened as delegate. [EdkMdb.h] */
  pbExchangeProviderDelegateGuid: '9EB4770074E411CE8C5E00AA004254E2',
  /** PR_MDB_PROVIDER of the Exchange public folder store. [EdkMdb.h] */
  pbExchangeProviderPublicGuid: '78B2FA70AFF711CD9BC800AA002FC45A',
  /** Exchange transport provider. [EdkMdb.h] */
  pbExchangeProviderXportGuid: 'A90640E0D69311CDAF9500AA004A35C3',
  /** Exchange local store. [EdkMdb.h] */
  pbExchangeProviderLocalStoreGuid: '2DE56BA1646E11D28D4E00C04FAE2371',
  /** Exchange persist store. [EdkMdb.h] */
  pbExchangeProviderPersistStoreGuid: '98A23D6762CF4D348279DBFA6A508B31',
  /** UID of the Exchange service's global profile section. [EdkMdb.h] */
  pbGlobalProfileSectionGuid: '13DBB0C8AA05101A9BB000AA002FC45A',
  /** Provider UID of one-off entry IDs (MAPI_ONE_OFF_UID). [MAPIDefS.h] */
  MAPI_ONE_OFF_UID: '812B1FA4BEA310199D6E00DD010F5402',
  /** Provider UID in wrapped store entry IDs (muidStoreWrap, {10BBA138-E505-1A10-A1BB-08002B2A56C2}). [MFCMAPI guid.h] */
  muidStoreWrap: '38A1BB1005E5101AA1BB08002B2A56C2',
  /** Provider UID in Exchange address-book entry IDs (muidEMSAB, {C840A7DC-42C0-1A10-B4B9-08002B2FE182}). [MFCMAPI guid.h] */
  muidEMSAB: 'DCA740C8C042101AB4B908002B2FE182',
} as const;
