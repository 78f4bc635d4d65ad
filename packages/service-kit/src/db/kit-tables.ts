import type { ColumnType, Generated } from 'kysely';

/** Tables the kit owns in every service database. */
export interface KitTables {
  outbox: {
    id: string;
    tenant_id: string;
    subject: string;
    type: string;
    event: ColumnType<unknown, string, string>;
    created_at: Generated<Date>;
    attempts: Generated<number>;
    last_error: string | null;
  };
  inbox: {
    consumer: string;
    event_id: string;
    tenant_id: string;
    processed_at: Generated<Date>;
  };
  dead_letter: {
    id: Generated<string>;
    consumer: string;
    event_id: string;
    tenant_id: string | null;
    subject: string;
    type: string | null;
    payload: string;
    error: string;
    deliveries: number;
    parked_at: Generated<Date>;
    replay_attempts: Generated<number>;
    last_replay_at: Date | null;
  };
  idempotency_key: {
    tenant_id: string;
    key: string;
    request_hash: string;
    state: 'pending' | 'done';
    status: number | null;
    headers: ColumnType<unknown, string | null, string | null>;
    body: string | null;
    created_at: Generated<Date>;
  };
}
