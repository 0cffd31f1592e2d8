-- The clients of each sign-in session: a row for each authorization whose tokens (with an ID token naming the session
-- by its sid) a code grant issued in that session. Ending the session revokes those authorizations' refresh tokens,
-- and tells those clients (OpenID Connect Back-Channel Logout 1.0). A session's rows go when it ends; the cleanup job
-- deletes those of sessions that timed out, once their authorization is gone.
CREATE TABLE session_client (
    -- The sid claim: base64url SHA-256 of the Spring Session id, as the framework computes it. Never the id itself,
    -- which is the session cookie's value.
    sid varchar(64) NOT NULL,
    client_id varchar(100) NOT NULL,
    authorization_id varchar(100) NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    PRIMARY KEY (sid, authorization_id)
);

CREATE INDEX session_client_issued_at_idx ON session_client (issued_at);

-- Back-channel logout notifications not delivered yet (an outbox): written in the transaction that ends the session,
-- so a restart or another instance delivers what this one could not. A worker claims a row by moving its
-- next_attempt_at forward with a conditional UPDATE, and deletes it once delivered or given up; the audit log keeps
-- the outcome. The logout token is signed at each attempt, so no token is stored.
CREATE TABLE logout_delivery (
    id varchar(36) NOT NULL,
    client_id varchar(100) NOT NULL,
    logout_uri varchar(1000) NOT NULL,
    subject varchar(200) NOT NULL,
    sid varchar(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    attempts int NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    PRIMARY KEY (id)
);

CREATE INDEX logout_delivery_next_attempt_idx ON logout_delivery (next_attempt_at);
