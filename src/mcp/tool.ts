/**
 * What an MCP tool is: a name, a description that names its units and limits, a zod input
 * schema (the MCP server validates arguments with it and answers a tool error naming the field),
 * and `run`, which calls the signed API through `Api` and answers a value or the API's refusal.
 * Tools hold no credentials and reach no module: every call goes through the gateway as a signed
 * request, so roles, sub-account scoping, rate limits and replay protection all apply.
 */
import type { z } from 'zod';
import type { Failure, PonteClient } from '../../sdk/src/index.ts';

export type Answer = { ok: true; data: unknown } | Failure;

/** The signed API as the tools use it: one GET with a query, one POST with a JSON body. */
export interface Api {
  get(path: string, query: Record<string, string | number | undefined>): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
}

/** A refusal of the tool itself (e.g. a spend without `confirm`), told to the agent with what to do. */
export type Refusal = { ok: false; refusal: string };
export type Outcome = { ok: true; value: unknown } | Failure | Refusal;

export interface ToolDeclaration<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  /** `spend`: places an order or charges the wallet, never without `confirm: true`; `write`: changes state, spends nothing. */
  effect: 'read' | 'write' | 'spend';
  run(api: Api, args: z.output<S>): Promise<Outcome>;
}

/** Declares a tool with its arguments typed from its schema. */
export function defineTool<S extends z.ZodObject>(declaration: ToolDeclaration<S>): ToolDeclaration {
  return declaration as unknown as ToolDeclaration;
}

type Untyped = (path: string, init: object) => Promise<Failure | { ok: true; data: unknown }>;

export function apiOf(client: PonteClient): Api {
  const get = client.GET as unknown as Untyped;
  const post = client.POST as unknown as Untyped;
  return {
    get: (path, query) => get(path, { params: { query } }),
    post: (path, body) => post(path, { body }),
  };
}

/** The API's answer as the tool's outcome, its data shaped by `view` (the data itself by default). */
export function outcomeOf(answer: Answer, view: (data: unknown) => unknown = (data) => data): Outcome {
  return answer.ok ? { ok: true, value: view(answer.data) } : answer;
}

/** A PandaPon page `{totalRecords, currentPage, data: [...]}` as `{total, page, items}`, each row mapped. */
export function compactList(page: unknown, row: (value: Record<string, unknown>) => unknown): unknown {
  const { totalRecords, currentPage, data } = (page ?? {}) as { totalRecords?: number; currentPage?: number; data?: unknown[] };
  return { total: totalRecords ?? 0, page: currentPage ?? 1, items: (data ?? []).map((value) => row(value as Record<string, unknown>)) };
}
