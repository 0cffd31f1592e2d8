-- Refresh tokens replaced by a refresh grant (rotation, RFC 9700 §4.14.2), by hash: one presented again means two
-- parties hold the grant's tokens, and the grant is revoked. Rows go with their authorization, or once expired.
CREATE TABLE replaced_refresh_token (
    token_hash varchar(71) NOT NULL,
    authorization_id varchar(100) NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (token_hash),
    CONSTRAINT replaced_refresh_token_authorization_fk FOREIGN KEY (authorization_id)
        REFERENCES oauth2_authorization (id) ON DELETE CASCADE
);

CREATE INDEX replaced_refresh_token_authorization_idx ON replaced_refresh_token (authorization_id);
CREATE INDEX replaced_refresh_token_expires_at_idx ON replaced_refresh_token (expires_at);
