import {
  captureChannels,
  caseStatuses,
  documentProfiles,
  personCategories,
  photoVerdicts,
} from '../../../domain/cases';

/** Choices for react-admin inputs and fields; names are i18n keys, translated by the inputs. */
export const statusChoices = caseStatuses.map((status) => ({ id: status, name: `tongpai.status.${status}` }));
export const verdictChoices = photoVerdicts.map((verdict) => ({
  id: verdict,
  name: `tongpai.verdict.${verdict}`,
}));
export const categoryChoices = personCategories.map((category) => ({
  id: category,
  name: `tongpai.category.${category}`,
}));
export const documentChoices = documentProfiles.map((document) => ({
  id: document,
  name: `tongpai.document.${document}`,
}));
export const channelChoices = captureChannels.map((channel) => ({
  id: channel,
  name: `tongpai.channel.${channel}`,
}));
