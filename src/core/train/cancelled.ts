/** Thrown by the trainer and the comparison runner when their `shouldStop` hook asks them to stop. */
export class CancelledError extends Error {
  constructor(message = 'The comparison was cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}
