//! The legacy task methods, against the demo data and through round trips.

use serde_json::{Value, json};

use crate::backend_tests;
use crate::common::{Backend, TestServer, mask_emails};

backend_tests!(
    authorization_returns_documented_agent,
    get_task_returns_documented_task_791,
    get_tasks_lists_demo_tasks,
    get_task_comments_returns_documented_comment,
    get_task_members_returns_documented_maps,
    get_task_tags_returns_documented_tags,
    get_task_assets_returns_assets_by_id,
    create_then_update_round_trip,
    get_urlencoded_and_multipart_agree,
    update_task_empty_parameter_clears_and_absent_keeps,
    wrong_credentials_are_unauthorized,
    unknown_method_is_not_found,
    other_http_methods_are_not_allowed,
    invalid_priority_names_the_parameter,
    priority_accepts_words,
    other_company_task_is_not_found,
    link_to_missing_asset_writes_nothing,
    link_to_other_company_client_is_rejected,
    unknown_client_email_without_auto_create_is_rejected,
    auto_create_matches_emails_case_insensitively,
    malformed_duedate_names_the_parameter,
    concurrent_auto_create_links_one_client,
    too_many_linked_ids_is_rejected,
    oversized_multipart_body_is_too_large,
);

async fn authorization_returns_documented_agent(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, mut body) = server.get("authorization").await;
    mask_emails(&mut body);
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
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
        })
    );
    server.stop().await;
}

async fn get_task_returns_documented_task_791(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task/791").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
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
        })
    );
    server.stop().await;
}

async fn get_tasks_lists_demo_tasks(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-tasks").await;
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Tasks found");
    assert_eq!(body["response"]["rows"], 7);
    let tasks = body["response"]["tasks"].as_array().expect("tasks array");
    assert_eq!(tasks.len(), 7);
    let task_887 = tasks.iter().find(|task| task["task"] == 887);
    assert_eq!(
        task_887,
        Some(&json!({
            "task": 887,
            "title": "This is a another test",
            "severity": 10,
            "status": 0,
            "duedate": "2022-11-25 06:10:22"
        }))
    );
    server.stop().await;
}

async fn get_task_comments_returns_documented_comment(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task-comments/340").await;
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Comments found");
    assert_eq!(body["response"]["rows"], 3);
    assert_eq!(
        body["response"]["comments"][0],
        json!({
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
        })
    );
    server.stop().await;
}

async fn get_task_members_returns_documented_maps(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, mut body) = server.get("get-task-members/795").await;
    mask_emails(&mut body);
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Members found");
    let response = &body["response"];
    assert_eq!(response["task"], 795);
    let agent_ids: Vec<&String> = response["agents"]
        .as_object()
        .expect("agents map")
        .keys()
        .collect();
    assert_eq!(agent_ids, ["10", "18"]);
    assert_eq!(
        response["agents"]["18"],
        json!({
            "fname": "Paul",
            "lname": "Nurse",
            "email": "<email>",
            "title": null,
            "photo": "http://photo-path-here",
            "last_login": "2022-12-09 23:30:02",
            "status": 1
        })
    );
    assert_eq!(
        response["groups"]["6"]["date_created"],
        "2019-07-03 01:08:43"
    );
    assert_eq!(response["groups"]["6"]["status"], 1);
    assert!(response["groups"]["2"].is_object());
    assert_eq!(
        response["clients"]["6"],
        json!({
            "fname": "Paul",
            "lname": "Nurse",
            "email": "<email>",
            "photo": "http://photo-path-here",
            "created": "2022-12-09 23:30:02",
            "status": 1
        })
    );
    assert!(response["clients"]["9"].is_object());
    server.stop().await;
}

async fn get_task_tags_returns_documented_tags(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task-tags/795").await;
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Results found");
    assert_eq!(body["response"]["task"], 795);
    assert_eq!(
        body["response"]["tags"]["18"],
        json!({"tag": "accounting", "created": "2022-12-09 23:30:02"})
    );
    assert!(body["response"]["tags"]["29"].is_object());
    server.stop().await;
}

