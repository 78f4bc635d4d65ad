/**
 * The flag form's own pieces: the scrutiny cookie (HttpOnly, SameSite=Strict, limited to `/anggaran/`)
 * and the checks of what a citizen typed, with each error in the words of the form.
 */
import { Nik } from '@sinergi/contracts';
import type { FieldError } from '@sinergi/ui';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REASON } from './scrutiny.js';

const COOKIE = 'anggaran_sesi';
export function sessionOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value && /^[\w-]{10,100}$/.test(value)) return value;
  }
  return undefined;
}

export const cookie = (request: FastifyRequest, value: string, maxAge: number) =>
  `${COOKIE}=${value}; Path=/anggaran/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;

/** The reason as typed, or the field's error in the words of the form. */
export function reasonError(alasan: string): FieldError | undefined {
  if (alasan.length === 0) return { field: 'alasan', message: 'Tulis alasan Anda menandai baris ini.' };
  if (alasan.length < REASON.min)
    return { field: 'alasan', message: `Alasan terlalu pendek: tulis paling sedikit ${REASON.min} karakter.` };
  if (alasan.length > REASON.max)
    return { field: 'alasan', message: `Alasan terlalu panjang: paling banyak ${REASON.max} karakter.` };
  return undefined;
}

export function identityErrors(email: string, nik: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!email) errors.push({ field: 'email', message: 'Tulis alamat e-mail Anda untuk menerima kode.' });
  else if (!z.email().max(254).safeParse(email).success)
    errors.push({ field: 'email', message: 'Alamat e-mail belum benar. Tulis seperti nama@contoh.id.' });
  if (nik && !Nik.safeParse(nik).success)
    errors.push({ field: 'nik', message: 'NIK belum benar: 16 angka seperti pada KTP, atau kosongkan saja.' });
  return errors;
}
