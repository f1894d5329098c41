-- Schema version 18 (issue 20): figures from outside the council's records
-- that the annual report sets beside its own: England's, the region's and
-- the statistical neighbours' published figures, and the council's own
-- population aged under 18 that a rate per 10,000 needs.
--
-- year is the year ending 31 March that the figure describes (2021 is the
-- DfE's "31 March 2021", the council's 2020/21), so a figure and the
-- report it is beside line up however the publisher dates its tables.
-- value is held in hundredths (67 per 10,000 is 6700; 77% is 7700) so the
-- report's arithmetic and its comparisons stay exact, as RCOL_DEC's do.
CREATE TABLE comparator (
  measure TEXT NOT NULL,
  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
  area TEXT NOT NULL CHECK (area IN ('England', 'region', 'statistical neighbours', 'council')),
  value_x100 INTEGER NOT NULL CHECK (value_x100 >= 0),
  loaded_at TEXT NOT NULL,
  loaded_by TEXT NOT NULL,
  PRIMARY KEY (measure, year, area)
);
