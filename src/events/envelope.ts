/** An event as subscribers receive it, whether replayed from the log or pushed live. */
export interface EventEnvelope<P = Record<string, unknown>> {
  /** Event-log id as a string: the cursor to resume after. */
  cursor: string;
  tenantId: string;
  topic: string;
  type: string;
  subjectId: string;
  payload: P;
  occurredAt: string;
}
