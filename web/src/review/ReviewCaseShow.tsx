/**
 * A case in the review queue: claim it, compare the master with every standard photo (guide lines
 * switchable), read every check, see four-eyes and the SLA, and decide (ReviewHeader).
 */
import type { ReactNode } from 'react';
import Card from '@mui/material/Card';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Show, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { CaseTimeline } from '../cases/CaseTimeline';
import { ShowRefreshWhileActive } from '../cases/refreshWhileActive';
import { WhenDetailLoaded } from '../cases/WhenDetailLoaded';
import { ChecksTable } from './ChecksTable';
import { ReviewHeader } from './ReviewHeader';
import { ReviewPhotos } from './ReviewPhotos';

const Panel = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ py: 1.5 }}>
      <Typography variant="h6" sx={{ px: 2, pb: 1 }}>
        {translate(title)}
      </Typography>
      {children}
    </Card>
  );
};

const ReviewWorkspace = () => (
  <Stack spacing={2} sx={{ p: 2 }}>
    <ReviewHeader />
    <Panel title="tongpai.review.photos">
      <ReviewPhotos />
    </Panel>
    <Panel title="tongpai.review.checks">
      <ChecksTable />
    </Panel>
    <Panel title="resources.cases.sections.timeline">
      <CaseTimeline />
    </Panel>
  </Stack>
);

const ReviewTitle = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  return <>{record ? translate('tongpai.review.case_title', { name: record.personName }) : ''}</>;
};

export const ReviewCaseShow = () => (
  <Show<CaseDetail> title={<ReviewTitle />} actions={false}>
    <ShowRefreshWhileActive />
    <WhenDetailLoaded>
      <ReviewWorkspace />
    </WhenDetailLoaded>
  </Show>
);
