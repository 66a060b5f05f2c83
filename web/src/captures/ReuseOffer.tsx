/**
 * Reuse at capture: when the person already has an issued photo that may serve the documents asked for, it is
 * shown before the photo step, and the citizen chooses. Reusing it is recorded at once (pessimistic: the
 * outcome is shown once the API has recorded it) and no capture is made; capturing anew opens the photo step,
 * and the capture names the declined offer (`declinedReuseOf`), which the API records on the issued case.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Collapse from '@mui/material/Collapse';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CameraIcon from '@mui/icons-material/PhotoCamera';
import ReuseIcon from '@mui/icons-material/Recycling';
import {
  InputHelperText,
  Title,
  useDataProvider,
  useInput,
  useLocaleState,
  useNotify,
  useTranslate,
} from 'react-admin';
import { documentProfiles } from '../../../domain/cases';
import type { ReuseOffer } from '../../../domain/schemas';
import { TokenImage } from '../cases/CaseImage';
import type { ReuseQuery, TongpaiDataProvider } from '../providers/dataProvider';
import { useReuseOffer } from './useReuseOffer';

/** A reuse the API has recorded: the offer as recorded, and the query it answered. */
export interface RecordedReuse {
  offer: ReuseOffer;
  query: ReuseQuery;
}

/** Documents by name, in the order the capture form lists them (unknown profiles last, by id). */
const useDocumentNames = () => {
  const translate = useTranslate();
  const rank = (d: string) => {
    const i = (documentProfiles as readonly string[]).indexOf(d);
    return i < 0 ? documentProfiles.length : i;
  };
  return (documents: readonly string[]) =>
    [...documents]
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .map((d) => translate(`tongpai.document.${d}`, { _: d }))
      .join(translate('tongpai.reuse.list_separator'));
};

const useTimes = () => {
  const [locale] = useLocaleState();
  return {
    time: (iso: string) => new Date(iso).toLocaleString(locale, { hour12: false }),
    date: (iso: string) => new Date(iso).toLocaleDateString(locale),
  };
};

interface OfferCardProps {
  offer: ReuseOffer;
  query: ReuseQuery;
  onReuse: () => Promise<void>;
  onCaptureAnew: () => void;
  error?: string;
}

const OfferCard = ({ offer, query, onReuse, onCaptureAnew, error }: OfferCardProps) => {
  const translate = useTranslate();
  const documentNames = useDocumentNames();
  const { time, date } = useTimes();
  const [saving, setSaving] = useState(false);
  const reuse = () => {
    setSaving(true);
    // onReuse reports its own failures; the button is enabled again either way.
    void onReuse().finally(() => setSaving(false));
  };

  return (
    <Card variant="outlined" sx={{ my: 1, borderColor: 'info.main' }} data-testid="reuse-offer">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          {translate('tongpai.reuse.title')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          {query.documents.map((document) => (
            <Stack key={document} spacing={0.5} sx={{ alignItems: 'center' }}>
              <TokenImage
                load={(dataProvider) => dataProvider.getReuseOfferPhoto(offer.caseId, document)}
                version={`${offer.caseId}/${document}`}
                alt={translate('tongpai.reuse.photo_alt', { document: documentNames([document]) })}
                maxHeight={180}
              />
              <Typography variant="caption">{documentNames([document])}</Typography>
            </Stack>
          ))}
        </Stack>
        <Typography variant="body2">
          {translate('tongpai.reuse.issued_at', { time: time(offer.issuedAt) })}
        </Typography>
        <Typography variant="body2">
          {translate('tongpai.reuse.reusable_until', { date: date(offer.reusableUntil) })}
        </Typography>
        <Typography variant="body2">
          {translate('tongpai.reuse.covers', { documents: documentNames(offer.profiles) })}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('tongpai.reuse.ask_citizen')}
        </Typography>
        {error && (
          <FormHelperText error>
            <InputHelperText error={error} />
          </FormHelperText>
        )}
      </CardContent>
      <CardActions>
        <Button
          variant="contained"
          startIcon={saving ? <CircularProgress size={18} color="inherit" /> : <ReuseIcon />}
          disabled={saving}
          onClick={reuse}
        >
          {translate('tongpai.reuse.reuse')}
        </Button>
        <Button variant="outlined" startIcon={<CameraIcon />} disabled={saving} onClick={onCaptureAnew}>
          {translate('tongpai.reuse.capture_anew')}
        </Button>
      </CardActions>
    </Card>
  );
};