async fn get_task_assets_returns_assets_by_id(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-task-assets/795").await;
    assert_eq!(status, 200);
    assert_eq!(body["desc"], "Assets found");
    assert_eq!(body["response"]["rows"], 2);
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
    assert_eq!(body["response"]["assets"]["30"]["asset"], "Fileserver2");
    server.stop().await;
}

fn created_id(body: &Value) -> i64 {
    body["0"]
        .as_i64()
        .unwrap_or_else(|| panic!("create-task returned no id: {body}"))
}

async fn create_then_update_round_trip(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[
                ("title", "Printer jam"),
                ("info", "Tray 2"),
                ("priority", "15"),
                ("visible", "1"),
                ("billto", "2"),
                ("project", "787"),
                ("duedate", "2023-01-02 10:00:00"),
                ("assets", "30,35"),
                ("assigned", "10"),
                ("group-assigned", "6"),
                ("tags", "18"),
                ("office", "4"),
                ("clients", "9"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_object().map(|map| map.len()), Some(1));
    let id = created_id(&body);

    let (_, task) = server.get(&format!("get-task/{id}")).await;
    let task = &task["response"];
    assert_eq!(task["title"], "Printer jam");
    assert_eq!(task["info"], "Tray 2");
    assert_eq!(task["severity"], 15);
    assert_eq!(task["status"], 1);
    assert_eq!(task["creator"], 18);
    assert_eq!(task["billto"], 2);
    assert_eq!(task["project"], 787);
    assert_eq!(task["duedate"], "2023-01-02 10:00:00");
    assert_eq!(task["duedate_set_by"], 18);

    let id_text = id.to_string();
    let (status, body) = server
        .post_form(
            "update-task",
            &[
                ("task", id_text.as_str()),
                ("title", "Printer jam, tray 2"),
                ("priority", "Critical"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"code": 200, "desc": "Changes saved", "response": true})
    );

    let (_, task) = server.get(&format!("get-task/{id}")).await;
    assert_eq!(task["response"]["title"], "Printer jam, tray 2");
    assert_eq!(task["response"]["severity"], 20);
    assert_eq!(task["response"]["info"], "Tray 2");

    let (_, assets) = server.get(&format!("get-task-assets/{id}")).await;
    assert_eq!(assets["response"]["rows"], 2);
    let (_, members) = server.get(&format!("get-task-members/{id}")).await;
    assert!(members["response"]["agents"]["10"].is_object());
    assert!(members["response"]["groups"]["6"].is_object());
    assert!(members["response"]["clients"]["9"].is_object());
    server.stop().await;
}

async fn get_urlencoded_and_multipart_agree(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let params = [
        ("title", "Same task"),
        ("info", "Sent three ways"),
        ("priority", "high"),
        ("duedate", "2023-03-04 05:06:07"),
        ("tags", "18,29"),
        ("clients", "6"),
    ];
    let (_, by_query) = server.get_query("create-task", &params).await;
    let (_, by_form) = server.post_form("create-task", &params).await;
    let (_, by_multipart) = server.post_multipart("create-task", &params).await;

    let mut shapes = Vec::new();
    for created in [by_query, by_form, by_multipart] {
        let id = created_id(&created);
        let (_, mut task) = server.get(&format!("get-task/{id}")).await;
        let (_, mut tags) = server.get(&format!("get-task-tags/{id}")).await;
        let (_, mut members) = server.get(&format!("get-task-members/{id}")).await;
        for value in [&mut task, &mut tags, &mut members] {
            strip_volatile(value);
        }
        shapes.push((task, tags, members));
    }
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[1], shapes[2]);
    assert_eq!(shapes[0].0["response"]["severity"], 15);
    server.stop().await;
}

