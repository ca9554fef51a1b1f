/**
 * Awaits an action that must be refused with `ErrorType` and returns the error's reason
 * (`problem`); fails the test if it succeeds or throws anything else.
 */
export async function refusalReason<P extends string>(
  action: Promise<unknown>,
  ErrorType: new (...args: any[]) => Error & { problem: P },
): Promise<P> {
  try {
    await action;
  } catch (error) {
    if (error instanceof ErrorType) return error.problem;
    throw error;
  }
  throw new Error(`expected the action to be refused with ${ErrorType.name}`);
}
