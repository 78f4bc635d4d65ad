/** Every problem code licensing answers with is declared once and documented in its OpenAPI document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedProblems } from '@sinergi/service-kit';
import { P } from '../src/problems.js';
import { startLicensing, type Harness } from './fixtures.js';

let c: Harness;
beforeAll(async () => {
  c = await startLicensing();
});
afterAll(async () => c?.stop());

describe('the problem catalogue', () => {
  it('lists licensing’s own codes and the shared facts it states in /openapi.json, each with its status', async () => {
    const doc = (await c.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      'x-problem-codes': { code: string; status: number }[];
      components: { schemas: { ProblemCode: { enum: string[] } } };
    };
    const listed = new Map(doc['x-problem-codes'].map((e) => [e.code, e.status]));
    for (const f of Object.values(P)) expect(listed.get(f.code), f.code).toBe(f.status);
    for (const code of [
      'forbidden_action',
      'invalid_transition',
      'wrong_secret',
      'unknown_unit',
      'rating_invitation_not_found',
    ] as const) {
      expect(listed.get(code), code).toBe(sharedProblems[code].status);
    }
    expect(doc.components.schemas.ProblemCode.enum).toEqual(
      expect.arrayContaining(['deadline_passed', 'permit_number_taken', 'application_not_found']),
    );
  });

  it('answers a refused transition with the shared code: 409 invalid_transition with currentStatus, in the words it always had', async () => {
    const created = (
      await c.inject({
        method: 'POST',
        url: '/v1/applications',
        payload: { permitType: 'keramaian', applicant: { name: 'Siti Rahmawati' }, data: {} },
      })
    ).json();
    const withdraw = () =>
      c.inject({
        method: 'POST',
        url: `/v1/applications/${created.registrationNumber}/withdraw`,
        headers: { 'x-application-secret': created.secret },
        payload: {},
      });
    expect((await withdraw()).statusCode).toBe(200);
    expect((await withdraw()).json()).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      currentStatus: 'withdrawn',
      detail:
        'The action "withdraw" is not possible on an application that is withdrawn; it needs draft or submitted or returned.',
    });
  });
});
