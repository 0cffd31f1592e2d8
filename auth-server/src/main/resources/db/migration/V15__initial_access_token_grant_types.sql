-- An initial access token may limit the grant types of the clients registered with it, as it limits their scopes.
-- Space-separated; NULL allows every grant type the server supports.
ALTER TABLE initial_access_token ADD COLUMN allowed_grant_types varchar(200) DEFAULT NULL;
