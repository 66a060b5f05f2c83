import type { Knex } from 'knex';

/**
 * `dashboard_counts`: the dashboard's figures kept as counters, maintained by triggers in the transaction of the
 * write they count, so that a poll reads a few hundred rows instead of scanning a million cases (docs/dashboard.md,
 * "Cost"). One row per figure, time bucket (a China day or an hour; null for all-time counts), region, station
 * (null where a figure has none) and key (the figure's own dimensions, listed below); `n` the count.
 *
 * | figure                 | bucket                 | station | key                          | counts                                      |
 * | ---------------------- | ---------------------- | ------- | ---------------------------- | ------------------------------------------- |
 * | `captures`             | day of the capture     | yes     | {}                           | captures, first and retakes (cases, case_attempts) |
 * | `outcomes`             | day of the capture     | yes     | {verdict, sex, age band}     | processed attempts (attempt_outcomes)       |
 * | `attempts_hourly`      | hour of the capture    | yes     | {}                           | processed attempts                          |
 * | `check_failures`       | day of the capture     | yes     | {check}                      | attempts failing the check                  |
 * | `check_failures_hourly`| hour of the capture    | yes     | {check}                      | attempts failing the check                  |
 * | `cases`                | null                   | yes     | {status}                     | cases                                       |
 * | `issued_photos`        | null                   | yes     | {}                           | issued photos in force (state `issued`)     |
 * | `submissions`          | null                   | yes     | {target, state}              | submissions (rejected: not closed by hand)  |
 * | `delivered_daily`      | day of `updated_at`    | yes     | {target}                     | submissions delivered                       |
 * | `grants`               | null                   | no      | {client, state}              | grants (client null: any client)            |
 * | `grants_created`       | day of `created_at`    | no      | {client}                     | grants given                                |
 * | `grant_revocations`    | day of `revoked_at`    | no      | {client}                     | grants revoked                              |
 * | `grant_reads`          | day of the read        | no      | {client}                     | reads of grants (the reading client)        |
 *
 * Each trigger moves a row's count from its old key to its new one in a single statement that locks the two
 * counter rows in a fixed order, so two transitions of one station cannot deadlock on them. Derived data only:
 * the migration fills it from the tables it counts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table dashboard_counts (
      figure text not null,
      bucket timestamptz,
      region_id text not null,
      station_id text,
      key text[] not null,
      n bigint not null,
      constraint dashboard_counts_key unique nulls not distinct (figure, bucket, region_id, station_id, key)
    );

    create function dashboard_day(at timestamptz) returns timestamptz language sql immutable as $$
      select date_bin('1 day', at, timestamptz '2000-01-01 00:00:00+08')
    $$;
    -- By arithmetic, as the day: the session's time zone plays no part.
    create function dashboard_hour(at timestamptz) returns timestamptz language sql immutable as $$
      select date_bin('1 hour', at, timestamptz '2000-01-01 00:00:00+00')
    $$;

    -- Adds one to the new key and takes one from the old (either may be null: an insert, a delete, or a row
    -- that does not count), in key order; nothing when they are the same.
    create function dashboard_move(p_figure text,
        old_bucket timestamptz, old_region text, old_station text, old_key text[], old_counts boolean,
        new_bucket timestamptz, new_region text, new_station text, new_key text[], new_counts boolean)
      returns void language plpgsql as $$
    begin
      if old_counts and new_counts and (old_bucket, old_region, old_station, old_key)
          is not distinct from (new_bucket, new_region, new_station, new_key) then
        return;
      end if;
      insert into dashboard_counts as c (figure, bucket, region_id, station_id, key, n)
        select p_figure, v.bucket, v.region_id, v.station_id, v.key, v.n
        from (values (old_bucket, old_region, old_station, old_key, -1, old_counts is true),
                     (new_bucket, new_region, new_station, new_key, 1, new_counts is true)) v(bucket, region_id, station_id, key, n, counts)
        where v.counts
        order by v.bucket nulls first, v.region_id, v.station_id nulls first, v.key
        on conflict on constraint dashboard_counts_key do update set n = c.n + excluded.n;
    end $$;

    create function dashboard_count_case() returns trigger language plpgsql as $$
    declare
      o cases := case when tg_op in ('UPDATE', 'DELETE') then old end;
      w cases := case when tg_op in ('UPDATE', 'INSERT') then new end;
    begin
      perform dashboard_move('captures', dashboard_day(o.captured_at), o.region_id, o.station_id, '{}', o.id is not null,
        dashboard_day(w.captured_at), w.region_id, w.station_id, '{}', w.id is not null);
      perform dashboard_move('cases', null, o.region_id, o.station_id, array[o.status], o.id is not null,
        null, w.region_id, w.station_id, array[w.status], w.id is not null);
      return null;
    end $$;
    create trigger dashboard_counts after insert or delete or update of captured_at, status, station_id, region_id
      on cases for each row execute function dashboard_count_case();

    create function dashboard_count_archived_attempt() returns trigger language plpgsql as $$
    begin
      perform dashboard_move('captures', null, null, null, null, false,
        dashboard_day(new.captured_at), c.region_id, c.station_id, '{}', true)
        from cases c where c.id = new.case_id;
      return null;
    end $$;
    create trigger dashboard_counts after insert on case_attempts
      for each row execute function dashboard_count_archived_attempt();

    create function dashboard_count_outcome() returns trigger language plpgsql as $$
    declare
      o attempt_outcomes := case when tg_op in ('UPDATE', 'DELETE') then old end;
      w attempt_outcomes := case when tg_op in ('UPDATE', 'INSERT') then new end;
      check_id text;
    begin
      perform dashboard_move('outcomes', dashboard_day(o.captured_at), o.region_id, o.station_id,
          array[o.verdict, o.sex, o.age_band], o.case_id is not null,
        dashboard_day(w.captured_at), w.region_id, w.station_id, array[w.verdict, w.sex, w.age_band],
          w.case_id is not null);
      perform dashboard_move('attempts_hourly', dashboard_hour(o.captured_at), o.region_id, o.station_id, '{}',
          o.case_id is not null,
        dashboard_hour(w.captured_at), w.region_id, w.station_id, '{}', w.case_id is not null);
      for check_id in select unnest(o.failed_checks) union select unnest(w.failed_checks) order by 1 loop
        perform dashboard_move('check_failures', dashboard_day(o.captured_at), o.region_id, o.station_id,
            array[check_id], check_id = any(o.failed_checks),
          dashboard_day(w.captured_at), w.region_id, w.station_id, array[check_id], check_id = any(w.failed_checks));
        perform dashboard_move('check_failures_hourly', dashboard_hour(o.captured_at), o.region_id,
            o.station_id, array[check_id], check_id = any(o.failed_checks),
          dashboard_hour(w.captured_at), w.region_id, w.station_id, array[check_id],
            check_id = any(w.failed_checks));
      end loop;
      return null;
    end $$;
    create trigger dashboard_counts after insert or update or delete on attempt_outcomes
      for each row execute function dashboard_count_outcome();

    create function dashboard_count_issued_photo() returns trigger language plpgsql as $$
    declare
      o issued_photos := case when tg_op in ('UPDATE', 'DELETE') then old end;
      w issued_photos := case when tg_op in ('UPDATE', 'INSERT') then new end;
    begin
      perform dashboard_move('issued_photos', null, c.region_id, c.station_id, '{}', o.state = 'issued',
          null, c.region_id, c.station_id, '{}', w.state = 'issued')
        from cases c where c.id = coalesce(w.case_id, o.case_id);
      return null;
    end $$;
    create trigger dashboard_counts after insert or delete or update of state on issued_photos
      for each row execute function dashboard_count_issued_photo();

    create function dashboard_count_submission() returns trigger language plpgsql as $$
    declare
      o upstream_submissions := case when tg_op in ('UPDATE', 'DELETE') then old end;
      w upstream_submissions := case when tg_op in ('UPDATE', 'INSERT') then new end;
    begin
      perform dashboard_move('submissions', null, c.region_id, c.station_id, array[o.target, o.state],
          o.case_id is not null and (o.state <> 'rejected' or o.closed_at is null),
          null, c.region_id, c.station_id, array[w.target, w.state],
          w.case_id is not null and (w.state <> 'rejected' or w.closed_at is null)),
        dashboard_move('delivered_daily', dashboard_day(o.updated_at), c.region_id, c.station_id, array[o.target],
          o.state = 'delivered',
          dashboard_day(w.updated_at), c.region_id, c.station_id, array[w.target], w.state = 'delivered')
        from cases c where c.id = coalesce(w.case_id, o.case_id);
      return null;
    end $$;
    create trigger dashboard_counts after insert or delete or update of state, updated_at, closed_at
      on upstream_submissions
      for each row execute function dashboard_count_submission();

    create function dashboard_count_grant() returns trigger language plpgsql as $$
    declare
      o grants := case when tg_op in ('UPDATE', 'DELETE') then old end;
      w grants := case when tg_op in ('UPDATE', 'INSERT') then new end;
    begin
      perform dashboard_move('grants', null, o.region_id, null, array[o.client_id, o.state], o.id is not null,
        null, w.region_id, null, array[w.client_id, w.state], w.id is not null);
      perform dashboard_move('grants_created', dashboard_day(o.created_at), o.region_id, null, array[o.client_id],
          o.id is not null,
        dashboard_day(w.created_at), w.region_id, null, array[w.client_id], w.id is not null);
      perform dashboard_move('grant_revocations', dashboard_day(o.revoked_at), o.region_id, null,
          array[o.client_id], o.revoked_at is not null,
        dashboard_day(w.revoked_at), w.region_id, null, array[w.client_id], w.revoked_at is not null);
      return null;
    end $$;
    create trigger dashboard_counts after insert or delete or update of state, client_id, region_id, created_at,
        revoked_at on grants
      for each row execute function dashboard_count_grant();

    create function dashboard_count_grant_read() returns trigger language plpgsql as $$
    begin
      perform dashboard_move('grant_reads', null, null, null, null, false,
        dashboard_day(new.at), g.region_id, null, array[new.client_id], true)
        from grants g where g.id = new.grant_id;
      return null;
    end $$;
    create trigger dashboard_counts after insert on grant_reads
      for each row execute function dashboard_count_grant_read();
  `);
  await backfill(knex);
  // What the dashboard still reads from the tables, by the work open now: the review queues (covering, so the
  // counts read the index alone), the timers a stuck case is late on, and the submissions failing now.
  await knex.raw(`
    create index cases_review_open on cases (region_id) include (status, sla_due_at, escalated_at, queued_at)
      where status in ('in_review', 'awaiting_second_approval');
    create index cases_working_updated_at on cases (updated_at)
      where status in ('received', 'processing', 'processed', 'approved');
    create index cases_retake_deadline_at on cases (retake_deadline_at) where status = 'awaiting_retake';
    create index cases_review_sla_due_at on cases (sla_due_at)
      where status in ('in_review', 'awaiting_second_approval') and escalated_at is null;
    create index upstream_submissions_retrying on upstream_submissions (target, last_error_at desc nulls last)
      include (case_id) where state = 'retrying';
  `);
}

/** The counters from the tables they count, one statement per figure: what the triggers would have made. */
export async function backfill(knex: Knex): Promise<void> {
  const insert = (select: string) =>
    knex.raw(`insert into dashboard_counts (figure, bucket, region_id, station_id, key, n) ${select}`);
  await insert(`
    select 'captures', dashboard_day(at), region_id, station_id, '{}', count(*) from (
      select captured_at as at, region_id, station_id from cases
      union all
      select a.captured_at, c.region_id, c.station_id from case_attempts a join cases c on c.id = a.case_id) x
    group by 2, 3, 4`);
  await insert(
    `select 'cases', null, region_id, station_id, array[status], count(*) from cases group by 3, 4, 5`,
  );
  await insert(`
    select 'outcomes', dashboard_day(captured_at), region_id, station_id, array[verdict, sex, age_band], count(*)
    from attempt_outcomes group by 2, 3, 4, 5`);
  await insert(`
    select 'attempts_hourly', dashboard_hour(captured_at), region_id, station_id, '{}', count(*)
    from attempt_outcomes group by 2, 3, 4`);
  for (const [figure, bucket] of [
    ['check_failures', 'dashboard_day(o.captured_at)'],
    ['check_failures_hourly', `dashboard_hour(o.captured_at)`],
  ])
    await insert(`
      select '${figure}', ${bucket}, o.region_id, o.station_id, array[f.check_id], count(*)
      from attempt_outcomes o cross join lateral unnest(o.failed_checks) f(check_id) group by 2, 3, 4, 5`);
  await insert(`
    select 'issued_photos', null, c.region_id, c.station_id, '{}', count(*)
    from issued_photos p join cases c on c.id = p.case_id where p.state = 'issued' group by 3, 4`);
  await insert(`
    select 'submissions', null, c.region_id, c.station_id, array[s.target, s.state], count(*)
    from upstream_submissions s join cases c on c.id = s.case_id where s.state <> 'rejected' or s.closed_at is null
    group by 3, 4, 5`);
  await insert(`
    select 'delivered_daily', dashboard_day(s.updated_at), c.region_id, c.station_id, array[s.target], count(*)
    from upstream_submissions s join cases c on c.id = s.case_id where s.state = 'delivered' group by 2, 3, 4, 5`);
  await insert(
    `select 'grants', null, region_id, null, array[client_id, state], count(*) from grants group by 3, 5`,
  );
  await insert(`
    select 'grants_created', dashboard_day(created_at), region_id, null, array[client_id], count(*)
    from grants group by 2, 3, 5`);
  await insert(`
    select 'grant_revocations', dashboard_day(revoked_at), region_id, null, array[client_id], count(*)
    from grants where revoked_at is not null group by 2, 3, 5`);
  await insert(`
    select 'grant_reads', dashboard_day(r.at), g.region_id, null, array[r.client_id], count(*)
    from grant_reads r join grants g on g.id = r.grant_id group by 2, 3, 5`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index upstream_submissions_retrying, cases_review_sla_due_at, cases_retake_deadline_at,
      cases_working_updated_at, cases_review_open;
    drop trigger dashboard_counts on grant_reads;
    drop trigger dashboard_counts on grants;
    drop trigger dashboard_counts on upstream_submissions;
    drop trigger dashboard_counts on issued_photos;
    drop trigger dashboard_counts on attempt_outcomes;
    drop trigger dashboard_counts on case_attempts;
    drop trigger dashboard_counts on cases;
    drop function dashboard_count_grant_read, dashboard_count_grant, dashboard_count_submission,
      dashboard_count_issued_photo, dashboard_count_outcome, dashboard_count_archived_attempt, dashboard_count_case,
      dashboard_move, dashboard_hour, dashboard_day;
    drop table dashboard_counts;
  `);
}
