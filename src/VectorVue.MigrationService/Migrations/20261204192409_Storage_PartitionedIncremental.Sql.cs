#nullable disable

namespace VectorVue.MigrationService.Migrations
{
    /// <summary>
    /// The SQL of <see cref="Storage_PartitionedIncremental"/> for what EF Core cannot express. Written out here, not
    /// built from <c>VectorVue.Contracts</c>: a migration is history, and must run the same statements on any database
    /// whatever the contracts become.
    /// </summary>
    public partial class Storage_PartitionedIncremental
    {
        /// <summary>
        /// The old tables step aside under names of their own, with their primary keys and indexes (relations share one
        /// namespace with the new table's), until their rows are copied.
        /// </summary>
        internal const string RenameOldTablesSql = """
            ALTER TABLE public.client_activity_events RENAME TO client_activity_events_unpartitioned;
            ALTER TABLE public.client_activity_events_unpartitioned
                RENAME CONSTRAINT "PK_client_activity_events" TO "PK_client_activity_events_unpartitioned";
            ALTER INDEX public.ix_client_activity_events_tenant_timestamp
                RENAME TO ix_client_activity_events_unpartitioned_tenant_timestamp;
            ALTER INDEX public."IX_client_activity_events_user_id" RENAME TO "IX_client_activity_events_unpartitioned_user_id";
            ALTER TABLE analytics.events RENAME TO events_unconverted;
            ALTER TABLE analytics.events_unconverted RENAME CONSTRAINT "PK_events" TO "PK_events_unconverted";
            ALTER INDEX analytics.ix_analytics_events_tenant_timestamp RENAME TO ix_analytics_events_unconverted_tenant_timestamp;
            """;

        /// <summary>
        /// The partitioned event table: the columns and CHECK constraints of before, no primary key, no foreign key, a
        /// DEFAULT partition for the months without one, append-only by trigger; and the trigger that keeps a tenant
        /// with events from being deleted, in place of the foreign key's RESTRICT.
        /// </summary>
        internal const string CreatePartitionedTableSql = """
            CREATE TABLE public.client_activity_events (
                id uuid NOT NULL,
                tenant_id uuid NOT NULL,
                user_id uuid NULL,
                event_type character varying(32) NOT NULL,
                object_type character varying(16) NOT NULL,
                object_id character varying(128) NULL,
                severity character varying(16) NULL,
                "timestamp" timestamp with time zone NOT NULL,
                metadata_json jsonb NULL,
                received_at timestamp with time zone NOT NULL,
                CONSTRAINT ck_client_activity_events_event_type CHECK (event_type IN ('FINDING_VIEWED', 'FINDING_ACKNOWLEDGED', 'REMEDIATION_OPENED', 'REMEDIATION_COMPLETED', 'REPORT_DOWNLOADED', 'DASHBOARD_VIEWED')),
                CONSTRAINT ck_client_activity_events_metadata_object CHECK (metadata_json IS NULL OR jsonb_typeof(metadata_json) = 'object'),
                CONSTRAINT ck_client_activity_events_object_type CHECK (object_type IN ('finding', 'report', 'dashboard', 'remediation')),
                CONSTRAINT ck_client_activity_events_severity CHECK (severity IS NULL OR severity IN ('critical', 'high', 'medium', 'low'))
            ) PARTITION BY RANGE ("timestamp");

            CREATE TABLE public.client_activity_events_default PARTITION OF public.client_activity_events DEFAULT;

            -- Rows are never changed or removed: model datasets are reproducible from them (analytics.events is a view
            -- of this table). Retention drops whole partitions. The one exception is the partition functions below
            -- (SECURITY DEFINER, so running as the table's owner): they move a month's rows out of the default
            -- partition into the month's new partition, and remove expired rows from the default partition, and say
            -- so for their own transaction only.
            CREATE FUNCTION public.refuse_event_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW'
                   AND current_setting('vectorvue.event_partition_maintenance', true) = 'on'
                   AND current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID) THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION '% is append-only: % is not allowed', TG_ARGV[0], TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$;

            CREATE TRIGGER events_append_only
                BEFORE UPDATE OR DELETE ON public.client_activity_events
                FOR EACH ROW EXECUTE FUNCTION public.refuse_event_change('client_activity_events');

            CREATE TRIGGER events_no_truncate
                BEFORE TRUNCATE ON public.client_activity_events
                FOR EACH STATEMENT EXECUTE FUNCTION public.refuse_event_change('client_activity_events');

            CREATE FUNCTION public.keep_tenant_with_events() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM public.client_activity_events WHERE tenant_id = OLD.id) THEN
                    RAISE EXCEPTION 'tenant % has events in client_activity_events: it cannot be deleted', OLD.id
                        USING ERRCODE = 'foreign_key_violation';
                END IF;
                RETURN OLD;
            END;
            $$;

            CREATE TRIGGER tenants_keep_events
                BEFORE DELETE ON public.tenants
                FOR EACH ROW EXECUTE FUNCTION public.keep_tenant_with_events();
            """;

