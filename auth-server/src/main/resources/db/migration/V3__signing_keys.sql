CREATE TABLE signing_key (
    kid varchar(64) NOT NULL,
    algorithm varchar(16) NOT NULL,
    -- X.509 SubjectPublicKeyInfo, base64.
    public_key text NOT NULL,
    -- PKCS#8 private key encrypted with AES-256-GCM under the key-encryption key, base64 of iv || ciphertext.
    -- The kid is the additional authenticated data, so a ciphertext cannot be moved to another row.
    private_key_ciphertext text NOT NULL,
    state varchar(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    PRIMARY KEY (kid)
);
