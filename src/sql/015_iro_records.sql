-- Schema version 15: IROs and localities kept by the council itself
-- (issue 15), not only made by the demo or an import.
-- An IRO's start date is recorded for the service's history; their left
-- date makes them inactive from that day (not suggested, not allocatable)
-- while their record, reviews and past allocations stay. Both may be
-- unknown (NULL) for IROs recorded before this version.
ALTER TABLE iro ADD COLUMN start_date TEXT;
ALTER TABLE iro ADD COLUMN left_date TEXT CHECK (left_date IS NULL OR start_date IS NULL OR left_date >= start_date);
-- Names are told apart as people read them: "north" is the same locality
-- as "North" (the program checks this too, to say so in words).
CREATE UNIQUE INDEX locality_name_nocase ON locality(lower(name));
