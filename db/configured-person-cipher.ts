/** The person cipher as configured: the photo files' master keys (BLOB_MASTER_KEYS) and the person hash key. */
import type { Config } from '../config';
import { loadBlobKeyring } from './blob-keys';
import { personCipher, type PersonCipher } from './person-cipher';
import { loadPersonHashKey, personHasher } from './person-hash';

export const configuredPersonCipher = (config: Config): PersonCipher =>
  personCipher(
    loadBlobKeyring(config),
    personHasher(
      loadPersonHashKey(config.personHashKeyFile, { generateIfMissing: !config.PERSON_HASH_KEY_FILE }),
    ),
  );
