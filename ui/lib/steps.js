// The wizard's steps: their ids (as Rust names them), the names shown in the step rail, and the
// rail's state for a given current step.

/** The six steps of the rail, in order. `done` is the final screen after them. */
export const RAIL_STEPS = Object.freeze([
  Object.freeze({ id: 'welcome', name: 'Welcome' }),
  Object.freeze({ id: 'console', name: 'Open the console' }),
  Object.freeze({ id: 'restrict', name: 'Restrict to this app' }),
  Object.freeze({ id: 'paste', name: 'Paste' }),
  Object.freeze({ id: 'verify', name: 'Verify' }),
  Object.freeze({ id: 'send', name: 'Send' }),
]);

/** Every step id Rust may send, in flow order. */
export const STEP_IDS = Object.freeze([...RAIL_STEPS.map((step) => step.id), 'done']);

/** Position of a step in the flow (0 = welcome … 6 = done), or -1 when unknown. */
export function stepIndex(step) {
  return STEP_IDS.indexOf(step);
}

/** Whether `step` is one Rust is allowed to send. */
export function isKnownStep(step) {
  return stepIndex(step) >= 0;
}

/** "Step 3 of 6" for rail steps, "Finished" for done. */
export function stepLabel(step) {
  const index = stepIndex(step);
  if (index < 0) return '';
  if (index >= RAIL_STEPS.length) return 'Finished';
  return `Step ${index + 1} of ${RAIL_STEPS.length}`;
}

/**
 * The rail: one entry per step with state `done`, `current` or `todo`. On the final screen every
 * step is done and none is current.
 */
export function railModel(step) {
  const current = stepIndex(step);
  return RAIL_STEPS.map((entry, index) => ({
    id: entry.id,
    name: entry.name,
    state: index < current ? 'done' : index === current ? 'current' : 'todo',
  }));
}
