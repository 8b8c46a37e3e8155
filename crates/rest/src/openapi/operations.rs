//! The parameters and response schema of each legacy method, for the OpenAPI document. The
//! parameters are the ones `crate::methods` reads, and the schema names are entries of
//! `super::schemas`.

/// The record id a method reads, if any.
#[derive(Clone, Copy)]
pub enum RecordId {
    /// The method reads no id.
    None,
    /// The id is required, from the `{id}` path segment or else from parameter `param`.
    Required {
        param: &'static str,
        description: &'static str,
    },
    /// With an id (path segment or `id` parameter) the method returns one record, without
    /// it every record.
    Optional { description: &'static str },
}

/// The value types of the legacy parameters.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    /// A positive integer id.
    Id,
    /// An id where empty or `0` means none.
    OptionalId,
    /// Comma-separated positive integer ids.
    IdList,
    /// Comma-separated client ids or email addresses.
    ClientList,
    /// A severity number or word.
    Priority,
    /// `0` or `1`; empty reads as the default.
    Flag,
    /// `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`, UTC; empty clears it.
    DateTime,
}

#[derive(Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub description: &'static str,
}

const fn optional(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        required: false,
        description,
    }
}

const fn required(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        required: true,
        description,
    }
}

pub struct Operation {
    /// The legacy method name, as in the URL.
    pub name: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub record_id: RecordId,
    pub params: &'static [Param],
    /// The `components.schemas` entry of the 200 body.
    pub response: &'static str,
}

const CREATE_TASK_PARAMS: &[Param] = &[
    required("title", Kind::Text, "The task title."),
    optional("info", Kind::Text, "Details or task objectives."),
    optional(
        "priority",
        Kind::Priority,
        "The severity: 5 or low, 10 or medium, 15 or high, 20 or critical, 25 or severe; absent or empty means low. Words match case-insensitively.",
    ),
    optional(
        "visible",
        Kind::Flag,
        "0 or empty (the default) for a public task, 1 for a private one.",
    ),
    optional(
        "billto",
        Kind::OptionalId,
        "The billing audience to bill the task to; 0 or empty means none.",
    ),
    optional(
        "project",
        Kind::OptionalId,
        "The project to link the task to; 0 or empty means none.",
    ),
    optional("duedate", Kind::DateTime, "The due date, UTC."),
    optional(
        "clients",
        Kind::ClientList,
        "Clients to link, by id or email address, comma-separated.",
    ),
    optional(
        "assets",
        Kind::IdList,
        "Asset ids to link, comma-separated.",
    ),
    optional(
        "assigned",
        Kind::IdList,
        "Agent ids to assign, comma-separated.",
    ),
    optional(
        "group-assigned",
        Kind::IdList,
        "Agent group ids to assign, comma-separated.",
    ),
    optional("tags", Kind::IdList, "Tag ids to add, comma-separated."),
    optional("office", Kind::IdList, "Site ids to link, comma-separated."),
    optional(
        "auto-create",
        Kind::Flag,
        "1 creates a client given by an unknown email address; 0 (the default) rejects it.",
    ),
    optional(
        "auto-invite",
        Kind::Flag,
        "1 invites an auto-created client to the end-user portal; 0 (the default) does not.",
    ),
];

