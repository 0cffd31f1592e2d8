-- Seed data, so a fresh demo shows messages at once. Inserted in reverse order, since the API lists the newest first.
INSERT INTO message (text, author) VALUES ('Post one of your own with a token that has the message.write scope.', 'resource-server');
INSERT INTO message (text, author) VALUES ('Welcome! This message comes from the resource server''s own database.', 'resource-server');
