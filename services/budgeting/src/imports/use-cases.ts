import { sql } from 'kysely';
/**
 * The bulk import of a year's line items from a SIPD-shaped CSV, streamed from the request: bytes
 * are hashed and counted as they arrive, csv-parse hands over one record at a time, each row is
 * checked against the year's reference data and the ceilings, and valid rows are written a batch
 * at a time while the next batch is parsed. Everything happens in ONE tenant transaction: the first
 * bad row stops the writing, the rest of the file is still checked (so the report lists every bad
 * row), and a file with any bad row is refused with nothing applied. Memory holds one batch, the
 * reference data and one entry per unit and sub-activity, never the file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { kitProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { UNIT_EDITABLE } from '../cycle/workflow.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { lockUnitBudget, subActivities } from '../drafting/repository.js';
import { yearOrThrow } from '../reference/use-cases.js';
import {
  parseRow,
  REQUIRED_COLUMNS,
  SIPD_COLUMNS,
  type ImportReference,
  type RowCells,
  type RowProblem,
} from './columns.js';
import { ImportLedger } from './ledger.js';
import { ImportReport } from './report.js';
import * as repo from './repository.js';

/** Rows per INSERT: large enough that round trips vanish, small enough to stay a few MB. */
export const BATCH_ROWS = 2000;
const MAX_RECORD_BYTES = 64 * 1024;

export interface ImportInput {
  caller: BudgetCaller;
  year: number;
  /** Replace the draft lines of the units the file names; without it a unit that has lines refuses the file. */
  replace: boolean;
  body: Readable;
  maxBytes: number;
}

/** Counts and hashes the bytes as they pass; past `maxBytes` the upload fails with 413. */
function meter(maxBytes: number) {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        return callback(kitProblems.body_too_large(`The file is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES).`));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, sha256: () => hash.digest('hex') };
}

/** The records of the upload; a failed read (too large, aborted) reaches the loop as the parser's error. */
function records(body: Readable, maxBytes: number) {
  const m = meter(maxBytes);
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // a failed read (too large, the client gone) must end the import as a failure, never as a short file
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    parser.destroy(err);
  };
  body.on('error', fail);
  body.on('aborted', () => fail(new Error('the client aborted the upload')));
  m.stream.on('error', fail);
  body.pipe(m.stream).pipe(parser);
  /** After an early end: stop feeding the parser and let the rest of the body drain. */
  const release = () => {
    body.unpipe(m.stream);
    body.resume();
  };
  const assertComplete = () => {
    if (failure) throw failure;
  };
  return { parser: parser as AsyncIterable<string[]>, meter: m, release, assertComplete };
}

function headerIndex(header: string[], report: ImportReport) {
  const names = header.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    report.add({ row: 1, column: 'header', code: 'missing_columns', message: `missing ${missing.join(', ')}` });
    throw report.problem();
  }
  const index = SIPD_COLUMNS.map((c) => names.indexOf(c));
  const ignored = names.filter((n) => !(SIPD_COLUMNS as readonly string[]).includes(n));
  return { index, ignored };
}

const cellsOf = (record: string[], index: number[]) => {
  const cells = {} as Record<string, string>;
  for (let i = 0; i < SIPD_COLUMNS.length; i++)
    cells[SIPD_COLUMNS[i]!] = index[i]! >= 0 ? (record[index[i]!] ?? '') : '';
  return cells as RowCells;
};

async function loadReference(trx: Trx, year: number): Promise<{ version: string; ref: ImportReference }> {
  const fiscal = await yearOrThrow(trx, year);
  return {
    version: fiscal.version,
    ref: {
      subActivityCodes: await repo.subActivityCodes(trx, fiscal.version),
      accounts: await repo.versionAccounts(trx, fiscal.version),
      catalogue: await repo.catalogueOfYear(trx, year),
    },
  };
}

