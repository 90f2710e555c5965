import { ERROR_TABLE, type ErrorName, type Language } from './errors.ts';

/*
 * Lifecycles as data (house rule 8). A machine lists its states, the states a row may be created
 * in and the ones it ends in, the error it refuses a move with and, per action, the states it may
 * start from and the one it ends in. It is checked when defined, so a bad lifecycle fails at
 * import time (at boot, and in the first test that loads it) rather than on an unlucky request.
 * `transition()` (states.ts) moves rows along it.
 */
export interface TransitionDef<S extends string> {
  readonly from: readonly S[];
  readonly to: S;
}

/** An error whose every message shows `{state}` and `{action}`: what a machine may refuse an action with. */
export type StateRefusal = { [K in ErrorName]: Shows<K, 'state'> & Shows<K, 'action'> }[ErrorName];
type Shows<K extends ErrorName, P extends string> = (typeof ERROR_TABLE)[K]['messages'][Language] extends `${string}{${P}}${string}`
  ? K
  : never;

/** A lifecycle as its module writes it; the states it lists are the only ones the rest may name. */
export interface MachineDefinition<S extends string, A extends string> {
  /** Names the machine in the errors its check throws. */
  name: string;
  states: readonly S[];
  /** The states a row may be created in; every other state is reached from them. */
  initial: readonly NoInfer<S>[];
  /** The states a row never leaves: no action starts from them. Every other state has a way out. */
  terminal: readonly NoInfer<S>[];
  /** What an action answers, with { state, action }, when the row's state does not allow it. */
  refusal: StateRefusal;
  transitions: Record<A, TransitionDef<NoInfer<S>>>;
}

export interface Machine<S extends string, A extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly initial: readonly S[];
  readonly terminal: readonly S[];
  readonly refusal: StateRefusal;
  readonly transitions: Readonly<Record<A, TransitionDef<S>>>;
  /** True when `action` may start from `state`. */
  can(state: string, action: A): boolean;
  /** The actions allowed from `state`, in definition order. */
  actionsFrom(state: string): A[];
}

/** Checks the lifecycle (see {@link machineProblem}) and freezes it; a bad one throws, naming the problem. */
export function defineMachine<const S extends string, const A extends string>(definition: MachineDefinition<S, A>): Machine<S, A> {
  const problem = machineProblem(definition);
  if (problem) throw new Error(`${definition.name}: ${problem}`);
  const entries = Object.entries(definition.transitions) as [A, TransitionDef<S>][];
  const transitions = Object.freeze(
    Object.fromEntries(entries.map(([a, t]) => [a, Object.freeze({ from: Object.freeze([...t.from]), to: t.to })])),
  ) as Readonly<Record<A, TransitionDef<S>>>;
  return Object.freeze({
    name: definition.name,
    states: Object.freeze([...definition.states]),
    initial: Object.freeze([...definition.initial]),
    terminal: Object.freeze([...definition.terminal]),
    refusal: definition.refusal,
    transitions,
    can: (state: string, action: A) => (transitions[action]?.from as readonly string[] | undefined)?.includes(state) ?? false,
    actionsFrom: (state: string) => entries.filter(([, t]) => (t.from as readonly string[]).includes(state)).map(([a]) => a),
  });
}

type Definition = MachineDefinition<string, string>;

/**
 * The first thing wrong with a lifecycle, or undefined: its states are distinct names, its
 * transitions and ends name only those states, it refuses with an error of the closed table, every
 * state is reached from an initial one, terminal states have no way out and the others have one
 * (a self-loop such as a price change is not a way out).
 */
function machineProblem(definition: Definition): string | undefined {
  return statesProblem(definition) ?? transitionsProblem(definition) ?? endsProblem(definition) ?? pathsProblem(definition);
}

function statesProblem({ states }: Definition): string | undefined {
  if (states.length === 0) return 'a machine needs at least one state';
  const seen = new Set<string>();
  for (const state of states) {
    if (typeof state !== 'string' || state === '') return 'state names must be non-empty strings';
    if (seen.has(state)) return `state ${state} is listed twice`;
    seen.add(state);
  }
  return undefined;
}

function transitionsProblem({ states, transitions }: Definition): string | undefined {
  const entries = Object.entries(transitions);
  if (entries.length === 0) return 'a machine needs at least one transition';
  for (const [action, t] of entries) {
    if (!t || !Array.isArray(t.from) || t.from.length === 0) return `action ${action} needs at least one 'from' state`;
    const from = t.from.find((s) => !states.includes(s));
    if (from !== undefined) return `action ${action} starts from unknown state ${from}`;
    if (!states.includes(t.to)) return `action ${action} ends in unknown state ${t.to}`;
  }
  return undefined;
}

function endsProblem({ states, initial, terminal, refusal }: Definition): string | undefined {
  if (!Array.isArray(initial) || initial.length === 0) return 'a machine needs an initial state (the states a row is created in)';
  if (!Array.isArray(terminal)) return 'a machine lists its terminal states (none for one that never ends)';
  const unknown = [...initial, ...terminal].find((s) => !states.includes(s));
  if (unknown !== undefined) return `${initial.includes(unknown) ? 'initial' : 'terminal'} state ${unknown} is not one of its states`;
  const error: string = refusal;
  if (error === 'SUCCESS' || !Object.hasOwn(ERROR_TABLE, error)) return `refusal ${error} is not an error name`;
  return undefined;
}

function pathsProblem({ states, initial, terminal, transitions }: Definition): string | undefined {
  const moves = Object.entries(transitions);
  const reached = new Set(initial);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [, t] of moves) {
      if (reached.has(t.to) || !t.from.some((s) => reached.has(s))) continue;
      reached.add(t.to);
      grew = true;
    }
  }
  const lost = states.filter((s) => !reached.has(s));
  if (lost.length > 0) return `state ${lost.join(', ')} cannot be reached from initial ${initial.join(', ')}`;
  for (const state of states) {
    const leaving = moves.filter(([, t]) => t.from.includes(state));
    if (terminal.includes(state)) {
      if (leaving.length > 0) return `terminal state ${state} has a way out: ${leaving.map(([action]) => action).join(', ')}`;
    } else if (!leaving.some(([, t]) => t.to !== state)) {
      return `state ${state} is not terminal and has no way out`;
    }
  }
  return undefined;
}