        /// <summary>
        /// The two maintenance functions, run as their owner (the migrating role) by whoever may execute them: the
        /// worker only (EXECUTE revoked from PUBLIC here, granted by the migrator's role provisioning).
        /// </summary>
        internal const string CreatePartitionFunctionsSql = """
            CREATE FUNCTION public.ensure_event_partitions(p_from date, p_through date) RETURNS integer
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' AS $$
            DECLARE
                v_month date := date_trunc('month', p_from)::date;
                v_last date := date_trunc('month', p_through)::date;
                v_name text;
                v_lower timestamptz;
                v_upper timestamptz;
                v_created integer := 0;
            BEGIN
                IF p_from IS NULL OR p_through IS NULL THEN
                    RAISE EXCEPTION 'ensure_event_partitions needs both months' USING ERRCODE = 'null_value_not_allowed';
                END IF;
                IF v_last > v_month + interval '100 years' THEN
                    RAISE EXCEPTION 'ensure_event_partitions(%, %) would create more than 1200 partitions', p_from, p_through
                        USING ERRCODE = 'program_limit_exceeded';
                END IF;

                -- One creator at a time (the migrator and every worker replica call this): the second sees the first's tables.
                PERFORM pg_advisory_xact_lock(x'5656504152544E53'::bigint); -- "VVPARTNS"
                WHILE v_month <= v_last LOOP
                    v_name := 'client_activity_events_p' || to_char(v_month, 'YYYYMM');
                    IF to_regclass('public.' || quote_ident(v_name)) IS NULL THEN
                        v_lower := v_month::timestamp AT TIME ZONE 'UTC';
                        v_upper := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
                        -- Create the month's table, move the month's rows out of the default partition into it, attach it:
                        -- the attach then finds no row of the month left in the default partition.
                        EXECUTE format('CREATE TABLE public.%I (LIKE public.client_activity_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
                        PERFORM set_config('vectorvue.event_partition_maintenance', 'on', true);
                        EXECUTE format(
                            'WITH moved AS (DELETE FROM public.client_activity_events_default WHERE "timestamp" >= $1 AND "timestamp" < $2 RETURNING *) '
                            'INSERT INTO public.%I SELECT * FROM moved', v_name)
                            USING v_lower, v_upper;
                        PERFORM set_config('vectorvue.event_partition_maintenance', 'off', true);
                        EXECUTE format('ALTER TABLE public.client_activity_events ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                            v_name, v_lower, v_upper);
                        v_created := v_created + 1;
                    END IF;
                    v_month := (v_month + interval '1 month')::date;
                END LOOP;
                RETURN v_created;
            END;
            $$;

            CREATE FUNCTION public.drop_event_partitions(p_before timestamptz) RETURNS text[]
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET "TimeZone" = 'UTC' AS $$
            DECLARE
                v_partition record;
                v_dropped text[] := '{}';
            BEGIN
                IF p_before IS NULL THEN
                    RAISE EXCEPTION 'drop_event_partitions needs an instant' USING ERRCODE = 'null_value_not_allowed';
                END IF;

                PERFORM pg_advisory_xact_lock(x'5656504152544E53'::bigint); -- "VVPARTNS", as ensure_event_partitions
                FOR v_partition IN
                    SELECT c.relname
                    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'public.client_activity_events'::regclass
                      AND c.relname ~ '^client_activity_events_p[0-9]{6}$'
                      AND (to_date(substr(c.relname, 25), 'YYYYMM') + interval '1 month')::timestamp AT TIME ZONE 'UTC' <= p_before
                    ORDER BY c.relname
                LOOP
                    EXECUTE format('DROP TABLE public.%I', v_partition.relname);
                    v_dropped := v_dropped || v_partition.relname::text;
                END LOOP;

                -- What a dropped partition cannot take with it: expired rows of the default partition (removable by
                -- this function alone), and the receipts, daily rows and lifecycles of expired events.
                PERFORM set_config('vectorvue.event_partition_maintenance', 'on', true);
                DELETE FROM public.client_activity_events_default WHERE "timestamp" < p_before;
                PERFORM set_config('vectorvue.event_partition_maintenance', 'off', true);
                DELETE FROM public.event_receipts WHERE "timestamp" < p_before;
                DELETE FROM analytics.daily_event_counts WHERE day < (p_before AT TIME ZONE 'UTC')::date;
                DELETE FROM analytics.daily_active_users WHERE day < (p_before AT TIME ZONE 'UTC')::date;
                DELETE FROM analytics.daily_report_downloads WHERE day < (p_before AT TIME ZONE 'UTC')::date;
                DELETE FROM analytics.finding_lifecycles
                WHERE GREATEST(first_viewed_at, first_viewed_critical, first_viewed_high, first_viewed_medium,
                               first_viewed_low, first_acknowledged_at) < p_before;
                DELETE FROM analytics.remediation_lifecycles
                WHERE GREATEST(first_opened_at, first_completed_at) < p_before;
                RETURN v_dropped;
            END;
            $$;

            REVOKE EXECUTE ON FUNCTION public.ensure_event_partitions(date, date) FROM PUBLIC;
            REVOKE EXECUTE ON FUNCTION public.drop_event_partitions(timestamptz) FROM PUBLIC;
            """;

