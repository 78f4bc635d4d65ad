/** The pure rules: workflow table, clock, fees, permit numbers, canonical JSON, file detection, signing. */
import { describe, expect, it } from 'vitest';
import { calendarFor, refusalProblem, transition } from '@sinergi/service-kit';
import { ACTIONS, APPLICATION_STATUSES, CLOCK_RUNNING, DESCRIBE, nextStep, type Action, type ApplicationStatus, type Actor } from '../src/applications/workflow.js';
import { checkData } from '../src/applications/data.js';
import { detectFileKind, safeFileName } from '../src/applications/files.js';
import { completenessDue, decisionDue, DEFAULT_SERVICE_DAYS, withinServiceStandard } from '../src/deadlines/rules.js';
import { computeFee, FeeInputError } from '../src/permit-types/fees.js';
import { FeeRule, PermitTypeInput, permitTypeProblems } from '../src/permit-types/model.js';
import { DEMO_PERMIT_TYPES } from '../src/permit-types/seed.js';
import { canonicalJson } from '../src/permits/canonical.js';
import { validUntil } from '../src/permits/document.js';
import { formatPermitNumber } from '../src/permits/numbering.js';
import { KeyRing, SigningKeysConfig } from '../src/permits/signing.js';
import { BANDUNG, JPEG, PDF, PNG, PNG_SIGNATURE, testKey } from './support.js';

type Product = Extract<FeeRule, { kind: 'product' }>;
const bandung = calendarFor(BANDUNG);
const palu = calendarFor({ timeZone: 'Asia/Makassar', holidays: BANDUNG.holidays });
const jayapura = calendarFor({ timeZone: 'Asia/Jayapura', holidays: BANDUNG.holidays });

describe('the workflow table', () => {
  const actors: Actor[] = ['applicant', 'unit', 'integrator', 'system'];
  const t = (action: Action, state: ApplicationStatus, actor: Actor) => transition(ACTIONS, { action, state, actor }, DESCRIBE);
  // written from the README's workflow table, not from ACTIONS: action -> who, and from-status -> to-status
  const EXPECTED: Record<string, { by: Actor; moves: Record<string, string> }> = {
    submit: { by: 'applicant', moves: { draft: 'submitted', returned: 'submitted' } },
    withdraw: { by: 'applicant', moves: { draft: 'withdrawn', submitted: 'withdrawn', returned: 'withdrawn' } },
    return: { by: 'unit', moves: { submitted: 'returned' } },
    complete: { by: 'unit', moves: { submitted: 'complete' } },
    'deem-complete': { by: 'system', moves: { submitted: 'complete' } },
    'start-review': { by: 'unit', moves: { complete: 'in-review' } },
    'record-findings': { by: 'unit', moves: { 'in-review': 'in-review' } },
    'assess-fee': { by: 'unit', moves: { complete: 'fee-assessed', 'in-review': 'fee-assessed' } },
    approve: { by: 'unit', moves: { 'fee-assessed': 'approved' } },
    reject: { by: 'unit', moves: { submitted: 'rejected', complete: 'rejected', 'in-review': 'rejected', 'fee-assessed': 'rejected' } },
    'confirm-payment': { by: 'integrator', moves: { approved: 'paid' } },
    issue: { by: 'system', moves: { approved: 'issued', paid: 'issued' } },
    'deem-grant': { by: 'system', moves: { complete: 'issued', 'in-review': 'issued', 'fee-assessed': 'issued' } },
  };
  const STATUSES = ['draft', 'submitted', 'returned', 'complete', 'in-review', 'fee-assessed', 'approved', 'paid', 'issued', 'rejected', 'withdrawn'];

  it('knows exactly the actions and statuses of the README', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...APPLICATION_STATUSES].sort()).toEqual([...STATUSES].sort());
  });

  it('allows each action only from its statuses and only to its actor, to the expected status, and refuses everything else', () => {
    for (const [action, rule] of Object.entries(EXPECTED)) {
      for (const status of STATUSES) {
        for (const actor of actors) {
          const d = t(action as Action, status as ApplicationStatus, actor);
          const label = `${action} from ${status} by ${actor}`;
          if (actor !== rule.by) expect(d, label).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
          else if (rule.moves[status] === undefined) expect(d, label).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
          else expect(d, label).toEqual({ allowed: true, from: status, to: rule.moves[status] });
        }
      }
    }
  });

  it('returns files only before completeness, so a returned file never has a running clock', () => {
    expect(ACTIONS.return.from).toEqual(['submitted']);
    expect(CLOCK_RUNNING).not.toContain('returned');
    expect(CLOCK_RUNNING).not.toContain('submitted');
    expect(ACTIONS['deem-grant'].from).toEqual(CLOCK_RUNNING);
  });

  it('lets nobody but the system issue or deem grant, and only the integrator confirm payment', () => {
    expect(t('issue', 'paid', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('deem-grant', 'complete', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('confirm-payment', 'approved', 'unit')).toMatchObject({ allowed: false, reason: 'actor_not_allowed' });
    expect(t('deem-grant', 'approved', 'system')).toMatchObject({ allowed: false, reason: 'state_not_allowed' });
  });

  it('refuses in the words and with the problems the API has always answered with', () => {
    const wrongActor = t('approve', 'fee-assessed', 'applicant');
    const wrongState = t('approve', 'draft', 'unit');
    expect(wrongActor).toMatchObject({ allowed: false, detail: 'Only the unit may approve an application.' });
    expect(wrongState).toMatchObject({ allowed: false, detail: 'The action "approve" is not possible on an application that is draft; it needs fee-assessed.' });
    expect(t('reject', 'paid', 'unit')).toMatchObject({
      detail: 'The action "reject" is not possible on an application that is paid; it needs submitted or complete or in-review or fee-assessed.',
    });
    if (wrongActor.allowed || wrongState.allowed) throw new Error('both must be refused');
    expect(refusalProblem(wrongActor)).toMatchObject({ status: 403, code: 'forbidden_action' });
    expect(refusalProblem(wrongState)).toMatchObject({ status: 409, code: 'invalid_transition', extensions: { currentStatus: 'draft' } });
  });
});

