/** The upstream adapters, one per target, from the configuration (docs/upstream.md). */
import type { Config } from '../../config';
import { upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { createHttpAdapter, type UpstreamAdapter } from './http-adapter';

export type UpstreamAdapters = Record<UpstreamTarget, UpstreamAdapter>;

export function createUpstreamAdapters(
  config: Pick<Config, 'upstream' | 'upstreamTimeoutMs'>,
): UpstreamAdapters {
  const entries = upstreamTargets.map((target) => {
    const { url, token } = config.upstream[target];
    return [target, createHttpAdapter(target, { url, token, timeoutMs: config.upstreamTimeoutMs })] as const;
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
