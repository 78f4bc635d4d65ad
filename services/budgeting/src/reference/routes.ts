/** Reference data: nomenclature and account versions, fiscal years, price catalogues (admins), the catalogue (staff). */
import type { FastifyRequest } from 'fastify';
import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import {
  CatalogueItemBody,
  CatalogueItemParams,
  CatalogueQuery,
  VersionParams,
  YearBody,
  YearParams,
} from '../schemas.js';
import {
  importAccounts,
  importCatalogue,
  importNomenclature,
  listCatalogue,
  openYear,
  saveCatalogueItem,
} from './use-cases.js';
import { CATALOGUE_COLUMNS, NOMENCLATURE_COLUMNS, ACCOUNT_COLUMNS } from './validate.js';

const bearer = [{ bearerAuth: [] }];
const STAFF = ['admin', 'tapd', 'officer', 'unit-head', 'auditor'] as const;

/** The uploaded CSV, or 415 when the body came as anything else (JSON has its own parser). */
function csvBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw kitProblems.unsupported_media_type('Send the file as text/csv.');
  return request.body;
}

const csvDoc = (columns: readonly string[], extra: string) =>
  `Body: text/csv (UTF-8, header row first) with exactly the columns ${columns.join(', ')}. ${extra} All or nothing: any bad row refuses the whole file with 422 csv_invalid, listing each row (\`line N: column\`) and why.`;

export function referenceRoutes(app: App, ctx: Ctx): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: ctx.config.CSV_IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  const admin = { preHandler: requireRoles('admin') };
  const caller = (request: FastifyRequest) => budgetCaller(requirePrincipal(request), request.tenant);

  app.put(
    '/v1/admin/reference/:version/nomenclature',
    {
      ...admin,
      schema: {
        tags: ['reference'],
        summary: 'Load the program nomenclature of a version (Permendagri 90/2019 codes)',
        description: csvDoc(
          NOMENCLATURE_COLUMNS,
          'One row per urusan, bidang, program, kegiatan and sub-kegiatan; every parent in the file; output, indicator and unit_of_measure on sub-kegiatan rows only; kegiatan level digit 2 for a kabupaten/kota. A version a fiscal year uses is frozen (409).',
        ),
        params: VersionParams,
        security: bearer,
      },
    },
    async (request) =>
      importNomenclature(ctx, { ...caller(request), version: request.params.version, csv: csvBody(request) }),
  );

  app.put(
    '/v1/admin/reference/:version/accounts',
    {
      ...admin,
      schema: {
        tags: ['reference'],
        summary: 'Load the account codes (kode rekening) of a version',
        description: csvDoc(
          ACCOUNT_COLUMNS,
          'Six levels, every parent in the file: 4 revenue, 5 spending (5.1-5.4), 6 financing.',
        ),
        params: VersionParams,
        security: bearer,
      },
    },
    async (request) =>
      importAccounts(ctx, { ...caller(request), version: request.params.version, csv: csvBody(request) }),
  );

  app.put(
    '/v1/admin/years/:year',
    {
      ...admin,
      schema: {
        tags: ['reference'],
        summary: 'Open a fiscal year under a nomenclature version; the year keeps it',
        params: YearParams,
        body: YearBody,
        security: bearer,
      },
    },
    async (request) => openYear(ctx, { ...caller(request), year: request.params.year, version: request.body.version }),
  );

  app.put(
    '/v1/admin/catalogue/:year',
    {
      ...admin,
      schema: {
        tags: ['reference'],
        summary: 'Import price catalogue items (SSH, SBU, HSPK, ASB) for a year',
        description: csvDoc(
          CATALOGUE_COLUMNS,
          'max_unit_price in whole rupiah; accounts as sixth-level spending accounts separated by ";"; annex I (hard ceiling), II (estimate) or empty. Existing codes are replaced; each item is audited.',
        ),
        params: YearParams,
        security: bearer,
      },
    },
    async (request) => importCatalogue(ctx, { ...caller(request), year: request.params.year, csv: csvBody(request) }),
  );

  app.put(
    '/v1/admin/catalogue/:year/items/:code',
    {
      ...admin,
      schema: {
        tags: ['reference'],
        summary: 'Create or change one catalogue item (audited)',
        params: CatalogueItemParams,
        body: CatalogueItemBody,
        security: bearer,
      },
    },
    async (request) => {
      const b = request.body;
      const item = {
        catalogue: b.catalogue,
        name: b.name,
        specification: b.specification,
        unit_of_measure: b.unitOfMeasure,
        max_unit_price: b.maxUnitPrice,
        accounts: b.accounts.join(';'),
        annex: b.annex ?? '',
        source: b.source,
      };
      const saved = await saveCatalogueItem(ctx, {
        ...caller(request),
        year: request.params.year,
        code: request.params.code,
        item,
      });
      return catalogueView(saved);
    },
  );

  app.get(
    '/v1/catalogue/:year',
    {
      preHandler: requireRoles(...STAFF),
      schema: {
        tags: ['reference'],
        summary: "The year's catalogue items, by code (page with after=<last code>)",
        params: YearParams,
        querystring: CatalogueQuery,
        security: bearer,
      },
    },
    async (request) => {
      const rows = await listCatalogue(ctx, {
        tenant: request.tenant,
        year: request.params.year,
        limit: request.query.limit,
        ...(request.query.after ? { after: request.query.after } : {}),
      });
      return { items: rows.map(catalogueView) };
    },
  );
}

function catalogueView(r: {
  code: string;
  catalogue: string;
  name: string;
  specification: string;
  unit_of_measure: string;
  max_unit_price: bigint;
  accounts: string[];
  annex: string | null;
  source: string;
}) {
  return {
    code: r.code,
    catalogue: r.catalogue,
    name: r.name,
    specification: r.specification,
    unitOfMeasure: r.unit_of_measure,
    maxUnitPrice: r.max_unit_price.toString(),
    accounts: r.accounts,
    annex: r.annex,
    source: r.source,
  };
}
