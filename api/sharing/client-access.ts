/**
 * What an organisation's client may call: it must be registered to an organisation (by its Keycloak client id,
 * the token's `azp`), not suspended, and hold an active approval for the service whose scope covers the call
 * (matters, profiles, the organisation's network) and whose limits it is within. Each refusal has its code.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { activeApprovals, type ActiveApproval } from '../../db/sharing-applications';
import { findRegisteredClient, type RegisteredClient } from '../../db/sharing-catalogue';
import type { InterfaceEndpoint, SharingService } from '../../domain/sharing';
import { caller } from '../auth/middleware';
import { HttpProblem } from '../problems';
import { enforceLimits, usageNow } from './metering';

const outOfScope = (code: string, zh: string, en: string) => new HttpProblem(403, code, { zh, en });

export const scopeRefusals = {
  notRegistered: () =>
    outOfScope(
      'client_not_registered',
      '该客户端未登记到任何机构',
      'This client is not registered to an organisation',
    ),
  suspended: () =>
    outOfScope(
      'client_suspended',
      '该客户端已被管理员暂停使用',
      'An administrator has suspended this client',
    ),
  noApproval: () =>
    outOfScope(
      'no_active_approval',
      '本机构没有该服务的有效授权（未批准、已过期或已暂停）',
      'The organisation holds no active approval for this service (not approved, expired or suspended)',
    ),
  matter: (matter: string) =>
    outOfScope(
      'matter_not_approved',
      `业务事项 ${matter} 未获授权`,
      `The business matter ${matter} is not approved`,
    ),
  profile: (profile: string) =>
    outOfScope(
      'profile_not_approved',
      `照片规格 ${profile} 未获授权`,
      `The profile ${profile} is not approved`,
    ),
  network: () =>
    outOfScope(
      'network_not_allowed',
      '该服务不向本机构所在网络开放',
      "The service is not open to the organisation's network",
    ),
};

export interface Admission {
  /** The organisation's client calling (suspended or not). */
  client: RegisteredClient;
  /**
   * Its first active approval that `fits` the call, once the call is within that approval's limits;
   * otherwise the refusal that says why (suspended, no approval, out of scope, over a limit).
   */
  approvalFor(fits: (approval: ActiveApproval) => HttpProblem | undefined): ActiveApproval;
}

/**
 * What the caller may do with `service`: its registration, approvals and metered calls on `endpoints`, read at
 * once (this is on every call's path); 403 client_not_registered for a caller no organisation owns.
 */
export async function admission(
  db: Knex,
  req: Request,
  service: SharingService,
  endpoints: readonly InterfaceEndpoint[],
): Promise<Admission> {
  const clientId = caller(req).principal.clientId;
  if (!clientId) throw scopeRefusals.notRegistered();
  const [client, approvals, used] = await Promise.all([
    findRegisteredClient(db, clientId),
    activeApprovals(db, clientId, service),
    usageNow(db, clientId, endpoints),
  ]);
  if (!client) throw scopeRefusals.notRegistered();
  return {
    client,
    approvalFor(fits) {
      if (client.suspended_at) throw scopeRefusals.suspended();
      if (!approvals.length) throw scopeRefusals.noApproval();
      let refusal: HttpProblem | undefined;
      for (const approval of approvals) {
        const problem = approval.networks.includes(client.network) ? fits(approval) : scopeRefusals.network();
        if (!problem) {
          enforceLimits(used, { ratePerMinute: approval.rate_per_minute, dailyQuota: approval.daily_quota });
          return approval;
        }
        refusal ??= problem;
      }
      throw refusal!;
    },
  };
}
