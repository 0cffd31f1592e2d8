-- The token value columns now hold "sha256:" + 64 hex digits (V6): short enough for an ordinary indexed column,
-- so every token lookup is one index probe instead of a scan of the whole table.
ALTER TABLE oauth2_authorization ALTER COLUMN authorization_code_value SET DATA TYPE varchar(71);
ALTER TABLE oauth2_authorization ALTER COLUMN access_token_value SET DATA TYPE varchar(71);
ALTER TABLE oauth2_authorization ALTER COLUMN oidc_id_token_value SET DATA TYPE varchar(71);
ALTER TABLE oauth2_authorization ALTER COLUMN refresh_token_value SET DATA TYPE varchar(71);
ALTER TABLE oauth2_authorization ALTER COLUMN user_code_value SET DATA TYPE varchar(71);
ALTER TABLE oauth2_authorization ALTER COLUMN device_code_value SET DATA TYPE varchar(71);

CREATE INDEX oauth2_authorization_code_idx ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access_token_idx ON oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_id_token_idx ON oauth2_authorization (oidc_id_token_value);
CREATE INDEX oauth2_authorization_refresh_token_idx ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_state_idx ON oauth2_authorization (state);
-- For the revocation of all tokens of a client (disable, delete) and the cleanup of expired rows.
CREATE INDEX oauth2_authorization_client_idx ON oauth2_authorization (registered_client_id);
