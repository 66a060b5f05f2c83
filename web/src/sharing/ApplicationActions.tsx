/** An administrator's steps on an application: approve with limits, reject or suspend with a reason. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import {
  CanAccess,
  TopToolbar,
  useDataProvider,
  useGetOne,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Application, CatalogueEntry } from '../../../domain/sharing';
import { ConfirmActions } from '../layout/ConfirmActions';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { ReasonDialog } from '../upstream/ReasonDialog';
import { useUpstreamStep } from '../upstream/useUpstreamStep';

const day = 24 * 3600_000;

const ApproveDialog = ({ application, onClose }: { application: Application; onClose: () => void }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const { data: entry } = useGetOne<CatalogueEntry>('catalogue-entries', { id: application.entryId });
  const [rate, setRate] = useState<number>();
  const [quota, setQuota] = useState<number>();
  const [busy, setBusy] = useState(false);
  if (!entry) return null;
  const ratePerMinute = rate ?? entry.defaultLimits.ratePerMinute;
  const dailyQuota = quota ?? Math.max(application.expectedDailyVolume, 1);
  const validUntil = new Date(Date.now() + application.validityDays * day).toISOString();
  const field = (key: string) => translate(`resources.applications.fields.${key}`);
  const confirm = async () => {
    setBusy(true);
    try {
      const done = await run(
        () =>
          dataProvider.decideApplication(application.id, 'approve', {
            ratePerMinute,
            dailyQuota,
            validUntil,
            profiles: entry.profiles,
          }),
        'tongpai.sharing.approve.done',
      );
      if (done) onClose();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {translate('tongpai.sharing.approve.title', { name: application.organisationName })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            type="number"
            label={field('ratePerMinute')}
            value={ratePerMinute}
            onChange={(e) => setRate(Number(e.target.value))}
          />
          <TextField
            type="number"
            label={field('dailyQuota')}
            value={dailyQuota}
            onChange={(e) => setQuota(Number(e.target.value))}
          />
          <TextField label={field('profiles')} value={entry.profiles.join('、')} disabled />
          <TextField label={field('validUntil')} value={new Date(validUntil).toLocaleString()} disabled />
        </Stack>
      </DialogContent>
      <ConfirmActions
        label={translate('tongpai.sharing.approve.confirm')}
        color="primary"
        ready={ratePerMinute > 0 && dailyQuota > 0}
        busy={busy}
        onCancel={onClose}
        onConfirm={() => void confirm()}
      />
    </Dialog>
  );
};

export const ApplicationActions = () => {
  const record = useRecordContext<Application>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const [open, setOpen] = useState<'approve' | 'reject' | 'suspend'>();
  if (!record) return <TopToolbar />;
  const steps =
    record.status === 'pending'
      ? (['approve', 'reject'] as const)
      : record.status === 'active'
        ? (['suspend'] as const)
        : [];
  return (
    <TopToolbar>
      <CanAccess action="decide" resource="applications">
        {steps.map((step) => (
          <Button
            key={step}
            variant="contained"
            color={step === 'approve' ? 'primary' : step === 'reject' ? 'error' : 'warning'}
            onClick={() => setOpen(step)}
          >
            {translate(`tongpai.sharing.${step}.button`)}
          </Button>
        ))}
        {open === 'approve' && <ApproveDialog application={record} onClose={() => setOpen(undefined)} />}
        {(open === 'reject' || open === 'suspend') && (
          <ReasonDialog
            step={open}
            messages="tongpai.sharing"
            values={{ name: record.organisationName }}
            colour={open === 'reject' ? 'error' : 'warning'}
            onClose={() => setOpen(undefined)}
            onConfirm={(reason) =>
              run(
                () => dataProvider.decideApplication(record.id, open, { reason }),
                `tongpai.sharing.${open}.done`,
              )
            }
          />
        )}
      </CanAccess>
    </TopToolbar>
  );
};
