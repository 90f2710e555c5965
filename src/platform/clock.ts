/** Time is injected everywhere so tests and the sandbox never sleep. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests can set and move. */
export class ManualClock implements Clock {
  private currentMs: number;
  constructor(currentMs: number = Date.now()) {
    this.currentMs = currentMs;
  }
  nowMs(): number {
    return this.currentMs;
  }
  set(ms: number): void {
    this.currentMs = ms;
  }
  advance(ms: number): void {
    this.currentMs += ms;
  }
}
