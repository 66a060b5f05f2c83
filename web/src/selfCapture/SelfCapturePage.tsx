/**
 * A citizen takes their own ID photo on their phone: the front camera with the console's face guide and
 * auto-capture (WebcamCapture), the upload, then the verdict with its reasons as the case moves on (polled),
 * and a retake in the same case when the case asks for one. Laid out for a 360 px wide screen first.
 */
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RecordContextProvider, Title, useDataProvider, useStore, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { statusTraits } from '../../../domain/lifecycle';
import { WebcamCapture } from '../captures/WebcamCapture';
import { CaseStatusField } from '../cases/CaseStatusField';
import { FailingChecks } from '../cases/QualityPanel';
import { useRefreshWhileActive } from '../cases/refreshWhileActive';
import { useBilingual } from '../cases/useBilingual';
import type { TongpaiDataProvider } from '../providers/dataProvider';

type Step =
  | { step: 'camera'; retakeOf?: string }
  | { step: 'sending'; retakeOf?: string }
  | { step: 'following'; caseId: string };

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const SelfCapturePage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  // The case being followed is remembered: a reload, or coming back later, shows it again.
  const [followed, setFollowed] = useStore<string | null>('selfCapture.caseId', null);
  const [step, setStep] = useState<Step>(
    followed ? { step: 'following', caseId: followed } : { step: 'camera' },
  );
  const [cameraId, setCameraId] = useState('');
  const [sendError, setSendError] = useState<string>();

  const send = async (photo: File, cameraLabel: string) => {
    const retakeOf = step.step === 'camera' ? step.retakeOf : undefined;
    setSendError(undefined);
    setStep({ step: 'sending', retakeOf });
    try {
      const caseId = retakeOf
        ? (await dataProvider.retakeSelfCapture(retakeOf, photo, cameraLabel)).id
        : (await dataProvider.selfCapture(photo, cameraLabel)).caseId;
      setFollowed(caseId);
      setStep({ step: 'following', caseId });
    } catch (error) {
      setSendError(translate('tongpai.self_capture.send_failed', { reason: errorText(error) }));
      setStep({ step: 'camera', retakeOf });
    }
  };

  return (
    <Stack spacing={2} sx={{ p: { xs: 1, sm: 2 }, maxWidth: 640 }}>
      <Title title="tongpai.self_capture.title" />
      <Typography variant="h6" component="h1">
        {translate('tongpai.self_capture.title')}
      </Typography>
      {sendError && <Alert severity="error">{sendError}</Alert>}
      {step.step === 'camera' && (
        <>
          <Typography variant="body2">{translate('tongpai.self_capture.intro')}</Typography>
          <WebcamCapture
            cameraId={cameraId}
            facing="user"
            onCameraChange={setCameraId}
            onCapture={(photo, label) => void send(photo, label)}
          />
        </>
      )}
      {step.step === 'sending' && <Progress text="tongpai.self_capture.uploading" />}
      {step.step === 'following' && (
        <Outcome
          caseId={step.caseId}
          onRetake={() => setStep({ step: 'camera', retakeOf: step.caseId })}
          onNewCapture={() => {
            setFollowed(null);
            setStep({ step: 'camera' });
          }}
        />
      )}
    </Stack>
  );
};

const Progress = ({ text }: { text: string }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
      <CircularProgress size={20} />
      <Typography>{translate(text)}</Typography>
    </Stack>
  );
};

/** The case as it moves on: polled while the workflow works on it or a person is to look at it. */
const Outcome = ({
  caseId,
  onRetake,
  onNewCapture,
}: {
  caseId: string;
  onRetake: () => void;
  onNewCapture: () => void;
}) => {
  const translate = useTranslate();
  const text = useBilingual();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [detail, setDetail] = useState<CaseDetail>();
  const [loadError, setLoadError] = useState<string>();
  const refetch = useCallback(
    () =>
      dataProvider.getSelfCapture(caseId).then(setDetail, (error: unknown) => setLoadError(errorText(error))),
    [caseId, dataProvider],
  );
  useEffect(() => void refetch(), [refetch]);
  const active = useRefreshWhileActive(detail ? [detail] : [], refetch, { alsoWhileWaiting: true });

  // E.g. a case remembered in this browser from another person's session: not theirs, so start anew.
  if (loadError)
    return (
      <Stack spacing={1.5}>
        <Alert severity="error">{loadError}</Alert>
        <NewCaptureButton onClick={onNewCapture} />
      </Stack>
    );
  if (!detail || active) return <Progress text="tongpai.self_capture.checking" />;
  const { status, documents } = detail;
  // The reasons that count: those of the documents the photo is for (the verdict is theirs).
  const shown = {
    ...detail,
    failingChecks: detail.failingChecks.filter((c) => documents.includes(c.profile)),
  };
  const closed = status === 'failed' || status === 'abandoned' || status === 'rejected';
  const outcome = translate(`tongpai.self_capture.outcome.${status}`, {
    reason: detail.failureMessage ? text(detail.failureMessage) : (detail.failureReason ?? ''),
    _: translate(`tongpai.status.${status}`),
  });

  return (
    <RecordContextProvider value={shown}>
      <Stack spacing={1.5} data-testid="self-capture-outcome">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <CaseStatusField source="status" />
          <Typography variant="caption" color="text.secondary">
            {translate('tongpai.self_capture.case_id', { id: caseId.slice(0, 8) })}
          </Typography>
        </Stack>
        <Alert severity={closed || status === 'awaiting_retake' ? 'warning' : 'info'}>{outcome}</Alert>
        {detail.verdict && (
          <>
            <Typography variant="subtitle2">{translate('tongpai.self_capture.reasons')}</Typography>
            <FailingChecks />
          </>
        )}
        {status === 'awaiting_retake' && (
          <Button variant="contained" onClick={onRetake}>
            {translate('tongpai.self_capture.retake')}
          </Button>
        )}
        {statusTraits[status].final && <NewCaptureButton onClick={onNewCapture} />}
      </Stack>
    </RecordContextProvider>
  );
};

const NewCaptureButton = ({ onClick }: { onClick: () => void }) => {
  const translate = useTranslate();
  return (
    <Button variant="outlined" onClick={onClick}>
      {translate('tongpai.self_capture.new_capture')}
    </Button>
  );
};
