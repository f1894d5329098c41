-- Schema version 16: placements entered in Oversight (issue 15).
--
-- 1. An episode's registration may also be 'not-applicable' (a child placed
--    with parents, say, where no provider is registered or not). 'supported'
--    stays the stored word for unregulated provision (16-17 supported
--    accommodation): pages call it "unregulated".
--
-- SQLite cannot change a CHECK, so the table is rebuilt. Migrations run in
-- a transaction with foreign keys on, where PRAGMA foreign_keys cannot
-- change, and unreg_event.episode_id refers to episode(id). So:
--   * defer_foreign_keys (allowed inside a transaction, reset at commit)
--     lets the DROP's implicit delete leave unreg_event pointing nowhere
--     for a moment; SQLite counts each such row;
--   * the new table is created under the old name (references are by name,
--     so unreg_event's now point at it) and every row is put back with its
--     own id; each insert into the parent settles the count for the rows
--     referring to it;
--   * COMMIT fails, and the migration with it, unless every referring row
--     found its episode again: the migration cannot lose a referenced row.
-- (Building episode_new and renaming it into place does not work with
-- foreign keys on: the rename settles nothing and the commit fails.)
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE episode_copy AS SELECT * FROM main.episode;

DROP TABLE main.episode;

CREATE TABLE episode (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  start_date TEXT NOT NULL,
  rne TEXT NOT NULL CHECK (rne IN ('S','L','P','T','B','U')),
  legal_status TEXT NOT NULL CHECK (legal_status IN (
    'C1','C2','D1','E1','J1','J2','J3','L1','L2','L3','V2','V3','V4')),
  cin TEXT NOT NULL CHECK (cin IN ('N1','N2','N3','N4','N5','N6','N7','N8')),
  placement TEXT NOT NULL CHECK (placement IN (
    'A3','A4','A5','A6','H5','K1','K2','K3','P1','P2','P3','R1','R2','R3','R5','S1',
    'T0','T1','T2','T3','T4','U1','U2','U3','U4','U5','U6','Z1','Z11','Z12','Z13','Z14')),
  provider TEXT CHECK (provider IS NULL OR provider IN ('PR0','PR1','PR2','PR3','PR4','PR5')),
  provider_name TEXT,
  registration TEXT NOT NULL DEFAULT 'registered'
    CHECK (registration IN ('registered', 'unregistered', 'supported', 'not-applicable')),
  home_postcode TEXT,
  placement_postcode TEXT,
  placement_locality_id INTEGER REFERENCES locality(id),
  in_area INTEGER CHECK (in_area IN (0, 1)),
  distance_miles REAL,
  urn TEXT,
  end_date TEXT,
  end_reason TEXT,
  reason_place_change TEXT,
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((end_date IS NULL) = (end_reason IS NULL)),
  UNIQUE (child_id, start_date)
);

INSERT INTO episode(id, child_id, start_date, rne, legal_status, cin, placement, provider,
                    provider_name, registration, home_postcode, placement_postcode,
                    placement_locality_id, in_area, distance_miles, urn, end_date, end_reason,
                    reason_place_change)
  SELECT id, child_id, start_date, rne, legal_status, cin, placement, provider,
         provider_name, registration, home_postcode, placement_postcode,
         placement_locality_id, in_area, distance_miles, urn, end_date, end_reason,
         reason_place_change
  FROM temp.episode_copy ORDER BY id;

DROP TABLE temp.episode_copy;

-- The triggers went with the old table (004).
CREATE TRIGGER gen_episode_i AFTER INSERT ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_episode_u AFTER UPDATE ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_episode_d AFTER DELETE ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
-- Cached pages were drawn from the old table.
UPDATE data_generation SET n = n + 1 WHERE id = 1;

-- 2. The council's postcode table (ONS postcode directory, or a cut of it),
--    loaded once by `oversight postcodes load`: each postcode's grid
--    reference and lower-tier district. pcd is upper-cased without spaces,
--    as the lookups compare them.
CREATE TABLE postcode (
  pcd TEXT PRIMARY KEY,
  east INTEGER,
  north INTEGER,
  laua TEXT
);

-- 3. Settings of this council that are not timescales: 'la_code', the
--    council's own ONS code (E09000027), deciding in or out of area.
CREATE TABLE setting (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TRIGGER gen_setting_i AFTER INSERT ON setting BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_setting_u AFTER UPDATE ON setting BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
