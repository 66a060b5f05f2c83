import type { Knex } from 'knex';

/**
 * ID numbers sealed at rest (db/person-cipher.ts). Schema only, so it runs in moments on any table size: the
 * rows are converted by `npm run persons:seal` (db/seal-persons.ts), in batches, resumable, which the API also
 * runs at start-up. The conversion needs the master keys, which a migration does not have.
 *
 * cases: `id_number_encrypted` (sealed), `id_number_masked` (what lists show), `resident_sex` and `resident_birth`
 * (what the dashboard's figures read, the part of a resident ID number they need: GB 11643 digits 7-14 and the
 * parity of 17), beside `id_number_hmac` (0011); `id_number` becomes nullable and is emptied by the conversion.
 * grants: `owner_id_number_hmac` in place of `owner_id_number`, likewise emptied.
 *
 * The indexes that held ID numbers are dropped (an index keeps its own copy): the case list no longer finds a
 * number by a part of it (README, "Personal data at rest"); lookups go through the person hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('id_number_encrypted');
    t.text('id_number_masked');
    t.text('resident_sex');
    t.text('resident_birth');
    t.setNullable('id_number');
    t.dropIndex(['id_number', 'status']);
    t.index(['id_number_hmac', 'status']);
  });
  await knex.raw('drop index cases_id_number_trgm_index');
  // What the conversion walks: rows still holding a plaintext number.
  await knex.raw('create index cases_id_number_plaintext on cases (id) where id_number is not null');

  await knex.schema.alterTable('grants', (t) => {
    t.text('owner_id_number_hmac');
    t.setNullable('owner_id_number');
    t.dropIndex(['owner_id_number', 'created_at']);
    t.index(['owner_id_number_hmac', 'created_at']);
  });
  await knex.raw(
    'create index grants_owner_id_number_plaintext on grants (id) where owner_id_number is not null',
  );

  await knex.raw(`
    create function resident_birth(id_number text) returns text language sql immutable as $$
      select case when id_number ~ '^[0-9]{17}[0-9Xx]$' then substr(id_number, 7, 8) end
    $$;
    -- What 0013's functions (resident_sex, resident_age_band) read of a resident number, digits 7-14 and the
    -- parity of 17, put back into the shape they read: one reading of GB 11643 for converted and older rows.
    create function resident_digits(sex text, birth text) returns text language sql immutable as $$
      select '000000' || birth || '00' || case sex when 'male' then '1' else '0' end || '0'
    $$;
    -- A row not yet converted still has its plaintext number: the figures read it from there until then.
    create or replace function attempt_outcome_of_case() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.id, new.attempt, new.station_id, new.region_id, new.captured_at,
        new.verdict, new.quality_report, coalesce(new.id_number, resident_digits(new.resident_sex, new.resident_birth)));
      return null;
    end $$;
    create or replace function attempt_outcome_of_archived() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.case_id, new.attempt, c.station_id, c.region_id, new.captured_at,
        new.verdict, new.quality_report, coalesce(c.id_number, resident_digits(c.resident_sex, c.resident_birth)))
        -- A phone capture has no station: the per-station outcomes leave it out (0017).
        from cases c where c.id = new.case_id and c.station_id is not null;
      return null;
    end $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column] of [
    ['cases', 'id_number'],
    ['grants', 'owner_id_number'],
  ] as const) {
    const [{ sealed }] = (await knex(table).whereNull(column).count({ sealed: '*' })) as [{ sealed: string }];
    if (Number(sealed))
      throw new Error(
        `${sealed} rows of ${table} hold their ID number sealed only: going back would lose it`,
      );
  }
  await knex.raw(`
    create or replace function attempt_outcome_of_case() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.id, new.attempt, new.station_id, new.region_id, new.captured_at,
        new.verdict, new.quality_report, new.id_number);
      return null;
    end $$;
    create or replace function attempt_outcome_of_archived() returns trigger language plpgsql as $$
    begin
      perform record_attempt_outcome(new.case_id, new.attempt, c.station_id, c.region_id, new.captured_at,
        new.verdict, new.quality_report, c.id_number) from cases c
        where c.id = new.case_id and c.station_id is not null;
      return null;
    end $$;
    drop function resident_digits, resident_birth;
    drop index grants_owner_id_number_plaintext;
    drop index cases_id_number_plaintext;
    create index cases_id_number_trgm_index on cases using gin (id_number gin_trgm_ops);
  `);
  await knex.schema.alterTable('grants', (t) => {
    t.dropIndex(['owner_id_number_hmac', 'created_at']);
    t.index(['owner_id_number', 'created_at']);
    t.dropNullable('owner_id_number');
    t.dropColumn('owner_id_number_hmac');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['id_number_hmac', 'status']);
    t.index(['id_number', 'status']);
    t.dropNullable('id_number');
    t.dropColumns('id_number_encrypted', 'id_number_masked', 'resident_sex', 'resident_birth');
  });
}