const UPDATE_TASK_PARAMS: &[Param] = &[
    optional("title", Kind::Text, "The new title."),
    optional("info", Kind::Text, "The new details."),
    optional(
        "priority",
        Kind::Priority,
        "The new severity: 5 or low, 10 or medium, 15 or high, 20 or critical, 25 or severe; empty means low. Words match case-insensitively.",
    ),
    optional(
        "visible",
        Kind::Flag,
        "0 or empty makes the task public, 1 private.",
    ),
    optional(
        "billto",
        Kind::OptionalId,
        "The billing audience; empty or 0 removes it.",
    ),
    optional(
        "project",
        Kind::OptionalId,
        "The project; empty or 0 removes it.",
    ),
    optional(
        "duedate",
        Kind::DateTime,
        "The due date, UTC; empty removes it.",
    ),
    optional(
        "clients",
        Kind::ClientList,
        "Clients to add, by id or email address, comma-separated; empty removes every linked client.",
    ),
    optional(
        "assets",
        Kind::IdList,
        "Asset ids to add, comma-separated; empty removes every linked asset.",
    ),
    optional(
        "assigned",
        Kind::IdList,
        "Agent ids to assign, comma-separated; empty removes every assigned agent.",
    ),
    optional(
        "group-assigned",
        Kind::IdList,
        "Agent group ids to assign, comma-separated; empty removes every assigned group.",
    ),
    optional(
        "tags",
        Kind::IdList,
        "Tag ids to add, comma-separated; empty removes every tag.",
    ),
    optional(
        "office",
        Kind::IdList,
        "Site ids to add, comma-separated; empty removes every linked site.",
    ),
    optional(
        "auto-create",
        Kind::Flag,
        "1 creates a client given by an unknown email address; 0 (the default) rejects it.",
    ),
    optional(
        "auto-invite",
        Kind::Flag,
        "1 invites an auto-created client to the end-user portal; 0 (the default) does not.",
    ),
];

const CREATE_ASSET_PARAMS: &[Param] = &[
    required("name", Kind::Text, "The asset name."),
    optional(
        "type",
        Kind::Text,
        "The asset type, stored as the text sent.",
    ),
    optional(
        "mfgr",
        Kind::Text,
        "The manufacturer, stored as the text sent.",
    ),
    optional("model", Kind::Text, "The model number or name."),
    optional(
        "offices",
        Kind::IdList,
        "Site ids to link, comma-separated.",
    ),
    optional(
        "clients",
        Kind::IdList,
        "Client ids to link, comma-separated.",
    ),
    optional("tags", Kind::IdList, "Tag ids to add, comma-separated."),
];

const fn by_id(param: &'static str, description: &'static str) -> RecordId {
    RecordId::Required { param, description }
}

const fn list(
    name: &'static str,
    tag: &'static str,
    summary: &'static str,
    response: &'static str,
) -> Operation {
    Operation {
        name,
        tag,
        summary,
        description: "Returns every record the caller may see, in one response.",
        record_id: RecordId::None,
        params: &[],
        response,
    }
}

const fn detail(
    name: &'static str,
    tag: &'static str,
    summary: &'static str,
    record: &'static str,
    response: &'static str,
) -> Operation {
    Operation {
        name,
        tag,
        summary,
        description: "Returns one record; 404 when the company has no record with that id.",
        record_id: by_id("id", record),
        params: &[],
        response,
    }
}

