//! The demo company. Its records reproduce the examples of the legacy API reference (tasks
//! 791 and 887, task 340's comments, task 795's members, assets and tags, agent 18 as the
//! API user, ...), with example.com addresses. It signs in with the reference's example
//! credentials, which are public: never load the demo into a database that holds real data.

use anyhow::Context as _;
use chrono::{NaiveDate, NaiveDateTime};
use storage::Database;
use storage::models::{
    NewAgent, NewAgentGroup, NewAsset, NewAudience, NewClient, NewContract, NewProject, NewSite,
    NewTag, NewTask, NewTaskComment,
};
use storage::seed::Seed;

/// The company id of the demo, as printed in the legacy reference.
pub const DEMO_COMPANY_ID: &str = "Z2Web6-s0XEaf";
/// The API key of the demo, as printed in the legacy reference.
pub const DEMO_API_KEY: &str = "1234-5678";

/// Credentials of the demo company's API user, agent 18.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoCredentials {
    pub company_id: String,
    pub api_key: String,
    /// False when the demo company already existed and nothing was written.
    pub created: bool,
}

fn at(text: &str) -> NaiveDateTime {
    match NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        Ok(value) => value,
        Err(error) => unreachable!("demo time '{text}' is malformed: {error}"),
    }
}

fn day(text: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(value) => value,
        Err(error) => unreachable!("demo date '{text}' is malformed: {error}"),
    }
}

/// Loads the demo company unless it exists, and returns its credentials.
pub async fn load(db: &Database) -> anyhow::Result<DemoCredentials> {
    if db.company_exists(DEMO_COMPANY_ID).await? {
        return Ok(DemoCredentials {
            company_id: DEMO_COMPANY_ID.to_owned(),
            api_key: DEMO_API_KEY.to_owned(),
            created: false,
        });
    }
    let company = db
        .insert_company(None, DEMO_COMPANY_ID, "Demo Company")
        .await
        .context("creating the demo company failed")?;
    let secret = db.api_key_secret().await?;
    let key_hash = storage::hash_api_key(&secret, DEMO_API_KEY);
    let seed = demo_seed(company.id, key_hash);
    db.load_seed(company.id, &seed).await.context(
        "loading the demo records failed; the demo ids (such as task 791) may already be used by another company",
    )?;
    tracing::warn!(
        company.id = DEMO_COMPANY_ID,
        "loaded the demo company; its credentials are public, so keep real data out of this database"
    );
    Ok(DemoCredentials {
        company_id: DEMO_COMPANY_ID.to_owned(),
        api_key: DEMO_API_KEY.to_owned(),
        created: true,
    })
}

struct Person<'a> {
    id: i64,
    first: &'a str,
    last: &'a str,
    email: &'a str,
    joined: &'a str,
}

fn agent(company: i64, person: Person<'_>, last_login: Option<&str>) -> NewAgent {
    NewAgent {
        id: Some(person.id),
        company_id: company,
        first_name: person.first.to_owned(),
        last_name: person.last.to_owned(),
        email: person.email.to_owned(),
        phone: None,
        job_title: None,
        photo_url: "http://photo-path-here".to_owned(),
        active: true,
        api_access: false,
        super_user: false,
        created_at: at(person.joined),
        last_login_at: last_login.map(at),
        updated_at: at("2022-12-09 23:30:02"),
    }
}

fn client(company: i64, person: Person<'_>, username: &str) -> NewClient {
    NewClient {
        id: Some(person.id),
        company_id: company,
        first_name: person.first.to_owned(),
        last_name: person.last.to_owned(),
        username: username.to_owned(),
        email: person.email.to_owned(),
        email_lower: Some(person.email.to_lowercase()),
        active: true,
        office_phone: String::new(),
        mobile_phone: String::new(),
        fax: String::new(),
        job_title: String::new(),
        department: String::new(),
        office: String::new(),
        address1: String::new(),
        address2: String::new(),
        city: String::new(),
        state: String::new(),
        country: String::new(),
        zipcode: String::new(),
        photo_url: "http://photo-path-here".to_owned(),
        created_at: at(person.joined),
        updated_at: at("2022-12-09 23:30:02"),
    }
}

struct TaskSketch<'a> {
    id: i64,
    title: &'a str,
    info: &'a str,
    severity: i32,
    status: i32,
    created: &'a str,
    due: Option<&'a str>,
}

