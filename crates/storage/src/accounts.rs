//! Companies, agents and API keys: what authentication reads and administration writes.

use diesel::{
    ExpressionMethods, JoinOnDsl, NullableExpressionMethods, OptionalExtension, QueryDsl,
    SelectableHelper,
};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use crate::Database;
use crate::error::{Result, StorageError};
use crate::models::{Agent, Company, NewAgent};
use crate::schema::{agents, api_keys, companies, server_secrets};

const API_KEY_SECRET_NAME: &str = "api_key_hmac";

/// Computes the stored form of an API key: HMAC-SHA256 under the deployment's secret, in hex.
/// Keys carry at least 128 random bits, so one fast keyed hash suffices and each request
/// costs one hash, not a password-hashing round.
pub fn hash_api_key(secret: &[u8], key: &str) -> String {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(key.as_bytes());
    let digest = mac.finalize().into_bytes();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Generates an API key with 160 random bits: `hk_` and 40 hex digits.
pub fn generate_api_key() -> String {
    let bytes: [u8; 20] = rand::random();
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("hk_{hex}")
}

/// Generates a public company id in the shape of `Z2Web6-s0XEaf`: two groups of six
/// letters and digits.
pub fn generate_company_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let mut pick = |count: usize| -> String {
        (0..count)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let first = pick(6);
    let second = pick(6);
    format!("{first}-{second}")
}

/// The owner of a valid, unrevoked API key.
#[derive(Clone, Debug)]
pub struct ApiKeyOwner {
    pub key_id: i64,
    pub company: Company,
    pub agent: Agent,
    /// Set for client-scoped keys.
    pub client_id: Option<i64>,
    pub scope: String,
}

/// The input of `create_company_account`.
#[derive(Clone, Debug)]
pub struct NewCompanyAccount {
    pub company_name: String,
    /// `None` generates one.
    pub public_id: Option<String>,
    pub agent_first_name: String,
    pub agent_last_name: String,
    pub agent_email: String,
}

/// The result of `create_company_account`.
#[derive(Clone, Debug)]
pub struct CreatedCompanyAccount {
    pub company: Company,
    pub agent_id: i64,
    pub api_key: String,
}

impl Database {
    /// Returns the secret that keys API key hashes, creating it on first use. Every process
    /// sharing the database reads the same secret.
    pub async fn api_key_secret(&self) -> Result<Vec<u8>> {
        let existing = crate::with_conn!(self, |conn| {
            Ok::<_, StorageError>(
                server_secrets::table
                    .filter(server_secrets::name.eq(API_KEY_SECRET_NAME))
                    .select(server_secrets::value)
                    .first::<String>(conn)
                    .await
                    .optional()?,
            )
        })?;
        if let Some(secret) = existing {
            return Ok(secret.into_bytes());
        }
        let candidate: [u8; 32] = rand::random();
        let candidate: String = candidate.iter().map(|byte| format!("{byte:02x}")).collect();
        let stored = crate::in_transaction!(self, |conn| {
            diesel::insert_into(server_secrets::table)
                .values((
                    server_secrets::name.eq(API_KEY_SECRET_NAME),
                    server_secrets::value.eq(&candidate),
                ))
                .on_conflict(server_secrets::name)
                .do_nothing()
                .execute(conn)
                .await?;
            Ok(server_secrets::table
                .filter(server_secrets::name.eq(API_KEY_SECRET_NAME))
                .select(server_secrets::value)
                .first::<String>(conn)
                .await?)
        })?;
        Ok(stored.into_bytes())
    }

    /// Finds the unrevoked key with this hash and its owner.
    pub async fn find_api_key(&self, key_hash: &str) -> Result<Option<ApiKeyOwner>> {
        crate::with_conn!(self, |conn| {
            let row = api_keys::table
                .inner_join(companies::table)
                .filter(api_keys::key_hash.eq(key_hash))
                .filter(api_keys::revoked_at.is_null())
                .select((
                    api_keys::id,
                    api_keys::agent_id,
                    api_keys::client_id,
                    api_keys::scope,
                    Company::as_select(),
                ))
                .first::<(i64, i64, Option<i64>, String, Company)>(conn)
                .await
                .optional()?;
            let Some((key_id, agent_id, client_id, scope, company)) = row else {
                return Ok(None);
            };
            let agent = agents::table
                .filter(agents::company_id.eq(company.id))
                .filter(agents::id.eq(agent_id))
                .select(Agent::as_select())
                .first::<Agent>(conn)
                .await?;
            Ok(Some(ApiKeyOwner {
                key_id,
                company,
                agent,
                client_id,
                scope,
            }))
        })
    }

    /// Returns one agent of the company.
    pub async fn get_agent(&self, company: i64, id: i64) -> Result<Agent> {
        crate::with_conn!(self, |conn| {
            agents::table
                .filter(agents::company_id.eq(company))
                .filter(agents::id.eq(id))
                .select(Agent::as_select())
                .first::<Agent>(conn)
                .await
                .map_err(StorageError::from_lookup)
        })
    }

    pub async fn company_by_public_id(&self, public_id: &str) -> Result<Option<Company>> {
        crate::with_conn!(self, |conn| {
            Ok(companies::table
                .filter(companies::public_id.eq(public_id))
                .select(Company::as_select())
                .first::<Company>(conn)
                .await
                .optional()?)
        })
    }

    /// Inserts a company with explicit or generated public id. Fails with Conflict when
    /// the public id is taken.
    pub async fn insert_company(
        &self,
        id: Option<i64>,
        public_id: &str,
        name: &str,
    ) -> Result<Company> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            let taken = companies::table
                .filter(companies::public_id.eq(public_id))
                .count()
                .get_result::<i64>(conn)
                .await?;
            if taken > 0 {
                return Err(StorageError::Conflict(format!(
                    "company id '{public_id}' is already in use"
                )));
            }
            let company = match id {
                Some(id) => {
                    diesel::insert_into(companies::table)
                        .values((
                            companies::id.eq(id),
                            companies::public_id.eq(public_id),
                            companies::name.eq(name),
                            companies::created_at.eq(now),
                        ))
                        .returning(Company::as_returning())
                        .get_result::<Company>(conn)
                        .await?
                }
                None => {
                    diesel::insert_into(companies::table)
                        .values((
                            companies::public_id.eq(public_id),
                            companies::name.eq(name),
                            companies::created_at.eq(now),
                        ))
                        .returning(Company::as_returning())
                        .get_result::<Company>(conn)
                        .await?
                }
            };
            Ok(company)
        })
    }

    /// Creates a company with one active super-user agent that has API access, and a
    /// read-write key for that agent. Returns the key in clear text: it is stored only as
    /// a hash and cannot be shown again.
    pub async fn create_company_account(
        &self,
        account: NewCompanyAccount,
    ) -> Result<CreatedCompanyAccount> {
        let secret = self.api_key_secret().await?;
        let api_key = generate_api_key();
        let key_hash = hash_api_key(&secret, &api_key);
        let public_id = account
            .public_id
            .clone()
            .unwrap_or_else(generate_company_id);
        let now = crate::now();
        let (company, agent_id) = crate::in_transaction!(self, |conn| {
            let taken = companies::table
                .filter(companies::public_id.eq(&public_id))
                .count()
                .get_result::<i64>(conn)
                .await?;
            if taken > 0 {
                return Err(StorageError::Conflict(format!(
                    "company id '{public_id}' is already in use"
                )));
            }
            let company = diesel::insert_into(companies::table)
                .values((
                    companies::public_id.eq(&public_id),
                    companies::name.eq(&account.company_name),
                    companies::created_at.eq(now),
                ))
                .returning(Company::as_returning())
                .get_result::<Company>(conn)
                .await?;
            let agent = NewAgent {
                id: None,
                company_id: company.id,
                first_name: account.agent_first_name.clone(),
                last_name: account.agent_last_name.clone(),
                email: account.agent_email.clone(),
                phone: None,
                job_title: None,
                photo_url: String::new(),
                active: true,
                api_access: true,
                super_user: true,
                created_at: now,
                last_login_at: None,
                updated_at: now,
            };
            let agent_id = diesel::insert_into(agents::table)
                .values(&agent)
                .returning(agents::id)
                .get_result::<i64>(conn)
                .await?;
            diesel::insert_into(api_keys::table)
                .values((
                    api_keys::company_id.eq(company.id),
                    api_keys::agent_id.eq(agent_id),
                    api_keys::key_hash.eq(&key_hash),
                    api_keys::scope.eq(domain::Scope::ReadWrite.as_str()),
                    api_keys::created_at.eq(now),
                ))
                .execute(conn)
                .await?;
            Ok((company, agent_id))
        })?;
        Ok(CreatedCompanyAccount {
            company,
            agent_id,
            api_key,
        })
    }

    /// Stores a key hash for an agent (and, for client-scoped keys, a client) and returns the
    /// key's id.
    pub async fn insert_api_key(
        &self,
        company: i64,
        agent: i64,
        client: Option<i64>,
        key_hash: &str,
        scope: domain::Scope,
    ) -> Result<i64> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            Ok(diesel::insert_into(api_keys::table)
                .values((
                    api_keys::company_id.eq(company),
                    api_keys::agent_id.eq(agent),
                    api_keys::client_id.eq(client),
                    api_keys::key_hash.eq(key_hash),
                    api_keys::scope.eq(scope.as_str()),
                    api_keys::created_at.eq(now),
                ))
                .returning(api_keys::id)
                .get_result::<i64>(conn)
                .await?)
        })
    }
}