/// Every documented legacy method.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        name: "authorization",
        tag: "General",
        summary: "Check the credentials",
        description: "Returns the agent that the credentials sign in as. Use it to test the Authorization header.",
        record_id: RecordId::None,
        params: &[],
        response: "AuthorizationResponse",
    },
    list(
        "get-tasks",
        "Tasks",
        "List the tasks the caller may see",
        "GetTasksResponse",
    ),
    detail(
        "get-task",
        "Tasks",
        "Get a task",
        "The task id.",
        "GetTaskResponse",
    ),
    Operation {
        name: "get-task-assets",
        tag: "Tasks",
        summary: "List the assets linked to a task",
        description: "Returns the assets linked to the task, keyed by asset id.",
        record_id: by_id("id", "The task id."),
        params: &[],
        response: "GetTaskAssetsResponse",
    },
    Operation {
        name: "get-task-comments",
        tag: "Tasks",
        summary: "List the comments on a task",
        description: "Returns the comments on the task, by ascending id.",
        record_id: by_id("id", "The task id."),
        params: &[],
        response: "GetTaskCommentsResponse",
    },
    Operation {
        name: "get-task-members",
        tag: "Tasks",
        summary: "List the agents, groups and clients of a task",
        description: "Returns three maps keyed by id: the assigned agents, the assigned groups and the linked clients.",
        record_id: by_id("id", "The task id."),
        params: &[],
        response: "GetTaskMembersResponse",
    },
    Operation {
        name: "get-task-tags",
        tag: "Tasks",
        summary: "List the tags of a task",
        description: "Returns the tags of the task, keyed by tag id.",
        record_id: by_id("id", "The task id."),
        params: &[],
        response: "GetTaskTagsResponse",
    },
    Operation {
        name: "create-task",
        tag: "Tasks",
        summary: "Create a task",
        description: "Creates a task and returns its id in a bare object `{\"0\": id}`, not in the envelope.",
        record_id: RecordId::None,
        params: CREATE_TASK_PARAMS,
        response: "CreateTaskResponse",
    },
    Operation {
        name: "update-task",
        tag: "Tasks",
        summary: "Change a task",
        description: "Changes only the parameters sent. A link parameter with ids adds those links; sent empty, it removes every link of its kind.",
        record_id: by_id("task", "The id of the task to change."),
        params: UPDATE_TASK_PARAMS,
        response: "UpdateTaskResponse",
    },
    list(
        "get-agents",
        "Agents",
        "List the agents",
        "GetAgentsResponse",
    ),
    detail(
        "get-agent",
        "Agents",
        "Get an agent",
        "The agent id.",
        "GetAgentResponse",
    ),
    list(
        "get-agent-groups",
        "Agents",
        "List the agent groups",
        "GetAgentGroupsResponse",
    ),
    detail(
        "get-agent-group",
        "Agents",
        "Get an agent group",
        "The group id.",
        "GetAgentGroupResponse",
    ),
    Operation {
        name: "get-agent-group-members",
        tag: "Agents",
        summary: "List the agents of a group",
        description: "Returns the agents that belong to the group.",
        record_id: by_id("id", "The group id."),
        params: &[],
        response: "GetAgentGroupMembersResponse",
    },
    list(
        "get-assets",
        "Assets",
        "List the assets",
        "GetAssetsResponse",
    ),
    detail(
        "get-asset",
        "Assets",
        "Get an asset",
        "The asset id.",
        "GetAssetResponse",
    ),
    Operation {
        name: "create-asset",
        tag: "Assets",
        summary: "Create an asset",
        description: "Creates an active asset and returns its id.",
        record_id: RecordId::None,
        params: CREATE_ASSET_PARAMS,
        response: "CreateAssetResponse",
    },
    Operation {
        name: "get-audience",
        tag: "Billing audiences",
        summary: "List the billing audiences, or get one",
        description: "Returns the billing audiences keyed by id: every audience, or with an id only that one (404 when it does not exist). The `desc` is \"Members found\", as in the legacy service.",
        record_id: RecordId::Optional {
            description: "The audience id.",
        },
        params: &[],
        response: "GetAudienceResponse",
    },
    list(
        "get-clients",
        "Clients",
        "List the client users",
        "GetClientsResponse",
    ),
    detail(
        "get-client",
        "Clients",
        "Get a client user",
        "The client id.",
        "GetClientResponse",
    ),
    list(
        "get-contracts",
        "Contracts",
        "List the contracts",
        "GetContractsResponse",
    ),
    detail(
        "get-contract",
        "Contracts",
        "Get a contract",
        "The contract id.",
        "GetContractResponse",
    ),
    list(
        "get-projects",
        "Projects",
        "List the projects",
        "GetProjectsResponse",
    ),
    detail(
        "get-project",
        "Projects",
        "Get a project",
        "The project id.",
        "GetProjectResponse",
    ),
    list("get-sites", "Sites", "List the sites", "GetSitesResponse"),
    detail(
        "get-site",
        "Sites",
        "Get a site",
        "The site id.",
        "GetSiteResponse",
    ),
];