/// Removes the fields that differ between two otherwise equal new tasks.
fn strip_volatile(value: &mut Value) {
    if let Some(response) = value.get_mut("response").and_then(Value::as_object_mut) {
        for key in ["id", "task", "created"] {
            response.remove(key);
        }
        if let Some(tags) = response.get_mut("tags").and_then(Value::as_object_mut) {
            for tag in tags.values_mut() {
                if let Some(tag) = tag.as_object_mut() {
                    tag.remove("created");
                }
            }
        }
    }
}

async fn update_task_empty_parameter_clears_and_absent_keeps(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (_, created) = server
        .post_form(
            "create-task",
            &[
                ("title", "Clear me"),
                ("info", "Some details"),
                ("duedate", "2023-05-06 07:08:09"),
                ("billto", "4"),
                ("tags", "18,29"),
                ("assets", "30"),
            ],
        )
        .await;
    let id = created_id(&created).to_string();
    let (status, _) = server
        .post_multipart(
            "update-task",
            &[
                ("task", id.as_str()),
                ("duedate", ""),
                ("tags", ""),
                ("billto", ""),
            ],
        )
        .await;
    assert_eq!(status, 200);

    let (_, task) = server.get(&format!("get-task/{id}")).await;
    assert_eq!(task["response"]["duedate"], "0000-00-00 00:00:00");
    assert_eq!(task["response"]["duedate_set_by"], Value::Null);
    assert_eq!(task["response"]["billto"], 0);
    assert_eq!(task["response"]["info"], "Some details");
    assert_eq!(task["response"]["title"], "Clear me");
    let (_, tags) = server.get(&format!("get-task-tags/{id}")).await;
    assert_eq!(tags["response"]["tags"], json!({}));
    let (_, assets) = server.get(&format!("get-task-assets/{id}")).await;
    assert_eq!(assets["response"]["rows"], 1);
    server.stop().await;
}

async fn wrong_credentials_are_unauthorized(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (wrong_key_status, wrong_key) = server
        .get_as("get-task/791", "Z2Web6-s0XEaf", "wrong")
        .await;
    let (wrong_company_status, wrong_company) = server
        .get_as("get-task/791", "AAAAAA-BBBBBB", "1234-5678")
        .await;
    assert_eq!(wrong_key_status, 401);
    assert_eq!(wrong_company_status, 401);
    assert_eq!(wrong_key["code"], 401);
    assert_eq!(wrong_key["response"], json!([]));
    assert_eq!(wrong_key["desc"], wrong_company["desc"]);

    let response = server
        .http
        .get(server.url("get-task/791"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 401);
    assert!(response.headers().contains_key("www-authenticate"));
    server.stop().await;
}

async fn unknown_method_is_not_found(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server.get("get-unicorns").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], 404);
    assert_eq!(body["desc"], "Unknown method 'get-unicorns'");
    server.stop().await;
}

async fn other_http_methods_are_not_allowed(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let response = server
        .http
        .delete(server.url("get-task/791"))
        .basic_auth(&server.company, Some(&server.key))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 405);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["code"], 405);
    server.stop().await;
}

async fn invalid_priority_names_the_parameter(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (_, before) = server.get("get-tasks").await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[("title", "Bad priority"), ("priority", "7")],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 400);
    let desc = body["desc"].as_str().unwrap_or_default();
    assert!(desc.contains("'priority'"), "{desc}");
    let (_, after) = server.get("get-tasks").await;
    assert_eq!(before["response"]["rows"], after["response"]["rows"]);

    let (status, body) = server
        .post_form("update-task", &[("task", "791"), ("priority", "urgent")])
        .await;
    assert_eq!(status, 400);
    assert!(
        body["desc"]
            .as_str()
            .unwrap_or_default()
            .contains("'priority'")
    );
    server.stop().await;
}

