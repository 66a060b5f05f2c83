/** 访问记录: every read of the citizen's photos, by a third party they authorised or a department, newest first. */
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { AccessLogEntry } from '../../../domain/grants';
import { useBilingual } from '../cases/useBilingual';
import { CitizenPage } from './CitizenPage';
import { WhenLoaded } from './Loading';
import { useLoaded } from '../providers/useLoaded';
import { useDateText } from './useDateText';
import { useProfileName } from './useProfileName';

export const AccessLogPage = () => {
  const translate = useTranslate();
  const text = useBilingual();
  const profileName = useProfileName();
  const dateText = useDateText();
  const log = useLoaded('access-log', (dataProvider) => dataProvider.getAccessLog());
  const describe = (entry: AccessLogEntry) =>
    entry.kind === 'grant'
      ? translate('tongpai.citizen.log.by_grant', {
          name: entry.registeredName,
          profile: profileName(entry.profileId),
          purpose: text(entry.purposeLabel),
        })
      : translate('tongpai.citizen.log.by_lookup', {
          name: entry.organisationName,
          profile: entry.profileId ? profileName(entry.profileId) : '',
          purpose: entry.matterName ?? entry.purpose ?? entry.matterCode,
        });
  return (
    <CitizenPage title="resources.my-access-log.name">
      <WhenLoaded loaded={log}>
        {(entries) =>
          entries.length ? (
            <List dense aria-label={translate('resources.my-access-log.name')}>
              {entries.map((entry, index) => (
                <ListItem key={index} divider data-testid="access-log-entry">
                  <ListItemText primary={describe(entry)} secondary={dateText(entry.at)} />
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary">{translate('tongpai.citizen.log.none')}</Typography>
          )
        }
      </WhenLoaded>
    </CitizenPage>
  );
};
