/**
 * Kota Bandung's demo year, loaded at start when SEED_DEMO_BUDGET=true (on under `npm start`): the
 * 2026 reference version, fiscal year 2026 opened under it, the price catalogue, a KUA-PPAS ceiling
 * for every unit of the directory, and each unit's sub-activities and line items, ending drafting,
 * submitted, returned (with a TAPD note and a cut) or approved. Every step goes through the same
 * use cases as the API, so every rule holds and each change is in the audit chain.
 *
 * Replica-safe and only when missing: each step (the version, the year with its catalogue, each
 * unit) is one transaction under an advisory lock that first checks its part is missing; a replica
 * that finds the lock taken leaves the rest to the holder. A second start or another replica adds
 * nothing; a start after a failure goes on with what is missing. Short transactions also keep the
 * audit head rows from growing long version chains.
 */
import { sql, type KyselyPlugin } from 'kysely';
import type { Ctx } from '../context.js';
import { moveUnitBudget } from '../cycle/use-cases.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { addReviewNote, addSubActivity, saveLineItem, setCeiling } from '../drafting/use-cases.js';
import { findUnitBudget } from '../drafting/repository.js';
import { findVersion, findYear } from '../reference/repository.js';
import { importAccounts, importCatalogue, importNomenclature, openYear } from '../reference/use-cases.js';
import type { Trx } from '../db/schema.js';
import { CATALOGUE } from './catalogue.js';
import { planDemoYear, type PlannedLine, type PlannedUnit } from './plan.js';
import { ACCOUNTS, nomenclature } from './reference.js';

export const DEMO = { tenant: '32.73', year: 2026, version: '2026', seed: 20_260_101 } as const;

