import { auditEntryContext, auditVia } from './audit-entry';

describe('audit entry context', () => {
  it("reads a request's via: roles, network and client, and leaves it out of the details", () => {
    const data = {
      reasonCode: 'wrong_person',
      note: '照片不是本人',
      ...auditVia({
        subject: 's',
        username: 'adm.sh',
        displayName: 'A',
        roles: ['admin'],
        regionId: 'shanghai',
        network: 'police',
        clientId: 'tongpai-console',
      }),
    };
    expect(auditEntryContext('adm.sh', data)).toEqual({
      role: 'admin',
      network: 'police',
      client: 'tongpai-console',
      reason: 'wrong_person',
      details: { reasonCode: 'wrong_person', note: '照片不是本人' },
    });
  });

  it("takes a decision's roles, calls automatic steps system, and does not guess what was not recorded", () => {
    expect(
      auditEntryContext('rev.sh', { decision: 'reject', roles: ['reviewer'], note: 'blurred' }),
    ).toMatchObject({
      role: 'reviewer',
      network: null,
      reason: 'blurred',
    });
    expect(auditEntryContext('system:worker', { reason: 'verdict:pass' })).toMatchObject({
      role: 'system',
      reason: 'verdict:pass',
    });
    expect(auditEntryContext('op.sh.pudong', { stationId: 'x' })).toMatchObject({
      role: null,
      network: null,
      client: null,
      reason: null,
    });
  });
});
