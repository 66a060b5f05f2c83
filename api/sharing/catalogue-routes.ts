/**
 * The resource-sharing catalogue (administrators write it; department users read it to apply) and the
 * organisations with their Keycloak clients and named contacts. Every change is audited.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  clientsOwnedElsewhere,
  findEntry,
  insertEntry,
  listEntries,
  listOrganisations,
  organisationIdsOfContact,
  saveOrganisation,
  updateEntry,
} from '../../db/sharing-catalogue';
import {
  catalogueEntryInput,
  catalogueEntrySchema,
  organisationInput,
  organisationSchema,
  type OrganisationInput,
} from '../../domain/sharing';
import type { ProfileSet } from '../../imaging';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { idListQuery, listQueryMessages, sendNamedRows } from '../list-params';
import { auditedChange } from './audited-change';
import { HttpProblem, invalidRequest, notFound } from '../problems';

const idParams = z.object({ id: z.string().min(1).max(100) });
const entryNotFound = notFound({ zh: '目录条目', en: 'The catalogue entry' });
const organisationNotFound = notFound({ zh: '机构', en: 'The organisation' });
const exists = (what: { zh: string; en: string }) =>
  new HttpProblem(409, 'already_exists', { zh: `${what.zh}已存在`, en: `${what.en} exists already` });

const fieldMessages = {
  id: {
    zh: '编号为小写字母、数字、-、_ 或 .（最多64个字符）',
    en: 'id: lower-case letters, digits, - _ . (up to 64)',
  },
  name: { zh: '请填写名称（最多100个字符）', en: 'Give a name (up to 100 characters)' },
  profiles: { zh: '请至少选择一种照片规格', en: 'Choose at least one photo profile' },
  networks: { zh: '请至少选择一个网络（公安网、政务网）', en: 'Choose at least one network (police, gov)' },
  contacts: { zh: '请至少填写一位联系人', en: 'Name at least one contact' },
};

/** The organisations a caller may see: all for administrators, their own (as a named contact) otherwise. */
export async function visibleOrganisationIds(db: Knex, req: Request): Promise<string[] | undefined> {
  const { principal, ability } = caller(req);
  if (ability.can('manage', 'Organisation') || principal.roles.includes('admin')) return undefined;
  return organisationIdsOfContact(db, principal.username);
}

