export const STEP_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const RANK: Record<StepStatus, number> = { queued: 0, sent: 1, delivered: 2, failed: 3, skipped: 3 };

/** The statuses a step may move to `target` from: only ever forward, so late or repeated callbacks change nothing. */
export function statusesBefore(target: StepStatus): StepStatus[] {
  return STEP_STATUSES.filter((status) => RANK[status] < RANK[target]);
}

/** Why a step was skipped (or, for quiet_hours, why it waits). */
export type StepReason =
  | 'opted_out'
  | 'no_address'
  | 'no_content'
  | 'unknown_recipient'
  | 'suppressed'
  | 'throttled'
  | 'digested'
  | 'quiet_hours'
  | 'provider_rejected'
  | 'retries_exhausted'
  | 'bounced'
  | 'dropped'
  | 'undelivered'
  | 'spam_report';
