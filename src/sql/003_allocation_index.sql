-- Schema version 3: find an IRO's allocations on a date without scanning
-- every allocation (the IRO dashboard counts one IRO's caseload).
CREATE INDEX allocation_iro_start ON allocation(iro_id, start_date);
