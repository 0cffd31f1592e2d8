--
-- PostgreSQL database dump
--


-- Dumped from database version 14.22
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

-- *not* creating schema, since initdb creates it


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: flyway_schema_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.flyway_schema_history (
    installed_rank integer NOT NULL,
    version character varying(50),
    description character varying(200) NOT NULL,
    type character varying(20) NOT NULL,
    script character varying(1000) NOT NULL,
    checksum integer,
    installed_by character varying(100) NOT NULL,
    installed_on timestamp without time zone DEFAULT now() NOT NULL,
    execution_time integer NOT NULL,
    success boolean NOT NULL
);


--
-- Name: oauth2_authorization; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth2_authorization (
    id character varying(100) NOT NULL,
    registered_client_id character varying(100) NOT NULL,
    principal_name character varying(200) NOT NULL,
    authorization_grant_type character varying(100) NOT NULL,
    authorized_scopes character varying(1000) DEFAULT NULL::character varying,
    attributes text,
    state character varying(500) DEFAULT NULL::character varying,
    authorization_code_value text,
    authorization_code_issued_at timestamp with time zone,
    authorization_code_expires_at timestamp with time zone,
    authorization_code_metadata text,
    access_token_value text,
    access_token_issued_at timestamp with time zone,
    access_token_expires_at timestamp with time zone,
    access_token_metadata text,
    access_token_type character varying(100) DEFAULT NULL::character varying,
    access_token_scopes character varying(1000) DEFAULT NULL::character varying,
    oidc_id_token_value text,
    oidc_id_token_issued_at timestamp with time zone,
    oidc_id_token_expires_at timestamp with time zone,
    oidc_id_token_metadata text,
    refresh_token_value text,
    refresh_token_issued_at timestamp with time zone,
    refresh_token_expires_at timestamp with time zone,
    refresh_token_metadata text,
    user_code_value text,
    user_code_issued_at timestamp with time zone,
    user_code_expires_at timestamp with time zone,
    user_code_metadata text,
    device_code_value text,
    device_code_issued_at timestamp with time zone,
    device_code_expires_at timestamp with time zone,
    device_code_metadata text
);


--
-- Name: oauth2_authorization_consent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth2_authorization_consent (
    registered_client_id character varying(100) NOT NULL,
    principal_name character varying(200) NOT NULL,
    authorities character varying(1000) NOT NULL
);


--
-- Name: oauth2_registered_client; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth2_registered_client (
    id character varying(100) NOT NULL,
    client_id character varying(100) NOT NULL,
    client_id_issued_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret character varying(200) DEFAULT NULL::character varying,
    client_secret_expires_at timestamp with time zone,
    client_name character varying(200) NOT NULL,
    client_authentication_methods character varying(1000) NOT NULL,
    authorization_grant_types character varying(1000) NOT NULL,
    redirect_uris character varying(1000) DEFAULT NULL::character varying,
    post_logout_redirect_uris character varying(1000) DEFAULT NULL::character varying,
    scopes character varying(1000) NOT NULL,
    client_settings character varying(2000) NOT NULL,
    token_settings character varying(2000) NOT NULL
);


