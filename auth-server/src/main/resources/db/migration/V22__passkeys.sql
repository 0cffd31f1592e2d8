-- Passkeys (WebAuthn credentials), in the tables Spring Security's JdbcPublicKeyCredentialUserEntityRepository and
-- JdbcUserCredentialRepository read and write: org/springframework/security/user-entities-schema.sql and
-- user-credentials-schema(-postgres).sql of spring-security-web 7.0.6, with these changes:
-- * bytea for the binary columns, which both H2 and PostgreSQL take (the framework ships blob for H2 and bytea for
--   PostgreSQL as two files);
-- * user_entities.name is as long as user_account.username and refers to it, so a deleted account takes its
--   passkeys with it; each credential refers to its user entity the same way;
-- * label is at most 100 characters (the account page takes 64), not 1000.
CREATE TABLE user_entities (
    id varchar(1000) NOT NULL,
    name varchar(200) NOT NULL,
    display_name varchar(200),
    PRIMARY KEY (id),
    CONSTRAINT user_entities_name_uk UNIQUE (name),
    CONSTRAINT user_entities_account_fk FOREIGN KEY (name) REFERENCES user_account (username) ON DELETE CASCADE
);

CREATE TABLE user_credentials (
    credential_id varchar(1000) NOT NULL,
    user_entity_user_id varchar(1000) NOT NULL,
    public_key bytea NOT NULL,
    signature_count bigint,
    uv_initialized boolean,
    backup_eligible boolean NOT NULL,
    authenticator_transports varchar(1000),
    public_key_credential_type varchar(100),
    backup_state boolean NOT NULL,
    attestation_object bytea,
    attestation_client_data_json bytea,
    created timestamp,
    last_used timestamp,
    label varchar(100) NOT NULL,
    PRIMARY KEY (credential_id),
    CONSTRAINT user_credentials_user_entity_fk FOREIGN KEY (user_entity_user_id) REFERENCES user_entities (id)
        ON DELETE CASCADE
);

CREATE INDEX user_credentials_user_entity_idx ON user_credentials (user_entity_user_id);
