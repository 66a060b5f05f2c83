/** The upstream adapters, one per target, from the configuration (docs/upstream.md). */
import type { Config } from '../../config';
import { upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { createHttpAdapter, type UpstreamAdapter } from './http-adapter';
import { limitInFlight } from './in-flight';

export type UpstreamAdapters = Record<UpstreamTarget, UpstreamAdapter>;

export function createUpstreamAdapters(
  config: Pick<Config, 'upstream' | 'upstreamTimeoutMs' | 'UPSTREAM_MAX_IN_FLIGHT'>,
): UpstreamAdapters {
  const entries = upstreamTargets.map((target) => {
    const { url, token } = config.upstream[target];
    const adapter = createHttpAdapter(target, { url, token, timeoutMs: config.upstreamTimeoutMs });
    return [target, limitInFlight(adapter, config.UPSTREAM_MAX_IN_FLIGHT)] as const;
  });
  return Object.fromEntries(entries) as UpstreamAdapters;
}

export * from './contract';
export * from './errors';
export {
  createHttpAdapter,
  type SubmissionInput,
  type UpstreamAdapter,
  type UpstreamEndpoint,
} from './http-adapter';
