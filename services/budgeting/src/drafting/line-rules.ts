/**
 * The rules every written line obeys, wherever it is written (drafting, TAPD's rationalization, a
 * budget shift, the APBD-P): the sub-activity and account exist, the catalogue item's price lock
 * and account lock, exact arithmetic, and the ceilings. One place, so a revision cannot be laxer
 * than the draft it revises.
 */
import type { Selectable } from 'kysely';
import type { SubActivityTable, Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { accountAllowed, checkUnitPrice } from '../reference/prices.js';
import { accountCodes, findCatalogueItem } from '../reference/repository.js';
import { lineAmounts, parseFactor, parseTaxPercent, type Factor, type LineAmounts } from './arithmetic.js';
import * as repo from './repository.js';
import type { LineItemValues } from './repository.js';

const field = (name: string, message: string) => [{ in: 'body', field: name, message }];

export interface LineItemInput {
  subActivity: string;
  account: string;
  catalogueItem: string;
  specification?: string | undefined;
  factors: Factor[];
  unitPrice: bigint;
  taxPercent: string;
  fundingSource: string;
  location: string;
  excessReason?: string | undefined;
  /** TAPD's reason for a rationalization; required from TAPD. */
  reason?: string | undefined;
}

export interface CheckedLine {
  sub: Selectable<SubActivityTable>;
  amounts: LineAmounts;
  /** The line's columns, ready to insert or update (without `created_by`). */
  values: Omit<LineItemValues, 'created_by'>;
}

/** Every rule of a line except the ceilings; throws the problem naming the failing field. */
export async function checkLine(
  trx: Trx,
  input: { year: number; version: string; unit: string; actor: string; line: LineItemInput },
): Promise<CheckedLine> {
  const { line } = input;
  const sub = await repo.findSubActivity(trx, input.year, input.unit, line.subActivity);
  if (!sub)
    throw P.unknown_code(`${input.unit} has no sub-activity ${line.subActivity} in ${input.year}.`, {
      errors: field('subActivity', "must be one of the unit's sub-activities"),
    });
  if (!(await accountCodes(trx, input.version, [line.account])).has(line.account)) {
    throw P.unknown_code(`${line.account} is not an account of version ${input.version}.`, {
      errors: field('account', "must be an account of the year's version"),
    });
  }
  const item = await findCatalogueItem(trx, input.year, line.catalogueItem);
  if (!item)
    throw P.unknown_code(`${line.catalogueItem} is not in the ${input.year} catalogues.`, {
      errors: field('catalogueItem', "must be an item of the year's catalogues"),
    });
  const priced = { code: item.code, maxUnitPrice: item.max_unit_price, annex: item.annex, accounts: item.accounts };
  if (!accountAllowed(priced, line.account)) {
    throw P.account_not_allowed(`${item.code} may be budgeted only under ${item.accounts.join(', ')}.`, {
      errors: field('account', `must be one of ${item.accounts.join(', ')}`),
    });
  }
  const factors = line.factors.map((f) => parseFactor(f.quantity));
  const badFactor = factors.findIndex((f) => f === undefined);
  if (badFactor >= 0)
    throw P.invalid_quantity('A volume factor is not a positive decimal.', {
      errors: field(
        `factors.${badFactor}.quantity`,
        'must be a positive decimal with at most four places, e.g. "20" or "1.5"',
      ),
    });
  const tax = parseTaxPercent(line.taxPercent);
  if (tax === undefined)
    throw P.invalid_quantity('The tax is not a percentage.', {
      errors: field('taxPercent', 'must be 0 to 100 with at most two places, e.g. "11"'),
    });
  const price = checkUnitPrice(priced, line.unitPrice, line.excessReason);
  if (!price.ok)
    throw P[price.code](price.message, {
      errors: field(price.code === 'price_above_ceiling' ? 'unitPrice' : 'excessReason', price.message),
      extensions: { maxUnitPrice: item.max_unit_price.toString(), annex: item.annex },
    });
  const amounts = lineAmounts(factors as bigint[], line.unitPrice, tax);
  if (amounts.total > 9_000_000_000_000_000n)
    throw P.invalid_quantity('The line total is out of range.', {
      errors: field('factors', 'the volume times the unit price is too large'),
    });
  const values = {
    year: input.year,
    unit: input.unit,
    sub_activity_id: sub.id,
    account: line.account,
    catalogue_item: item.code,
    component_name: item.name,
    specification: line.specification?.trim() || item.specification,
    unit_of_measure: item.unit_of_measure,
    factors: line.factors.map((f) => ({ quantity: f.quantity, unit: f.unit })),
    volume: amounts.volume,
    unit_price: line.unitPrice,
    tax_percent: line.taxPercent,
    amount: amounts.amount,
    tax: amounts.tax,
    total: amounts.total,
    funding_source: line.fundingSource,
    location: line.location,
    excess_reason: price.exceeds ? line.excessReason!.trim() : null,
    updated_by: input.actor,
  };
  return { sub, amounts, values };
}

/**
 * The ceilings (pagu): the sub-activity's lines and the unit's lines, with `total` in place of the
 * line being written, stay within their ceilings. `spent` excludes that line.
 */
export function assertWithinCeilings(input: {
  unit: string;
  subActivity: string;
  total: bigint;
  spent: { unit: bigint; subActivity: bigint };
  pagu: { unit: bigint; subActivity: bigint };
}): void {
  const { spent, pagu, total } = input;
  if (spent.subActivity + total > pagu.subActivity) {
    throw P.ceiling_exceeded(
      `The lines of ${input.subActivity} would total ${spent.subActivity + total}, above its ceiling ${pagu.subActivity}.`,
      {
        errors: field(
          'factors',
          `at most ${pagu.subActivity - spent.subActivity} is left under the sub-activity's ceiling`,
        ),
        extensions: { ceiling: 'sub-activity', pagu: pagu.subActivity.toString() },
      },
    );
  }
  if (spent.unit + total > pagu.unit) {
    throw P.ceiling_exceeded(
      `The lines of ${input.unit} would total ${spent.unit + total}, above its ceiling ${pagu.unit}.`,
      {
        errors: field('factors', `at most ${pagu.unit - spent.unit} is left under the unit's ceiling`),
        extensions: { ceiling: 'unit', pagu: pagu.unit.toString() },
      },
    );
  }
}
