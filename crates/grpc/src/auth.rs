//! Authentication of every call: `authorization: Basic base64(company_id:api_key)`, or on
//! the legacy API a session cookie issued after a successful Basic login.
//!
//! Session tokens are signed, not stored: `v1.<payload>.<HMAC-SHA256>` under the
//! deployment's secret, carrying the key, company, agent, scope and expiry. Every process
//! that shares the database shares the secret, so any of them accepts the token, and each
//! request still checks in one query that the key is not revoked and its agent may call.

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use domain::{Caller, Role, Scope};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use storage::Database;
use subtle::ConstantTimeEq;
use tokio::sync::OnceCell;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};

use crate::error::{from_storage, unauthenticated};
use crate::rate::{Budget, RateLimits};

/// An authenticated call: who calls and on behalf of which company.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub caller: Caller,
    /// The public company id, the user name of Basic authentication.
    pub company_public_id: String,
    /// The key the call was made with.
    pub key_id: i64,
    /// The first 16 hex digits of the key's stored hash: lets a session request that also
    /// sends Basic credentials check that they name the session's key without a lookup.
    pub key_fingerprint: String,
}

const FINGERPRINT_LENGTH: usize = 16;

/// The address of the client that opened the connection, set as a request extension by the
/// server so failed authentications can be limited per address.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub IpAddr);

/// A failed authentication, with the address's remaining budget of failures.
#[derive(Debug)]
pub struct AuthFailure {
    pub status: Status,
    pub budget: Option<Budget>,
    /// Set when the address is blocked: how long until it may try again.
    pub retry_after: Option<Duration>,
}

/// Checks credentials against the stored key hashes and signs session tokens.
pub struct Authenticator {
    db: Database,
    secret: OnceCell<Vec<u8>>,
    pub limits: RateLimits,
    session_ttl: Duration,
}

impl Authenticator {
    pub fn new(db: Database, limits: RateLimits, session_ttl: Duration) -> Self {
        Authenticator {
            db,
            secret: OnceCell::new(),
            limits,
            session_ttl,
        }
    }

    pub fn session_ttl(&self) -> Duration {
        self.session_ttl
    }

    /// Loads (or on first start creates) the secret that keys API key hashes and signs
    /// sessions, so requests never write it.
    pub async fn load_secret(&self) -> Result<(), Status> {
        self.secret().await.map(|_| ())
    }

    async fn secret(&self) -> Result<&[u8], Status> {
        self.secret
            .get_or_try_init(|| self.db.api_key_secret())
            .await
            .map(Vec::as_slice)
            .map_err(|error| from_storage(error, "secret", 0))
    }

    /// Authenticates the Basic credentials in `metadata`. Every bad credential gives the
    /// same UNAUTHENTICATED status and counts against the client address, which is blocked
    /// (RESOURCE_EXHAUSTED) after too many failures.
    pub async fn authenticate(
        &self,
        metadata: &MetadataMap,
        address: Option<IpAddr>,
    ) -> Result<Authenticated, AuthFailure> {
        self.limits
            .check_address(address)
            .await
            .map_err(|limited| AuthFailure {
                status: limited.status(),
                budget: Some(limited.budget),
                retry_after: Some(limited.retry_after),
            })?;
        match self.verify_basic(metadata).await {
            Ok(authenticated) => Ok(authenticated),
            Err(status) if status.code() == Code::Unauthenticated => {
                match self.limits.record_failure(address).await {
                    Ok(budget) => Err(AuthFailure {
                        status,
                        budget: Some(budget),
                        retry_after: None,
                    }),
                    Err(limited) => Err(AuthFailure {
                        status: limited.status(),
                        budget: Some(limited.budget),
                        retry_after: Some(limited.retry_after),
                    }),
                }
            }
            Err(status) => Err(AuthFailure {
                status,
                budget: None,
                retry_after: None,
            }),
        }
    }

    async fn verify_basic(&self, metadata: &MetadataMap) -> Result<Authenticated, Status> {
        let header = metadata
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(unauthenticated)?;
        let (company_id, api_key) = parse_basic(header).ok_or_else(unauthenticated)?;
        let key_hash = storage::hash_api_key(self.secret().await?, &api_key);
        let owner = self
            .db
            .find_api_key(&key_hash)
            .await
            .map_err(|error| from_storage(error, "key", 0))?
            .ok_or_else(unauthenticated)?;

        let company_matches: bool = owner
            .company
            .public_id
            .as_bytes()
            .ct_eq(company_id.as_bytes())
            .into();
        let agent = &owner.agent;
        if !company_matches || !agent.active || !agent.api_access || !agent.super_user {
            return Err(unauthenticated());
        }
        let scope = Scope::parse(&owner.scope).ok_or_else(unauthenticated)?;
        let role = match owner.client_id {
            Some(client_id) => {
                let active = self
                    .db
                    .client_active(owner.company.id, client_id)
                    .await
                    .map_err(|error| from_storage(error, "client", client_id))?;
                if !active {
                    return Err(unauthenticated());
                }
                Role::Client {
                    agent_id: agent.id,
                    client_id,
                }
            }
            None => Role::Agent { agent_id: agent.id },
        };
        Ok(Authenticated {
            caller: Caller {
                company_id: owner.company.id,
                role,
                scope,
            },
            company_public_id: owner.company.public_id,
            key_id: owner.key_id,
            key_fingerprint: key_hash[..FINGERPRINT_LENGTH.min(key_hash.len())].to_owned(),
        })
    }

