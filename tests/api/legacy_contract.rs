//! One contract test per legacy method: the response to the documented request, on the demo
//! data, equals the documented example. Where the reference contradicts itself or is not
//! valid JSON, docs/legacy-compatibility.md records the reading chosen, and the test names
//! the fields that follow it (by their entry number there) instead of the example.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::common::{Backend, TestServer, mask_emails};

/// Removes the fields at `paths` (JSON pointers) from both values, so the rest must match.
fn without(mut value: Value, paths: &[&str]) -> Value {
    for path in paths {
        let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
        if let Some(Value::Object(map)) = value.pointer_mut(parent) {
            map.remove(key);
        }
    }
    value
}

/// GETs `method` and compares the whole response with `expected`, skipping `skipped`.
async fn assert_detail(server: &TestServer, method: &str, expected: Value, skipped: &[&str]) {
    let (status, mut body) = server.get(method).await;
    mask_emails(&mut body);
    assert_eq!(status, 200, "{method}: {body}");
    assert_eq!(
        without(body, skipped),
        without(expected, skipped),
        "{method} differs from the documented example"
    );
}

/// GETs a list method and checks the documented envelope and that the documented first item
/// is in the list, skipping `skipped` fields of the item.
async fn assert_list(
    server: &TestServer,
    method: &str,
    desc: &str,
    key: &str,
    expected_item: Value,
    skipped: &[&str],
) -> Value {
    let (status, mut body) = server.get(method).await;
    mask_emails(&mut body);
    assert_eq!(status, 200, "{method}: {body}");
    assert_eq!(body["code"], 200);
    assert_eq!(body["desc"], desc);
    let items = body["response"][key]
        .as_array()
        .unwrap_or_else(|| panic!("{method}: response.{key} is not an array: {body}"));
    // Compatibility 2: "rows" is the real count of the list.
    assert_eq!(body["response"]["rows"], json!(items.len()), "{method}");
    let expected_item = without(expected_item, skipped);
    let found = items
        .iter()
        .any(|item| without(item.clone(), skipped) == expected_item);
    assert!(
        found,
        "{method}: no item equals {expected_item}; got {body}"
    );
    body
}

backend_tests!(
    contract_authorization,
    contract_get_agents,
    contract_get_agent,
    contract_get_agent_groups,
    contract_get_agent_group,
    contract_get_agent_group_members,
    contract_get_assets,
    contract_get_asset,
    contract_create_asset,
    contract_get_audience,
    contract_get_audience_by_id,
    contract_get_clients,
    contract_get_client,
    contract_get_contracts,
    contract_get_contract,
    contract_get_projects,
    contract_get_project,
    contract_get_sites,
    contract_get_site,
    contract_get_tasks,
    contract_get_task,
    contract_get_task_assets,
    contract_get_task_comments,
    contract_get_task_members,
    contract_get_task_tags,
    contract_create_task,
    contract_update_task,
);

async fn contract_authorization(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let expected = json!({
        "code": 200,
        "desc": "Agent found",
        "response": {
            "id": 18,
            "date_joined": "2022-06-25 18:37:32",
            "status": 1,
            "fname": "Paul",
            "lname": "Nurse",
            "email": "<email>",
            "user_phone": null,
            "job_title": null,
            "last_login": "2022-12-09 23:30:02"
        }
    });
    assert_detail(&server, "authorization", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_agents(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 30,
        "fname": "Paul",
        "lname": "Nurse",
        "email": "<email>",
        "last_modified": "2022-12-09 23:30:02"
    });
    assert_list(&server, "get-agents", "Agents found", "agents", item, &[]).await;
    server.stop().await;
}

