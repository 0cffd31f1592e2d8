-- Signed request objects (RFC 9101) at the authorization and pushed authorization request endpoints.

-- The jti of every request object accepted, until it expires: a request object is accepted once, by whichever instance
-- sees it first (the primary key makes a second use fail to insert on any instance). Kept apart from the client
-- assertions' jti, which a client may pick independently.
CREATE TABLE used_request_object (
    client_id varchar(100) NOT NULL,
    jti varchar(200) NOT NULL,
    -- The object's exp plus the clock skew allowed: until then it could still be presented.
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (client_id, jti)
);

CREATE INDEX used_request_object_expires_at_idx ON used_request_object (expires_at);
