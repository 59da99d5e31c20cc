/** One delivery of the glue: an event to one endpoint, as a platform team would queue it in BullMQ. */
export type BaselineJob = { eventId: string; url: string; body: string };

export const BASELINE_QUEUE = 'webhook-deliveries';

/** What the worker process reports to the bench over IPC. */
export type BaselineWorkerMessage = { type: 'ready' } | { type: 'failed'; message: string };