async fn contract_get_agent(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let expected = json!({
        "code": 200,
        "desc": "Agent found",
        "response": {
            "id": 30,
            "date_joined": "2022-06-25 18:37:32",
            "status": 1,
            "fname": "Paul",
            "lname": "Nurse",
            "email": "<email>",
            "user_phone": null,
            "job_title": null,
            "last_login": "2022-12-09 23:30:02"
        }
    });
    assert_detail(&server, "get-agent/30", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_agent_groups(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 6,
        "status": 1,
        "group": "IT Members",
        "email": "<email>",
        "creator": 5,
        "date_created": "2022-12-09 23:30:02"
    });
    // Compatibility 9: creator and date_created follow get-agent-group.
    let body = assert_list(
        &server,
        "get-agent-groups",
        "Groups found",
        "groups",
        item,
        &["/creator", "/date_created"],
    )
    .await;
    let group = body["response"]["groups"]
        .as_array()
        .and_then(|groups| groups.iter().find(|group| group["id"] == 6))
        .cloned()
        .unwrap_or_default();
    assert_eq!(group["creator"], 10);
    assert_eq!(group["date_created"], "2019-07-03 01:08:43");
    server.stop().await;
}

async fn contract_get_agent_group(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 3: the unquoted location is the string "Cleveland, OH".
    let expected = json!({
        "code": 200,
        "desc": "Group found",
        "response": {
            "id": 6,
            "date_created": "2019-07-03 01:08:43",
            "status": 1,
            "name": "IT Members",
            "desc": "IT team members",
            "location": "Cleveland, OH",
            "creator": 10,
            "phone": null,
            "email": "<email>"
        }
    });
    assert_detail(&server, "get-agent-group/6", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_agent_group_members(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 6,
        "status": 1,
        "fname": "Paul",
        "lname": "Nurse",
        "email": "<email>",
        "date_joined": "2022-12-09 23:30:02"
    });
    assert_list(
        &server,
        "get-agent-group-members/6",
        "Members found",
        "agents",
        item,
        &[],
    )
    .await;
    server.stop().await;
}

async fn contract_get_assets(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 30,
        "type": "Server",
        "name": "Fileserver2",
        "item": "IBM X5",
        "last_modified": "2022-12-09 23:30:02"
    });
    assert_list(&server, "get-assets", "Assets found", "assets", item, &[]).await;
    server.stop().await;
}

async fn contract_get_asset(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 8: the example asks for 13 and answers with asset 30; the path id selects.
    let expected = json!({
        "code": 200,
        "desc": "Asset found",
        "response": {
            "id": 30,
            "type": "Server",
            "name": "Fileserver2",
            "mfgr": "IBM",
            "item": "IBM X5",
            "sn": "50G6T53",
            "status": 1,
            "memory": "64GB",
            "processor": null,
            "warranty_date": "2028-12-10",
            "notes": "For developers",
            "architecture": "X64",
            "os_publisher": "Windows",
            "os_version": "Server 2019",
            "privateIP4": "172.16.2.20",
            "privateIP6": null,
            "publicIP4": null,
            "publicIP6": null,
            "v_agent_sync": "0000-00-00 00:00:00",
            "date_added": "2022-12-09 23:30:02"
        }
    });
    assert_detail(&server, "get-asset/30", expected, &[]).await;
    let (status, _) = server.get("get-asset/13").await;
    assert_eq!(status, 404);
    server.stop().await;
}

