import type { ColumnType } from 'kysely';

/** A jsonb column: written as its JSON text, read as the value. */
export type Json<T> = ColumnType<T, string, string>;
/** Whole rupiah: int8 comes back as bigint (the kit's type parser). */
export type Money = bigint;
