-- Schema version 4: a counter that changes whenever data a page shows
-- changes, so the web server can keep rendered pages until it does. Every
-- insert, update and delete on those tables bumps it (by trigger, so no
-- write path can forget); the audit log and sessions do not, since viewing
-- a record must not throw every cached page away.
CREATE TABLE data_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);
INSERT INTO data_generation(id, n) VALUES (1, 0);

CREATE TRIGGER gen_child_i AFTER INSERT ON child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_child_u AFTER UPDATE ON child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_child_d AFTER DELETE ON child BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_episode_i AFTER INSERT ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_episode_u AFTER UPDATE ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_episode_d AFTER DELETE ON episode BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_review_i AFTER INSERT ON review BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_review_u AFTER UPDATE ON review BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_review_d AFTER DELETE ON review BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_allocation_i AFTER INSERT ON allocation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_allocation_u AFTER UPDATE ON allocation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_allocation_d AFTER DELETE ON allocation BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_contact_i AFTER INSERT ON contact BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_contact_u AFTER UPDATE ON contact BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_contact_d AFTER DELETE ON contact BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_care_notification_i AFTER INSERT ON care_notification BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_care_notification_u AFTER UPDATE ON care_notification BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_care_notification_d AFTER DELETE ON care_notification BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_i AFTER INSERT ON iro BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_u AFTER UPDATE ON iro BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_d AFTER DELETE ON iro BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_locality_i AFTER INSERT ON iro_locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_locality_u AFTER UPDATE ON iro_locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_iro_locality_d AFTER DELETE ON iro_locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_sibling_group_i AFTER INSERT ON sibling_group BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_sibling_group_u AFTER UPDATE ON sibling_group BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_sibling_group_d AFTER DELETE ON sibling_group BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_locality_i AFTER INSERT ON locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_locality_u AFTER UPDATE ON locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_locality_d AFTER DELETE ON locality BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_rule_i AFTER INSERT ON rule BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_rule_u AFTER UPDATE ON rule BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_rule_d AFTER DELETE ON rule BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_closure_day_i AFTER INSERT ON closure_day BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_closure_day_u AFTER UPDATE ON closure_day BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER gen_closure_day_d AFTER DELETE ON closure_day BEGIN UPDATE data_generation SET n = n + 1 WHERE id = 1; END;
