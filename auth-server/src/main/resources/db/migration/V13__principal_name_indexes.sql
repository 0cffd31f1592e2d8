-- Finding what one user holds: the grants revoked when an admin disables them or resets their password, and the
-- apps listed on their connected apps page. Without these, each such request scanned the tables.
CREATE INDEX oauth2_authorization_principal_idx ON oauth2_authorization (principal_name);
CREATE INDEX oauth2_authorization_consent_principal_idx ON oauth2_authorization_consent (principal_name);
