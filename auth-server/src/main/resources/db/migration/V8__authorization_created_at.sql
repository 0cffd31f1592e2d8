-- When an authorization was first stored: a pending authorization request (waiting for the user's consent) has no
-- token and so no expiry, and the cleanup job needs its age. The framework's INSERT leaves the column to its default.
ALTER TABLE oauth2_authorization ADD COLUMN created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL;
