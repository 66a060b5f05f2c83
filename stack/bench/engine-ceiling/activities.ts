/** The empty lifecycle's activities: each answers at once, so only the engine's work is measured. */
const nothing = () => Promise.resolve();

export const emptyActivities = {
  markProcessing: nothing,
  processMaster: nothing,
  routeCase: nothing,
  issueCase: nothing,
  submitToUpstream: nothing,
};