/// An API key as administrators see it: never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyInfo {
    pub id: i64,
    pub agent_id: i64,
    pub client_id: Option<i64>,
    pub scope: String,
    pub created_at: chrono::NaiveDateTime,
    pub revoked_at: Option<chrono::NaiveDateTime>,
}

/// The state of a key that session requests check on every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyStanding {
    /// The key is not revoked, its agent is active with API access and super-user rights,
    /// and, for a client-scoped key, the client is active.
    pub usable: bool,
}

impl Database {
    /// Lists a company's API keys, newest first, without their secrets.
    pub async fn list_api_keys(&self, company: i64) -> Result<Vec<ApiKeyInfo>> {
        crate::with_conn!(self, |conn| {
            let rows = api_keys::table
                .filter(api_keys::company_id.eq(company))
                .order(api_keys::id.desc())
                .select((
                    api_keys::id,
                    api_keys::agent_id,
                    api_keys::client_id,
                    api_keys::scope,
                    api_keys::created_at,
                    api_keys::revoked_at,
                ))
                .load::<(
                    i64,
                    i64,
                    Option<i64>,
                    String,
                    chrono::NaiveDateTime,
                    Option<chrono::NaiveDateTime>,
                )>(conn)
                .await?;
            Ok(rows
                .into_iter()
                .map(
                    |(id, agent_id, client_id, scope, created_at, revoked_at)| ApiKeyInfo {
                        id,
                        agent_id,
                        client_id,
                        scope,
                        created_at,
                        revoked_at,
                    },
                )
                .collect())
        })
    }

