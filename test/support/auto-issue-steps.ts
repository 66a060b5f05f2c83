/** The photo case's steps up to issuance, as plain functions for workflow tests: a resident whose photo passes. */
import type { ProcessedMaster, RoutedCase } from '../../workflows/contracts';

export const autoIssueSteps = {
  markProcessing: async () => undefined,
  processMaster: async (): Promise<ProcessedMaster> => ({
    width: 1350,
    height: 1350,
    verdict: 'pass',
    photos: ['id_card'],
  }),
  routeCase: async (): Promise<RoutedCase> => ({
    route: 'auto_issue',
    reason: 'verdict:pass',
    capturedBy: ['op-1'],
    needsSecondApproval: false,
  }),
};