export async function importYear(ctx: Ctx, input: ImportInput) {
  const { caller } = input;
  const units = new Set(ctx.region(caller.tenant).units.map((u) => u.code));
  const upload = records(input.body, input.maxBytes);
  try {
    return await ctx.db.withTenant(caller.tenant, async (trx) => {
      // one import of a region's year at a time: units are locked in file order, so two imports naming
      // them in different orders would otherwise deadlock; drafting locks one unit per transaction
      await sql`select pg_advisory_xact_lock(hashtextextended(${`budget-import:${caller.tenant}:${input.year}`}, 0))`.execute(
        trx,
      );
      const { ref } = await loadReference(trx, input.year);
      const where = { tenant: caller.tenant, year: input.year, actor: caller.actor };
      const report = new ImportReport();
      const ledger = new ImportLedger(randomUUID);
      /** Units refused whole: their first row carries the reason, the others only count. */
      const refused = new Set<string>();
      let linesReplaced = 0;
      let batch = new repo.LineBatch();
      let newSubs: repo.NewSubActivity[] = [];
      let inflight: Promise<void> = Promise.resolve();
      const flush = async () => {
        const [lines, subs] = [batch, newSubs];
        batch = new repo.LineBatch();
        newSubs = [];
        await inflight;
        // written while the next batch is parsed; pg queues statements of one connection in order
        inflight = repo.insertSubActivities(trx, where, subs).then(() => repo.insertLines(trx, where, lines));
        inflight.catch(() => undefined);
      };

      const admit = async (unit: string, row: number): Promise<RowProblem | undefined> => {
        const at = { row, column: 'kode_skpd' as const };
        if (!units.has(unit)) return { ...at, code: 'unknown_unit', message: `${unit} is not a unit of this region` };
        const budget = await lockUnitBudget(trx, input.year, unit);
        if (!budget)
          return {
            ...at,
            code: 'ceiling_not_set',
            message: `${unit} has no ceiling for ${input.year}: TAPD sets it first`,
          };
        if (!UNIT_EDITABLE.includes(budget.status))
          return {
            ...at,
            code: 'budget_not_editable',
            message: `the budget of ${unit} is ${budget.status}; an import writes only drafts (drafting, returned)`,
          };
        const lines = await repo.countUnitLines(trx, input.year, unit);
        if (lines > 0 && !input.replace)
          return {
            ...at,
            code: 'unit_has_lines',
            message: `${unit} already has ${lines} line item(s); send replace=true to replace its draft lines`,
          };
        if (lines > 0) linesReplaced += await repo.deleteUnitLines(trx, input.year, unit);
        const existing = new Map((await subActivities(trx, input.year, unit)).map((s) => [s.code, s]));
        ledger.addUnit({ unit, pagu: budget.pagu, row, existing });
        return undefined;
      };

      let row = 1;
      let header: ReturnType<typeof headerIndex> | undefined;
      for await (const record of upload.parser) {
        if (!header) {
          header = headerIndex(record, report);
          continue;
        }
        row += 1;
        const parsed = parseRow(row, cellsOf(record, header.index), ref);
        const unit = record[header.index[0]!]?.trim() ?? '';
        if (refused.has(unit)) {
          report.countRow(row);
          continue;
        }
        if (!parsed.ok) {
          report.addAll(parsed.problems);
          continue;
        }
        if (!ledger.hasUnit(unit)) {
          const refusal = await admit(unit, row);
          if (refusal) {
            refused.add(unit);
            report.add(refusal);
            continue;
          }
        }
        const { sub, problems } = ledger.addLine(row, parsed.line);
        if (problems.length) report.addAll(problems);
        if (!report.clean) continue; // nothing more is written once the file is known to be refused
        if (sub.created && sub.lines === 1) newSubs.push({ id: sub.id, unit, code: sub.code, pagu: sub.pagu });
        batch.add(parsed.line, sub.id);
        if (batch.size >= BATCH_ROWS) await flush();
      }
      upload.assertComplete();
      if (!header) report.add({ row: 1, column: 'file', code: 'empty_file', message: 'the file has no header row' });
      else if (row === 1)
        report.add({ row: 2, column: 'file', code: 'empty_file', message: 'no rows under the header' });
      report.addAll(ledger.finish());
      await inflight;
      if (!report.clean) throw report.problem();
      await flush();
      await inflight;
      const changed = ledger.changedCeilings();
      for (const s of changed) await repo.setSubActivityPagu(trx, s.id, s.pagu);

      const perUnit = ledger.summary();
      const result = {
        year: input.year,
        rows: row - 1,
        units: perUnit.length,
        subActivitiesCreated: perUnit.reduce((n, u) => n + u.subActivitiesCreated, 0),
        subActivityCeilingsChanged: changed.length,
        linesReplaced,
        total: perUnit.reduce((n, u) => n + u.total, 0n),
        bytes: upload.meter.bytes(),
        sha256: upload.meter.sha256(),
        replace: input.replace,
        ignoredColumns: header?.ignored ?? [],
      };
      await appendAudit(trx, {
        tenant: caller.tenant,
        year: input.year,
        actor: caller.actor,
        action: 'import.applied',
        entity: 'import',
        entityId: result.sha256,
        data: {
          ...result,
          total: result.total.toString(),
          perUnit: perUnit.map((u) => ({ ...u, total: u.total.toString() })),
        },
      });
      return { ...result, perUnit };
    });
  } finally {
    upload.release();
  }
}
