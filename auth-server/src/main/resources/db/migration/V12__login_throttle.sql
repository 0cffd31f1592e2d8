-- Failed sign-ins per account name (as typed, existing or not) and per client address, for brute-force protection:
-- after a few failures each further one locks the name or address for a while, doubling up to a maximum. Rows are
-- forgotten some time after their last failure.
CREATE TABLE login_throttle (
    -- 'account:<name>' or 'address:<ip>'
    throttle_key varchar(300) NOT NULL,
    failures integer NOT NULL,
    last_failure_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone DEFAULT NULL,
    PRIMARY KEY (throttle_key)
);

CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
