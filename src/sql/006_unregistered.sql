-- Schema version 6: children placed in unregistered provision (SPEC §4,
-- domain/000_...). The placement itself is an episode with registration
-- 'unregistered'; these tables hold what must follow it.

-- The QA managers told of the placement (before or on the day) and the
-- IRO's visit (within two weeks). episode_id links the event to the
-- placement when it was known; a notification often comes before the
-- placement is recorded, so it may be NULL and the date decides.
CREATE TABLE unreg_event (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  episode_id INTEGER REFERENCES episode(id),
  kind TEXT NOT NULL CHECK (kind IN ('qa-notified', 'iro-visit')),
  on_date TEXT NOT NULL,
  by_whom TEXT,
  note TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (child_id, kind, on_date)
);
CREATE INDEX unreg_event_episode ON unreg_event(episode_id);

-- The IRO's monthly oversight record: one per child per month, each of the
-- four checks answered yes (1) or no (0) with a note:
--   a the social worker visits weekly; b the child is seen alone;
--   c the child is seen away from the placement; d there is management
--   oversight (service manager and head of locality).
CREATE TABLE oversight_record (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES child(id),
  month TEXT NOT NULL CHECK (length(month) = 7),   -- 'YYYY-MM'
  recorded_on TEXT NOT NULL,
  iro_id INTEGER REFERENCES iro(id),
  check_a INTEGER NOT NULL CHECK (check_a IN (0, 1)),
  check_b INTEGER NOT NULL CHECK (check_b IN (0, 1)),
  check_c INTEGER NOT NULL CHECK (check_c IN (0, 1)),
  check_d INTEGER NOT NULL CHECK (check_d IN (0, 1)),
  note_a TEXT,
  note_b TEXT,
  note_c TEXT,
  note_d TEXT,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (child_id, month)
);
-- The monthly exceptions report reads one month for every child.
CREATE INDEX oversight_record_month ON oversight_record(month);

CREATE TRIGGER gen_unreg_event_i AFTER INSERT ON unreg_event BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_unreg_event_u AFTER UPDATE ON unreg_event BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_unreg_event_d AFTER DELETE ON unreg_event BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_oversight_record_i AFTER INSERT ON oversight_record BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_oversight_record_u AFTER UPDATE ON oversight_record BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_oversight_record_d AFTER DELETE ON oversight_record BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
