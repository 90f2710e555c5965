import { z } from 'zod';
import { LanguageParam } from '../goods/common.ts';
import { defineRoute, ok } from '../../platform/http/index.ts';
import { deleteAddress, getAddress, listAddresses, saveAddress, type Address } from '../../modules/addresses/index.ts';
import { fail } from '../../platform/errors.ts';
import { chinaTime } from '../common/time.ts';
import { rowId } from '../common/ids.ts';

// Mainland mobiles and overseas numbers alike: digits with an optional +, spaces or dashes.
const PHONE = /^\+?[0-9][0-9 -]{4,22}[0-9]$/;
const digitCount = (value: string) => value.replace(/\D/g, '').length;

const text = (max: number) => z.string().trim().min(1).max(max);
const AddressId = rowId(1);

export const AddressBody = z.object({
  id: rowId(0).optional().describe('Address id (number or string); absent or 0 creates a new address'),
  name: text(50).describe('Recipient name (收件人)'),
  province: text(30).describe('Province (省份名)'),
  city: text(30).describe('City (城市名)'),
  district: text(30).describe('District (区域名)'),
  address: text(200).describe('Street address (详细地址)'),
  phone: z
    .string()
    .trim()
    .regex(PHONE, 'rule:phone')
    .refine((v) => digitCount(v) >= 6 && digitCount(v) <= 20, 'rule:phone')
    .describe('Phone (手机号码): 6–20 digits, optional leading +'),
});

export const AddressView = z.object({
  id: z.number().int(),
  name: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  address: z.string(),
  phone: z.string(),
  createTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
  updateTime: z.string().describe('yyyy-MM-dd HH:mm:ss, China time'),
});

function toView(a: Address): z.input<typeof AddressView> {
  return {
    id: a.id,
    name: a.name,
    province: a.province,
    city: a.city,
    district: a.district,
    address: a.address,
    phone: a.phone,
    createTime: chinaTime(a.createdAt),
    updateTime: chinaTime(a.updatedAt),
  };
}

export const addOrUpdateAddress = defineRoute({
  method: 'POST',
  path: '/v2/open/address/addOrUpdate',
  aliases: ['/open/address/addOrUpdate'],
  operationId: 'addressAddOrUpdate',
  summary: 'Address add/update',
  description:
    'Creates an address when `id` is absent or 0, otherwise updates the caller’s own address with that id (another user’s id answers 404).',
  tags: ['Basis'],
  action: 'address.write',
  body: AddressBody,
  data: z.object({ id: z.number().int(), created: z.boolean() }),
  errors: ['NOT_FOUND', 'CONFLICT'],
  handler: async (ctx, { body }) => {
    const { id, ...fields } = body;
    const saved = await saveAddress(ctx, id, fields);
    return saved.ok ? ok({ id: saved.id, created: saved.created }) : saved;
  },
});

export const listUserAddresses = defineRoute({
  method: 'GET',
  path: '/v2/open/address/list',
  aliases: ['/open/address/list'],
  operationId: 'addressList',
  summary: 'Get user address information',
  description: 'The caller’s addresses: a sub-account sees its own, the main user id sees all of the developer’s.',
  tags: ['Basis'],
  action: 'read',
  query: z.object({ language: LanguageParam }),
  data: z.array(AddressView),
  errors: [],
  handler: async (ctx) => ok((await listAddresses(ctx)).map(toView)),
});

export const getUserAddress = defineRoute({
  method: 'GET',
  path: '/v2/open/address/get',
  aliases: ['/open/address/get'],
  alsoPost: true,
  operationId: 'addressGet',
  summary: 'Get one address',
  tags: ['Basis'],
  action: 'read',
  query: z.object({ id: AddressId, language: LanguageParam }),
  data: AddressView,
  errors: ['NOT_FOUND'],
  handler: async (ctx, { query }) => {
    const address = await getAddress(ctx, query.id);
    return address ? ok(toView(address)) : fail('NOT_FOUND', { what: `address ${query.id}` });
  },
});

export const deleteUserAddress = defineRoute({
  method: 'POST',
  path: '/v2/open/address/delete',
  aliases: ['/open/address/delete'],
  operationId: 'addressDelete',
  summary: 'Delete an address',
  tags: ['Basis'],
  action: 'address.write',
  body: z.object({ id: AddressId }),
  data: z.boolean(),
  errors: ['NOT_FOUND'],
  handler: async (ctx, { body }) => {
    const deleted = await deleteAddress(ctx, body.id);
    return deleted.ok ? ok(true) : deleted;
  },
});

export const addressRoutes = [addOrUpdateAddress, listUserAddresses, getUserAddress, deleteUserAddress] as const;
