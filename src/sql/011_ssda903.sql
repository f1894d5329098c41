-- Schema version 11: what an SSDA903 return holds that the child, episode
-- and review tables do not (issue 6). Children, episodes and reviews of a
-- return go into those tables (src/ssda903_store.c); these keep the rest,
-- so that `oversight export 903` can write the return back out.
-- Nothing here is shown by a cached page, so no data_generation triggers:
-- an import changes child, episode and review rows, whose triggers (004)
-- already throw the cached pages away.

-- Header and UASC columns with no place in child. Kept as the return gives
-- them (upper-cased): UPN and MOTHER are checked by the DfE rules, not by
-- the database, so a return with a bad UPN can still be loaded and fixed.
CREATE TABLE ssda903_child (
  child_id INTEGER NOT NULL PRIMARY KEY REFERENCES child(id),
  upn TEXT,
  mother TEXT,
  mc_dob TEXT,
  uasc_ceased TEXT                -- UASC DUC: the date UASC status ceased
);

-- The children each collection year's return listed (year 2026 is
-- 2025/26), so export writes a child with no episode in the year too.
CREATE TABLE ssda903_return_child (
  year INTEGER NOT NULL,
  child_id INTEGER NOT NULL REFERENCES child(id),
  PRIMARY KEY (year, child_id)
);

-- Rows of the files Oversight does not model (oc2, oc3, ad1,
-- placed_for_adoption, previous_permanence, missing, sw_episodes, dolo),
-- kept per collection year. cells is the row as CSV in the DfE's column
-- order; seq its place in the file. Re-importing a year replaces a
-- child's rows of that year and file rather than adding to them.
CREATE TABLE ssda903_row (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('oc2', 'oc3', 'ad1', 'placed_for_adoption',
    'previous_permanence', 'missing', 'sw_episodes', 'dolo')),
  child_id INTEGER NOT NULL REFERENCES child(id),
  seq INTEGER NOT NULL,
  cells TEXT NOT NULL
);
CREATE INDEX ssda903_row_child ON ssda903_row(child_id, year, kind);
CREATE INDEX ssda903_row_year ON ssda903_row(year, kind, seq);
