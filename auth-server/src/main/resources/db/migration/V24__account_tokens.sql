-- Single-use links the account pages send by mail: password reset, verification of a new email address, and of a
-- self-registered account. Only the SHA-256 of the token is stored, so the table's rows open nothing. A link is
-- redeemed by deleting its row, which one request alone can do.
CREATE TABLE account_token (
    -- hex SHA-256 of the token in the link
    token_hash char(64) NOT NULL,
    -- 'password_reset', 'email_change' or 'registration'
    purpose varchar(20) NOT NULL,
    username varchar(200) NOT NULL,
    -- the address being verified (email_change, registration); null for a password reset
    email varchar(320) DEFAULT NULL,
    expires_at timestamp with time zone NOT NULL,
    PRIMARY KEY (token_hash),
    CONSTRAINT account_token_user_fk FOREIGN KEY (username) REFERENCES user_account (username) ON DELETE CASCADE
);

CREATE INDEX account_token_username_idx ON account_token (username);
CREATE INDEX account_token_expires_idx ON account_token (expires_at);

-- Mails requested per client address and sent per account, counted over a fixed window from the first, so that
-- nobody floods an inbox or uses the server to send mail in bulk. Every instance counts the same requests.
CREATE TABLE account_mail_throttle (
    -- 'address:<ip>' or 'account:<hash of the username>'
    throttle_key varchar(300) NOT NULL,
    requests integer NOT NULL,
    window_ends_at timestamp with time zone NOT NULL,
    PRIMARY KEY (throttle_key)
);

CREATE INDEX account_mail_throttle_window_idx ON account_mail_throttle (window_ends_at);
