//! Runs every `sh` and `python` example in docs/grpc.md and docs/legacy-rest.md against a
//! real demo server, with the documented ports replaced by the test server's. Blocks tagged
//! `text` (such as the command that starts the server) are not run. Needs HELPDESK_GRPCURL
//! and HELPDESK_PYTHON, a Python with grpcio and grpcio-tools, which scripts/test sets.

use std::path::PathBuf;
use std::process::Command;

use crate::common::{Backend, TestServer};

/// One fenced example: its language tag, first line number and text.
struct Example {
    language: String,
    line: usize,
    code: String,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut open: Option<Example> = None;
    for (index, line) in markdown.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(language)) => {
                open = Some(Example {
                    language: language.trim().to_owned(),
                    line: index + 2,
                    code: String::new(),
                });
            }
            (Some(_), Some("")) => found.extend(open.take()),
            (Some(example), _) => {
                example.code.push_str(line);
                example.code.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "unclosed code fence");
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grpc_doc_examples_run() {
    run_doc("docs/grpc.md").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_rest_doc_examples_run() {
    run_doc("docs/legacy-rest.md").await;
}

async fn run_doc(doc: &str) {
    let (Ok(grpcurl), Ok(python)) = (
        std::env::var("HELPDESK_GRPCURL"),
        std::env::var("HELPDESK_PYTHON"),
    ) else {
        eprintln!(
            "{doc} examples skipped: set HELPDESK_GRPCURL and HELPDESK_PYTHON (scripts/test does)"
        );
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let markdown = std::fs::read_to_string(root.join(doc)).expect("doc readable");
    let examples = examples(&markdown);
    let runnable: Vec<&Example> = examples
        .iter()
        .filter(|example| example.language == "sh" || example.language == "python")
        .collect();
    assert!(runnable.len() >= 3, "{doc} has too few runnable examples");

    // The examples run from a folder that looks like the repository root: `proto/` is there
    // and generated stubs land in it. `grpcurl` and `python` resolve to the test's tools.
    let folder = tempfile::tempdir().expect("temporary folder");
    std::os::unix::fs::symlink(root.join("proto"), folder.path().join("proto")).unwrap();
    let bin = folder.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(&grpcurl, bin.join("grpcurl")).unwrap();
    // A symlinked venv interpreter would not find its venv, so its own folder goes on PATH.
    let python_folder = std::path::Path::new(&python)
        .parent()
        .expect("HELPDESK_PYTHON names a file");
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        python_folder.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let server = TestServer::demo(Backend::Sqlite).await;
    let grpc_addr = server.server.grpc_addr.to_string();
    let http_addr = server.server.http_addr.to_string();
    for example in runnable {
        let code = example
            .code
            .replace("127.0.0.1:50051", &grpc_addr)
            .replace("127.0.0.1:8080", &http_addr);
        let (program, flag) = if example.language == "sh" {
            ("bash", "-euo")
        } else {
            ("python", "-c")
        };
        let mut command = Command::new(program);
        if example.language == "sh" {
            command.args([flag, "pipefail", "-c", &code]);
        } else {
            command.args([flag, &code]);
        }
        command.current_dir(folder.path()).env("PATH", &path);
        let output = run(command).await;
        assert!(
            output.status.success(),
            "{doc}:{} failed ({}):\n{code}\nstdout:\n{}\nstderr:\n{}",
            example.line,
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }
    server.stop().await;
    drop(folder);
}

async fn run(mut command: Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("example task")
        .expect("example starts")
}

#[test]
fn fences_split_into_examples() {
    let found = examples("text\n```sh\necho a\n```\n```text\nb\n```\n");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].language, "sh");
    assert_eq!(found[0].code, "echo a\n");
    assert_eq!(found[0].line, 3);
}
