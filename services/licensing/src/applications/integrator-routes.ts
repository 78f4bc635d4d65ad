import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { boundClientTime, parseRupiah } from '@sinergi/contracts';
import type { Ctx, Deps } from '../context.js';
import { confirmPayment } from '../payments/confirm.js';
import { bearer } from './route-shared.js';
import { PaymentBody, PaymentOut } from './schemas.js';

/** The payment integrator's route: a confirmed payment issues the permit. */
export function integratorRoutes(app: App, ctx: Ctx, deps: Deps): void {
  app.post(
    '/v1/integrations/payments',
    {
      preHandler: requireRoles('integrator'),
      schema: {
        tags: ['integrators'],
        summary: 'Confirm a payment of an approved application; the permit is issued in the same step',
        description:
          'Idempotent on paymentReference: the same reference again answers the same and changes nothing; another reference for an already paid application is 409. A `paidAt` more than 5 minutes ahead of, or more than 30 days before, the time of the request is recorded as the time of the request.',
        security: bearer,
        body: PaymentBody,
        response: { 200: PaymentOut },
      },
    },
    async (request) => {
      const b = request.body;
      return confirmPayment(ctx, deps, {
        tenant: request.tenant,
        registrationNumber: b.registrationNumber,
        paymentReference: b.paymentReference,
        amount: parseRupiah(b.amount),
        paidAt: b.paidAt ? boundClientTime(new Date(b.paidAt), new Date()).at : undefined,
        caller: { actsAs: 'integrator', id: requirePrincipal(request).sub },
      });
    },
  );
}
