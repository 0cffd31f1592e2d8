-- Signing keys move through NEXT (published, not signing) -> ACTIVE (signing) -> RETIRED (published so the tokens it
-- signed keep verifying) and are deleted after their window; REVOKED keys are no longer published.
-- activated_at: when an ACTIVE key started signing, or when a NEXT key is due to.
ALTER TABLE signing_key ADD COLUMN activated_at timestamp with time zone;
ALTER TABLE signing_key ADD COLUMN retired_at timestamp with time zone;
UPDATE signing_key SET activated_at = created_at WHERE state = 'ACTIVE';

-- One row that instances lock (SELECT ... FOR UPDATE) before they change the key ring, so that several instances on
-- one database rotate exactly once.
CREATE TABLE signing_key_lock (
    name varchar(64) NOT NULL,
    PRIMARY KEY (name)
);
INSERT INTO signing_key_lock (name) VALUES ('signing-keys');
