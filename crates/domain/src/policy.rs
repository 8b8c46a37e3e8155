//! The permission policy: which caller may do what. Every gRPC method checks it before it
//! reads or writes, so the legacy API, which calls the gRPC methods, follows it too.

/// The scope of a key: read-only or read-write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ReadOnly,
    ReadWrite,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ReadOnly => "read_only",
            Scope::ReadWrite => "read_write",
        }
    }

    pub fn parse(value: &str) -> Option<Scope> {
        match value {
            "read_only" => Some(Scope::ReadOnly),
            "read_write" => Some(Scope::ReadWrite),
            _ => None,
        }
    }
}

/// Whom a caller acts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A super-user agent with API access.
    Agent { agent_id: i64 },
    /// A client-scoped key: acts as one client of the company.
    Client { agent_id: i64, client_id: i64 },
}

/// An authenticated caller. Every query is scoped to `company_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub company_id: i64,
    pub role: Role,
    pub scope: Scope,
}

impl Caller {
    /// Returns the agent who owns the caller's key.
    pub fn agent_id(&self) -> i64 {
        match self.role {
            Role::Agent { agent_id } | Role::Client { agent_id, .. } => agent_id,
        }
    }

    /// Returns the client a client-scoped key acts as.
    pub fn client_id(&self) -> Option<i64> {
        match self.role {
            Role::Client { client_id, .. } => Some(client_id),
            Role::Agent { .. } => None,
        }
    }

    /// Tells whether the caller may see private tasks and private comments.
    pub fn sees_private(&self) -> bool {
        matches!(self.role, Role::Agent { .. })
    }
}

/// Something a caller asks to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read tasks and their comments, members, assets and tags (further filtered by
    /// visibility), or the caller's own identity.
    Read,
    /// Read the company's other records: agents, groups, clients, assets, contracts, ...
    ReadRecords,
    /// Create a task.
    CreateTask,
    /// Change a task's fields or links.
    UpdateTask,
    /// Add a comment to a task; `private` comments are for agents only.
    CommentOnTask { private: bool },
    /// Create, change or delete a record other than a task.
    ManageRecords,
}

/// The reason an action is not allowed. The message is safe to show to the caller.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

/// Decides whether `caller` may perform `action`.
pub fn authorize(caller: &Caller, action: Action) -> Result<(), Denied> {
    let reads = matches!(action, Action::Read | Action::ReadRecords);
    if !reads && caller.scope == Scope::ReadOnly {
        return Err(Denied("this API key is read-only".to_owned()));
    }
    match (caller.role, action) {
        (Role::Agent { .. }, _) => Ok(()),
        (Role::Client { .. }, Action::Read | Action::CreateTask) => Ok(()),
        (Role::Client { .. }, Action::CommentOnTask { private: false }) => Ok(()),
        (Role::Client { .. }, Action::CommentOnTask { private: true }) => Err(Denied(
            "a client-scoped key may add public comments only".to_owned(),
        )),
        (Role::Client { .. }, Action::UpdateTask | Action::ManageRecords) => Err(Denied(
            "a client-scoped key may only read its tasks, create tasks and comment".to_owned(),
        )),
        (Role::Client { .. }, Action::ReadRecords) => Err(Denied(
            "a client-scoped key may read only its own tasks".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, scope: Scope) -> Caller {
        Caller {
            company_id: 1,
            role,
            scope,
        }
    }

    #[test]
    fn read_only_key_cannot_write() {
        let agent = caller(Role::Agent { agent_id: 1 }, Scope::ReadOnly);
        assert!(authorize(&agent, Action::Read).is_ok());
        assert!(authorize(&agent, Action::CreateTask).is_err());
        assert!(authorize(&agent, Action::ManageRecords).is_err());
    }

    #[test]
    fn client_key_creates_tasks_and_public_comments_only() {
        let role = Role::Client {
            agent_id: 1,
            client_id: 2,
        };
        let client = caller(role, Scope::ReadWrite);
        assert!(authorize(&client, Action::CreateTask).is_ok());
        assert!(authorize(&client, Action::CommentOnTask { private: false }).is_ok());
        assert!(authorize(&client, Action::CommentOnTask { private: true }).is_err());
        assert!(authorize(&client, Action::UpdateTask).is_err());
        assert!(authorize(&client, Action::ManageRecords).is_err());
        assert!(authorize(&client, Action::ReadRecords).is_err());
        assert!(!client.sees_private());
    }
}
