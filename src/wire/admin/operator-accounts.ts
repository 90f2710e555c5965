/**
 * Operator accounts as the console manages them (docs/decisions/017-operators.md): an operator
 * changes its own password; administrators list, create, disable and re-enable operators (the CLI
 * `ponte operator …` does the same without a server). Passwords run on the wall clock like sign-in.
 */
import { z } from 'zod';
import {
  changeOwnPassword,
  createOperator,
  disableOperator,
  enableOperator,
  listOperators,
  PASSWORD_MIN_LENGTH,
} from '../../modules/operators/index.ts';
import { fail } from '../../platform/errors.ts';
import { defineAdminRoute, ok, OPERATOR_ROLES } from '../../platform/http/index.ts';

const Login = z.string().min(3).max(40).describe('The operator login (3–40 characters of a-z 0-9 . _ -)');
const Password = z.string().min(1).max(1024);

const OperatorRow = z.object({
  login: z.string(),
  name: z.string(),
  role: z.enum(OPERATOR_ROLES),
  disabled: z.boolean(),
  createdAt: z.number().int().describe('Epoch milliseconds'),
});

const password = defineAdminRoute({
  method: 'POST',
  path: '/console/api/password',
  operationId: 'consolePassword',
  summary: 'Change the signed-in operator’s own password (its other sessions end)',
  description: `The new password follows the sign-up rules (at least ${PASSWORD_MIN_LENGTH} characters). A console session only: the bearer token has no password.`,
  tags: ['Console'],
  roles: OPERATOR_ROLES,
  body: z.object({ currentPassword: Password, newPassword: Password }),
  data: z.object({ changed: z.literal(true) }),
  errors: ['BAD_PARAMETER', 'SESSION_INVALID'],
  handler: async (ctx, { body, services }) => {
    const { actor } = ctx;
    if (actor.kind !== 'operator') return fail('SESSION_INVALID');
    const done = await changeOwnPassword({ ...ctx, clock: services.wallClock }, { operatorId: actor.id, tokenHash: actor.tokenHash }, body);
    return done.ok ? ok({ changed: true as const }) : done;
  },
});

const list = defineAdminRoute({
  method: 'GET',
  path: '/admin/operators',
  operationId: 'adminOperatorList',
  summary: 'Every operator with its role, by login',
  tags: ['Admin'],
  data: z.object({ operators: z.array(OperatorRow) }),
  errors: [],
  handler: async (ctx) =>
    ok({
      operators: (await listOperators(ctx)).map(({ login, name, role, disabled, createdAt }) => ({
        login,
        name,
        role,
        disabled,
        createdAt,
      })),
    }),
});

const create = defineAdminRoute({
  method: 'POST',
  path: '/admin/operators/create',
  operationId: 'adminOperatorCreate',
  summary: 'Create an operator',
  tags: ['Admin'],
  body: z.object({ login: Login, name: z.string().min(1).max(80).optional(), role: z.enum(OPERATOR_ROLES), password: Password }),
  data: OperatorRow,
  errors: ['BAD_PARAMETER', 'CONFLICT'],
  handler: async (ctx, { body, services }) => {
    const created = await createOperator({ ...ctx, clock: services.wallClock }, body);
    if (!created.ok) return created;
    const { login, name, role, disabled, createdAt } = created.operator;
    return ok({ login, name, role, disabled, createdAt });
  },
});

function switchRoute(enable: boolean) {
  return defineAdminRoute({
    method: 'POST',
    path: enable ? '/admin/operators/enable' : '/admin/operators/disable',
    operationId: enable ? 'adminOperatorEnable' : 'adminOperatorDisable',
    summary: enable ? 'Let a disabled operator sign in again' : 'Disable an operator: it cannot sign in and its sessions end',
    tags: ['Admin'],
    body: z.object({ login: Login }),
    data: z.object({ login: z.string(), disabled: z.boolean() }),
    errors: ['NOT_FOUND'],
    handler: async (ctx, { body, services }) => {
      const local = { ...ctx, clock: services.wallClock };
      const done = enable ? await enableOperator(local, body.login) : await disableOperator(local, body.login);
      return done.ok ? ok({ login: body.login, disabled: !enable }) : done;
    },
  });
}

export const operatorAccountRoutes = [password, list, create, switchRoute(false), switchRoute(true)];
