/**
 * The shipped duty table (seeded by migration 017_duty; an operator replaces it with
 * `ponte duty load FILE`). Every number comes from aftersales-logistics.md B3 and cites its
 * sources there, or is listed in the rule's `placeholders`: the estimate then says so.
 */
import type { DutyTable, Rule } from './table.ts';

const US_SOURCES = {
  cn2025: 'https://www.thompsonhinesmartrade.com/2025/04/trump-signs-eo-prohibiting-duty-free-de-minimis-treatment-for-goods-from-china/',
  cn2025b: 'https://www.mallorygroup.com/executive-order-suspending-duty-free-de-minimis-treatment/',
  all2025: 'https://www.thompsonhinesmartrade.com/?p=8490',
  eo: 'https://www.govinfo.gov/content/pkg/CDOC-119hdoc85/html/CDOC-119hdoc85.htm',
};
const EU_SOURCES = [
  'https://www.spielwarenmesse.de/en/mag/toy-market-news/council-agrees-to-levy-customs-duty-on-small-parcels',
  'https://www.europeanoutdoorgroup.com/members-knowledge-hub/eu-customs-duties-on-small-parcels',
  'https://deminimustax.vercel.app',
];
const BR_SOURCES = [
  'https://www.dhl.com/discover/en-tw/ship-with-dhl/export-with-dhl/brazil-value-basis',
  'https://en.aioexpress.com/region/brazil',
  'https://oliveiraalves.com.br/en/receita-federal-disciplina-programa-de-conformidade-para-marketplaces-estrangeiros',
];
const MX_SOURCES = [
  'https://puertovallartareporter.com/?p=60200',
  'https://redcensor.com/mexico-raises-e-commerce-import-tariffs-shein-and-temu-impacted',
  'https://particle.news/story/mexico-enforces-335-import-tariff-on-non-fta-e-commerce-parcels',
];
const MY_SOURCES = [
  'https://tokyolume.com/pages/malaysia-customs-duties-de-minimis',
  'https://mydhl.express.dhl/fr/en/help-and-support/customs-clearance-advice/customs-regulatory-updates/asia-pacific.html',
];
const TH_SOURCES = [
  'https://eoasis.rajahtann.com/eoasis/gn/regionnews.asp?c=10&id=1527&n=45',
  'https://www.pattayamail.com/thailandnews/thailand-to-end-duty-free-imports-as-vat-applies-to-all-goods-from-1-baht-in-2026-529646',
];
const VN_SOURCES = [
  'https://vneconomy.vn/vat-exemption-will-not-be-applicable-to-low-value-imports-sent-via-express-delivery-services.htm',
  'https://english.thesaigontimes.vn/vat-exemption-ends-for-de-minimis-imports-from-february-18',
];

const STANDARD = { kind: 'STANDARD' } as const;
const NO_SALES_TAX = { name: 'sales tax', percent: 0, basis: 'goods', includesDuty: false } as const;
/** B3 gives no duty rate for general goods: every default duty rate below is a placeholder. */
const PLACEHOLDER_DUTY = 10;

const US: Rule[] = [
  {
    from: '2000-01-01',
    to: '2025-05-01',
    regime: STANDARD,
    deMinimis: { duty: { amount: 800, currency: 'USD', basis: 'goods' }, tax: null },
    duty: { percent: PLACEHOLDER_DUTY, basis: 'goods', byChapter: {} },
    tax: NO_SALES_TAX,
    sources: [US_SOURCES.cn2025],
    placeholders: ['deMinimis.duty', 'duty.percent'],
    note: 'Before the suspension for China/HK goods; the $800 threshold is not in B3.',
  },
  {
    from: '2025-05-02',
    to: '2025-08-28',
    regime: STANDARD,
    deMinimis: { duty: null, tax: null },
    duty: { percent: 30, basis: 'goods', byChapter: {} },
    tax: NO_SALES_TAX,
    sources: [US_SOURCES.cn2025, US_SOURCES.cn2025b],
    placeholders: [],
    note: 'China/HK goods lost de minimis; postal items 30 % of value (the per-item alternative is not modelled). State sales tax is not estimated.',
  },
  {
    from: '2025-08-29',
    to: '2026-02-28',
    regime: {
      kind: 'US_POSTAL_SPECIFIC',
      ieepaPercent: 30,
      bands: [
        { upToPercent: 16, perItem: 80 },
        { upToPercent: 25, perItem: 160 },
        { upToPercent: null, perItem: 200 },
      ],
      currency: 'USD',
    },
    deMinimis: { duty: null, tax: null },
    duty: { percent: 30, basis: 'goods', byChapter: {} },
    tax: NO_SALES_TAX,
    sources: [US_SOURCES.all2025, US_SOURCES.eo],
    placeholders: ['regime', 'duty.percent'],
    note: 'All countries: postal items pay a specific duty per item by IEEPA band for 6 months; other channels the ad valorem rate. The IEEPA rate for China is a placeholder.',
  },
  {
    from: '2026-03-01',
    regime: STANDARD,
    deMinimis: { duty: null, tax: null },
    duty: { percent: 30, basis: 'goods', byChapter: {} },
    tax: NO_SALES_TAX,
    sources: [US_SOURCES.all2025],
    placeholders: ['duty.percent'],
    note: 'After the 6-month specific-duty option: the ad valorem IEEPA rate (placeholder).',
  },
];