export function catalogueRoutes({ db, profiles }: { db: Knex; profiles: ProfileSet }): Route[] {
  const common = { tags: ['sharing'] } as const;
  const unknownProfiles = (ids: string[]) => {
    const known = new Set(profiles.ids());
    const unknown = ids.filter((p) => !known.has(p));
    if (unknown.length)
      throw invalidRequest([
        {
          field: 'profiles',
          messages: {
            zh: `未知的照片规格：${unknown.join('、')}`,
            en: `Unknown profiles: ${unknown.join(', ')}`,
          },
        },
      ]);
  };
  const saveOrganisationRoute = (mode: 'insert' | 'update') =>
    defineRoute({
      ...common,
      method: mode === 'insert' ? 'post' : 'put',
      path: mode === 'insert' ? '/organisations' : '/organisations/:id',
      summary:
        mode === 'insert'
          ? 'Register an organisation with its clients and contacts'
          : 'Change an organisation',
      description: 'A Keycloak client belongs to one organisation: 409 client_taken otherwise. Audited.',
      permission: ['manage', 'Organisation'],
      ...(mode === 'update' ? { params: idParams } : {}),
      body: mode === 'insert' ? organisationInput : organisationInput.omit({ id: true }),
      fieldMessages,
      responses: { [mode === 'insert' ? 201 : 200]: json(organisationSchema, 'the organisation') },
      problems: mode === 'insert' ? [409] : [404, 409],
      handler: async ({ params, body }, req, res) => {
        const org = {
          ...body,
          id: (params as { id?: string } | undefined)?.id ?? (body as OrganisationInput).id,
        } as OrganisationInput;
        const taken = await clientsOwnedElsewhere(db, org.id, org.clientIds);
        if (taken.length)
          throw new HttpProblem(409, 'client_taken', {
            zh: `客户端已属于其他机构：${taken.join('、')}`,
            en: `These clients belong to another organisation: ${taken.join(', ')}`,
          });
        const action = `organisation.${mode === 'insert' ? 'registered' : 'changed'}`;
        const saved = await auditedChange(db, req, { action, data: { organisation: org } }, (trx) =>
          saveOrganisation(trx, org, mode),
        );
        if (!saved)
          throw mode === 'insert' ? exists({ zh: '机构', en: 'The organisation' }) : organisationNotFound;
        res.status(mode === 'insert' ? 201 : 200).json((await listOrganisations(db, [org.id]))[0]);
      },
    });

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/catalogue-entries',
      summary: 'The photo services of the resource-sharing catalogue',
      permission: ['read', 'CatalogueEntry'],
      query: idListQuery,
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(catalogueEntrySchema), 'every entry') },
      handler: async ({ query }, _req, res) => {
        sendNamedRows(res, 'catalogue-entries', query, await listEntries(db));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/catalogue-entries/:id',
      summary: 'One catalogue entry',
      permission: ['read', 'CatalogueEntry'],
      params: idParams,
      responses: { 200: json(catalogueEntrySchema, 'the entry') },
      problems: [404],
      handler: async ({ params }, _req, res) => {
        const entry = await findEntry(db, params.id);
        if (!entry) throw entryNotFound;
        res.json(entry);
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/catalogue-entries',
      summary: 'List a photo service in the catalogue (audited)',
      permission: ['manage', 'CatalogueEntry'],
      body: catalogueEntryInput,
      fieldMessages,
      responses: { 201: json(catalogueEntrySchema, 'the entry') },
      problems: [409],
      handler: async ({ body }, req, res) => {
        unknownProfiles(body.profiles);
        const inserted = await auditedChange(
          db,
          req,
          { action: 'catalogue.listed', data: { entry: body } },
          (trx) => insertEntry(trx, body),
        );
        if (!inserted) throw exists({ zh: '目录条目', en: 'The catalogue entry' });
        res.status(201).json(await findEntry(db, body.id));
      },
    }),
    defineRoute({
      ...common,
      method: 'put',
      path: '/catalogue-entries/:id',
      summary: 'Change a catalogue entry (audited); approvals made keep their own limits',
      permission: ['manage', 'CatalogueEntry'],
      params: idParams,
      body: catalogueEntryInput.omit({ id: true }),
      fieldMessages,
      responses: { 200: json(catalogueEntrySchema, 'the entry') },
      problems: [404],
      handler: async ({ params, body }, req, res) => {
        unknownProfiles(body.profiles);
        const audit = { action: 'catalogue.changed', data: { entryId: params.id, entry: body } };
        const updated = await auditedChange(db, req, audit, (trx) => updateEntry(trx, params.id, body));
        if (!updated) throw entryNotFound;
        res.json(await findEntry(db, params.id));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/organisations',
      summary: 'Organisations with their clients and contacts (a department user: their own)',
      permission: ['read', 'Organisation'],
      query: idListQuery,
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(organisationSchema), 'organisations') },
      handler: async ({ query }, req, res) => {
        const organisations = await listOrganisations(db, await visibleOrganisationIds(db, req));
        sendNamedRows(res, 'organisations', query, organisations);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/organisations/:id',
      summary: 'One organisation',
      permission: ['read', 'Organisation'],
      params: idParams,
      responses: { 200: json(organisationSchema, 'the organisation') },
      problems: [404],
      handler: async ({ params }, req, res) => {
        const visible = await visibleOrganisationIds(db, req);
        const [org] = visible && !visible.includes(params.id) ? [] : await listOrganisations(db, [params.id]);
        if (!org) throw organisationNotFound;
        res.json(org);
      },
    }),
    saveOrganisationRoute('insert'),
    saveOrganisationRoute('update'),
  ];
}