async fn contract_create_asset(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form(
            "create-asset",
            &[
                ("name", "Fileserver3"),
                ("type", "Server"),
                ("mfgr", "IBM"),
                ("model", "IBM X6"),
                ("offices", "4"),
                ("clients", "6,9"),
                ("tags", "29"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = body["response"]["asset"].as_i64().expect("asset id");
    assert_eq!(
        body,
        json!({"code": 200, "desc": "success", "response": {"asset": id}})
    );
    let (_, asset) = server.get(&format!("get-asset/{id}")).await;
    assert_eq!(asset["response"]["name"], "Fileserver3");
    assert_eq!(asset["response"]["mfgr"], "IBM");
    assert_eq!(asset["response"]["item"], "IBM X6");

    let (status, body) = server.post_form("create-asset", &[("model", "X")]).await;
    assert_eq!(status, 400);
    assert!(
        body["desc"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Invalid parameter 'name'")
    );
    server.stop().await;
}

fn documented_audiences() -> Value {
    json!({
        "2": {
            "name": "Customer",
            "status": 1,
            "sla": {"severe": "1hr", "critical": "3hr", "high": "1d", "medium": "7d", "low": "1m"}
        },
        "3": {
            "name": "Warehouse",
            "status": 0,
            "sla": {"severe": null, "critical": null, "high": null, "medium": null, "low": null}
        },
        "4": {
            "name": "General support",
            "status": 1,
            "sla": {"severe": "3hr", "critical": "24hr", "high": "3d", "medium": "1w", "low": "1m"}
        }
    })
}

async fn contract_get_audience(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 16: desc is "Members found", as documented.
    let expected =
        json!({"code": 200, "desc": "Members found", "response": documented_audiences()});
    assert_detail(&server, "get-audience", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_audience_by_id(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let expected = json!({
        "code": 200,
        "desc": "Members found",
        "response": {"4": documented_audiences()["4"]}
    });
    assert_detail(&server, "get-audience/4", expected, &[]).await;
    let (status, _) = server.get("get-audience/795").await;
    assert_eq!(status, 404);
    server.stop().await;
}

async fn contract_get_clients(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 3 and 15: lname is a string, and client 116 is listed once.
    let item = json!({
        "id": 116,
        "fname": "Paul",
        "lname": "Nurse",
        "username": "paul.admin",
        "email": "<email>",
        "last_modified": "2022-12-09 23:30:02"
    });
    let body = assert_list(
        &server,
        "get-clients",
        "Client users found",
        "clients",
        item,
        &[],
    )
    .await;
    let count_116 = body["response"]["clients"]
        .as_array()
        .map(|clients| clients.iter().filter(|client| client["id"] == 116).count());
    assert_eq!(count_116, Some(1));
    server.stop().await;
}

async fn contract_get_client(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let expected = json!({
        "code": 200,
        "desc": "Client found",
        "response": {
            "id": 13,
            "status": 0,
            "fname": "Paul",
            "lname": "Nurse",
            "username": "paul.nurse",
            "email": "<email>",
            "office_phone": "50012",
            "mobile_phone": "",
            "fax": "",
            "job_title": "Sales",
            "department": "200",
            "office": "1001",
            "address1": "1 Country Ln",
            "address2": "",
            "city": "Cleveland",
            "state": "OH",
            "country": "USA",
            "zipcode": "44122",
            "last_modified": "2022-12-09 23:30:02"
        }
    });
    assert_detail(&server, "get-client/13", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_contracts(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 3 and 14: the name is a string; last_modified follows get-contract.
    let item = json!({
        "id": 2,
        "last_modified": "2022-12-09 23:30:02",
        "name": "Eset AV",
        "contract_start": "2018-11-08",
        "contract_end": "2024-11-05",
        "contract_value": "24350.00",
        "status": 1
    });
    let body = assert_list(
        &server,
        "get-contracts",
        "Contracts found",
        "contracts",
        item,
        &["/last_modified"],
    )
    .await;
    assert_eq!(
        body["response"]["contracts"][0]["last_modified"],
        "2022-05-04 03:24:17"
    );
    server.stop().await;
}

async fn contract_get_contract(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 8: the example asks for 13 and answers with contract 2.
    let expected = json!({
        "code": 200,
        "desc": "Contract found",
        "response": {
            "id": 2,
            "name": "Eset AV",
            "details": "Renewal cannot exceed 3% price increase",
            "last_modified": "2022-05-04 03:24:17",
            "contract_start": "2018-11-08",
            "contract_end": "2024-11-05",
            "contract_initial_date": "0000-00-00",
            "contract_creator": 2,
            "contract_value": "24350.00",
            "from": "Softchoice",
            "status": 1
        }
    });
    assert_detail(&server, "get-contract/2", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_projects(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 787,
        "severity": 5,
        "date_completed": "0000-00-00 00:00:00",
        "status": 1,
        "title": "test project test",
        "duedate": "0000-00-00",
        "last_modified": "2022-09-24 19:51:18"
    });
    assert_list(
        &server,
        "get-projects",
        "Projects found",
        "projects",
        item,
        &[],
    )
    .await;
    server.stop().await;
}

async fn contract_get_project(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let documented = json!({
        "code": 200,
        "desc": "Contract found",
        "response": {
            "id": 787,
            "creator": 6,
            "last_modified": "2022-09-24 19:51:18",
            "severity": "2022-05-04 03:24:17",
            "status": 0,
            "title": "test project test",
            "info": null,
            "duedate": "0000-00-00",
            "duedate_set_by": null,
            "date_resolved": "0000-00-00 00:00:00",
            "billto": 0,
            "time_allocated": "00:00"
        }
    });
    // Compatibility 4 to 7: time_allocated is "00:00", severity a number, desc
    // "Project found", and status follows get-projects.
    let skipped = ["/desc", "/response/severity", "/response/status"];
    assert_detail(&server, "get-project/787", documented, &skipped).await;
    let (_, body) = server.get("get-project/787").await;
    assert_eq!(body["desc"], "Project found");
    assert_eq!(body["response"]["severity"], 5);
    assert_eq!(body["response"]["status"], 1);
    server.stop().await;
}

async fn contract_get_sites(backend: Backend) {
    let server = TestServer::demo(backend).await;
    // Compatibility 13: last_modified follows get-site.
    let item = json!({
        "id": 4,
        "last_modified": "2022-09-24 19:51:18",
        "name": "HQ",
        "status": 1
    });
    assert_list(
        &server,
        "get-sites",
        "Sites found",
        "sites",
        item,
        &["/last_modified"],
    )
    .await;
    server.stop().await;
}

async fn contract_get_site(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let documented = json!({
        "code": 200,
        "desc": "Site found",
        "response": {
            "id": 4,
            "status": 6,
            "name": "HQ",
            "office_number": "0001",
            "last_modified": "2021-12-09 01:00:05",
            "location_address1": "1 Industry Dr",
            "location_address2": null,
            "city": "Cleveland",
            "state": "OH",
            "zip": "44125",
            "location_phone1": "216-123-4567",
            "location_phone2": null,
            "location_fax1": null,
            "location_fax2": null,
            "location_url1": null,
            "location_url2": null,
            "location_hours": null,
            "location_ip1": "172.16.2.20",
            "location_ip2": null,
            "location_exip1": null,
            "location_exip2": null,
            "location_details": "Parking in the rear, smart card entry",
            "network_details": "Network facility on second floor"
        }
    });
    // Compatibility 13: status is the 1/0 active flag, as in get-sites.
    assert_detail(&server, "get-site/4", documented, &["/response/status"]).await;
    let (_, body) = server.get("get-site/4").await;
    assert_eq!(body["response"]["status"], 1);
    server.stop().await;
}

async fn contract_get_tasks(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "task": 887,
        "title": "This is a another test",
        "severity": 10,
        "status": 0,
        "duedate": "2022-11-25 06:10:22"
    });
    let body = assert_list(&server, "get-tasks", "Tasks found", "tasks", item, &[]).await;
    // Compatibility 1: task 791 reads as get-task shows it.
    let task_791 = body["response"]["tasks"]
        .as_array()
        .and_then(|tasks| tasks.iter().find(|task| task["task"] == 791))
        .cloned();
    assert_eq!(
        task_791,
        Some(json!({
            "task": 791,
            "title": "This is the description of a sample task",
            "severity": 5,
            "status": 0,
            "duedate": "0000-00-00 00:00:00"
        }))
    );
    server.stop().await;
}

async fn contract_get_task(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let expected = json!({
        "code": 200,
        "desc": "Task found",
        "response": {
            "id": 791,
            "creator": 18,
            "creator_type": 1,
            "created": "2022-12-20 03:28:07",
            "severity": 5,
            "status": 0,
            "resolution": 6,
            "title": "This is the description of a sample task",
            "info": "This is a sample task",
            "duedate": "0000-00-00 00:00:00",
            "duedate_set_by": null,
            "resolved": "2022-12-20 03:42:34",
            "resolved_by": 18,
            "billto": 0,
            "project": 0
        }
    });
    assert_detail(&server, "get-task/791", expected, &[]).await;
    server.stop().await;
}

async fn contract_get_task_assets(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task-assets/795").await;
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Assets found");
    // Compatibility 12: the example's "30" entry is asset 35 here, since asset 30 is
    // Fileserver2 in get-asset and get-assets.
    assert_eq!(
        body["response"]["assets"]["35"],
        json!({
            "asset": "Fileserver1",
            "type": "Server",
            "mfgr": "Unknown",
            "model": null,
            "status": 1,
            "created": "2022-09-24 19:51:18"
        })
    );
    assert_eq!(body["response"]["rows"], 2);
    server.stop().await;
}

async fn contract_get_task_comments(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let item = json!({
        "id": 268,
        "task": 340,
        "commentor_admin": 10,
        "commentor_client": null,
        "file": null,
        "file_type": null,
        "date": "2022-09-24 19:51:18",
        "comment": "This is a comment",
        "kb": null,
        "private": 0
    });
    assert_list(
        &server,
        "get-task-comments/340",
        "Comments found",
        "comments",
        item,
        &[],
    )
    .await;
    server.stop().await;
}

async fn contract_get_task_members(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let documented = json!({
        "code": 200,
        "desc": "Members found",
        "response": {
            "task": 795,
            "agents": {
                "18": {
                    "fname": "Paul",
                    "lname": "Nurse",
                    "email": "<email>",
                    "title": "IT Support",
                    "photo": "http://photo-path-here",
                    "last_login": "2022-12-09 23:30:02",
                    "status": 1
                }
            },
            "groups": {
                "6": {
                    "team": "IT Support",
                    "team_desc": "IT memembers",
                    "date_created": "2019-07-03 01:08:43",
                    "status": 1
                }
            },
            "clients": {
                "6": {
                    "fname": "Paul",
                    "lname": "Nurse",
                    "email": "<email>",
                    "photo": "http://photo-path-here",
                    "created": "2022-12-09 23:30:02",
                    "status": 1
                }
            }
        }
    });
    let (status, mut body) = server.get("get-task-members/795").await;
    mask_emails(&mut body);
    assert_eq!(status, 200);
    assert_eq!(body["desc"], documented["desc"]);
    assert_eq!(body["response"]["task"], 795);
    // Compatibility 11: agent 18's title is null, as in authorization.
    assert_eq!(
        without(body["response"]["agents"]["18"].clone(), &["/title"]),
        without(documented["response"]["agents"]["18"].clone(), &["/title"])
    );
    assert_eq!(body["response"]["agents"]["18"]["title"], Value::Null);
    // Compatibility 10: group 6 shows its own name and description.
    assert_eq!(
        without(
            body["response"]["groups"]["6"].clone(),
            &["/team", "/team_desc"]
        ),
        without(
            documented["response"]["groups"]["6"].clone(),
            &["/team", "/team_desc"]
        )
    );
    assert_eq!(body["response"]["groups"]["6"]["team"], "IT Members");
    assert_eq!(
        body["response"]["clients"]["6"],
        documented["response"]["clients"]["6"]
    );
    server.stop().await;
}

async fn contract_get_task_tags(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task-tags/795").await;
    assert_eq!(status, 200);
    assert_eq!(body["code"], 200);
    assert_eq!(body["desc"], "Results found");
    assert_eq!(body["response"]["task"], 795);
    assert_eq!(
        body["response"]["tags"]["18"],
        json!({"tag": "accounting", "created": "2022-12-09 23:30:02"})
    );
    server.stop().await;
}

async fn contract_create_task(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form("create-task", &[("title", "Documented create")])
        .await;
    assert_eq!(status, 200);
    let id = body["0"].as_i64().expect("task id");
    assert_eq!(body, json!({"0": id}));
    server.stop().await;
}

async fn contract_update_task(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form(
            "update-task",
            &[("task", "795"), ("info", "Updated details")],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"code": 200, "desc": "Changes saved", "response": true})
    );
    server.stop().await;
}