        /// <summary>
        /// Every old row into the new table, once: the rows of the old <c>client_activity_events</c>, and the rows of the
        /// old <c>analytics.events</c> that it lacks (their <c>ingested_at</c> becomes <c>received_at</c>), each into
        /// its month's partition (created first for every month that has data, and for this month and three ahead).
        /// Then the index (built once per partition, faster than maintained row by row), the idempotency keys, the
        /// incremental figures of the existing rows (stripe 0), the <c>analytics.events</c> view, and the old tables go.
        /// </summary>
        internal const string ConvertSql = """
            SELECT public.ensure_event_partitions(month, month)
            FROM (
                SELECT DISTINCT date_trunc('month', "timestamp" AT TIME ZONE 'UTC')::date AS month
                FROM (SELECT "timestamp" FROM public.client_activity_events_unpartitioned
                      UNION ALL
                      SELECT "timestamp" FROM analytics.events_unconverted) AS old
            ) AS months
            ORDER BY month;

            SELECT public.ensure_event_partitions((now() AT TIME ZONE 'UTC')::date, ((now() AT TIME ZONE 'UTC') + interval '3 months')::date);

            INSERT INTO public.client_activity_events
                (id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, received_at)
            SELECT id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, received_at
            FROM public.client_activity_events_unpartitioned
            UNION ALL
            SELECT a.id, a.tenant_id, a.user_id, a.event_type, a.object_type, a.object_id, a.severity, a."timestamp", a.metadata_json, a.ingested_at
            FROM analytics.events_unconverted a
            WHERE NOT EXISTS (SELECT 1 FROM public.client_activity_events_unpartitioned c WHERE c.id = a.id);

            CREATE INDEX ix_client_activity_events_tenant_timestamp ON public.client_activity_events (tenant_id, "timestamp" DESC);

            INSERT INTO public.event_receipts (tenant_id, event_id, "timestamp")
            SELECT tenant_id, id, "timestamp" FROM public.client_activity_events;

            INSERT INTO analytics.finding_lifecycles
                (tenant_id, finding_id, first_viewed_at, first_viewed_critical, first_viewed_high, first_viewed_medium,
                 first_viewed_low, first_acknowledged_at)
            SELECT tenant_id, object_id COLLATE "C",
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_VIEWED'),
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_VIEWED' AND severity = 'critical'),
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_VIEWED' AND severity = 'high'),
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_VIEWED' AND severity = 'medium'),
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_VIEWED' AND severity = 'low'),
                   min("timestamp") FILTER (WHERE event_type = 'FINDING_ACKNOWLEDGED')
            FROM public.client_activity_events
            WHERE event_type IN ('FINDING_VIEWED', 'FINDING_ACKNOWLEDGED') AND object_id IS NOT NULL
            GROUP BY 1, 2;

            -- The severity of the first opening; of several at the same instant, the smallest severity text, none last.
            INSERT INTO analytics.remediation_lifecycles (tenant_id, remediation_id, first_opened_at, opened_severity, first_completed_at)
            SELECT tenant_id, object_id COLLATE "C",
                   min("timestamp") FILTER (WHERE event_type = 'REMEDIATION_OPENED'),
                   (array_agg(severity ORDER BY "timestamp", severity) FILTER (WHERE event_type = 'REMEDIATION_OPENED'))[1],
                   min("timestamp") FILTER (WHERE event_type = 'REMEDIATION_COMPLETED')
            FROM public.client_activity_events
            WHERE event_type IN ('REMEDIATION_OPENED', 'REMEDIATION_COMPLETED') AND object_id IS NOT NULL
            GROUP BY 1, 2;

            INSERT INTO analytics.daily_event_counts (tenant_id, day, event_type, severity, stripe, events, events_with_object)
            SELECT tenant_id, ("timestamp" AT TIME ZONE 'UTC')::date, event_type, coalesce(severity, ''), 0, count(*), count(object_id)
            FROM public.client_activity_events
            GROUP BY 1, 2, 3, 4;

            INSERT INTO analytics.daily_active_users (tenant_id, day, user_id)
            SELECT DISTINCT tenant_id, ("timestamp" AT TIME ZONE 'UTC')::date, user_id
            FROM public.client_activity_events
            WHERE user_id IS NOT NULL;

            INSERT INTO analytics.daily_report_downloads (tenant_id, day, report_id)
            SELECT DISTINCT tenant_id, ("timestamp" AT TIME ZONE 'UTC')::date, object_id COLLATE "C"
            FROM public.client_activity_events
            WHERE event_type = 'REPORT_DOWNLOADED' AND object_id IS NOT NULL;

            -- Model datasets read every event from here, as before; ingested_at is when the API received the event.
            CREATE VIEW analytics.events AS
            SELECT id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json,
                   received_at AS ingested_at
            FROM public.client_activity_events;

            DROP TABLE analytics.events_unconverted;
            DROP FUNCTION analytics.refuse_event_change();
            DROP TABLE public.client_activity_events_unpartitioned;
            """;
    }
}
