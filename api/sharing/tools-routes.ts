/**
 * The pipeline's capabilities as a metered service for approved clients: `/tools/check` answers the verdict
 * and every profile's checks on a photo, `/tools/render` the standard photo of one profile. The upload is
 * admitted exactly as a capture's (multipart, size, pixel count, a full decode) and nothing of it is kept:
 * the only traces are the call's counter and its audit entry (the client, the photo's sha256, the outcome).
 *
 * The pipeline runs here, in the API process, not as a Temporal activity: an activity's input and output are
 * kept in the workflow history (the photo would be stored, against "nothing stored"), and a request waiting
 * for a worker's queue would share the captures' slots. The API creates its own pipeline (imaging/ owns its
 * sharp and ONNX sessions) on the first tool call, limited to TOOLS_MAX_CONCURRENT photos at once.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import { inspectUpload, type PhotoPipeline, type UploadLimits } from '../../imaging';
import { toolCheckSchema, type ToolCheck } from '../../domain/sharing';
import { photoUpload, uploadedPhoto } from '../captures/routes';
import { binary, defineRoute, json, type Route } from '../contract';
import { HttpProblem } from '../problems';
import { admission, scopeRefusals } from './client-access';
import type { RegisteredClient } from '../../db/sharing-catalogue';
import { appendAuditEvent } from '../../db/audit';
import { createHash } from 'node:crypto';
import { meterCalls } from './metering';

export interface ToolsDeps {
  db: Knex;
  log: Logger;
  limits: UploadLimits;
  /** The API's own pipeline, created on first use. */
  toolsPipeline: () => Promise<PhotoPipeline>;
}

const toolFields = z.object({ profile: z.string().trim().min(1).max(64).optional() });
const toolEndpoints = ['tools.check', 'tools.render'] as const;

export function toolsRoutes(deps: ToolsDeps): Route[] {
  const { db, limits, toolsPipeline } = deps;
  const common = {
    tags: ['sharing'],
    method: 'post',
    permission: ['create', 'ImagingTool'],
    bodyType: 'multipart/form-data',
    body: toolFields,
    files: { photo: 'JPEG, PNG, WebP or HEIC, within the capture limits' },
  } as const;
  const problems = [403, 413, 415, 429];

  /** The approval covering the call and the profiles to run, once the photo is admitted. */
  async function admitted(req: Parameters<Route['handler']>[1], profile: string | undefined) {
    const { client, approvalFor } = await admission(db, req, 'imaging_tools', toolEndpoints);
    const approval = approvalFor((candidate) =>
      !profile || candidate.profiles.includes(profile) ? undefined : scopeRefusals.profile(profile),
    );
    const photo = uploadedPhoto(req);
    await inspectUpload(photo, limits);
    return { client, photo, profiles: profile ? [profile] : approval.profiles };
  }

  const audit = (
    client: RegisteredClient,
    action: 'tools.checked' | 'tools.rendered',
    data: { photo: Buffer; profiles: string[]; verdict: string },
  ) =>
    db.transaction((trx) =>
      appendAuditEvent(trx, {
        at: new Date(),
        caseId: null,
        actor: client.client_id,
        action,
        data: {
          organisationId: client.organisation_id,
          sha256: createHash('sha256').update(data.photo).digest('hex'),
          profiles: data.profiles,
          verdict: data.verdict,
        },
      }),
    );

  return [
    defineRoute({
      ...common,
      path: '/tools/check',
      summary: "The pipeline's verdict and checks on a photo, for each approved profile (or the one named)",
      description:
        'Nothing is stored. 403 as for lookups (client_not_registered, client_suspended, no_active_approval, ' +
        'profile_not_approved); 429 rate_limited or over_quota; 400/413/415 a photo refused as a capture would be.',
      before: [meterCalls(deps, 'tools.check', 'organisation'), ...photoUpload(limits)],
      responses: { 200: json(toolCheckSchema, 'the verdict and the checks') },
      problems,
      handler: async ({ body }, req, res) => {
        const { client, photo, profiles } = await admitted(req, body.profile);
        const { report } = await (await toolsPipeline()).process(photo, { profiles, documents: profiles });
        await audit(client, 'tools.checked', { photo, profiles, verdict: report.verdict });
        const answer: ToolCheck = {
          verdict: report.verdict,
          profiles,
          failing: report.failing.map(({ profile, id, severity, message }) => ({
            profile,
            id,
            severity,
            message,
          })),
          checks: Object.fromEntries(
            Object.entries(report.profiles).map(([id, p]) => [
              id,
              p.checks.map((c) => ({
                id: c.id,
                pass: c.pass,
                value: c.value,
                severity: c.severity,
                message: c.message,
              })),
            ]),
          ),
        };
        res.json(answer);
      },
    }),
    defineRoute({
      ...common,
      path: '/tools/render',
      summary: 'The standard photo of one approved profile rendered from a photo (JPEG)',
      description:
        'Nothing is stored. 422 not_renderable (with the reason) when the photo cannot make that profile; the ' +
        'refusals of /tools/check otherwise.',
      before: [meterCalls(deps, 'tools.render', 'organisation'), ...photoUpload(limits)],
      body: toolFields.extend({ profile: z.string().trim().min(1).max(64) }),
      fieldMessages: { profile: { zh: '请指定照片规格（profile）', en: 'Name the profile to render' } },
      responses: { 200: binary('the rendered standard photo', 'image/jpeg') },
      problems: [...problems, 422],
      handler: async ({ body }, req, res) => {
        const { client, photo } = await admitted(req, body.profile);
        const { report, renders } = await (
          await toolsPipeline()
        ).process(photo, {
          profiles: [body.profile],
          documents: [body.profile],
        });
        await audit(client, 'tools.rendered', { photo, profiles: [body.profile], verdict: report.verdict });
        const rendered = report.profiles[body.profile];
        const jpeg = renders[body.profile];
        if (!jpeg || rendered?.status !== 'rendered' || !rendered.usable)
          throw new HttpProblem(422, 'not_renderable', {
            zh: `无法生成该规格的照片：${report.failing.map((f) => f.message.zh).join('；') || '不符合要求'}`,
            en: `The photo cannot make this profile: ${report.failing.map((f) => f.message.en).join('; ') || 'not suitable'}`,
          });
        res.type('image/jpeg').send(jpeg);
      },
    }),
  ];
}
