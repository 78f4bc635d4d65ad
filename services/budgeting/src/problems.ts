import { defineProblems } from '@sinergi/service-kit';

/** Budgeting's own problem codes; the kit's and the shared ones (unit_not_found, invalid_transition ...) are registered too. */
export const P = defineProblems({
  fiscal_year_not_found: { status: 404, title: 'The fiscal year has not been opened in this region.' },
  fiscal_year_exists: { status: 409, title: 'The fiscal year is already open under a nomenclature version.' },
  nomenclature_version_not_found: { status: 422, title: 'There is no such nomenclature version in this region.' },
  unknown_code: { status: 422, title: 'A code is not in the reference data of the fiscal year.' },
  account_not_allowed: { status: 422, title: 'The catalogue item may not be budgeted under that account.' },
  price_above_ceiling: { status: 422, title: 'The unit price is above the catalogue maximum.' },
  excess_reason_required: { status: 422, title: 'An Annex II estimate is exceeded without a written reason.' },
  invalid_quantity: { status: 422, title: 'A volume factor, tax or amount is not an exact decimal in range.' },
  ceiling_exceeded: { status: 409, title: "The change would exceed the unit's or the sub-activity's ceiling (pagu)." },
  ceiling_not_set: { status: 409, title: 'The unit has no ceiling (pagu) for the fiscal year.' },
  budget_not_editable: { status: 409, title: 'The budget is not open to this caller in its current status.' },
  sub_activity_not_found: { status: 404, title: "There is no such sub-activity in the unit's budget." },
  sub_activity_exists: { status: 409, title: 'The unit already budgets that sub-activity this year.' },
  line_item_not_found: { status: 404, title: "There is no such line item in the unit's budget." },
  indicators_missing: { status: 422, title: 'A sub-activity has no performance indicator with a target.' },
  units_not_approved: { status: 409, title: "Some units' budgets are not approved yet." },
  csv_invalid: { status: 422, title: 'The CSV file has rows that cannot be imported; nothing was applied.' },
  reason_required: { status: 422, title: 'A rationalization by TAPD needs a reason.' },
  budget_not_locked: {
    status: 409,
    title: "This needs the unit's locked budget (DPA): revisions and realization start from it.",
  },
  shift_unbalanced: {
    status: 422,
    title: "A budget shift must keep the unit's total: its decreases equal its increases.",
  },
  shift_invalid: {
    status: 422,
    title: 'The changes of a budget shift do not fit the kind it declares, or repeat a line.',
  },
  shift_not_found: { status: 404, title: "There is no such budget shift in the unit's budget." },
  shift_stale: { status: 409, title: 'A line of the shift changed since it was proposed; propose it again.' },
  revision_exists: { status: 409, title: 'The year already has its APBD-P (one mid-year revision a year).' },
  revision_not_open: { status: 409, title: 'There is no APBD-P open for the unit in that fiscal year.' },
  revision_in_progress: {
    status: 409,
    title: "The unit's APBD-P is being drafted or reviewed; shifts wait until its DPPA is locked.",
  },
  period_invalid: { status: 422, title: 'A month or quarter is not one of the fiscal year that has begun.' },
  duplicate_entry: { status: 422, title: 'The same line item and month (or indicator and period) appear twice.' },
  correction_reason_required: { status: 422, title: 'Replacing a recorded figure is a correction and needs a reason.' },
  realization_exceeds_budget: {
    status: 409,
    title: "The realization of an account within a sub-activity would exceed the account's budget.",
  },
  import_rejected: {
    status: 422,
    title:
      'The import file has rows that cannot be imported (each listed with its row and column); nothing was applied.',
  },
  ceiling_below_lines: { status: 409, title: "A sub-activity's ceiling would fall below the total of its lines." },
  sub_activity_has_lines: {
    status: 409,
    title: 'The sub-activity still has line items; remove them with it explicitly.',
  },
  // a feature this region has not opened, not a fault: 404 like a route that is not there, never a 5xx
  scrutiny_disabled: {
    status: 404,
    title: 'Public scrutiny is not open in this region (it needs a key and a mail relay).',
  },
  code_invalid: { status: 403, title: 'The one-time code is wrong, used or expired; ask for a new one.' },
  scrutiny_session_required: { status: 401, title: 'Verify an e-mail address first and send its token.' },
  flag_exists: { status: 409, title: 'You already flagged this line.' },
  flag_limit_reached: { status: 429, title: 'You reached the number of flags allowed per day.' },
  flag_not_found: { status: 404, title: 'There is no such flag in this region.' },
  decision_final: { status: 409, title: 'The sub-activity was cut already; a cut is not undone in the review.' },
});
