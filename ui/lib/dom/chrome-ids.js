// The ids of the elements index.html provides (header, rail, step area, live region, panel), the
// fixed frame the DOM layer renders into. static-safety.test.js checks index.html has each one.

/** Ids of the elements index.html provides. */
export const CHROME_IDS = Object.freeze({
  providerName: 'provider-name',
  providerLogo: 'provider-logo',
  demoRibbon: 'demo-ribbon',
  version: 'app-version',
  steps: 'steps',
  content: 'content',
  stepLabel: 'step-label',
  title: 'step-title',
  blocks: 'step-blocks',
  nav: 'step-nav',
  live: 'live-status',
  panelHost: 'panel-host',
  panel: 'panel',
  panelTitle: 'panel-title',
  panelBody: 'panel-body',
  panelClose: 'panel-close',
  supportOpen: 'support-open',
  demoOpen: 'demo-open',
  providerViewOpen: 'provider-view-open',
});
