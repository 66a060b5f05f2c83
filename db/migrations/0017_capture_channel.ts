import type { Knex } from 'knex';

/**
 * The channel a case was captured through: at a service window by an operator (`window`, every case before
 * this) or by the citizen on their own phone (`phone`). A phone capture belongs to no station, so the station
 * is required of window captures only. The dashboard's per-station attempt outcomes leave phone attempts out
 * (their figures are by station); the phone channel's figures are not on the dashboard yet.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table cases add column channel text not null default 'window'
      constraint cases_channel_check check (channel in ('window', 'phone'));
    alter table cases alter column station_id drop not null;
    alter table cases add constraint cases_station_of_window_check
      check ((channel = 'window') = (station_id is not null));
    create or replace trigger attempt_outcome after insert or update of verdict on cases
      for each row when (new.verdict is not null and new.station_id is not null)
      execute function attempt_outcome_of_case();
    create or replace function attempt_outcome_of_archived() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.case_id, new.attempt, c.station_id, c.region_id, new.captured_at,
        new.verdict, new.quality_report, c.id_number) from cases c
        where c.id = new.case_id and c.station_id is not null;
      return null;
    end $$;
  `);
}

/** Refused by the database while a phone capture exists (its station cannot be made up). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function attempt_outcome_of_archived() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.case_id, new.attempt, c.station_id, c.region_id, new.captured_at,
        new.verdict, new.quality_report, c.id_number) from cases c where c.id = new.case_id;
      return null;
    end $$;
    create or replace trigger attempt_outcome after insert or update of verdict on cases
      for each row when (new.verdict is not null) execute function attempt_outcome_of_case();
    alter table cases drop constraint cases_station_of_window_check;
    alter table cases alter column station_id set not null;
    alter table cases drop column channel;
  `);
}
