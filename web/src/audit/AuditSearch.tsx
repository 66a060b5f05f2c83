/**
 * Searching the audit trail: by a person's ID number (matched on the server through its keyed hash), actor,
 * action, station and time; newest first, a page at a time (the server's cursor). Each entry of a case opens
 * that photo's whole history. Every search is itself recorded in the trail.
 */
import { useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import type { AuditSearchEntry } from '../../../domain/schemas';
import type { AuditSearchQuery, TongpaiDataProvider } from '../providers/dataProvider';

const fields = ['idNumber', 'actor', 'action', 'stationId', 'from', 'to'] as const;
type Field = (typeof fields)[number];
const timeFields: readonly Field[] = ['from', 'to'];

/** The filled-in fields as the API takes them (local date-times as instants). */
function toQuery(form: Record<Field, string>): AuditSearchQuery {
  const query: AuditSearchQuery = {};
  for (const field of fields) {
    const value = form[field].trim();
    if (!value) continue;
    query[field] = timeFields.includes(field) ? new Date(value).toISOString() : value;
  }
  return query;
}

export const AuditSearch = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [form, setForm] = useState<Record<Field, string>>(
    Object.fromEntries(fields.map((f) => [f, ''])) as Record<Field, string>,
  );
  const [results, setResults] = useState<{
    query: AuditSearchQuery;
    entries: AuditSearchEntry[];
    next: string | null;
  }>();
  const [busy, setBusy] = useState(false);

  const load = async (query: AuditSearchQuery, earlier: AuditSearchEntry[] = []) => {
    setBusy(true);
    try {
      const page = await dataProvider.searchAudit(query);
      setResults({ query, entries: [...earlier, ...page.entries], next: page.nextCursor });
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(toQuery(form));
  };
  const label = (field: string) => translate(`resources.audit.fields.${field}`);

  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6">{translate('tongpai.audit.search_title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tongpai.audit.search_explain')}
        </Typography>
        <Box component="form" onSubmit={submit}>
          <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center">
            {fields.map((field) => (
              <TextField
                key={field}
                size="small"
                name={field}
                label={label(field)}
                type={timeFields.includes(field) ? 'datetime-local' : 'text'}
                value={form[field]}
                onChange={(e) => setForm({ ...form, [field]: e.target.value })}
                {...(timeFields.includes(field) ? { slotProps: { inputLabel: { shrink: true } } } : {})}
              />
            ))}
            <Button type="submit" variant="contained" disabled={busy}>
              {translate('tongpai.audit.search')}
            </Button>
          </Stack>
        </Box>
        {results && (
          <Box sx={{ mt: 2 }}>
            {results.entries.length === 0 ? (
              <Typography data-testid="audit-search-empty">
                {translate('tongpai.audit.no_results')}
              </Typography>
            ) : (
              <Table size="small" data-testid="audit-search-results">
                <TableHead>
                  <TableRow>
                    {['at', 'action', 'actor', 'role', 'stationId', 'reason', 'caseId'].map((f) => (
                      <TableCell key={f}>{label(f)}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {results.entries.map((entry) => (
                    <TableRow key={entry.id}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        {new Date(entry.at).toLocaleString(locale, { hour12: false })}
                      </TableCell>
                      <TableCell>
                        {translate(`tongpai.timeline.action.${entry.action}`, { _: entry.action })}
                      </TableCell>
                      <TableCell>{entry.actor}</TableCell>
                      <TableCell>{entry.role ?? ''}</TableCell>
                      <TableCell>{entry.stationId ?? ''}</TableCell>
                      <TableCell>{entry.reason ?? ''}</TableCell>
                      <TableCell>
                        {entry.caseId && (
                          <Button size="small" onClick={() => navigate(`/audit/${entry.caseId}/show`)}>
                            {translate('tongpai.audit.open_history')}
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {results.next && (
              <Button
                sx={{ mt: 1 }}
                disabled={busy}
                onClick={() => void load({ ...results.query, cursor: results.next! }, results.entries)}
              >
                {translate('tongpai.audit.more')}
              </Button>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