describe('the service-standard clock', () => {
  it('counts working days from completeness, skipping the weekend', () => {
    // complete on Friday 10 July 2026, 10:00 WIB; 7 working days: 13-17, 20, 21 July
    const friday = new Date('2026-07-10T03:00:00Z');
    expect(decisionDue(friday, 7, bandung).toISOString()).toBe('2026-07-21T17:00:00.000Z');
  });

  it('uses the statutory 5 working days when the type sets none', () => {
    expect(DEFAULT_SERVICE_DAYS).toBe(5);
    const monday = new Date('2026-07-06T02:00:00Z');
    expect(decisionDue(monday, null, bandung).toISOString()).toBe('2026-07-13T17:00:00.000Z'); // 7, 8, 9, 10, 13 July
  });

  it('skips holidays: the Nyepi and Lebaran break of March 2026 and Good Friday', () => {
    const tuesday = new Date('2026-03-17T02:00:00Z');
    // working days after 17 March: 25, 26, 27, 30, 31 March, 1, 2 April, (3 Good Friday) 6 April
    expect(decisionDue(tuesday, 8, bandung).toISOString()).toBe('2026-04-06T17:00:00.000Z');
  });

  it('counts in the region’s own zone: 23:30 WIB on a Friday is already Saturday in WITA and WIT', () => {
    const late = new Date('2026-07-10T16:30:00Z'); // Fri 23:30 WIB, Sat 00:30 WITA, Sat 01:30 WIT
    expect(decisionDue(late, 3, bandung).toISOString()).toBe('2026-07-15T17:00:00.000Z'); // Mon 13, Tue 14, Wed 15 (WIB midnight)
    expect(decisionDue(late, 3, palu).toISOString()).toBe('2026-07-15T16:00:00.000Z'); // the same days, WITA midnight
    expect(decisionDue(new Date('2026-07-10T14:30:00Z'), 3, jayapura).toISOString()).toBe('2026-07-15T15:00:00.000Z'); // Fri 23:30 WIT
    expect(decisionDue(new Date('2026-07-10T14:30:00Z'), 3, bandung).toISOString()).toBe('2026-07-15T17:00:00.000Z'); // Fri 21:30 WIB: same Friday
  });

  it('counts a decision before the deadline as within the standard, at or after it as late', () => {
    const due = new Date('2026-07-21T17:00:00Z');
    expect(withinServiceStandard(new Date('2026-07-21T16:59:59Z'), due)).toBe(true);
    expect(withinServiceStandard(due, due)).toBe(false);
    expect(withinServiceStandard(new Date(), null)).toBe(true);
  });
});