function eu(name: string, vat: number): DutyTable['destinations'][string] {
  const tax = { name: 'VAT', percent: vat, basis: 'goods+freight', includesDuty: true } as const;
  const common = { tax, sources: EU_SOURCES };
  return {
    name,
    currency: 'EUR',
    rules: [
      {
        ...common,
        from: '2021-07-01',
        to: '2026-06-30',
        regime: STANDARD,
        deMinimis: { duty: { amount: 150, currency: 'EUR', basis: 'goods' }, tax: null },
        duty: { percent: PLACEHOLDER_DUTY, basis: 'goods+freight', byChapter: {} },
        placeholders: ['duty.percent', 'tax.basis'],
        note: '€150 duty relief on the intrinsic value; VAT on every parcel since 2021.',
      },
      {
        ...common,
        from: '2026-07-01',
        to: '2028-06-30',
        regime: { kind: 'EU_FLAT_PER_CATEGORY', perCategory: 3, below: { amount: 150, currency: 'EUR', basis: 'goods' } },
        deMinimis: { duty: null, tax: null },
        duty: { percent: PLACEHOLDER_DUTY, basis: 'goods+freight', byChapter: {} },
        placeholders: ['duty.percent', 'tax.basis'],
        note: '€3 per tariff category (counted by HS chapter here) on parcels under €150; normal duty from €150.',
      },
      {
        ...common,
        from: '2028-07-01',
        regime: STANDARD,
        deMinimis: { duty: null, tax: null },
        duty: { percent: PLACEHOLDER_DUTY, basis: 'goods+freight', byChapter: {} },
        placeholders: ['duty.percent', 'tax.basis'],
        note: 'Normal tariffs once the EU Customs Data Hub exists (~2028).',
      },
    ],
  };
}

const BR_TAX = { name: 'ICMS', percent: 17, basis: 'CIF', includesDuty: true } as const;

