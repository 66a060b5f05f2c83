/** The choices of the sharing pages, labelled by message keys (console language). */
import { networks } from '../../../domain/principal';
import { applicationStatuses, organisationKinds, sharingServices } from '../../../domain/sharing-terms';

export const networkChoices = networks.map((id) => ({ id, name: `tongpai.network.${id}` }));
export const serviceChoices = sharingServices.map((id) => ({ id, name: `tongpai.sharing.service.${id}` }));
export const kindChoices = organisationKinds.map((id) => ({ id, name: `tongpai.sharing.kind.${id}` }));
export const statusChoices = applicationStatuses.map((id) => ({ id, name: `tongpai.sharing.status.${id}` }));
/** The standard photos an entry may offer (the profiles a case is issued with). */
export const profileChoices = ['id_card', 'exit_entry', 'driving_licence', 'face_compare', 'icao'].map(
  (id) => ({
    id,
    name: id,
  }),
);
