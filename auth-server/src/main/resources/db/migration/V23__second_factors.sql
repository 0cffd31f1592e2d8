-- One-time codes (RFC 6238) as a second factor, their recovery codes, and who must have a second factor.
-- Rows hang off the account's row id, so deleting an account deletes its factors.

-- A user's one TOTP credential. The shared secret is stored encrypted under the key-encryption key (AES-256-GCM, the
-- account's row id as associated data), never in clear: the server must read it back to compute codes. Unconfirmed
-- until the user has entered a code from it; only a confirmed one signs in. last_used_step is the RFC 6238 time step
-- of the last code accepted: a code is accepted only for a later step, so each works once, on every instance.
CREATE TABLE totp_credential (
    user_id bigint NOT NULL,
    secret_ciphertext varchar(200) NOT NULL,
    confirmed boolean DEFAULT FALSE NOT NULL,
    last_used_step bigint DEFAULT NULL,
    created_at timestamp with time zone NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT totp_credential_user_fk FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
);

-- Single-use recovery codes, by the SHA-256 of the code (they carry 50 random bits and are tried only at the throttled
-- second-factor step, so a fast hash suffices): using one deletes its row.
CREATE TABLE recovery_code (
    user_id bigint NOT NULL,
    code_hash varchar(64) NOT NULL,
    PRIMARY KEY (user_id, code_hash),
    CONSTRAINT recovery_code_user_fk FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
);

-- Who must sign in with a second factor, as an admin set it: a user ('user', username), everyone with a role ('role',
-- role name) or everyone signing in to a client ('client', client_id).
CREATE TABLE second_factor_requirement (
    kind varchar(10) NOT NULL,
    name varchar(200) NOT NULL,
    PRIMARY KEY (kind, name)
);