describe('fees (retribusi)', () => {
  const reklame = PermitTypeInput.parse(DEMO_PERMIT_TYPES['32.73']!.find((t) => (t as { code: string }).code === 'reklame'));

  it('computes a billboard fee exactly: area × faces × rate by road class × months', () => {
    const fee = computeFee(reklame.fee, { 'luas-m2': '12.5', sisi: '2', 'kelas-jalan': 'kolektor', 'lama-bulan': '6' });
    expect(fee.amount).toBe(5_250_000n);
  });

  it('is exact where floats are not, and rounds once with the rule’s mode', () => {
    const rule = FeeRule.parse({ kind: 'product', factors: [{ field: 'a' }, { constant: '0.1' }, { constant: '3' }], rounding: 'half-up' }) as Product;
    // 0.1 × 3 is 0.30000000000000004 in floats; here 1000000000000.7 × 0.1 × 3 = 300000000000.21 -> 300000000000
    expect(computeFee(rule, { a: '1000000000000.7' }).amount).toBe(300_000_000_000n);
    expect(computeFee({ ...rule, rounding: 'ceil' }, { a: '1000000000000.7' }).amount).toBe(300_000_000_001n);
    const half = FeeRule.parse({ kind: 'product', factors: [{ field: 'a' }, { constant: '0.5' }], rounding: 'half-even' }) as Product;
    expect(computeFee(half, { a: '5' }).amount).toBe(2n);
    expect(computeFee({ ...half, rounding: 'half-up' }, { a: '5' }).amount).toBe(3n);
    expect(computeFee({ ...half, rounding: 'floor' }, { a: '5' }).amount).toBe(2n);
  });

  it('raises to the minimum, knows fixed and free, and names a missing field', () => {
    expect(computeFee(reklame.fee, { 'luas-m2': '0.25', sisi: '1', 'kelas-jalan': 'lingkungan', 'lama-bulan': '1' }).amount).toBe(100_000n);
    expect(computeFee({ kind: 'fixed', amount: '750000' }, {}).amount).toBe(750_000n);
    expect(computeFee({ kind: 'free' }, {}).amount).toBe(0n);
    expect(() => computeFee(reklame.fee, { 'luas-m2': '2' })).toThrow(FeeInputError);
  });

  it('refuses rules that point at unknown, optional or non-numeric fields, or miss a table rate', () => {
    const base = { code: 'x', name: 'Izin X', unit: 'dpmptsp', fields: [{ code: 'a', label: 'Alamat', type: 'text' }, { code: 'z', label: 'Zona', type: 'choice', options: ['p', 'q'] }] };
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'nope' }] } }).success).toBe(false);
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'a' }] } }).success).toBe(false);
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'z', table: { p: '1' } }] } }).success).toBe(false);
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'z', table: { p: '1', q: '2' } }] } }).success).toBe(true);
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'free' }, numberFormat: '503/{seq:4}' }).success).toBe(false); // no {year}
  });

  it('parses all five demo types', () => {
    const types = DEMO_PERMIT_TYPES['32.73']!.map((t) => PermitTypeInput.parse(t));
    expect(types.map((t) => t.code)).toEqual(['reklame', 'pbg', 'sip-dokter', 'keramaian', 'lokasi-pkl']);
    expect(types.find((t) => t.code === 'keramaian')!.serviceStandardDays).toBeNull();
  });
});

