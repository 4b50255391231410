/**
 * A request refused for a reason the person can act on (a missing field, a case that does not exist, a
 * role that may not do this). Thrown anywhere; `app.onError` turns it into the answer once: a form sent by a
 * browser goes back to its page with the message (post/redirect/get), anything else gets the status with the
 * message as an error page or JSON. Never logged as a failure of the server.
 */
export class UserError extends Error {
  readonly status: UserErrorStatus;

  constructor(message: string, status: UserErrorStatus = 400) {
    super(message);
    this.name = 'UserError';
    this.status = status;
  }
}

export type UserErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/**
 * The embedded store is as full as it may get (`CARDBOX_MAX_CASES`): nothing more is taken, with a message for
 * whoever runs Cardbox, long before memory or any other hard limit is reached. Answered as 503 by `app.onError`.
 */
export class CapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityError';
  }
}