    /// Revokes a key. NotFound when the key is not the company's or already revoked.
    pub async fn revoke_api_key(&self, company: i64, key: i64) -> Result<()> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            let changed = diesel::update(
                api_keys::table
                    .filter(api_keys::company_id.eq(company))
                    .filter(api_keys::id.eq(key))
                    .filter(api_keys::revoked_at.is_null()),
            )
            .set(api_keys::revoked_at.eq(Some(now)))
            .execute(conn)
            .await?;
            if changed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }

    /// Revokes a key and stores `new_hash` as its replacement with the same agent, client and
    /// scope, in one transaction. Returns the new key's id.
    pub async fn rotate_api_key(&self, company: i64, key: i64, new_hash: &str) -> Result<i64> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            let (agent, client, scope) = api_keys::table
                .filter(api_keys::company_id.eq(company))
                .filter(api_keys::id.eq(key))
                .filter(api_keys::revoked_at.is_null())
                .select((api_keys::agent_id, api_keys::client_id, api_keys::scope))
                .first::<(i64, Option<i64>, String)>(conn)
                .await
                .map_err(StorageError::from_lookup)?;
            diesel::update(api_keys::table.filter(api_keys::id.eq(key)))
                .set(api_keys::revoked_at.eq(Some(now)))
                .execute(conn)
                .await?;
            Ok(diesel::insert_into(api_keys::table)
                .values((
                    api_keys::company_id.eq(company),
                    api_keys::agent_id.eq(agent),
                    api_keys::client_id.eq(client),
                    api_keys::key_hash.eq(new_hash),
                    api_keys::scope.eq(scope),
                    api_keys::created_at.eq(now),
                ))
                .returning(api_keys::id)
                .get_result::<i64>(conn)
                .await?)
        })
    }

    /// Changes the scope of an unrevoked key. NotFound when the key is not the company's or
    /// is revoked.
    pub async fn set_key_scope(&self, company: i64, key: i64, scope: domain::Scope) -> Result<()> {
        crate::in_transaction!(self, |conn| {
            let changed = diesel::update(
                api_keys::table
                    .filter(api_keys::company_id.eq(company))
                    .filter(api_keys::id.eq(key))
                    .filter(api_keys::revoked_at.is_null()),
            )
            .set(api_keys::scope.eq(scope.as_str()))
            .execute(conn)
            .await?;
            if changed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }

    /// Turns API access on or off for an agent. NotFound when the agent is not the company's.
    pub async fn set_api_access(&self, company: i64, agent: i64, enabled: bool) -> Result<()> {
        let now = crate::now();
        crate::in_transaction!(self, |conn| {
            let changed = diesel::update(
                agents::table
                    .filter(agents::company_id.eq(company))
                    .filter(agents::id.eq(agent)),
            )
            .set((agents::api_access.eq(enabled), agents::updated_at.eq(now)))
            .execute(conn)
            .await?;
            if changed == 0 {
                return Err(StorageError::NotFound);
            }
            Ok(())
        })
    }

    /// Checks in one query whether a key may still be used, for session requests.
    pub async fn key_standing(&self, key: i64) -> Result<KeyStanding> {
        use crate::schema::clients;
        crate::with_conn!(self, |conn| {
            let row = api_keys::table
                .inner_join(agents::table.on(agents::id.eq(api_keys::agent_id)))
                .left_join(clients::table.on(clients::id.nullable().eq(api_keys::client_id)))
                .filter(api_keys::id.eq(key))
                .filter(api_keys::revoked_at.is_null())
                .select((
                    agents::active,
                    agents::api_access,
                    agents::super_user,
                    api_keys::client_id,
                    clients::active.nullable(),
                ))
                .first::<(bool, bool, bool, Option<i64>, Option<bool>)>(conn)
                .await
                .optional()?;
            let usable = match row {
                Some((active, api_access, super_user, client, client_active)) => {
                    let client_ok = client.is_none() || client_active == Some(true);
                    active && api_access && super_user && client_ok
                }
                None => false,
            };
            Ok(KeyStanding { usable })
        })
    }

    /// Tells whether a client of the company is active. NotFound when it is not the company's.
    pub async fn client_active(&self, company: i64, client: i64) -> Result<bool> {
        use crate::schema::clients;
        crate::with_conn!(self, |conn| {
            clients::table
                .filter(clients::company_id.eq(company))
                .filter(clients::id.eq(client))
                .select(clients::active)
                .first::<bool>(conn)
                .await
                .map_err(StorageError::from_lookup)
        })
    }
}