describe('application data', () => {
  const fields = PermitTypeInput.parse(DEMO_PERMIT_TYPES['32.73']![0]).fields;
  it('keeps decimals as strings, checks bounds and choices, and requires fields only at submission', () => {
    expect(checkData(fields, { 'luas-m2': '12.5', sisi: 2 }, { requireAll: false })).toEqual({ data: { 'luas-m2': '12.5', sisi: '2' }, errors: [] });
    const bad = checkData(fields, { 'luas-m2': 12.5, sisi: 9, 'kelas-jalan': 'tol', extra: 'x' }, { requireAll: true });
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['data.extra', 'data.kelas-jalan', 'data.lama-bulan', 'data.lokasi', 'data.luas-m2', 'data.naskah', 'data.sisi']);
  });
});

describe('the completeness deadline', () => {
  it('gives the registration check its own working days from submission, skipping the weekend', () => {
    // submitted Friday 2026-11-06 10:00 WIB: two working days end with Tuesday 2026-11-10
    expect(completenessDue(new Date('2026-11-06T03:00:00Z'), 2, bandung).toISOString()).toBe('2026-11-10T17:00:00.000Z');
  });
});

describe('what happens next', () => {
  it('after a deemed grant with a fee still owed, the applicant pays: amount and how', () => {
    const owed = nextStep('issued', { feeDue: true, review: false, deemedGrant: true, amountDue: 'Rp 45.000', registrationNumber: 'IZN-AAAA-BBBB' });
    expect(owed.who).toBe('payment');
    expect(owed.text).toContain('Rp 45.000');
    expect(owed.text).toContain('IZN-AAAA-BBBB');
    expect(nextStep('issued', { feeDue: false, review: false, deemedGrant: true }).who).toBe('nobody');
    expect(nextStep('issued', { feeDue: false, review: false }).who).toBe('nobody');
  });
});

describe('permit type checks', () => {
  const base = { code: 'izin-x', name: 'Izin X', unit: 'dpmptsp', fee: { kind: 'free' } };
  it('refuses two fields whose keys in the signed permit’s particulars are the same, however the unit is split', () => {
    const clash = PermitTypeInput.parse({ ...base, fields: [{ code: 'a', label: 'Luas (m²)', type: 'text' }, { code: 'b', label: 'Luas', unit: 'm²', type: 'text' }] });
    expect(permitTypeProblems(clash, [])).toEqual([{ field: 'fields.1.label', message: expect.stringContaining('fields.0') }]);
    const distinct = PermitTypeInput.parse({ ...base, fields: [{ code: 'a', label: 'Luas', type: 'text' }, { code: 'b', label: 'Luas', unit: 'm²', type: 'text' }] });
    expect(permitTypeProblems(distinct, [])).toEqual([]);
  });

  it('refuses a requirement whose size limit is above what the service reads at all', () => {
    const t = PermitTypeInput.parse({ ...base, documents: [{ code: 'gambar', label: 'Gambar', maxBytes: 20 * 1024 * 1024 }] });
    expect(permitTypeProblems(t, [], { maxUploadBytes: 10 * 1024 * 1024 })).toEqual([{ field: 'documents.0.maxBytes', message: expect.stringContaining('MAX_UPLOAD_BYTES') }]);
    expect(permitTypeProblems(t, [], { maxUploadBytes: 25 * 1024 * 1024 })).toEqual([]);
  });

  it('keeps every demo requirement within the default upload limit', () => {
    for (const raw of DEMO_PERMIT_TYPES['32.73']!) expect(permitTypeProblems(PermitTypeInput.parse(raw), [], { maxUploadBytes: 10 * 1024 * 1024 })).toEqual([]);
  });
});

describe('permit numbers', () => {
  it('fills the region’s format', () => {
    const parts = { seq: 7, type: 'reklame', unit: 'dpmptsp', localDate: '2026-11-03' };
    expect(formatPermitNumber('503/{seq:4}/{TYPE}/DPMPTSP/{roman}/{year}', parts)).toBe('503/0007/REKLAME/DPMPTSP/XI/2026');
    expect(formatPermitNumber('SK-PBG-3273-{seq:5}-{month}{year}', parts)).toBe('SK-PBG-3273-00007-112026');
    expect(formatPermitNumber('{unit}/{seq}/{year}', { ...parts, seq: 12345 })).toBe('dpmptsp/12345/2026');
  });

  it('ends validity on the same local date months later, clamped to the month’s end', () => {
    expect(validUntil(new Date('2026-01-31T03:00:00Z'), 1, 'Asia/Jakarta')!.toISOString()).toBe('2026-02-27T17:00:00.000Z');
    expect(validUntil(new Date('2026-07-10T03:00:00Z'), 12, 'Asia/Makassar')!.toISOString()).toBe('2027-07-09T16:00:00.000Z');
    expect(validUntil(new Date(), null, 'Asia/Jakarta')).toBeNull();
  });
});

