import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pino, type LoggerOptions } from 'pino';
import { genRequestId, loggerOptions } from '../../src/http/logging.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino(loggerOptions('info', 'test') as LoggerOptions, stream);
  return { logger, text: () => lines.join('') };
}

describe('logging', () => {
  it('redacts personal data (NIK, phone, e-mail, names) at any depth, and authorization headers', () => {
    const { logger, text } = capture();
    logger.info(
      {
        nik: '3273024507900001',
        reporter: { name: 'Siti Rahmawati', phone: '+6281234567890', email: 'siti@example.com' },
        body: { contact: { nik: '3273024507900002' } },
      },
      'submitted',
    );
    logger.info(
      {
        req: {
          id: 'r1',
          method: 'GET',
          url: '/v1/reports/LPR-1?secret=abc&phone=0812',
          headers: { authorization: 'Bearer eyJ...', 'user-agent': 'x' },
        },
      },
      'incoming',
    );
    const out = text();
    for (const secret of [
      '3273024507900001',
      '3273024507900002',
      'Siti',
      '+6281234567890',
      'siti@example.com',
      'eyJ',
      'secret=abc',
      '0812',
    ]) {
      expect(out, secret).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('/v1/reports/LPR-1');
  });

  it('drops the values PostgreSQL puts in its error details', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error('duplicate key value violates unique constraint "report_nik"'), {
      code: '23505',
      detail: 'Key (nik)=(3273024507900001) already exists.',
    });
    logger.error({ err }, 'request failed');
    expect(text()).toContain('23505');
    expect(text()).not.toContain('3273024507900001');
  });

  it('keeps a sane caller request id and replaces anything else', () => {
    expect(genRequestId({ headers: { 'x-request-id': 'abc-12345678' } })).toBe('abc-12345678');
    expect(genRequestId({ headers: { 'x-request-id': 'bad id with spaces' } })).toMatch(/^[0-9a-f-]{36}$/);
  });
});