    /// Tells whether Basic credentials name the same company and key as a session, by
    /// hashing the presented key, without a database lookup.
    pub async fn basic_matches_session(
        &self,
        session: &Authenticated,
        company_id: &str,
        api_key: &str,
    ) -> Result<bool, Status> {
        let hash = storage::hash_api_key(self.secret().await?, api_key);
        let fingerprint = &hash[..FINGERPRINT_LENGTH.min(hash.len())];
        let same_key: bool = fingerprint
            .as_bytes()
            .ct_eq(session.key_fingerprint.as_bytes())
            .into();
        Ok(same_key && company_id == session.company_public_id)
    }

    /// Signs a session token for an authenticated caller, valid for the session lifetime.
    pub async fn issue_session(&self, who: &Authenticated) -> Result<String, Status> {
        let lifetime = i64::try_from(self.session_ttl.as_secs()).unwrap_or(i64::MAX);
        let expires = chrono::Utc::now().timestamp().saturating_add(lifetime);
        let client = who.caller.client_id().unwrap_or(0);
        let payload = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            who.key_fingerprint,
            who.key_id,
            who.caller.company_id,
            who.caller.agent_id(),
            client,
            who.caller.scope.as_str(),
            expires,
            who.company_public_id
        );
        let mac = session_mac(self.secret().await?, &payload);
        Ok(format!(
            "v1.{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(mac)
        ))
    }

    /// Returns the caller of a valid session token, or `None` when the token is malformed,
    /// forged, expired, or its key was revoked or its agent lost API access.
    pub async fn authenticate_session(&self, token: &str) -> Result<Option<Authenticated>, Status> {
        let Some(session) = self.verify_session(token).await? else {
            return Ok(None);
        };
        let standing = self
            .db
            .key_standing(session.key_id)
            .await
            .map_err(|error| from_storage(error, "key", session.key_id))?;
        Ok(standing.usable.then_some(session))
    }

    async fn verify_session(&self, token: &str) -> Result<Option<Authenticated>, Status> {
        let Some(rest) = token.strip_prefix("v1.") else {
            return Ok(None);
        };
        let Some((payload, mac)) = rest.split_once('.') else {
            return Ok(None);
        };
        let (Ok(payload), Ok(mac)) = (URL_SAFE_NO_PAD.decode(payload), URL_SAFE_NO_PAD.decode(mac))
        else {
            return Ok(None);
        };
        let Ok(payload) = String::from_utf8(payload) else {
            return Ok(None);
        };
        let expected = session_mac(self.secret().await?, &payload);
        let genuine: bool = expected.as_slice().ct_eq(mac.as_slice()).into();
        if !genuine {
            return Ok(None);
        }
        Ok(parse_session(&payload)
            .filter(|(_, expires)| *expires > chrono::Utc::now().timestamp())
            .map(|(who, _)| who))
    }
}

fn session_mac(secret: &[u8], payload: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(b"session:");
    mac.update(payload.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn parse_session(payload: &str) -> Option<(Authenticated, i64)> {
    let mut parts = payload.splitn(8, '|');
    let key_fingerprint = parts.next()?.to_owned();
    let key_id = parts.next()?.parse().ok()?;
    let company_id = parts.next()?.parse().ok()?;
    let agent_id = parts.next()?.parse().ok()?;
    let client_id: i64 = parts.next()?.parse().ok()?;
    let scope = Scope::parse(parts.next()?)?;
    let expires = parts.next()?.parse().ok()?;
    let company_public_id = parts.next()?.to_owned();
    let role = if client_id > 0 {
        Role::Client {
            agent_id,
            client_id,
        }
    } else {
        Role::Agent { agent_id }
    };
    Some((
        Authenticated {
            caller: Caller {
                company_id,
                role,
                scope,
            },
            company_public_id,
            key_id,
            key_fingerprint,
        },
        expires,
    ))
}

/// Splits `Basic base64(user:password)` into its two parts.
pub fn parse_basic(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    if user.is_empty() || password.is_empty() {
        return None;
    }
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header_of_reference_parses() {
        let parsed = parse_basic("Basic WjJXZWI2LXMwWEVhZjoxMjM0LTU2Nzg=");
        assert_eq!(
            parsed,
            Some(("Z2Web6-s0XEaf".to_owned(), "1234-5678".to_owned()))
        );
    }

    #[test]
    fn malformed_headers_are_rejected() {
        assert_eq!(parse_basic("Bearer abc"), None);
        assert_eq!(parse_basic("Basic !!!"), None);
        assert_eq!(parse_basic("Basic "), None);
        assert_eq!(
            parse_basic(&format!("Basic {}", STANDARD.encode("nocolon"))),
            None
        );
    }

    #[test]
    fn session_payload_round_trips() {
        let parsed = parse_session("00ff00ff00ff00ff|5|1|18|0|read_only|2000000000|Z2Web6-s0XEaf");
        let Some((who, expires)) = parsed else {
            panic!("payload rejected")
        };
        assert_eq!(who.key_id, 5);
        assert_eq!(who.caller.agent_id(), 18);
        assert_eq!(who.caller.scope, Scope::ReadOnly);
        assert_eq!(who.company_public_id, "Z2Web6-s0XEaf");
        assert_eq!(expires, 2_000_000_000);
        assert_eq!(who.key_fingerprint, "00ff00ff00ff00ff");
        assert!(parse_session("00ff00ff00ff00ff|5|1|18|0|admin|2000000000|x").is_none());
    }
}