describe('canonical JSON and signatures', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 'é' } })).toBe('{"a":{"c":"é","d":[true,null,"x"]},"b":1}');
    expect(() => canonicalJson({ x: 1.5 })).toThrow(TypeError);
  });

  const ring = new KeyRing(SigningKeysConfig.parse(JSON.stringify([{ ...testKey('old', 'ec'), retired: true }, testKey('new'), { ...testKey('palu'), tenants: ['72.71'] }])));
  const doc = { number: '503/0001/REKLAME/2026', holder: { name: 'Siti Rahmawati' } };

  it('signs with the newest active key of the region and verifies; a tampered document fails', () => {
    const sig = ring.sign('32.73', doc);
    expect(sig).toMatchObject({ kid: 'new', alg: 'EdDSA' });
    expect(ring.verify('32.73', { holder: { name: 'Siti Rahmawati' }, number: '503/0001/REKLAME/2026' }, sig)).toBe(true);
    expect(ring.verify('32.73', { ...doc, number: '503/0002/REKLAME/2026' }, sig)).toBe(false);
    expect(ring.verify('32.73', doc, { ...sig, value: 'AAAA' })).toBe(false);
    expect(ring.verify('32.73', doc, { ...sig, kid: 'unknown' })).toBe(false);
    expect(ring.sign('72.71', doc).kid).toBe('palu');
  });

  it('keeps verifying what a retired key signed, and publishes it as retired', () => {
    const old = new KeyRing(SigningKeysConfig.parse(JSON.stringify([{ kid: 'old', privateKey: (ring.keys[0]!.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string) }])));
    const sig = old.sign('32.73', doc);
    expect(sig.alg).toBe('ES256');
    expect(ring.verify('32.73', doc, sig)).toBe(true);
    const jwks = ring.jwks('32.73');
    expect(jwks.keys.map((k) => [k.kid, k.status])).toEqual([
      ['old', 'retired'],
      ['new', 'active'],
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('refuses configurations without a usable key', () => {
    expect(SigningKeysConfig.safeParse('[]').success).toBe(false);
    expect(SigningKeysConfig.safeParse('not json').success).toBe(false);
    expect(SigningKeysConfig.safeParse(JSON.stringify([{ kid: 'x', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }])).success).toBe(false);
  });
});

describe('file detection by content', () => {
  it('knows PDF, PNG and JPEG by their bytes, and nothing else', () => {
    expect(detectFileKind(PDF)).toBe('pdf');
    expect(detectFileKind(PNG)).toBe('png');
    expect(detectFileKind(JPEG)).toBe('jpeg');
    expect(detectFileKind(Buffer.from('<html><script>alert(1)</script></html>'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('MZ\x90\x00executable', 'latin1'))).toBeUndefined();
    expect(detectFileKind(Buffer.from('%PDF-1.4 but cut off', 'latin1'))).toBeUndefined();
  });

  it('refuses pages and scripts behind a valid magic number, and files cut short', () => {
    const html = '<html><script>document.location="https://evil.example"</script></html>';
    // a PDF header with a page behind it and a %%EOF, but no cross-reference
    expect(detectFileKind(Buffer.from(`%PDF-1.4${html}\n%%EOF\n`, 'latin1'))).toBeUndefined();
    // even with startxref: markup in the first KiB is refused
    expect(detectFileKind(Buffer.from(`%PDF-1.4\n${html}\nstartxref\n9\n%%EOF\n`, 'latin1'))).toBeUndefined();
    // a PDF whose startxref is not at the end
    expect(detectFileKind(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\nstartxref\n9\n%%EOF\ntrailing garbage that is not a pdf', 'latin1'))).toBeUndefined();
    // JPEG start without the end-of-image marker; a page after the marker
    expect(detectFileKind(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(Buffer.concat([JPEG, Buffer.from(html)]))).toBeUndefined();
    // a JPEG padded with NULs after its end is still a JPEG
    expect(detectFileKind(Buffer.concat([JPEG, Buffer.alloc(16)]))).toBe('jpeg');
    // the PNG signature with a page instead of chunks; a page appended after IEND; IEND missing
    expect(detectFileKind(Buffer.concat([PNG_SIGNATURE, Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(Buffer.concat([PNG, Buffer.from(html)]))).toBeUndefined();
    expect(detectFileKind(PNG.subarray(0, PNG.length - 12))).toBeUndefined();
  });

  it('refuses markup anywhere in the file, not only in its first KiB', () => {
    const padding = Buffer.alloc(4096, 0x41);
    const jpegWith = (markup: string) => Buffer.concat([JPEG.subarray(0, 4), padding, Buffer.from(markup, 'latin1'), JPEG.subarray(4)]);
    const pdfWith = (markup: string) => Buffer.concat([PDF.subarray(0, 9), padding, Buffer.from(markup, 'latin1'), PDF.subarray(9)]);
    expect(detectFileKind(jpegWith(''))).toBe('jpeg');
    expect(detectFileKind(pdfWith(''))).toBe('pdf');
    for (const markup of [
      '<div>Klik di sini</div>',
      '<DIV class="x" style="position:fixed">',
      '<img src=x onerror=alert(1)>',
      '<a href="https://evil.example">unduh</a>',
      '<style>body{display:none}</style>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">',
      '<IFRAME src="https://evil.example">',
      '<Script>alert(1)</Script>',
      '<body onload=x>',
      'javascript:alert(1)',
      'x onerror = alert(1)',
    ]) {
      expect(detectFileKind(jpegWith(markup)), `jpeg ${markup}`).toBeUndefined();
      expect(detectFileKind(pdfWith(markup)), `pdf ${markup}`).toBeUndefined();
    }
  });

  it('accepts binary data that is not markup: random bytes, and text that merely mentions tags', () => {
    // 4 MiB of deterministic pseudo-random bytes, as a compressed image or PDF stream would look
    const random = Buffer.alloc(4 * 1024 * 1024);
    let x = 0x12345678;
    for (let i = 0; i < random.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      random[i] = x & 0xff;
    }
    expect(detectFileKind(Buffer.concat([JPEG.subarray(0, 4), random, Buffer.from([0xff, 0xd9])]))).toBe('jpeg');
    expect(detectFileKind(Buffer.concat([PDF.subarray(0, 9), random, PDF.subarray(9)]))).toBe('pdf');
    // a PDF's own syntax (<< >> dictionaries, <hex> strings, /JavaScript-free) and words like "a <b" pass
    expect(detectFileKind(Buffer.concat([PDF.subarray(0, 9), Buffer.from('2 0 obj << /Type /Page /A <414243> >> endobj\n(nilai a <a dan b >b)\n'), PDF.subarray(9)]))).toBe('pdf');
  });

  it('makes names safe to echo', () => {
    expect(safeFileName('../../etc/pass"wd.pdf', 'pdf', 'ktp')).toBe('pass_wd.pdf');
    expect(safeFileName(undefined, 'jpeg', 'ktp')).toBe('ktp.jpg');
  });
});

describe('the decision deadline of a file deemed complete', () => {
  it('counts from the last day of the registration check: submitted Thu 4 June 2026, 2 check days, 5 service days', () => {
    const cal = calendarFor({ timeZone: 'Asia/Jakarta', holidays: [] });
    // the check runs Fri 5 and Mon 8 June; its deadline is the local midnight after Monday
    const completenessDue = new Date('2026-06-08T17:00:00Z');
    // deemed complete at the last moment of Monday: Tue 9 … Mon 15 June are the five service days
    expect(decisionDue(new Date(completenessDue.getTime() - 1), 5, cal).toISOString()).toBe('2026-06-15T17:00:00.000Z');
  });
});
