import type { Config } from '.';
import { loadKeyRing, loadVerifyingKeyRing } from '../signing/keys';

/**
 * The keys photo certificates are checked (and on the police side made) with: on the government side the
 * police side's public keys (`<keyId>.pub` in SIGNING_KEYS_DIR; it certifies nothing, docs/networks.md),
 * elsewhere the signing ring.
 */
export const certificateKeys = (config: Config) =>
  config.TONGPAI_NETWORK === 'government'
    ? loadVerifyingKeyRing(config.signingKeysDir)
    : loadKeyRing(config.signingKeysDir, { activeKeyId: config.SIGNING_KEY_ID });
