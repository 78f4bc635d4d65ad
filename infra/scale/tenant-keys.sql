-- Every primary key, unique key, unique index and foreign key of a service database's public schema,
-- and whether it leads with tenant_id: what a move to Citus (tenant_id as the distribution column) or
-- to tenants sharded across servers needs. Run against any migrated service database:
--   psql -d sinergi_complaints -f infra/scale/tenant-keys.sql
-- verdict: 'leads' (fine), 'no-tenant-table' (a reference or bookkeeping table without tenant_id),
-- 'references-reference-table' (a foreign key to a table without tenant_id), 'violation' (the table
-- has tenant_id but the key does not start with it). tests/restore checks the violations against its list.
with keys as (
  select c.conrelid as rel, c.conname::text as key_name, c.contype::text as kind, c.confrelid as ref,
         array(select a.attname::text from unnest(c.conkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.ord) as columns,
         array(select a.attname::text from unnest(c.confkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.ord) as referenced
    from pg_constraint c
   where c.contype in ('p', 'u', 'f')
  union all
  select i.indrelid, ic.relname::text, 'i', 0::oid,
         array(select coalesce(a.attname::text, '(expression)') from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
                 left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.ord),
         array[]::text[]
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
   where i.indisunique and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
),
tenant_tables as (
  select a.attrelid as rel from pg_attribute a where a.attname = 'tenant_id' and not a.attisdropped and a.attnum > 0
)
select t.relname::text as table_name, k.key_name, k.kind, array_to_string(k.columns, ',') as columns,
       case when k.kind = 'f' then rt.relname::text end as referenced_table,
       case
         when not exists (select 1 from tenant_tables tt where tt.rel = k.rel) then 'no-tenant-table'
         when k.kind = 'f' and not exists (select 1 from tenant_tables tt where tt.rel = k.ref) then 'references-reference-table'
         when k.columns[1] = 'tenant_id' and (k.kind <> 'f' or k.referenced[1] = 'tenant_id') then 'leads'
         else 'violation'
       end as verdict
  from keys k
  join pg_class t on t.oid = k.rel
  join pg_namespace n on n.oid = t.relnamespace
  left join pg_class rt on rt.oid = k.ref
 where n.nspname = 'public' and t.relkind in ('r', 'p')
 order by 1, 2;
