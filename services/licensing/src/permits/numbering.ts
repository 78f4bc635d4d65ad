/**
 * Permit numbers: a region's format filled with the per-type, per-year sequence. Pure; the
 * sequence itself is taken in the issuing transaction (see PermitsService.issue).
 */
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

export interface NumberParts {
  seq: number;
  type: string;
  unit: string;
  /** The local date of issuance in the region, `YYYY-MM-DD`. */
  localDate: string;
}

export function formatPermitNumber(format: string, p: NumberParts): string {
  const [year, month] = [p.localDate.slice(0, 4), Number(p.localDate.slice(5, 7))];
  return format.replace(
    /\{(seq(?::(\d))?|type|TYPE|unit|UNIT|year|month|roman)\}/g,
    (_all, token: string, width: string | undefined) => {
      if (token.startsWith('seq')) return String(p.seq).padStart(Number(width ?? 1), '0');
      switch (token) {
        case 'type':
          return p.type;
        case 'TYPE':
          return p.type.toUpperCase();
        case 'unit':
          return p.unit;
        case 'UNIT':
          return p.unit.toUpperCase();
        case 'year':
          return year;
        case 'month':
          return String(month).padStart(2, '0');
        default:
          return ROMAN[month - 1]!;
      }
    },
  );
}