--
-- Name: signing_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.signing_key (
    kid character varying(64) NOT NULL,
    algorithm character varying(16) NOT NULL,
    public_key text NOT NULL,
    private_key_ciphertext text NOT NULL,
    state character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: user_account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_account (
    id bigint NOT NULL,
    username character varying(200) NOT NULL,
    password_hash character varying(500) NOT NULL,
    display_name character varying(200) NOT NULL,
    email character varying(320) DEFAULT NULL::character varying,
    email_verified boolean DEFAULT false NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: user_account_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.user_account ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.user_account_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: user_role; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_role (
    user_id bigint NOT NULL,
    role character varying(100) NOT NULL
);


--
-- Data for Name: flyway_schema_history; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.flyway_schema_history VALUES (1, '1', 'oauth2 core schema', 'SQL', 'V1__oauth2_core_schema.sql', 1042305082, 'postgres', '2026-12-08 00:38:07.380826', 101, true);
INSERT INTO public.flyway_schema_history VALUES (2, '2', 'users and roles', 'SQL', 'V2__users_and_roles.sql', -1647868238, 'postgres', '2026-12-08 00:38:08.776815', 74, true);
INSERT INTO public.flyway_schema_history VALUES (3, '3', 'signing keys', 'SQL', 'V3__signing_keys.sql', -88580351, 'postgres', '2026-12-08 00:38:08.96586', 165, true);


--
-- Data for Name: oauth2_authorization; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.oauth2_authorization VALUES ('8e93ea13-fb83-4129-9d1b-e458241520db', '68e169ea-5da7-46d2-af15-e24ac8346ad3', 'declared-m2m', 'client_credentials', 'message.read', '{"@class":"java.util.Collections$UnmodifiableMap"}', NULL, NULL, NULL, NULL, NULL, 'eyJraWQiOiIxOWRlYjNlZC1kNTFmLTQ0YTYtYTM5Ny0wMTczZGU1MTEzMTUiLCJ0eXAiOiJhdCtqd3QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZWNsYXJlZC1tMm0iLCJhdWQiOiJodHRwOi8vbG9jYWxob3N0OjgwODEiLCJuYmYiOjE3OTY2OTAzMTYsInNjb3BlIjoibWVzc2FnZS5yZWFkIiwiaXNzIjoiaHR0cDovL2xvY2FsaG9zdDo5NTAxIiwiZXhwIjoyMTEyMDUwMzE2LCJpYXQiOjE3OTY2OTAzMTYsImp0aSI6IjNmYWQ5MGE4LTA4ZDktNGM1Ny05NTgyLTI5NDVjYjBkZGYwNyIsImNsaWVudF9pZCI6ImRlY2xhcmVkLW0ybSJ9.TsXkRpBesJtk1RuwM7LMAH99nIm6DYFd-9l9GfSjVrawzHfXKJ_GTHw26Qr0UBOOGLJwVs3dh9lm9R2uFjmYyK8tO6e_9TnXbkAI1DM0M7ic0AqQEWPHZDx6OJJusm-QxNnQ-DLdo5I3fPKXR3HIDaEWHVXKIedMvud7VCJLRgU5mNfXwFahon8HqoHvBVZ0ZdyV3h3Qnvw9jadDsW4jzyfLh-h_BZNplrFOADLr4S-xF8HrN49uRUW7yhxd6FhZYApSS83Mn9ijzbG5fnqGoi0Km8xPT8pNYmqZ3UDMXvR5PgaxHFi4fIcoZGlsz_FeGgt-a5ibfk0SpIxPPLn4PQ', '2026-12-08 00:38:36.486312+00', '2036-12-05 00:38:36.486312+00', '{"@class":"java.util.Collections$UnmodifiableMap","org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat":"self-contained","metadata.token.claims":{"@class":"java.util.Collections$UnmodifiableMap","sub":"declared-m2m","aud":["java.util.ArrayList",["http://localhost:8081"]],"nbf":["java.time.Instant",1796690316.486311528],"scope":"message.read","iss":["java.net.URL","http://localhost:9501"],"exp":["java.time.Instant",2112050316.486311528],"iat":["java.time.Instant",1796690316.486311528],"jti":"3fad90a8-08d9-4c57-9582-2945cb0ddf07","client_id":"declared-m2m"},"metadata.token.invalidated":false}', 'Bearer', 'message.read', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);


--
-- Data for Name: oauth2_authorization_consent; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: oauth2_registered_client; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.oauth2_registered_client VALUES ('8da5e102-86ae-4d5a-a9af-cd67074a3d25', 'demo-web', '2026-12-08 00:38:31.755629+00', '{bcrypt}$2a$10$2n5RkIZt5/F59e4Ux77KUexVXMnImY4xpyV1/eSDPM13cG.ugi5lG', NULL, 'Client demo', 'client_secret_post,client_secret_basic', 'refresh_token,authorization_code', 'http://127.0.0.1:8080/login/oauth2/code/demo', 'http://127.0.0.1:8080/', 'openid,profile,message.read,email,message.write', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":true}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":false,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}');
INSERT INTO public.oauth2_registered_client VALUES ('53b914a7-f1ac-45ca-9b30-954470cae6e8', 'demo-public', '2026-12-08 00:38:32.50101+00', NULL, NULL, 'Public demo app', 'none', 'refresh_token,authorization_code', 'http://127.0.0.1:8080/login/oauth2/code/demo-public', '', 'openid,profile,message.read', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":true}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":false,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}');
INSERT INTO public.oauth2_registered_client VALUES ('8a4b55b3-bb36-44d8-8c7a-8b7e95594da9', 'demo-m2m', '2026-12-08 00:38:32.945523+00', '{bcrypt}$2a$10$nDr52Ihwk1cEhY75pHc8AeqjW/7haPrVRoP/zBBN3O1XY2BQU1Mf2', NULL, 'Machine-to-machine demo', 'client_secret_post,client_secret_basic', 'client_credentials', '', '', 'message.read,message.write', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":false}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":true,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}');
INSERT INTO public.oauth2_registered_client VALUES ('68e169ea-5da7-46d2-af15-e24ac8346ad3', 'declared-m2m', '2026-12-08 00:38:33.627121+00', '{bcrypt}$2a$10$L8wbEzKR9Zs4t3BNaHV1..kA9S6aA9zU1OGAUerBN.FYazAdRNgPO', NULL, 'declared-m2m', 'client_secret_basic', 'client_credentials', '', '', 'message.read', '{"@class":"java.util.Collections$UnmodifiableMap","settings.client.require-proof-key":true,"settings.client.require-authorization-consent":false}', '{"@class":"java.util.Collections$UnmodifiableMap","settings.token.reuse-refresh-tokens":true,"settings.token.x509-certificate-bound-access-tokens":false,"settings.token.id-token-signature-algorithm":["org.springframework.security.oauth2.jose.jws.SignatureAlgorithm","RS256"],"settings.token.access-token-time-to-live":["java.time.Duration","PT87600H"],"settings.token.access-token-format":{"@class":"org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat","value":"self-contained"},"settings.token.refresh-token-time-to-live":["java.time.Duration","PT1H"],"settings.token.authorization-code-time-to-live":["java.time.Duration","PT5M"],"settings.token.device-code-time-to-live":["java.time.Duration","PT5M"]}');


--
-- Data for Name: signing_key; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.signing_key VALUES ('19deb3ed-d51f-44a6-a397-0173de511315', 'RS256', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmnQt2RowZjrYGfHIoExA53PPDAQ/q0Sksz+c1dEEREFzOLT8akTCQEwUZ5izGyoLrINDl6iKNmuegkkPC8nxCoZsEhwiDdu1pVY6I+yolnj6JBqo9dlAGEC3D+dY/AWpCKzavj9kdbQw3G2PwV9pdBKGnxVYNDUrhzWod7i6YrsR/aRRoY1RcqpncmgnOO5/DLdd6DvgHbAw0iPRi9I2GMLpHFKGBe2iOPK2njWtybSRC3cIOZObiB2KfoBQ65tXwFoKii7OUbaAMsV0go7ACnIyuHpJxJw6QCVWKjbyLR0k0a27wp8YZ1Kj+Lt5qAkmqQwK9E8YBJF1/uRPinsvGQIDAQAB', 'JeqZjXJ6KQ03iAGA9W+HgJ2AiQNYPya85gYypWszDKqyr+eFK4y4v5f7pPXeA0bdXQkK2ssMd5KNDtuZNfw6jwW9VAiJ22zhFkcoIpVlWGL+c1AZdOFhP/6V8U3riyH+nW3k6AkWMSPMJP5n3K6K6CP2Q+EI+EBi/ZgBukelzJ4HHd1BP15ZhilnsfvO2zf3SWYqZE3KDbFBJwkdeRrOoUD+acBkBVt+bWKwjR6687n1vz16RHmRj5/V+/AKpxTQV8wbYCFbiJD74dmk2DEijJ6kdYKwkMS1pl3DuW2vUhg3nDhYPRZKUkEkC1S4/BO3783fak2446DRvdBDAK7RBAStkbVwCCKgf1vfLxijPiVytrhxqlLapb9AYhBaPWBR5OhdLtr+nnUybBknd98mLxoJzG9yGQs6r/HfDc1BML3SkTYsrdbtPPWboWUvRVEAlDvIVa2RdyuQnoJyD0nTmXEpekmbWBN8Qv6VJzWxZptaDFQaKzQbKYLyjNK+cqu6LkxD5u5nOpsswTmDhem9r1WaTAu/Omya2k25BLnb7mE6JE0b5U/GJon6YoFLh0DBnAuZsIVlmCKvZDGwKP/P7md6Z5DzJuzHrTMFGW4CrFP52raZXAD0OvMQXKjUMgUOwqLp0fb7G+v5D0abhGFgmFxe8dV6zat2fjijisd0/t460YAMPMJ0uT9cuSHGceJj5fEI3XaReQdNEKBFEIx56jMHTnQ1Ll7Hx3Kq4mW6W8f9OAqq2KrOhYxgs6NLjeXvwjqN+tiahFcG0boPg+j9J5C0pFEQGxKx1zdFWENpJ8EQmzkwzKmvI38bL1E0cCJzvaFfFPc0lq/V0YvC82alLpJO2nr0P3oVEuGUWzyaRa7+ImljKmYoanGRxFfljDhrT4thzvou1we7S7cOsGkOL+1cVzkGREtl9o9XuFmKu6cNLw3GldyT9te7lE4M0hTM4qY52jVPh7Q+JJ2TMzr+sYGxn0TawBRSWND7wKhVJEn9Duc9oq7MjKw5TB0NgSYQyjo6PSbcU6suBotrz5oxnZyb1iJ3koop+Geeq2HS5gDxylpE2V5uYGil+VZG7x5fejrOSlXwlUghlEd3w3bN37mAk/Idp+AzrjpFsQe27HN0OABquZ3PYGq/jb+qAwAcniQ66Lzxdxkq4u/ypsN1IC1AuHTgGGE+tIHKpPUbr6l18r31djiCAnQAtdKgfgr3JPdM/ym+EhmjtMFH02Q5KTTV9TtSrRoCF5vYEAqOetBsYTPB1oXDivXQMN0OvFJxjSLjdEVWio+8isFR+w2mOoLiivxScbsDweIFwDRYLV0jG+OfydEiwdA+flUBmx9vGs3NDEI1Q3UgSorIzJXvdsP/wIh/NL7sx3x+UvhiDll5/vT2V6nIdtecFVhGAmBYxMcPumYNKKNOvIqWtAT/MHPX/XM3d6rfj1bfj/F8RXOtVksTWXF1mCwI/1To37RswferPvMeQu9XnpW7EBki0Gq4dfnkHXYPpRDqqwnbkzM8okY1S82Fzs/fHJFVt98k1pn1yqRE/kHquT+vTJKET9wCBzuAdy391KHG7lrB/TZAaUCL3812DcxTmO6LDBC3coFSRwWrmb0K3BbzUCB+YZLc+Q/726OF9H0F4oD8kginmbpnb76s/JUKpZ3Y', 'ACTIVE', '2026-12-08 00:38:21.472698+00');


--
-- Data for Name: user_account; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.user_account VALUES (1, 'demo', '{bcrypt}$2a$10$XnPJK9btFpZxvO2c0mfcweQNEx3En4FqNi30TGRoiX.gCaqxth.8e', 'Demo User', 'demo@example.com', true, true, '2026-12-08 00:38:30.760825+00');


--
-- Data for Name: user_role; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.user_role VALUES (1, 'USER');


--
-- Name: user_account_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.user_account_id_seq', 1, true);


--
-- Name: flyway_schema_history flyway_schema_history_pk; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.flyway_schema_history
    ADD CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank);


--
-- Name: oauth2_authorization_consent oauth2_authorization_consent_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth2_authorization_consent
    ADD CONSTRAINT oauth2_authorization_consent_pkey PRIMARY KEY (registered_client_id, principal_name);


--
-- Name: oauth2_authorization oauth2_authorization_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth2_authorization
    ADD CONSTRAINT oauth2_authorization_pkey PRIMARY KEY (id);


--
-- Name: oauth2_registered_client oauth2_registered_client_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth2_registered_client
    ADD CONSTRAINT oauth2_registered_client_pkey PRIMARY KEY (id);


--
-- Name: signing_key signing_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signing_key
    ADD CONSTRAINT signing_key_pkey PRIMARY KEY (kid);


--
-- Name: user_account user_account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT user_account_pkey PRIMARY KEY (id);


--
-- Name: user_account user_account_username_uk; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_account
    ADD CONSTRAINT user_account_username_uk UNIQUE (username);


--
-- Name: user_role user_role_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_role
    ADD CONSTRAINT user_role_pkey PRIMARY KEY (user_id, role);


--
-- Name: flyway_schema_history_s_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX flyway_schema_history_s_idx ON public.flyway_schema_history USING btree (success);


--
-- Name: oauth2_registered_client_client_id_uk; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX oauth2_registered_client_client_id_uk ON public.oauth2_registered_client USING btree (client_id);


--
-- Name: user_role user_role_user_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_role
    ADD CONSTRAINT user_role_user_fk FOREIGN KEY (user_id) REFERENCES public.user_account(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


