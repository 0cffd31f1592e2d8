-- Client authentication with signed assertions (RFC 7523, private_key_jwt and client_secret_jwt).

-- The jti of every accepted assertion, until it expires: an assertion is accepted once (RFC 7523 §3, item 7), by
-- whichever instance sees it first. The primary key makes a second use fail to insert on any instance.
CREATE TABLE used_client_assertion (
    client_id varchar(100) NOT NULL,
    jti varchar(200) NOT NULL,
    -- The assertion's exp plus the clock skew allowed: until then it could still be presented.
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (client_id, jti)
);

CREATE INDEX used_client_assertion_expires_at_idx ON used_client_assertion (expires_at);

-- A client's settings may now hold its public keys (the jwks of RFC 7591 §2): a few kilobytes for a JWKS with two
-- or three RSA keys, more than the framework's 2000 characters.
ALTER TABLE oauth2_registered_client ALTER COLUMN client_settings SET DATA TYPE varchar(10000);
