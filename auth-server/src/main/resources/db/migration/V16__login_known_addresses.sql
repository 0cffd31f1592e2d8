-- The addresses each account signed in from successfully. The right password from one of them passes the lock that
-- failures from everywhere put on the account name, so that strangers cannot lock the owner out (OWASP ASVS v4.0.3
-- §2.2.1); from other addresses the account stays locked. Visible to every instance, like the throttle itself.
-- A row holds the SHA-256 of the account name and the address rather than either in clear: the table lists no one's
-- addresses. That is pseudonymisation, not secrecy: an IPv4 address can be found again by trying them all.
CREATE TABLE login_known_address (
    -- hex SHA-256 of '<account name>' LF '<address>'
    address_key char(64) NOT NULL,
    last_sign_in_at timestamp with time zone NOT NULL,
    PRIMARY KEY (address_key)
);

CREATE INDEX login_known_address_last_sign_in_idx ON login_known_address (last_sign_in_at);
