/**
 * Grant webhooks on the government side: the third parties live here, and so do the ends of their grants
 * that are pushed to them; the police side's migration 0016, as it is.
 */
export { up, down } from '../migrations/0016_grant_webhooks';