fn task(company: i64, sketch: TaskSketch<'_>) -> NewTask {
    NewTask {
        id: Some(sketch.id),
        company_id: company,
        title: sketch.title.to_owned(),
        info: sketch.info.to_owned(),
        severity: sketch.severity,
        status: sketch.status,
        private: false,
        creator_id: 18,
        creator_type: 1,
        created_at: at(sketch.created),
        updated_at: at(sketch.created),
        due_at: sketch.due.map(at),
        due_at_set_by: sketch.due.map(|_| 18),
        resolved_at: None,
        resolved_by: None,
        resolution_id: None,
        audience_id: None,
        project_id: None,
    }
}

fn demo_seed(company: i64, key_hash: String) -> Seed {
    let mut api_user = agent(
        company,
        Person {
            id: 18,
            first: "Paul",
            last: "Nurse",
            email: "paul.nurse@example.com",
            joined: "2022-06-25 18:37:32",
        },
        Some("2022-12-09 23:30:02"),
    );
    api_user.api_access = true;
    api_user.super_user = true;

    let agents = vec![
        agent(
            company,
            Person {
                id: 2,
                first: "Dana",
                last: "Reyes",
                email: "dana.reyes@example.com",
                joined: "2018-11-01 09:00:00",
            },
            None,
        ),
        agent(
            company,
            Person {
                id: 5,
                first: "Omar",
                last: "Haddad",
                email: "omar.haddad@example.com",
                joined: "2019-06-30 12:00:00",
            },
            None,
        ),
        agent(
            company,
            Person {
                id: 6,
                first: "Paul",
                last: "Nurse",
                email: "paul.nurse6@example.com",
                joined: "2022-12-09 23:30:02",
            },
            None,
        ),
        agent(
            company,
            Person {
                id: 10,
                first: "Maria",
                last: "Lopez",
                email: "maria.lopez@example.com",
                joined: "2019-07-01 08:15:00",
            },
            Some("2022-12-08 16:02:11"),
        ),
        api_user,
        agent(
            company,
            Person {
                id: 30,
                first: "Paul",
                last: "Nurse",
                email: "paul.nurse30@example.com",
                joined: "2022-06-25 18:37:32",
            },
            Some("2022-12-09 23:30:02"),
        ),
    ];

    let mut client_13 = client(
        company,
        Person {
            id: 13,
            first: "Paul",
            last: "Nurse",
            email: "paul.nurse13@example.com",
            joined: "2022-01-10 10:00:00",
        },
        "paul.nurse",
    );
    client_13.active = false;
    client_13.office_phone = "50012".to_owned();
    client_13.job_title = "Sales".to_owned();
    client_13.department = "200".to_owned();
    client_13.office = "1001".to_owned();
    client_13.address1 = "1 Country Ln".to_owned();
    client_13.city = "Cleveland".to_owned();
    client_13.state = "OH".to_owned();
    client_13.country = "USA".to_owned();
    client_13.zipcode = "44122".to_owned();
    let clients = vec![
        client(
            company,
            Person {
                id: 6,
                first: "Paul",
                last: "Nurse",
                email: "paul.client@example.com",
                joined: "2022-12-09 23:30:02",
            },
            "paul.client",
        ),
        client(
            company,
            Person {
                id: 9,
                first: "Lena",
                last: "Fischer",
                email: "lena.fischer@example.com",
                joined: "2022-10-02 14:20:00",
            },
            "lena.fischer",
        ),
        client_13,
        client(
            company,
            Person {
                id: 116,
                first: "Paul",
                last: "Nurse",
                email: "paul.admin@example.com",
                joined: "2022-03-03 09:30:00",
            },
            "paul.admin",
        ),
    ];

    let groups = vec![
        NewAgentGroup {
            id: Some(2),
            company_id: company,
            name: "Helpdesk".to_owned(),
            description: "First-line support".to_owned(),
            location: "Cleveland, OH".to_owned(),
            phone: None,
            email: "helpdesk@example.com".to_owned(),
            active: true,
            creator_agent_id: 10,
            created_at: at("2019-07-03 01:00:00"),
        },
        NewAgentGroup {
            id: Some(6),
            company_id: company,
            name: "IT Members".to_owned(),
            description: "IT team members".to_owned(),
            location: "Cleveland, OH".to_owned(),
            phone: None,
            email: "it.members@example.com".to_owned(),
            active: true,
            creator_agent_id: 10,
            created_at: at("2019-07-03 01:08:43"),
        },
    ];
    let joined = at("2022-12-09 23:30:02");
    let group_members = vec![
        (6, 6, joined),
        (6, 18, joined),
        (6, 30, joined),
        (2, 10, joined),
    ];

    let assets = vec![
        NewAsset {
            id: Some(30),
            company_id: company,
            name: "Fileserver2".to_owned(),
            asset_type: "Server".to_owned(),
            manufacturer: "IBM".to_owned(),
            model: "IBM X5".to_owned(),
            serial_number: "50G6T53".to_owned(),
            active: true,
            memory: "64GB".to_owned(),
            processor: None,
            warranty_date: Some(day("2028-12-10")),
            notes: "For developers".to_owned(),
            architecture: "X64".to_owned(),
            os_publisher: "Windows".to_owned(),
            os_version: "Server 2019".to_owned(),
            private_ipv4: Some("172.16.2.20".to_owned()),
            private_ipv6: None,
            public_ipv4: None,
            public_ipv6: None,
            agent_synced_at: None,
            created_at: at("2022-12-09 23:30:02"),
            updated_at: at("2022-12-09 23:30:02"),
        },
        NewAsset {
            id: Some(35),
            company_id: company,
            name: "Fileserver1".to_owned(),
            asset_type: "Server".to_owned(),
            manufacturer: "Unknown".to_owned(),
            model: String::new(),
            serial_number: String::new(),
            active: true,
            memory: String::new(),
            processor: None,
            warranty_date: None,
            notes: String::new(),
            architecture: String::new(),
            os_publisher: String::new(),
            os_version: String::new(),
            private_ipv4: None,
            private_ipv6: None,
            public_ipv4: None,
            public_ipv6: None,
            agent_synced_at: None,
            created_at: at("2022-09-24 19:51:18"),
            updated_at: at("2022-09-24 19:51:18"),
        },
    ];

    let sla = |values: [&str; 5]| values.map(|value| Some(value.to_owned()));
    let [severe, critical, high, medium, low] = sla(["1hr", "3hr", "1d", "7d", "1m"]);
    let [severe4, critical4, high4, medium4, low4] = sla(["3hr", "24hr", "3d", "1w", "1m"]);
    let audiences = vec![
        NewAudience {
            id: Some(2),
            company_id: company,
            name: "Customer".to_owned(),
            active: true,
            sla_severe: severe,
            sla_critical: critical,
            sla_high: high,
            sla_medium: medium,
            sla_low: low,
            created_at: at("2022-01-01 00:00:00"),
        },
        NewAudience {
            id: Some(3),
            company_id: company,
            name: "Warehouse".to_owned(),
            active: false,
            sla_severe: None,
            sla_critical: None,
            sla_high: None,
            sla_medium: None,
            sla_low: None,
            created_at: at("2022-01-01 00:00:00"),
        },
        NewAudience {
            id: Some(4),
            company_id: company,
            name: "General support".to_owned(),
            active: true,
            sla_severe: severe4,
            sla_critical: critical4,
            sla_high: high4,
            sla_medium: medium4,
            sla_low: low4,
            created_at: at("2022-01-01 00:00:00"),
        },
    ];

    let contracts = vec![NewContract {
        id: Some(2),
        company_id: company,
        name: "Eset AV".to_owned(),
        details: "Renewal cannot exceed 3% price increase".to_owned(),
        vendor: "Softchoice".to_owned(),
        start_date: Some(day("2018-11-08")),
        end_date: Some(day("2024-11-05")),
        initial_date: None,
        creator_agent_id: 2,
        value_cents: 2_435_000,
        active: true,
        created_at: at("2018-11-08 00:00:00"),
        updated_at: at("2022-05-04 03:24:17"),
    }];

    let projects = vec![NewProject {
        id: Some(787),
        company_id: company,
        creator_agent_id: 6,
        title: "test project test".to_owned(),
        info: None,
        severity: 5,
        status: 1,
        due_date: None,
        due_date_set_by: None,
        resolved_at: None,
        audience_id: None,
        time_allocated_minutes: 0,
        created_at: at("2022-09-24 19:51:18"),
        updated_at: at("2022-09-24 19:51:18"),
    }];

    let sites = vec![NewSite {
        id: Some(4),
        company_id: company,
        name: "HQ".to_owned(),
        active: true,
        office_number: "0001".to_owned(),
        address1: "1 Industry Dr".to_owned(),
        address2: None,
        city: "Cleveland".to_owned(),
        state: "OH".to_owned(),
        zip: "44125".to_owned(),
        phone1: Some("216-123-4567".to_owned()),
        phone2: None,
        fax1: None,
        fax2: None,
        url1: None,
        url2: None,
        hours: None,
        ip1: Some("172.16.2.20".to_owned()),
        ip2: None,
        external_ip1: None,
        external_ip2: None,
        location_details: "Parking in the rear, smart card entry".to_owned(),
        network_details: "Network facility on second floor".to_owned(),
        created_at: at("2021-12-09 01:00:05"),
        updated_at: at("2021-12-09 01:00:05"),
    }];

    let tags = vec![
        NewTag {
            id: Some(18),
            company_id: company,
            name: "accounting".to_owned(),
            created_at: at("2022-12-09 23:30:02"),
        },
        NewTag {
            id: Some(29),
            company_id: company,
            name: "hardware".to_owned(),
            created_at: at("2022-12-09 23:30:02"),
        },
    ];

    let mut task_791 = task(
        company,
        TaskSketch {
            id: 791,
            title: "This is the description of a sample task",
            info: "This is a sample task",
            severity: 5,
            status: 0,
            created: "2022-12-20 03:28:07",
            due: None,
        },
    );
    task_791.resolution_id = Some(6);
    task_791.resolved_at = Some(at("2022-12-20 03:42:34"));
    task_791.resolved_by = Some(18);
    let tasks = vec![
        task(
            company,
            TaskSketch {
                id: 340,
                title: "Printer on floor 2 jams",
                info: "The printer jams on every duplex job.",
                severity: 10,
                status: 1,
                created: "2022-09-24 19:40:00",
                due: None,
            },
        ),
        task_791,
        task(
            company,
            TaskSketch {
                id: 792,
                title: "Renew the antivirus licences",
                info: "",
                severity: 15,
                status: 2,
                created: "2022-12-21 09:00:00",
                due: Some("2023-01-15 17:00:00"),
            },
        ),
        task(
            company,
            TaskSketch {
                id: 793,
                title: "New starter laptop",
                info: "Laptop for the new accountant.",
                severity: 5,
                status: 1,
                created: "2022-12-22 10:30:00",
                due: None,
            },
        ),
        task(
            company,
            TaskSketch {
                id: 795,
                title: "Fileserver backups fail",
                info: "Nightly backups of both fileservers stopped.",
                severity: 20,
                status: 1,
                created: "2022-12-23 07:45:00",
                due: Some("2022-12-24 12:00:00"),
            },
        ),
        task(
            company,
            TaskSketch {
                id: 887,
                title: "This is a another test",
                info: "",
                severity: 10,
                status: 0,
                created: "2022-11-20 06:10:22",
                due: Some("2022-11-25 06:10:22"),
            },
        ),
        task(
            company,
            TaskSketch {
                id: 888,
                title: "VPN drops every hour",
                info: "",
                severity: 25,
                status: 1,
                created: "2022-12-27 08:00:00",
                due: None,
            },
        ),
    ];
    let linked = at("2022-12-09 23:30:02");
    let task_agents = vec![(795, 10, linked), (795, 18, linked)];
    let task_groups = vec![(795, 2, linked), (795, 6, linked)];
    let task_clients = vec![(795, 6, linked), (795, 9, linked), (340, 13, linked)];
    let task_assets = vec![(795, 30, linked), (795, 35, linked)];
    let task_tags = vec![(795, 18, linked), (795, 29, linked)];
    let task_sites = vec![(795, 4, linked)];

    let comment = |id: i64,
                   agent: Option<i64>,
                   client: Option<i64>,
                   date: &str,
                   body: &str,
                   private: bool| {
        NewTaskComment {
            id: Some(id),
            company_id: company,
            task_id: 340,
            agent_id: agent,
            client_id: client,
            file: None,
            file_type: None,
            kb_article_id: None,
            body: body.to_owned(),
            private,
            created_at: at(date),
        }
    };
    let comments = vec![
        comment(
            268,
            Some(10),
            None,
            "2022-09-24 19:51:18",
            "This is a comment",
            false,
        ),
        comment(
            269,
            None,
            Some(13),
            "2022-09-24 20:05:40",
            "It jammed again this morning.",
            false,
        ),
        comment(
            270,
            Some(18),
            None,
            "2022-09-25 08:12:09",
            "Ordered a new fuser unit.",
            true,
        ),
    ];

    Seed {
        agents,
        clients,
        groups,
        group_members,
        assets,
        audiences,
        contracts,
        projects,
        sites,
        tags,
        tasks,
        task_clients,
        task_assets,
        task_agents,
        task_groups,
        task_tags,
        task_sites,
        comments,
        api_keys: vec![(18, key_hash, domain::Scope::ReadWrite.as_str().to_owned())],
    }
}
