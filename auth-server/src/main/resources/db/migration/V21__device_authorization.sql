-- Device authorization grant (RFC 8628).
-- When the device last polled the token endpoint with its device code, and the interval it must keep since: each
-- poll that comes sooner answers slow_down and adds 5 seconds (RFC 8628 §3.5). Kept on the authorization's own row,
-- so every instance sees the same polls and the cleanup of expired authorizations removes them too.
ALTER TABLE oauth2_authorization ADD COLUMN device_code_polled_at timestamp with time zone DEFAULT NULL;
ALTER TABLE oauth2_authorization ADD COLUMN device_code_interval integer DEFAULT NULL;

-- Wrong user codes entered at the verification page, per client address and per session (RFC 8628 §5.1), counted
-- over a fixed window that starts at the first failure.
CREATE TABLE user_code_throttle (
    -- 'address:<ip>' or 'session:<hash of the session id>'
    throttle_key varchar(300) NOT NULL,
    failures integer NOT NULL,
    window_ends_at timestamp with time zone NOT NULL,
    PRIMARY KEY (throttle_key)
);

CREATE INDEX user_code_throttle_window_idx ON user_code_throttle (window_ends_at);
