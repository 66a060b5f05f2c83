/** Every check of every profile from the pipeline's report: measured value, passing range, result. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import { useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { rangeText } from './reviewText';
import { useBilingual } from '../cases/useBilingual';
import { useCaseData } from '../cases/useCaseData';

const loadReport = (dataProvider: TongpaiDataProvider, caseId: string) => dataProvider.getReport(caseId);

export const ChecksTable = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  const report = useCaseData(record?.id, record?.master.sha256, loadReport);
  const [chosen, setChosen] = useState<string>();
  if (!record) return null;
  if (report.status === 'loading') return <LinearProgress sx={{ mx: 2 }} />;
  if (report.status === 'failed')
    return <Alert severity="warning">{translate(report.reason, { _: report.reason })}</Alert>;
  // The documents applied for first: their profiles decide the case.
  const profileIds = Object.keys(report.data.profiles).sort(
    (a, b) => Number(record.documents.includes(b)) - Number(record.documents.includes(a)),
  );
  const profileId = chosen && profileIds.includes(chosen) ? chosen : profileIds[0];
  if (!profileId) return null;
  const profile = report.data.profiles[profileId]!;
  return (
    <Box sx={{ px: 2 }}>
      <Tabs value={profileId} onChange={(_event, value: string) => setChosen(value)} variant="scrollable">
        {profileIds.map((id) => (
          <Tab
            key={id}
            value={id}
            label={`${text(report.data.profiles[id]!.name)} · ${translate(`tongpai.verdict.${report.data.profiles[id]!.verdict}`)}`}
          />
        ))}
      </Tabs>
      <Table size="small" aria-label={translate('tongpai.review.checks')} data-testid="checks-table">
        <TableHead>
          <TableRow>
            <TableCell>{translate('tongpai.review.check')}</TableCell>
            <TableCell align="right">{translate('tongpai.review.value')}</TableCell>
            <TableCell align="right">{translate('tongpai.review.threshold')}</TableCell>
            <TableCell>{translate('tongpai.review.result')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {profile.checks.map((check) => (
            <TableRow key={check.id} sx={check.pass ? undefined : { bgcolor: 'rgba(211, 47, 47, 0.06)' }}>
              <TableCell>
                <Box sx={{ fontFamily: 'monospace', fontSize: 12, color: 'text.secondary' }}>{check.id}</Box>
                {text(check.message)}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                {check.value}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {rangeText(check.threshold.pass)}
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  color={check.pass ? 'success' : check.severity === 'retake' ? 'error' : 'warning'}
                  variant={check.pass ? 'outlined' : 'filled'}
                  label={translate(
                    check.pass ? 'tongpai.review.pass' : `tongpai.verdict.${check.severity ?? 'review'}`,
                  )}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
