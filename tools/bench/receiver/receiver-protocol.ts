/** One request the receiver got: `at` is epoch milliseconds (sub-millisecond precision). */
export type Receipt = { path: string; webhookId: string; eventId: string; verified: boolean; at: number };

export type ReceiverMessage = { type: 'ready'; port: number } | { type: 'receipts'; receipts: Receipt[] };
