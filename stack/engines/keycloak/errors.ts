export type KeycloakErrorCode =
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'EXTRACT_FAILED'
  | 'PORT_IN_USE'
  | 'START_FAILED'
  | 'REALM_FILE_INVALID'
  | 'REALM_IMPORT_FAILED';

export class KeycloakError extends Error {
  override name = 'KeycloakError';
  constructor(
    readonly code: KeycloakErrorCode,
    message: string,
  ) {
    super(message);
  }
}