const ACTOR = 'demo-seed';
const csv = (rows: ReadonlyArray<readonly string[]>) =>
  Buffer.from(rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n'));

/** Counts the statements the use cases send, to set the seeding time beside a raw round trip. */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements++;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** A context whose every use case runs inside the one seeding transaction. */
const within = (ctx: Ctx, trx: Trx): Ctx => ({
  ...ctx,
  db: { withTenant: (_tenant: string, fn: (t: Trx) => Promise<unknown>) => fn(trx) } as unknown as Ctx['db'],
});

/** The mean time of a trivial statement on the same connection: the floor under each of the seeding's statements. */
async function rawRoundTripMs(trx: Trx, n = 200) {
  const started = performance.now();
  for (let i = 0; i < n; i++) await sql`select ${i}::int`.execute(trx);
  return (performance.now() - started) / n;
}

async function loadVersion(ctx: Ctx, tenant: string) {
  const admin = { tenant, actor: `admin:${ACTOR}`, version: DEMO.version };
  const nomenclatureRows = nomenclature().map((n) => [n.code, n.name, n.output, n.indicator, n.unit]);
  const header = ['code', 'name', 'output', 'indicator', 'unit_of_measure'];
  await importNomenclature(ctx, { ...admin, csv: csv([header, ...nomenclatureRows]) });
  await importAccounts(ctx, { ...admin, csv: csv([['code', 'name'], ...ACCOUNTS]) });
}

async function loadYear(ctx: Ctx, tenant: string): Promise<true> {
  const admin = { tenant, actor: `admin:${ACTOR}`, year: DEMO.year };
  await openYear(ctx, { ...admin, version: DEMO.version });
  const header = ['code', 'catalogue', 'name', 'specification', 'unit_of_measure', 'max_unit_price'];
  await importCatalogue(ctx, {
    ...admin,
    csv: csv([[...header, 'accounts', 'annex', 'source'], ...CATALOGUE.map((r) => r.slice(0, 9))]),
  });
  return true;
}

const lineInput = ({ total: _total, ...line }: PlannedLine) => line;

/** One unit from its ceiling to the status the plan ends it in. */
async function draftUnit(ctx: Ctx, tenant: string, plan: PlannedUnit) {
  const at = { year: DEMO.year, unit: plan.unit };
  const tapd: BudgetCaller = { tenant, actor: `tapd:${ACTOR}`, kind: 'tapd' };
  const officer: BudgetCaller = { tenant, actor: `officer:${ACTOR}-${plan.unit}`, kind: 'unit' };
  const head: BudgetCaller = { tenant, actor: `unit-head:${ACTOR}-${plan.unit}`, kind: 'unit' };
  await setCeiling(ctx, { caller: tapd, ...at, pagu: plan.pagu });
  await moveUnitBudget(ctx, { caller: tapd, ...at, action: 'open' });
  for (const subActivity of plan.subs) await addSubActivity(ctx, { caller: officer, ...at, subActivity });
  const saved = [];
  for (const line of plan.lines) saved.push(await saveLineItem(ctx, { caller: officer, ...at, line: lineInput(line) }));
  if (plan.status === 'drafting') return;
  await moveUnitBudget(ctx, { caller: head, ...at, action: 'submit' });
  if (plan.status === 'approved') await moveUnitBudget(ctx, { caller: tapd, ...at, action: 'approve' });
  if (plan.status !== 'returned') return;
  // TAPD's review of a returned unit: a note on its largest non-personnel line, and that line cut by a fifth
  const index = plan.lines.reduce(
    (best, l, i) => (!l.account.startsWith('5.1.01') && l.total > (plan.lines[best]?.total ?? -1n) ? i : best),
    -1,
  );
  const target = plan.lines[index]!;
  const id = saved[index]!.line.id;
  const note = 'Volume belum didukung data kebutuhan; sesuaikan dengan hasil survei lapangan.';
  await addReviewNote(ctx, { caller: tapd, ...at, id, note });
  const [first, ...rest] = target.factors;
  const cut = { ...first!, quantity: String(Math.max(1, Math.floor((Number(first!.quantity) * 4) / 5))) };
  const reason = 'Rasionalisasi TAPD: volume dikurangi 20% sesuai kemampuan keuangan daerah.';
  await saveLineItem(ctx, { caller: tapd, ...at, id, line: { ...lineInput(target), factors: [cut, ...rest], reason } });
  await moveUnitBudget(ctx, {
    caller: tapd,
    ...at,
    action: 'return',
    reason: 'Mohon perbaiki volume sesuai catatan TAPD.',
  });
}

export interface DemoSeedResult {
  tenant: string;
  units: number;
  subActivities: number;
  lineItems: number;
  /** Statements the use cases sent. */
  statements: number;
  ms: number;
  /** A trivial statement's round trip in the same run, in ms (the statements times this is the floor). */
  rawRoundTripMs: number;
}

/** Another replica loading the demo right now holds the lock: this one leaves the work to that one. */
async function claimed(trx: Trx, tenant: string) {
  const { rows } = await sql<{
    mine: boolean;
  }>`select pg_try_advisory_xact_lock(hashtext(${`budgeting-demo-seed:${tenant}`})) as mine`.execute(trx);
  return rows[0]!.mine;
}

/**
 * Loads the demo year into Kota Bandung when it is served, one step per transaction, each only when
 * what it loads is missing; undefined when it added nothing. `signal` stops it between units.
 */
export async function seedDemoBudget(ctx: Ctx, signal?: AbortSignal): Promise<DemoSeedResult | undefined> {
  const tenant = DEMO.tenant;
  if (!ctx.directory.tenants().includes(tenant)) return undefined;
  const started = performance.now();
  const counted = new StatementCounter();
  /** Runs `fn` in its own transaction under the lock, or answers undefined when another replica holds it. */
  const step = <T>(fn: (trx: Trx, inTrx: Ctx) => Promise<T>) =>
    ctx.db.withTenant(tenant, async (trx) =>
      (await claimed(trx, tenant)) ? fn(trx, within(ctx, trx.withPlugin(counted))) : undefined,
    );
  // the version first: its entries go to the reference chain (year 0), shared with every other version's import
  const version = await step(async (trx, inTrx) => {
    if (!(await findVersion(trx, DEMO.version))) await loadVersion(inTrx, tenant);
    return true;
  });
  const year =
    version && (await step(async (trx, inTrx) => (await findYear(trx, DEMO.year)) ?? loadYear(inTrx, tenant)));
  if (!year) return undefined;
  const units = ctx.region(tenant).units.map((u) => ({ code: u.code, kind: u.kind }));
  let added: PlannedUnit[] = [];
  // one transaction per unit: a restart after a failure goes on with the units still missing
  for (const unit of planDemoYear(units, DEMO.seed)) {
    // a shutdown stops between units; the next start goes on with the rest
    if (signal?.aborted) break;
    const done = await step(async (trx, inTrx) => {
      if (await findUnitBudget(trx, DEMO.year, unit.unit)) return false;
      await draftUnit(inTrx, tenant, unit);
      return true;
    });
    if (done === undefined) break;
    if (done) added = [...added, unit];
  }
  if (added.length === 0) return undefined;
  const ms = Math.round(performance.now() - started);
  return {
    tenant,
    units: added.length,
    subActivities: added.reduce((n, u) => n + u.subs.length, 0),
    lineItems: added.reduce((n, u) => n + u.lines.length, 0),
    statements: counted.statements,
    ms,
    rawRoundTripMs: Math.round((await ctx.db.withTenant(tenant, (trx) => rawRoundTripMs(trx))) * 1000) / 1000,
  };
}