export const DEFAULT_DUTY_TABLE: DutyTable = {
  label: 'shipped default (aftersales-logistics.md B3)',
  destinations: {
    US: { name: 'United States', currency: 'USD', rules: US },
    DE: eu('Germany', 19),
    ES: eu('Spain', 21),
    FR: eu('France', 20),
    BR: {
      name: 'Brazil',
      currency: 'BRL',
      rules: [
        {
          from: '2023-08-01',
          to: '2024-07-31',
          regime: {
            kind: 'BR_REMESSA_CONFORME',
            low: { upTo: 50, percent: 0 },
            high: { upTo: 3000, percent: 60, deduction: 0 },
            currency: 'USD',
            basis: 'CIF',
          },
          deMinimis: { duty: null, tax: null },
          duty: { percent: 60, basis: 'CIF', byChapter: {} },
          tax: BR_TAX,
          sources: BR_SOURCES,
          placeholders: ['regime'],
          note: 'The August 2023 programme: 0 % duty up to US$50; above it the 60 % rate (its deduction is not in B3).',
        },
        {
          from: '2024-08-01',
          regime: {
            kind: 'BR_REMESSA_CONFORME',
            low: { upTo: 50, percent: 20 },
            high: { upTo: 3000, percent: 60, deduction: 20 },
            currency: 'USD',
            basis: 'CIF',
          },
          deMinimis: { duty: null, tax: null },
          duty: { percent: 60, basis: 'CIF', byChapter: {} },
          tax: BR_TAX,
          sources: BR_SOURCES,
          placeholders: [],
          note: 'Remessa Conforme: 20 % up to US$50 CIF; 60 % minus US$20 up to US$3,000; ICMS 17 % (most states).',
        },
      ],
    },
    MX: {
      name: 'Mexico',
      currency: 'MXN',
      rules: [
        {
          from: '2025-01-01',
          to: '2025-08-14',
          regime: STANDARD,
          deMinimis: { duty: null, tax: null },
          duty: { percent: 19, basis: 'CIF', byChapter: {} },
          tax: { name: 'IVA', percent: 16, basis: 'CIF', includesDuty: true },
          sources: MX_SOURCES,
          placeholders: ['duty.basis', 'tax.basis'],
          note: 'Non-FTA (China) courier imports up to US$2,500: 19 % flat.',
        },
        {
          from: '2025-08-15',
          regime: STANDARD,
          deMinimis: { duty: null, tax: null },
          duty: { percent: 33.5, basis: 'CIF', byChapter: {} },
          tax: { name: 'IVA', percent: 16, basis: 'CIF', includesDuty: true },
          sources: MX_SOURCES,
          placeholders: ['duty.basis', 'tax.basis'],
          note: 'Non-FTA (China) courier imports up to US$2,500: 33.5 % flat (RGCE 3.7.35).',
        },
      ],
    },
    MY: {
      name: 'Malaysia',
      currency: 'MYR',
      rules: [
        {
          from: '2024-01-01',
          regime: { kind: 'MY_LVG', upTo: { amount: 500, currency: 'MYR', basis: 'goods' }, percent: 10 },
          deMinimis: { duty: { amount: 500, currency: 'MYR', basis: 'CIF' }, tax: null },
          duty: { percent: PLACEHOLDER_DUTY, basis: 'CIF', byChapter: {} },
          tax: { name: 'SST', percent: 10, basis: 'CIF', includesDuty: true },
          sources: MY_SOURCES,
          placeholders: ['duty.percent', 'tax.percent'],
          note: 'LVG sales tax 10 % on the item price up to RM500 (air courier/postal); import SST 5 %/10 % above.',
        },
      ],
    },
    TH: {
      name: 'Thailand',
      currency: 'THB',
      rules: [
        {
          from: '2024-07-05',
          to: '2025-12-31',
          regime: STANDARD,
          deMinimis: { duty: { amount: 1500, currency: 'THB', basis: 'CIF' }, tax: null },
          duty: { percent: PLACEHOLDER_DUTY, basis: 'CIF', byChapter: {} },
          tax: { name: 'VAT', percent: 7, basis: 'CIF', includesDuty: true },
          sources: TH_SOURCES,
          placeholders: ['duty.percent'],
          note: 'Duty-free up to 1,500 THB; 7 % VAT on all imports from 2024-07-05.',
        },
        {
          from: '2026-01-01',
          regime: STANDARD,
          deMinimis: { duty: null, tax: null },
          duty: { percent: PLACEHOLDER_DUTY, basis: 'CIF', byChapter: {} },
          tax: { name: 'VAT', percent: 7, basis: 'CIF', includesDuty: true },
          sources: TH_SOURCES,
          placeholders: ['duty.percent'],
          note: 'Duties and VAT on every import from 1 THB.',
        },
      ],
    },
    VN: {
      name: 'Vietnam',
      currency: 'VND',
      rules: [
        {
          from: '2010-01-01',
          to: '2025-02-17',
          regime: STANDARD,
          deMinimis: {
            duty: { amount: 1_000_000, currency: 'VND', basis: 'CIF' },
            tax: { amount: 1_000_000, currency: 'VND', basis: 'CIF' },
          },
          duty: { percent: PLACEHOLDER_DUTY, basis: 'CIF', byChapter: {} },
          tax: { name: 'VAT', percent: 10, basis: 'CIF', includesDuty: true },
          sources: VN_SOURCES,
          placeholders: ['duty.percent'],
          note: 'Decision 78/2010: express goods up to VND 1,000,000 exempt from duty and VAT.',
        },
        {
          from: '2025-02-18',
          regime: STANDARD,
          deMinimis: { duty: null, tax: null },
          duty: { percent: PLACEHOLDER_DUTY, basis: 'CIF', byChapter: {} },
          tax: { name: 'VAT', percent: 10, basis: 'CIF', includesDuty: true },
          sources: VN_SOURCES,
          placeholders: ['duty.percent'],
          note: 'Decision 01/2025/QD-TTg: no de minimis since 2025-02-18.',
        },
      ],
    },
  },
};
