import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import {
  NumberField,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { CaptureAgainButton } from './CaptureAgainButton';
import { CaseStatusField } from './CaseStatusField';
import { CaseTimeline } from './CaseTimeline';
import { DecisionOutcome } from './DecisionOutcome';
import { IssuedPhotos } from './IssuedPhotos';
import { RevocationNotice, RevokeButton } from './Revocation';
import { UpstreamSubmissions } from './UpstreamSubmissions';
import { WhenDetailLoaded } from './WhenDetailLoaded';
import { categoryChoices, channelChoices } from './choices';
import { LocalDateField } from './LocalDateField';
import { CaseImage } from './CaseImage';
import { FailingChecks, StandardPhotos } from './QualityPanel';
import { useBilingual } from './useBilingual';
import { ShowRefreshWhileActive } from './refreshWhileActive';
import { RegionName } from '../stations/RegionName';

const CaseTitle = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  return <>{record ? translate('tongpai.case.title', { name: record.personName }) : ''}</>;
};

const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="h6" sx={{ px: 2, pt: 2 }}>
      {translate(title)}
    </Typography>
  );
};

const FailureReason = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  if (!record?.failureReason) return null;
  return (
    <Alert severity="error" sx={{ mx: 2, mt: 2 }}>
      {translate('resources.cases.fields.failureReason')}:{' '}
      {record.failureMessage ? text(record.failureMessage) : record.failureReason}
    </Alert>
  );
};

/** Status, attempt and what the case is for, at a glance above the details. */
const CaseHeadline = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ px: 2, pt: 2, flexWrap: 'wrap', alignItems: 'center' }}
      useFlexGap
    >
      <CaseStatusField source="status" />
      <Chip
        size="small"
        variant="outlined"
        label={translate('tongpai.case.attempt', { attempt: record.attempt })}
      />
      {record.documents.map((document) => (
        <Chip
          key={document}
          size="small"
          variant="outlined"
          label={translate(`tongpai.document.${document}`)}
        />
      ))}
      {record.nationalityConflict && (
        <Chip size="small" color="warning" label={translate('resources.cases.fields.nationalityConflict')} />
      )}
    </Stack>
  );
};

/** The certified photos, once the case has been issued (also after they were superseded or revoked). */
const WhenIssued = ({ children }: { children: ReactNode }) => {
  const record = useRecordContext<CaseDetail>();
  return record?.issuedAt ? <>{children}</> : null;
};

/** Shown only once the pipeline has run (the record then has a verdict). */
const WhenProcessed = ({ children }: { children: ReactNode }) => {
  const record = useRecordContext<CaseDetail>();
  return record?.verdict ? <>{children}</> : null;
};

const MasterImage = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <CaseImage part="master" version={record.master.sha256} alt={translate('tongpai.case.master_alt')} />
  );
};

/** The preview is drawn once, when the case is processed, and never changes after (shown inside WhenProcessed). */
const PreviewImage = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  if (!record) return null;
  return <CaseImage part="preview" version={record.id} alt={translate('tongpai.case.preview_alt')} />;
};

export const CaseShow = () => (
  <Show<CaseDetail> title={<CaseTitle />}>
    <ShowRefreshWhileActive />
    <WhenDetailLoaded>
      <CaseDetails />
    </WhenDetailLoaded>
  </Show>
);

const CaseDetails = () => (
  <>
    <CaseHeadline />
    <FailureReason />
    <DecisionOutcome action={<CaptureAgainButton />} />
    <RevocationNotice />
    <WhenIssued>
      <Section title="resources.cases.sections.issued" />
      <IssuedPhotos />
      <RevokeButton />
      <Section title="resources.cases.sections.upstream" />
      <UpstreamSubmissions />
    </WhenIssued>
    <WhenProcessed>
      <Section title="resources.cases.sections.quality" />
      <FailingChecks />
      <Section title="resources.cases.sections.photos" />
      <StandardPhotos />
    </WhenProcessed>
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '3fr 2fr' }, gap: 2 }}>
      <Box>
        <Section title="resources.cases.sections.person" />
        <SimpleShowLayout>
          <TextField source="personName" />
          <TextField source="idNumber" />
          <SelectField source="category" choices={categoryChoices} />
        </SimpleShowLayout>
        <Section title="resources.cases.sections.capture" />
        <SimpleShowLayout>
          <CaseStatusField source="status" />
          <SelectField source="channel" choices={channelChoices} />
          <ReferenceField source="stationId" reference="stations" link={false} emptyText="—" />
          <ReferenceField
            source="stationId"
            reference="stations"
            link={false}
            label="resources.cases.fields.regionId"
          >
            <RegionName />
          </ReferenceField>
          <TextField source="operatorUsername" />
          <TextField source="device" emptyText="—" />
          <LocalDateField source="capturedAt" />
          <LocalDateField source="updatedAt" />
          <TextField source="id" />
          <TextField source="workflowId" />
        </SimpleShowLayout>
        <Section title="resources.cases.sections.lifecycle" />
        <SimpleShowLayout>
          <NumberField source="attempt" />
          <TextField source="routeReason" emptyText="—" />
          <TextField source="claimedBy" emptyText="—" />
          <TextField source="firstApprover" emptyText="—" />
          <LocalDateField source="issuedAt" emptyText="—" />
        </SimpleShowLayout>
      </Box>
      <Box>
        <Section title="resources.cases.sections.master" />
        <Box sx={{ px: 2, pt: 1 }}>
          <MasterImage />
        </Box>
        <SimpleShowLayout>
          <TextField source="master.mimeType" />
          <NumberField source="master.width" emptyText="—" />
          <NumberField source="master.height" emptyText="—" />
          <NumberField source="master.bytes" />
          <TextField source="master.sha256" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
        </SimpleShowLayout>
        <WhenProcessed>
          <Section title="resources.cases.sections.preview" />
          <Box sx={{ px: 2, pt: 1 }}>
            <PreviewImage />
          </Box>
        </WhenProcessed>
      </Box>
    </Box>
    <Section title="resources.cases.sections.timeline" />
    <CaseTimeline />
  </>
);