async fn priority_accepts_words(backend: Backend) {
    let server = TestServer::demo(backend).await;
    for (word, number) in [
        ("low", 5),
        ("Medium", 10),
        ("HIGH", 15),
        ("critical", 20),
        ("Severe", 25),
    ] {
        let (status, body) = server
            .post_form(
                "create-task",
                &[("title", "Word priority"), ("priority", word)],
            )
            .await;
        assert_eq!(status, 200, "{word}: {body}");
        let (_, task) = server.get(&format!("get-task/{}", created_id(&body))).await;
        assert_eq!(task["response"]["severity"], number, "{word}");
    }
    server.stop().await;
}

async fn other_company_task_is_not_found(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = server.other_company().await;
    for method in [
        "get-task/791",
        "get-task-assets/795",
        "get-task-comments/340",
        "get-task-members/795",
        "get-task-tags/795",
    ] {
        let (status, body) = server.get_as(method, &company, &key).await;
        assert_eq!(status, 404, "{method}: {body}");
        assert_eq!(body["code"], 404, "{method}");
    }
    let (status, body) = server.get_as("get-tasks", &company, &key).await;
    assert_eq!(status, 200);
    assert_eq!(body["response"]["rows"], 0);

    let response = server
        .http
        .post(server.url("update-task"))
        .basic_auth(&company, Some(&key))
        .form(&[("task", "791"), ("title", "Taken over")])
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 404);
    let (_, task) = server.get("get-task/791").await;
    assert_eq!(
        task["response"]["title"],
        "This is the description of a sample task"
    );
    server.stop().await;
}

async fn link_to_missing_asset_writes_nothing(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (_, before) = server.get("get-tasks").await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[
                ("title", "Half written?"),
                ("tags", "18"),
                ("assets", "30,99999"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["desc"],
        "Invalid parameter 'assets': asset 99999 does not exist"
    );
    let (_, after) = server.get("get-tasks").await;
    assert_eq!(before["response"]["rows"], after["response"]["rows"]);

    let (status, _) = server
        .post_form(
            "update-task",
            &[("task", "795"), ("title", "Renamed"), ("tags", "424242")],
        )
        .await;
    assert_eq!(status, 400);
    let (_, task) = server.get("get-task/795").await;
    assert_eq!(task["response"]["title"], "Fileserver backups fail");
    server.stop().await;
}

async fn link_to_other_company_client_is_rejected(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (company, key) = server.other_company().await;
    let response = server
        .http
        .post(server.url("create-task"))
        .basic_auth(&company, Some(&key))
        .form(&[("title", "Steal a client"), ("clients", "6")])
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'clients': client 6 does not exist"
    );
    server.stop().await;
}

