import { DeadlockException } from '@mikro-orm/core';

/**
 * Runs a transaction again when InnoDB picked it as a deadlock victim (it was rolled back whole,
 * so a retry is safe). Lock ordering makes deadlocks rare; this keeps the rare one from being a 500.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DeadlockException) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
