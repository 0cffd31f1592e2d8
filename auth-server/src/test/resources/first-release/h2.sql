-- H2 2.4.240;
;
CREATE USER IF NOT EXISTS "SA" SALT '943eae06aa20f53d' HASH '798a638c7e1ec5a85f5e85386e6f87f982265c7464ee14796e16f07651cfb562' ADMIN;
CREATE CACHED TABLE "PUBLIC"."flyway_schema_history"(
    "installed_rank" INTEGER NOT NULL,
    "version" CHARACTER VARYING(50),
    "description" CHARACTER VARYING(200) NOT NULL,
    "type" CHARACTER VARYING(20) NOT NULL,
    "script" CHARACTER VARYING(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" CHARACTER VARYING(100) NOT NULL,
    "installed_on" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "PUBLIC"."flyway_schema_history" ADD CONSTRAINT "PUBLIC"."flyway_schema_history_pk" PRIMARY KEY("installed_rank");
-- 4 +/- SELECT COUNT(*) FROM PUBLIC.flyway_schema_history;
INSERT INTO "PUBLIC"."flyway_schema_history" VALUES
(-1, NULL, '<< Flyway Schema History table created >>', 'TABLE', '', NULL, 'SA', TIMESTAMP '2026-12-08 00:36:27.92944', 0, TRUE),
(1, '1', 'oauth2 core schema', 'SQL', 'V1__oauth2_core_schema.sql', 1042305082, 'SA', TIMESTAMP '2026-12-08 00:36:28.714985', 194, TRUE),
(2, '2', 'users and roles', 'SQL', 'V2__users_and_roles.sql', -1647868238, 'SA', TIMESTAMP '2026-12-08 00:36:28.931137', 162, TRUE),
(3, '3', 'signing keys', 'SQL', 'V3__signing_keys.sql', -88580351, 'SA', TIMESTAMP '2026-12-08 00:36:28.961824', 2, TRUE);
CREATE INDEX "PUBLIC"."flyway_schema_history_s_idx" ON "PUBLIC"."flyway_schema_history"("success" NULLS FIRST);
CREATE CACHED TABLE "PUBLIC"."OAUTH2_REGISTERED_CLIENT"(
    "ID" CHARACTER VARYING(100) NOT NULL,
    "CLIENT_ID" CHARACTER VARYING(100) NOT NULL,
    "CLIENT_ID_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    "CLIENT_SECRET" CHARACTER VARYING(200) DEFAULT NULL,
    "CLIENT_SECRET_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "CLIENT_NAME" CHARACTER VARYING(200) NOT NULL,
    "CLIENT_AUTHENTICATION_METHODS" CHARACTER VARYING(1000) NOT NULL,
    "AUTHORIZATION_GRANT_TYPES" CHARACTER VARYING(1000) NOT NULL,
    "REDIRECT_URIS" CHARACTER VARYING(1000) DEFAULT NULL,
    "POST_LOGOUT_REDIRECT_URIS" CHARACTER VARYING(1000) DEFAULT NULL,
    "SCOPES" CHARACTER VARYING(1000) NOT NULL,
    "CLIENT_SETTINGS" CHARACTER VARYING(2000) NOT NULL,
    "TOKEN_SETTINGS" CHARACTER VARYING(2000) NOT NULL
);
ALTER TABLE "PUBLIC"."OAUTH2_REGISTERED_CLIENT" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_8" PRIMARY KEY("ID");
-- 4 +/- SELECT COUNT(*) FROM PUBLIC.OAUTH2_REGISTERED_CLIENT;
INSERT INTO "PUBLIC"."OAUTH2_REGISTERED_CLIENT" VALUES
('1c828cae-89f6-4389-8a24-f14c4e1ae78e', 'declared-m2m', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:42.510634+00', '{bcrypt}$2a$10$7UwJrSA/dG4Pe1iynws4FuRJ1S3d6VACO1xq0Yps241vbWddT5qZC', NULL, 'declared-m2m', 'client_secret_basic', 'client_credentials', '', '', 'message.read', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":false}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":true,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT87600H"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}'),
('600c8385-261c-4f4f-ad3c-12c0f415fdbd', 'demo-web', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:44.589438+00', '{bcrypt}$2a$10$D878nDRK5OuyWFtPofw2DOerZ5IOduQrcRCdAirPjYiyKEhmviU/K', NULL, 'Client demo', 'client_secret_post,client_secret_basic', 'refresh_token,authorization_code', 'http://127.0.0.1:8080/login/oauth2/code/demo', 'http://127.0.0.1:8080/', 'openid,profile,message.read,email,message.write', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":true}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":false,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}'),
('e3f89791-c83e-46c6-8d37-a12a3097874a', 'demo-public', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:44.617334+00', NULL, NULL, 'Public demo app', 'none', 'refresh_token,authorization_code', 'http://127.0.0.1:8080/login/oauth2/code/demo-public', '', 'openid,profile,message.read', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":true}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":false,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}'),
('d0036371-cfe5-4d0b-bbb4-69cd0e125cff', 'demo-m2m', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:44.966247+00', '{bcrypt}$2a$10$d6BDRKb71LiwXs24TjYA3eFleKeB9dLCDQnckQSG3nGcK5rq6Xq9O', NULL, 'Machine-to-machine demo', 'client_secret_post,client_secret_basic', 'client_credentials', '', '', 'message.read,message.write', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":false}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":true,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}');
CREATE UNIQUE NULLS DISTINCT INDEX "PUBLIC"."OAUTH2_REGISTERED_CLIENT_CLIENT_ID_UK" ON "PUBLIC"."OAUTH2_REGISTERED_CLIENT"("CLIENT_ID" NULLS FIRST);
CREATE CACHED TABLE "PUBLIC"."OAUTH2_AUTHORIZATION"(
    "ID" CHARACTER VARYING(100) NOT NULL,
    "REGISTERED_CLIENT_ID" CHARACTER VARYING(100) NOT NULL,
    "PRINCIPAL_NAME" CHARACTER VARYING(200) NOT NULL,
    "AUTHORIZATION_GRANT_TYPE" CHARACTER VARYING(100) NOT NULL,
    "AUTHORIZED_SCOPES" CHARACTER VARYING(1000) DEFAULT NULL,
    "ATTRIBUTES" CHARACTER VARYING DEFAULT NULL,
    "STATE" CHARACTER VARYING(500) DEFAULT NULL,
    "AUTHORIZATION_CODE_VALUE" CHARACTER VARYING DEFAULT NULL,
    "AUTHORIZATION_CODE_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "AUTHORIZATION_CODE_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "AUTHORIZATION_CODE_METADATA" CHARACTER VARYING DEFAULT NULL,
    "ACCESS_TOKEN_VALUE" CHARACTER VARYING DEFAULT NULL,
    "ACCESS_TOKEN_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "ACCESS_TOKEN_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "ACCESS_TOKEN_METADATA" CHARACTER VARYING DEFAULT NULL,
    "ACCESS_TOKEN_TYPE" CHARACTER VARYING(100) DEFAULT NULL,
    "ACCESS_TOKEN_SCOPES" CHARACTER VARYING(1000) DEFAULT NULL,
    "OIDC_ID_TOKEN_VALUE" CHARACTER VARYING DEFAULT NULL,
    "OIDC_ID_TOKEN_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "OIDC_ID_TOKEN_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "OIDC_ID_TOKEN_METADATA" CHARACTER VARYING DEFAULT NULL,
    "REFRESH_TOKEN_VALUE" CHARACTER VARYING DEFAULT NULL,
    "REFRESH_TOKEN_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "REFRESH_TOKEN_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "REFRESH_TOKEN_METADATA" CHARACTER VARYING DEFAULT NULL,
    "USER_CODE_VALUE" CHARACTER VARYING DEFAULT NULL,
    "USER_CODE_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "USER_CODE_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "USER_CODE_METADATA" CHARACTER VARYING DEFAULT NULL,
    "DEVICE_CODE_VALUE" CHARACTER VARYING DEFAULT NULL,
    "DEVICE_CODE_ISSUED_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "DEVICE_CODE_EXPIRES_AT" TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    "DEVICE_CODE_METADATA" CHARACTER VARYING DEFAULT NULL
);
ALTER TABLE "PUBLIC"."OAUTH2_AUTHORIZATION" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_A" PRIMARY KEY("ID");
-- 2 +/- SELECT COUNT(*) FROM PUBLIC.OAUTH2_AUTHORIZATION;
INSERT INTO "PUBLIC"."OAUTH2_AUTHORIZATION" VALUES
('73611952-25b1-46e6-b19e-6f947e40d068', '1c828cae-89f6-4389-8a24-f14c4e1ae78e', 'declared-m2m', 'client_credentials', 'message.read', '{"@class":"java.util.Collections$UnmodifiableMap"}', NULL, NULL, NULL, NULL, NULL, 'eyJraWQiOiJhNTUzODE2Yy1kNmU2LTQ4NDktYWUyOS0xMmRlNTU0NTdjMTciLCJ0eXAiOiJhdCtqd3QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZWNsYXJlZC1tMm0iLCJhdWQiOiJodHRwOi8vbG9jYWxob3N0OjgwODEiLCJuYmYiOjE3OTY2OTAyMTEsInNjb3BlIjoibWVzc2FnZS5yZWFkIiwiaXNzIjoiaHR0cDovL2xvY2FsaG9zdDo5NTAwIiwiZXhwIjoyMTEyMDUwMjExLCJpYXQiOjE3OTY2OTAyMTEsImp0aSI6IjBjYmRjODkwLTc2ZjAtNGZlYy1iNzE5LWVhMzg0ZTE0ZGY0YyIsImNsaWVudF9pZCI6ImRlY2xhcmVkLW0ybSJ9.b0ZK6fEhfTRbI8HVnpUZRPOIrumA2rxiQuWIQn7w3SXXMEndAVU69IvVHihtgw7BFbbWlaPnoATFLm_MYp6ecTUJd46fKhkirTxOEHVS_9XZ2PaW4cDkkeLq8FGRMDu60fUF3WcNE6G6a2_HEmHFIO6c8YxwqSLF8mjXXXYI_dAxFlE4btkw8rl0GTPEFVaBrdw-xVsCXA_Gf5trNqfEXfXFCcVz4zOxKtdECV_gKKfX30yE7Y8JeIagABiD4OoKdwOb40bfGZQ_IxMAoS7eB6hGVsXeTY9N_EIn0AWtanpZZYYhzpPy9C-q0uCptoywToAbz4sX3GESk8Hc6aQ-Fw', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:51.159277+00', TIMESTAMP WITH TIME ZONE '2036-12-05 00:36:51.159277+00', '{"@class":"java.util.Collections$UnmodifiableMap","org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat":"self-contained","metadata.token.claims":{"@class":"java.util.Collections$UnmodifiableMap","sub":"declared-m2m","aud":["java.util.ArrayList",["http://localhost:8081"]],"nbf":["java.time.Instant",1796690211.159276913],"scope":"message.read","iss":["java.net.URL","http://localhost:9500"],"exp":["java.time.Instant",2112050211.159276913],"iat":["java.time.Instant",1796690211.159276913],"jti":"0cbdc890-76f0-4fec-b719-ea384e14df4c","client_id":"declared-m2m"},"metadata.token.invalidated":false}', 'Bearer', 'message.read', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
('9db17421-16be-4758-a229-f384882c3be3', 'd0036371-cfe5-4d0b-bbb4-69cd0e125cff', 'demo-m2m', 'client_credentials', 'message.read', '{"@class":"java.util.Collections$UnmodifiableMap"}', NULL, NULL, NULL, NULL, NULL, 'eyJraWQiOiJhNTUzODE2Yy1kNmU2LTQ4NDktYWUyOS0xMmRlNTU0NTdjMTciLCJ0eXAiOiJhdCtqd3QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vLW0ybSIsImF1ZCI6Imh0dHA6Ly9sb2NhbGhvc3Q6ODA4MSIsIm5iZiI6MTc5NjY5MDIxMywic2NvcGUiOiJtZXNzYWdlLnJlYWQiLCJpc3MiOiJodHRwOi8vbG9jYWxob3N0Ojk1MDAiLCJleHAiOjE3OTY2OTA1MTMsImlhdCI6MTc5NjY5MDIxMywianRpIjoiNGYwYTdiZmItMjlhNC00YzY0LTk0ODgtZjE5MDc3MTRhZTY3IiwiY2xpZW50X2lkIjoiZGVtby1tMm0ifQ.CvkO5KvHvDLMdrJXQnwUdcAniowwW5REG2Li80I7oy0yHZHFVN38A6z9PP6O8cWgtzqxp9MFbUy-gEfQ4F2lQIBO6-YYMNKJ4pdPODnyS1uQlZGXnNyQrUvaZKk91feVmaKVWxLj3iq-wl74SAXMWx2BQvSh_we9cU1ay7VrfpUATZkZApzY-mpVHwsMolFqqJd32PGOvD83G5bSIxMa5VJj2V6tmLdPN5VyBoPYFUBMGuDp2swkZrGJ7NzaDRT7kNgJoLF6uupV76TVcDv1UgYzTZbLw-yIdettmc8vjICi7xxefapS_EJ50tPn1jbt3-bxfR7mj-2d2t5JNUBJNw', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:53.186123+00', TIMESTAMP WITH TIME ZONE '2026-12-08 00:41:53.186123+00', '{"@class":"java.util.Collections$UnmodifiableMap","org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat":"self-contained","metadata.token.claims":{"@class":"java.util.Collections$UnmodifiableMap","sub":"demo-m2m","aud":["java.util.ArrayList",["http://localhost:8081"]],"nbf":["java.time.Instant",1796690213.186122965],"scope":"message.read","iss":["java.net.URL","http://localhost:9500"],"exp":["java.time.Instant",1796690513.186122965],"iat":["java.time.Instant",1796690213.186122965],"jti":"4f0a7bfb-29a4-4c64-9488-f1907714ae67","client_id":"demo-m2m"},"metadata.token.invalidated":false}', 'Bearer', 'message.read', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE CACHED TABLE "PUBLIC"."OAUTH2_AUTHORIZATION_CONSENT"(
    "REGISTERED_CLIENT_ID" CHARACTER VARYING(100) NOT NULL,
    "PRINCIPAL_NAME" CHARACTER VARYING(200) NOT NULL,
    "AUTHORITIES" CHARACTER VARYING(1000) NOT NULL
);
ALTER TABLE "PUBLIC"."OAUTH2_AUTHORIZATION_CONSENT" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_3" PRIMARY KEY("REGISTERED_CLIENT_ID", "PRINCIPAL_NAME");
-- 0 +/- SELECT COUNT(*) FROM PUBLIC.OAUTH2_AUTHORIZATION_CONSENT;
CREATE CACHED TABLE "PUBLIC"."USER_ACCOUNT"(
    "ID" BIGINT GENERATED BY DEFAULT AS IDENTITY(START WITH 1 RESTART WITH 2) NOT NULL,
    "USERNAME" CHARACTER VARYING(200) NOT NULL,
    "PASSWORD_HASH" CHARACTER VARYING(500) NOT NULL,
    "DISPLAY_NAME" CHARACTER VARYING(200) NOT NULL,
    "EMAIL" CHARACTER VARYING(320) DEFAULT NULL,
    "EMAIL_VERIFIED" BOOLEAN DEFAULT FALSE NOT NULL,
    "ENABLED" BOOLEAN DEFAULT TRUE NOT NULL,
    "CREATED_AT" TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
ALTER TABLE "PUBLIC"."USER_ACCOUNT" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_9" PRIMARY KEY("ID");
-- 1 +/- SELECT COUNT(*) FROM PUBLIC.USER_ACCOUNT;
INSERT INTO "PUBLIC"."USER_ACCOUNT" VALUES
(1, 'demo', '{bcrypt}$2a$10$1QCmC/5.lmDG6FZUFfUh2uML1mRCYTO/f0aMRWPhHni1RZWwezCbS', 'Demo User', 'demo@example.com', TRUE, TRUE, TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:43.994188+00');
CREATE CACHED TABLE "PUBLIC"."USER_ROLE"(
    "USER_ID" BIGINT NOT NULL,
    "ROLE" CHARACTER VARYING(100) NOT NULL
);
ALTER TABLE "PUBLIC"."USER_ROLE" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_B" PRIMARY KEY("USER_ID", "ROLE");
-- 1 +/- SELECT COUNT(*) FROM PUBLIC.USER_ROLE;
INSERT INTO "PUBLIC"."USER_ROLE" VALUES
(1, 'USER');
CREATE CACHED TABLE "PUBLIC"."SIGNING_KEY"(
    "KID" CHARACTER VARYING(64) NOT NULL,
    "ALGORITHM" CHARACTER VARYING(16) NOT NULL,
    "PUBLIC_KEY" CHARACTER VARYING NOT NULL,
    "PRIVATE_KEY_CIPHERTEXT" CHARACTER VARYING NOT NULL,
    "STATE" CHARACTER VARYING(16) NOT NULL,
    "CREATED_AT" TIMESTAMP WITH TIME ZONE NOT NULL
);
ALTER TABLE "PUBLIC"."SIGNING_KEY" ADD CONSTRAINT "PUBLIC"."CONSTRAINT_5" PRIMARY KEY("KID");
-- 1 +/- SELECT COUNT(*) FROM PUBLIC.SIGNING_KEY;
INSERT INTO "PUBLIC"."SIGNING_KEY" VALUES
('a553816c-d6e6-4849-ae29-12de55457c17', 'RS256', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA10ai34DQTA3KUzGuD8G/fTjrCeZmfYg63XW9xGMdwgPVaV7PN7PSUv1rbYSpU5cfnMICwmsSh3pHB3kNfUAYOKlLY374smuqltIDgsm5H8TEWf1nnEAucSe1EVGqLP4y7tUY6nlymNAN5Q7DaYWDV5b94vfNtQe1NAWwAT55Ndy43dGEZ+e+2cO/PXmrp/R38bHKwOD/58rnqz0m85IXCziixjyo38kBFencBw2TxyNjvwmhAAETM6ohtzGv+sOZCO4+MmiGV47Pn0dVHSnHpAVCK738Amkwhu1muPxbXZGRNwvt0W3VIpa1mXWNB8PNy9iC0ASfSBP1DRYSt27ZXQIDAQAB', 'U7PgsZqSmi26HTH2ySW8dvKWqg7SN8s1DJZYxrckWqbOb3P2cpcKGKKm9pq/UQ6J8Y7hB9DL56XupahPot6ZeTC2Q03aLEJ3rLh9QGEE6KXlVk0p+YaK0Oo7Twf68lJdyglQk3hczHB5xIfye8mgWElFRb5bzpEEVVQ57UTKLsIEwFjs5qIryFfZKVryxTWUQAURdOqO13OiFNiG82kpkHrW9m7yx6CF6Uf6CladpYAqjQxjLd9lCgvVbL/XSp3QEvZDUoVlfZzfyXpgKNWZSoDBm+a0tV2yMVQeaWVGgbM1au9CHiDL7Ayr68g2NLLS/bx+/oHXzDNo8hc5tQ5QIkhI8NlbJ86LFNV8mZREVYjjZEMiHSVcmNvIMfxqbpG2mfmEOOaccnxCxCOcuHVuaC+rjBDewvY1fl1K5hqwbgoj46knn3CAIZDz9XvjCoIJn0IgfTsrj/EqFHVoeToGQ0ODnRrFkWmjbKEevNSnnlxH9/1QG16qRcNkUL22sugseDI9piLWOS25bARq260dnX/Rj1m2XJru1a3gsNTzW9+st5v/mbCG1gjnJQvbOXXzSqJjbVJeOHMOu6KJeq5Se9v9a+oDBAqHByDyLVEReqjbUHToj6sLXNDTRdsXaJWEpEhaNoh7br/qTA9fmzneC36tKrji3kC/KzhncbpFkgQzUgVJO53PxLzffbAD5iprNDEi/EuBwDQj0Bc/th/3uac6nTeYkaE6EdDG5k1h2+vMLtI5zbkY0fKN4rHaK1hCGO9Gfy05/X3H0qzoO4vGmaE5paqkxwlyYs199ST6fAOU7Dk9RyGYEYjjea0ehGgvmzomEnG3vB8bwArQXxTkE/NhYW8EVy6qJvT1oMpNIo51o6dj4BZXGavr3ClE4enrg9eyDQKlTCr/11mkWp2DvFMErtoDN25OBmuGOmkFvB9fbGw4h1u44PDRZD/NPK8/wy5kPNO8JeJIyxfeb+tcA9Ss54FhcWoKp47/Fn+EFgl9OSZRr2oTd4rCduLdy4cEqaE0UuXEzezHrPCYqnTSRaZozkGIOhm021JDr+umvHqyfXLs7GP7yLccgL3jrn14+bagFJzYXoIILJL3WU2oQhMuUasqWEn6TVRa2mJ2AJS+IetpztjmwxTskOxR2lS1kpqooXIf/lt/MwTAHVrh0VMeNgY8Z7XWNCKzXzHMALfBZoJJP9vK552hL8N35jXb65whZ+/bCMBqUXbaQG9VxfGl11fko7bJ+EhexdWDdNKwxiiQWTYj2qFrBzy9T/mmrRM3UGlaUWxBR0uLFmyYUaHDHsKPquZ8TvOncJAIkfdvyV5tZv6IuO4R4Fm4oUrPyyKx5SiC3ov9WwyC4xiWwsRgQWMKOp/AMrg/gsK/Gec7hlXuai+9kgkbJbicZydQt1OcVWg9qcE0kqEshFoHlXh6891ozw0AfGcl3r46Aywn+aF33y/LzoUo8lLFJNjQtVup1mQhZznTaBMZrBp2YFAfirHonFI0YkpPvWc3lMBReADOR7GLCwUvVXaz5RzDiyKr4WcNztapMsJfticy17tNwEllTzJ6cqG51wbV4ZOWBommm2UjWjH2oPrEzrdLLtm6MLoXu8x1VcbFXipJhSdxAAmdvZj2/Ja9YFK0aowDd79AjUxPOW7Zi1K1', 'ACTIVE', TIMESTAMP WITH TIME ZONE '2026-12-08 00:36:36.549709+00');
ALTER TABLE "PUBLIC"."USER_ACCOUNT" ADD CONSTRAINT "PUBLIC"."USER_ACCOUNT_USERNAME_UK" UNIQUE NULLS DISTINCT ("USERNAME");
ALTER TABLE "PUBLIC"."USER_ROLE" ADD CONSTRAINT "PUBLIC"."USER_ROLE_USER_FK" FOREIGN KEY("USER_ID") REFERENCES "PUBLIC"."USER_ACCOUNT"("ID") ON DELETE CASCADE NOCHECK;
