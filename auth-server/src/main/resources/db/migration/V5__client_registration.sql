-- Initial access tokens (RFC 7591 §3): what a third party presents to register a client. Only a SHA-256 hash of
-- each token is stored; the token itself is shown once, to the administrator who creates it.
CREATE TABLE initial_access_token (
    id varchar(36) NOT NULL,
    token_hash varchar(64) NOT NULL,
    description varchar(200) NOT NULL,
    -- Space-separated scopes that clients registered with it may ask for; NULL allows any.
    allowed_scopes varchar(1000) DEFAULT NULL,
    -- NULL means any number of registrations until it expires.
    max_uses integer DEFAULT NULL,
    uses integer DEFAULT 0 NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked boolean DEFAULT FALSE NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by varchar(200) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT initial_access_token_hash_uk UNIQUE (token_hash)
);

-- Clients registered through the registration endpoint (RFC 7592): the SHA-256 hash of the registration access
-- token that lets the client read, update and delete its own registration.
CREATE TABLE client_registration (
    registered_client_id varchar(100) NOT NULL,
    registration_access_token_hash varchar(64) NOT NULL,
    initial_access_token_id varchar(36) DEFAULT NULL,
    PRIMARY KEY (registered_client_id),
    CONSTRAINT client_registration_token_uk UNIQUE (registration_access_token_hash),
    CONSTRAINT client_registration_client_fk FOREIGN KEY (registered_client_id)
        REFERENCES oauth2_registered_client (id) ON DELETE CASCADE
);

-- Disabled clients cannot authenticate or start an authorization; the framework's table has no such flag.
ALTER TABLE oauth2_registered_client ADD COLUMN enabled boolean DEFAULT TRUE NOT NULL;
