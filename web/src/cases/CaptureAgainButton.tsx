/**
 * The operator's "capture again" for a case waiting for a retake: the same photo input as a new capture
 * (webcam or file), posted to the case, which then processes the new master in the same case.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import CameraIcon from '@mui/icons-material/AddAPhoto';
import {
  Form,
  SaveButton,
  TextInput,
  Toolbar,
  required,
  useCanAccess,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { PhotoInput } from '../captures/PhotoInput';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { ChecksToFix } from './DecisionOutcome';

interface RetakeForm {
  photo: File;
  device?: string;
}

export const CaptureAgainButton = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const { canAccess } = useCanAccess({ action: 'retake', resource: 'cases', record });
  if (!record || record.status !== 'awaiting_retake' || !canAccess) return null;

  const submit = async (values: Partial<RetakeForm>) => {
    try {
      await dataProvider.submitRetake(record.id, values.photo!, values.device?.trim() || undefined);
      setOpen(false);
      notify('tongpai.retake.submitted', { type: 'success' });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };

  return (
    <>
      <Button variant="contained" color="warning" startIcon={<CameraIcon />} onClick={() => setOpen(true)}>
        {translate('tongpai.retake.capture_again')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="md" fullWidth>
        <DialogTitle>{translate('tongpai.retake.dialog_title', { name: record.personName })}</DialogTitle>
        <DialogContent>
          <ChecksToFix record={record} />
          <Form<Partial<RetakeForm>> onSubmit={submit} defaultValues={{ device: record.device ?? '' }}>
            <TextInput source="device" label="resources.captures.fields.device" />
            <PhotoInput source="photo" validate={required()} deviceSource="device" />
            <Toolbar disableGutters sx={{ bgcolor: 'transparent' }}>
              <SaveButton label="tongpai.retake.submit" alwaysEnable />
            </Toolbar>
          </Form>
        </DialogContent>
      </Dialog>
    </>
  );
};
