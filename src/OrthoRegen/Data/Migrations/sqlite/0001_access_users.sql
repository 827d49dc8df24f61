-- Sites, staff accounts, roles, API tokens and the shared ASP.NET Data Protection key ring.
CREATE TABLE sites (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at text NOT NULL
);

CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    password_hash text NOT NULL,
    must_change_password integer NOT NULL DEFAULT FALSE,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until text NULL,
    language text NOT NULL DEFAULT 'en',
    all_sites integer NOT NULL DEFAULT FALSE,
    disabled integer NOT NULL DEFAULT FALSE,
    security_stamp text NOT NULL,
    created_at text NOT NULL,
    row_version integer NOT NULL DEFAULT 1
);

CREATE TABLE user_roles (
    user_id text NOT NULL REFERENCES users(id),
    role text NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE user_sites (
    user_id text NOT NULL REFERENCES users(id),
    site_id text NOT NULL REFERENCES sites(id),
    PRIMARY KEY (user_id, site_id)
);

CREATE TABLE api_tokens (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at text NOT NULL,
    revoked_at text NULL,
    last_used_at text NULL
);
CREATE INDEX ix_api_tokens_user ON api_tokens(user_id);

CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml text NOT NULL,
    created_at text NOT NULL
);
