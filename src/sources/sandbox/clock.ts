import type { Clock } from '../../platform/clock.ts';
import type { SystemCtx } from '../../platform/context.ts';
import { getMeta, setMeta } from '../../platform/db/index.ts';

const OFFSET_KEY = 'sandbox_clock_offset_ms';

/**
 * Business time in a sandbox: the wall clock plus an offset that `POST /sandbox/clock/advance`
 * and `ponte sandbox advance 2h` move forward (never back). The offset lives in the database,
 * so the CLI and every server process agree; processes re-read it on each scheduler tick.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;

  private readonly wallMs: () => number;

  constructor(wallMs: () => number = () => Date.now()) {
    this.wallMs = wallMs;
  }

  nowMs(): number {
    return this.wallMs() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  async load(ctx: Pick<SystemCtx, 'db'>): Promise<void> {
    const stored = await getMeta(ctx as SystemCtx, OFFSET_KEY);
    this.offsetMs = stored === null ? 0 : Number(stored);
  }

  /** Moves business time forward by `ms` (persisted) and returns the new time. */
  async advance(ctx: Pick<SystemCtx, 'db'>, ms: number): Promise<number> {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`advance needs a non-negative duration, got ${ms}`);
    await this.load(ctx);
    this.offsetMs += ms;
    await setMeta(ctx as SystemCtx, OFFSET_KEY, String(this.offsetMs));
    return this.nowMs();
  }
}
