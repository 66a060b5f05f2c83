import type { Knex } from 'knex';

/**
 * The dashboard's records. `station_heartbeats`: each station's latest heartbeat (a station is online when it
 * captured or sent one lately); only the latest is kept, its history is not needed.
 *
 * `attempt_outcomes`: one small row per processed attempt (station, region, time, verdict, the checks that
 * failed, and the sex and age band the resident ID number encodes), kept by triggers as the worker records a
 * verdict on a case or a retake archives an attempt. The quality, fairness and spike figures read it instead
 * of expanding every quality report (tens of kilobytes of JSON each) on every poll: measured on 100,000 cases,
 * those figures took 0.6–1.4 s each from the reports (docs/dashboard.md). Derived data only: rebuilt from
 * `cases` and `case_attempts` below, and by running this migration again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('station_heartbeats', (t) => {
    t.text('station_id').primary().references('stations.id');
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.text('reported_by').notNullable();
    t.text('device');
  });

  await knex.schema.createTable('attempt_outcomes', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('attempt').notNullable();
    t.text('station_id').notNullable();
    t.text('region_id').notNullable();
    t.timestamp('captured_at', { useTz: true }).notNullable();
    t.text('verdict').notNullable();
    t.specificType('failed_checks', 'text[]').notNullable();
    t.text('sex');
    t.text('age_band');
    t.primary(['case_id', 'attempt']);
    t.index(['captured_at']);
    t.index(['region_id', 'captured_at']);
  });

  await knex.raw(`
    -- GB 11643: birth date in digits 7-14, sex in the parity of digit 17; other documents encode neither.
    create function resident_sex(id_number text) returns text language sql immutable as $$
      select case when id_number ~ '^[0-9]{17}[0-9Xx]$' then
        case when substr(id_number, 17, 1)::int % 2 = 1 then 'male' else 'female' end end
    $$;
    -- Whole years on the day of the capture in China Standard Time (the birthday counts once reached).
    create function resident_age_band(id_number text, at timestamptz) returns text language sql immutable as $$
      select case when id_number ~ '^[0-9]{17}[0-9Xx]$' then (
        select case when age < 18 then '0-17' when age < 30 then '18-29' when age < 45 then '30-44'
          when age < 60 then '45-59' else '60+' end
        from (select extract(year from at at time zone 'Asia/Shanghai')::int - substr(id_number, 7, 4)::int
          - case when to_char(at at time zone 'Asia/Shanghai', 'MMDD') < substr(id_number, 11, 4) then 1 else 0 end
          as age) a) end
    $$;
    create function record_attempt_outcome(p_case uuid, p_attempt int, p_station text, p_region text,
        p_at timestamptz, p_verdict text, p_report jsonb, p_id_number text) returns void language sql as $$
      insert into attempt_outcomes (case_id, attempt, station_id, region_id, captured_at, verdict, failed_checks,
          sex, age_band)
        values (p_case, p_attempt, p_station, p_region, p_at, p_verdict,
          array(select distinct e ->> 'id' from jsonb_array_elements(coalesce(p_report -> 'failing', '[]')) e
            order by 1),
          resident_sex(p_id_number), resident_age_band(p_id_number, p_at))
        on conflict on constraint attempt_outcomes_pkey do update
          set verdict = excluded.verdict, failed_checks = excluded.failed_checks, captured_at = excluded.captured_at
    $$;
    create function attempt_outcome_of_case() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.id, new.attempt, new.station_id, new.region_id, new.captured_at,
        new.verdict, new.quality_report, new.id_number);
      return null;
    end $$;
    create function attempt_outcome_of_archived() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.case_id, new.attempt, c.station_id, c.region_id, new.captured_at,
        new.verdict, new.quality_report, c.id_number) from cases c where c.id = new.case_id;
      return null;
    end $$;
    create trigger attempt_outcome after insert or update of verdict on cases
      for each row when (new.verdict is not null) execute function attempt_outcome_of_case();
    create trigger attempt_outcome after insert on case_attempts
      for each row when (new.verdict is not null) execute function attempt_outcome_of_archived();

    select record_attempt_outcome(id, attempt, station_id, region_id, captured_at, verdict, quality_report, id_number)
      from cases where verdict is not null;
    select record_attempt_outcome(a.case_id, a.attempt, c.station_id, c.region_id, a.captured_at, a.verdict,
        a.quality_report, c.id_number)
      from case_attempts a join cases c on c.id = a.case_id where a.verdict is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger attempt_outcome on case_attempts;
    drop trigger attempt_outcome on cases;
    drop function attempt_outcome_of_archived, attempt_outcome_of_case, record_attempt_outcome,
      resident_age_band, resident_sex;
  `);
  await knex.schema.dropTable('attempt_outcomes');
  await knex.schema.dropTable('station_heartbeats');
}