/**
 * Wraps the photo step: while an offer awaits the citizen's choice it is shown instead, and the form cannot be
 * saved; the choice to capture anew is kept in the form's `declinedReuseOf` for as long as the query it
 * answered stands.
 */
export const ReuseStep = ({
  onReused,
  children,
}: {
  onReused: (reuse: RecordedReuse) => void;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const notify = useNotify();
  const { time } = useTimes();
  const { key, lookup } = useReuseOffer();
  // The offer on show, read by the validator when the form is saved: it must have been declined by then.
  const shownOffer = useRef<string>(undefined);
  const { field, fieldState } = useInput({
    source: 'declinedReuseOf',
    validate: (value) =>
      shownOffer.current && value !== shownOffer.current ? 'tongpai.reuse.choose_first' : undefined,
  });
  const declinedFor = useRef('');
  // A choice holds for the person and documents it was made for: asking anything else asks again.
  useEffect(() => {
    if (field.value && declinedFor.current !== key) field.onChange(undefined);
  }, [key, field.value]);

  const offered = lookup?.status === 'offered' ? lookup : undefined;
  const declined = !!offered && field.value === offered.offer.caseId;
  const awaitingChoice = !!offered && !declined;
  shownOffer.current = offered?.offer.caseId;

  const reuse = async () => {
    if (!offered) return;
    try {
      const offer = await dataProvider.reuse(offered.offer.caseId, offered.query);
      notify('tongpai.reuse.recorded', { type: 'success' });
      onReused({ offer, query: offered.query });
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  const captureAnew = () => {
    if (!offered) return;
    declinedFor.current = key;
    field.onChange(offered.offer.caseId);
  };

  return (
    <>
      {lookup?.status === 'failed' && (
        <Alert severity="warning" sx={{ my: 1 }}>
          {translate('tongpai.reuse.lookup_failed', {
            reason: translate(lookup.reason, { _: lookup.reason }),
          })}
        </Alert>
      )}
      {offered && !declined && (
        <OfferCard
          offer={offered.offer}
          query={offered.query}
          onReuse={reuse}
          onCaptureAnew={captureAnew}
          error={fieldState.error?.message}
        />
      )}
      {offered && declined && (
        <Alert severity="info" sx={{ my: 1 }} data-testid="reuse-declined">
          {translate('tongpai.reuse.declined', { time: time(offered.offer.issuedAt) })}
        </Alert>
      )}
      <Collapse in={!awaitingChoice} sx={{ width: '100%' }}>
        {children}
      </Collapse>
    </>
  );
};

/** What the operator sees once a reuse is recorded: no capture was made; the next citizen can come. */
export const ReuseOutcome = ({ reuse, onNext }: { reuse: RecordedReuse; onNext: () => void }) => {
  const translate = useTranslate();
  const documentNames = useDocumentNames();
  const { time } = useTimes();
  return (
    <>
      <Title title="resources.captures.page.create" />
      <Alert
        severity="success"
        sx={{ mt: 2 }}
        data-testid="reuse-outcome"
        action={
          <Button color="inherit" variant="outlined" onClick={onNext}>
            {translate('tongpai.reuse.next_capture')}
          </Button>
        }
      >
        <AlertTitle>{translate('tongpai.reuse.recorded_title')}</AlertTitle>
        {translate('tongpai.reuse.recorded_detail', {
          time: time(reuse.offer.issuedAt),
          documents: documentNames(reuse.query.documents),
        })}
      </Alert>
    </>
  );
};
