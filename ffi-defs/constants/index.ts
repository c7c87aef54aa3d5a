/** Constant tables: property types and tags, HRESULTs, flags, GUIDs and MAPIUIDs. Plain data. */
export * from './proptypes';
export * from './proptags';
export * from './hresults';
export * from './flags';
export * from './guids';
