/**
 * The price lock. Every goods, services or capital line item comes from a catalogue item (SSH
 * standard unit prices, SBU standard costs, HSPK activity unit prices, ASB standard cost analyses)
 * whose maximum unit price the line may not exceed, under an account the item is mapped to.
 *
 * Perpres 33/2020: Annex I items (honoraria, domestic official travel, off-site meetings, official
 * vehicles) are hard ceilings; Annex II items are estimates that may be exceeded in justified cases,
 * here only with a written reason. A region's own items (no annex) are hard ceilings too: the SSH is
 * the region head's own limit.
 */
export const CATALOGUES = ['SSH', 'SBU', 'HSPK', 'ASB'] as const;
export type Catalogue = (typeof CATALOGUES)[number];
export const PERPRES_ANNEXES = ['I', 'II'] as const;
export type PerpresAnnex = (typeof PERPRES_ANNEXES)[number];

export interface PricedItem {
  code: string;
  maxUnitPrice: bigint;
  annex: PerpresAnnex | null;
  accounts: readonly string[];
}

export type PriceVerdict =
  | { ok: true; exceeds: boolean }
  | { ok: false; code: 'price_above_ceiling' | 'excess_reason_required'; message: string };

/** Whether `unitPrice` may be used for `item`; a reason counts only for an Annex II excess. */
export function checkUnitPrice(item: PricedItem, unitPrice: bigint, excessReason: string | undefined): PriceVerdict {
  if (unitPrice <= item.maxUnitPrice) return { ok: true, exceeds: false };
  if (item.annex !== 'II') {
    const what = item.annex === 'I' ? 'a Perpres 33/2020 Annex I hard ceiling' : 'the catalogue maximum';
    return {
      ok: false,
      code: 'price_above_ceiling',
      message: `unit price ${unitPrice} is above ${item.maxUnitPrice}, ${what} for ${item.code}`,
    };
  }
  if (!excessReason || excessReason.trim().length < 10) {
    return {
      ok: false,
      code: 'excess_reason_required',
      message: `unit price ${unitPrice} exceeds the Annex II estimate ${item.maxUnitPrice} for ${item.code}: give excessReason (at least 10 characters)`,
    };
  }
  return { ok: true, exceeds: true };
}

export function accountAllowed(item: PricedItem, account: string): boolean {
  return item.accounts.includes(account);
}
