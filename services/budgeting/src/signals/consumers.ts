/**
 * What citizens say about units, from other services' events: complaints (submitted, disposed,
 * closed, deadline breached) and official-rating's IKM. The kit's inbox makes each idempotent (an
 * event id is handled once per consumer); the fold's rules make order of delivery harmless.
 */
import { defineConsumer } from '@sinergi/service-kit';
import { eventCatalog, type EventCatalog } from '@sinergi/contracts';
import type { BudgetingDB } from '../db/schema.js';
import { applyCitizenSignal } from './use-cases.js';

export function signalConsumers() {
  return [
    defineConsumer<EventCatalog, BudgetingDB>({
      name: 'budgeting-complaint-signals',
      catalog: eventCatalog,
      handlers: {
        'sinergi.complaints.report.submitted.v1': (e, trx) =>
          applyCitizenSignal(trx, e.tenant, {
            id: e.id,
            type: 'report-submitted',
            trackingId: e.data.trackingId,
            category: e.data.category,
            suggestedUnit: e.data.suggestedUnit,
            at: e.data.at,
          }),
        'sinergi.complaints.report.disposed.v1': (e, trx) =>
          applyCitizenSignal(trx, e.tenant, {
            id: e.id,
            type: 'report-disposed',
            trackingId: e.data.trackingId,
            unit: e.data.unit,
          }),
        'sinergi.complaints.report.closed.v1': (e, trx) =>
          applyCitizenSignal(trx, e.tenant, {
            id: e.id,
            type: 'report-closed',
            trackingId: e.data.trackingId,
            unit: e.data.unit,
          }),
        'sinergi.complaints.report.deadline-breached.v1': (e, trx) =>
          applyCitizenSignal(trx, e.tenant, {
            id: e.id,
            type: 'report-overdue',
            trackingId: e.data.trackingId,
            unit: e.data.unit,
          }),
      },
    }),
    defineConsumer<EventCatalog, BudgetingDB>({
      name: 'budgeting-ikm-signals',
      catalog: eventCatalog,
      handlers: {
        'sinergi.official-rating.unit-index.updated.v1': (e, trx) =>
          applyCitizenSignal(trx, e.tenant, {
            id: e.id,
            type: 'ikm-updated',
            unit: e.data.unit,
            period: e.data.period,
            ikm: e.data.ikm === null ? null : e.data.ikm.toFixed(2),
            at: e.data.at,
          }),
      },
    }),
  ];
}
