/** The person cipher as configured: the photo files' master keys (BLOB_MASTER_KEYS) and the person hash key. */
import type { Config } from '../config';
import type { BlobKeyring } from './blob-crypto';
import { loadBlobKeyring } from './blob-keys';
import { personCipher, type PersonCipher } from './person-cipher';
import { loadPersonHashKey, personHasher } from './person-hash';

/** `keyring`: the process's already loaded master keys, so they are read once. */
export const configuredPersonCipher = (
  config: Config,
  keyring: BlobKeyring = loadBlobKeyring(config),
): PersonCipher =>
  personCipher(
    keyring,
    personHasher(
      loadPersonHashKey(config.personHashKeyFile, { generateIfMissing: !config.PERSON_HASH_KEY_FILE }),
    ),
  );