async fn unknown_client_email_without_auto_create_is_rejected(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[("title", "Who?"), ("clients", "nobody@example.com")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["desc"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Invalid parameter 'clients'")
    );
    server.stop().await;
}

async fn auto_create_matches_emails_case_insensitively(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, first) = server
        .post_form(
            "create-task",
            &[
                ("title", "New client"),
                ("clients", "Ann.Smith@Example.com"),
                ("auto-create", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{first}");
    let (status, second) = server
        .post_form(
            "create-task",
            &[
                ("title", "Same client"),
                ("clients", "ann.smith@example.COM"),
                ("auto-create", "1"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{second}");
    let (_, first_members) = server
        .get(&format!("get-task-members/{}", created_id(&first)))
        .await;
    let (_, second_members) = server
        .get(&format!("get-task-members/{}", created_id(&second)))
        .await;
    let first_clients: Vec<&String> = first_members["response"]["clients"]
        .as_object()
        .expect("map")
        .keys()
        .collect();
    let second_clients: Vec<&String> = second_members["response"]["clients"]
        .as_object()
        .expect("map")
        .keys()
        .collect();
    assert_eq!(first_clients.len(), 1);
    assert_eq!(first_clients, second_clients);
    server.stop().await;
}

async fn malformed_duedate_names_the_parameter(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[("title", "Bad date"), ("duedate", "2023-02-30 10:00:00")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body["desc"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Invalid parameter 'duedate'")
    );
    server.stop().await;
}

async fn concurrent_auto_create_links_one_client(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let mut requests = Vec::new();
    for index in 0..12 {
        let title = format!("Race {index}");
        let request = server
            .http
            .post(server.url("create-task"))
            .basic_auth(&server.company, Some(&server.key))
            .form(&[
                ("title", title.as_str()),
                ("clients", "Race@Example.com"),
                ("auto-create", "1"),
                ("auto-invite", "1"),
            ])
            .send();
        requests.push(tokio::spawn(request));
    }
    let mut created = Vec::new();
    for request in requests {
        let response = request.await.expect("request task").expect("request sent");
        assert_eq!(response.status().as_u16(), 200);
        let body: Value = response.json().await.expect("JSON");
        created.push(created_id(&body));
    }
    let mut clients = std::collections::BTreeSet::new();
    for id in created {
        let (_, members) = server.get(&format!("get-task-members/{id}")).await;
        let map = members["response"]["clients"]
            .as_object()
            .expect("clients map");
        clients.extend(map.keys().cloned());
    }
    assert_eq!(clients.len(), 1, "{clients:?}");
    server.stop().await;
}

async fn too_many_linked_ids_is_rejected(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let ids: Vec<String> = (1..=1001).map(|id| id.to_string()).collect();
    let assets = ids.join(",");
    let (status, body) = server
        .post_form(
            "create-task",
            &[("title", "Many"), ("assets", assets.as_str())],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'assets': lists 1001 ids; the maximum is 1000"
    );
    server.stop().await;
}

async fn oversized_multipart_body_is_too_large(backend: Backend) {
    let server = TestServer::demo(backend).await;
    let info = "a".repeat(rest::params::MAX_BODY_BYTES + 10);
    let (status, body) = server
        .post_multipart("create-task", &[("title", "Big"), ("info", info.as_str())])
        .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], 413);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodiless_get_ignores_content_type() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let response = reqwest::Client::new()
        .get(server.url("get-task/791"))
        .basic_auth(&server.company, Some(&server.key))
        .header("content-type", "application/json")
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body["response"]["id"], 791, "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_utf8_value_writes_nothing() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let (_, before) = server.get("get-tasks").await;
    let client = reqwest::Client::new();

    // Latin-1 "Café", percent-encoded as a legacy client in that charset sends it.
    let urlencoded = client
        .post(server.url("create-task"))
        .basic_auth(&server.company, Some(&server.key))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=Caf%E9")
        .send()
        .await
        .expect("request sent");
    assert_eq!(urlencoded.status(), 400);
    let body: Value = urlencoded.json().await.expect("JSON body");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'title': the value is not valid UTF-8"
    );

    let form = reqwest::multipart::Form::new().part(
        "title",
        reqwest::multipart::Part::bytes(b"Caf\xe9".to_vec()),
    );
    let multipart = client
        .post(server.url("create-task"))
        .basic_auth(&server.company, Some(&server.key))
        .multipart(form)
        .send()
        .await
        .expect("request sent");
    assert_eq!(multipart.status(), 400);
    let body: Value = multipart.json().await.expect("JSON body");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'title': the value is not valid UTF-8"
    );

    let (_, after) = server.get("get-tasks").await;
    assert_eq!(before, after, "no task was created");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_range_client_id_is_invalid_id() {
    let server = TestServer::demo(Backend::Sqlite).await;
    let (status, body) = server
        .post_form(
            "create-task",
            &[("title", "Overflow"), ("clients", "9223372036854775808")],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["desc"],
        "Invalid parameter 'clients': '9223372036854775808' is not a valid id; ids are positive integers"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_utf8_path_segment_gets_envelope() {
    let server = TestServer::demo(Backend::Sqlite).await;
    for method in ["get-task/%E9", "get-%E9"] {
        let (status, body) = server.get(method).await;
        assert_eq!(status, 400, "{method}: {body}");
        assert_eq!(body["code"], 400, "{method}: {body}");
        assert!(
            body["desc"].as_str().unwrap_or_default().contains("UTF-8"),
            "{method}: {body}"
        );
    }
    server.stop().await;
}
