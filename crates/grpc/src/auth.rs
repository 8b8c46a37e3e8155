//! Authentication of every call: `authorization: Basic base64(company_id:api_key)`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::{Caller, Role, Scope};
use storage::Database;
use storage::models::Agent;
use subtle::ConstantTimeEq;
use tokio::sync::OnceCell;
use tonic::Status;
use tonic::metadata::MetadataMap;

use crate::error::{from_storage, unauthenticated};

/// An authenticated call: who calls and on behalf of which company.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub caller: Caller,
    /// The public company id, the user name of Basic authentication.
    pub company_public_id: String,
    /// The agent who owns the key.
    pub agent: Agent,
    pub key_id: i64,
}

/// Checks credentials against the stored key hashes.
pub struct Authenticator {
    db: Database,
    secret: OnceCell<Vec<u8>>,
}

impl Authenticator {
    pub fn new(db: Database) -> Self {
        Authenticator {
            db,
            secret: OnceCell::new(),
        }
    }

    /// Authenticates the credentials in `metadata`. Every failure gives the same
    /// UNAUTHENTICATED status.
    pub async fn authenticate(&self, metadata: &MetadataMap) -> Result<Authenticated, Status> {
        let header = metadata
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .ok_or_else(unauthenticated)?;
        let (company_id, api_key) = parse_basic(header).ok_or_else(unauthenticated)?;
        let secret = self
            .secret
            .get_or_try_init(|| self.db.api_key_secret())
            .await
            .map_err(|error| from_storage(error, "secret", 0))?;
        let key_hash = storage::hash_api_key(secret, &api_key);
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
            Some(client_id) => Role::Client {
                agent_id: agent.id,
                client_id,
            },
            None => Role::Agent { agent_id: agent.id },
        };
        Ok(Authenticated {
            caller: Caller {
                company_id: owner.company.id,
                role,
                scope,
            },
            company_public_id: owner.company.public_id,
            agent: owner.agent,
            key_id: owner.key_id,
        })
    }
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
}
