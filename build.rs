//! Compiles `proto/` with protox, a protobuf compiler written in Rust, so the build needs no
//! system `protoc`. Generates Rust code for `proto/helpdesk/v1` and writes one descriptor set
//! for gRPC reflection that also contains `proto/google/rpc`, the error detail messages that
//! clients resolve through reflection to decode error details.

use std::env;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_dir = PathBuf::from("proto");
    let api_files = proto_files(&proto_dir.join("helpdesk/v1"))?;
    let error_files = proto_files(&proto_dir.join("google/rpc"))?;

    let descriptors = protox::Compiler::new([&proto_dir])?
        .include_imports(true)
        .include_source_info(true)
        .open_files(api_files.iter().chain(&error_files))?
        .file_descriptor_set();

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let descriptor_bytes = prost::Message::encode_to_vec(&descriptors);
    std::fs::write(out_dir.join("helpdesk_descriptor.bin"), descriptor_bytes)?;

    // Rust code only for the helpdesk packages: the server builds error details with
    // tonic-types, which has its own types for them.
    let mut api_descriptors = descriptors;
    api_descriptors
        .file
        .retain(|file| file.package() != "google.rpc");
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .codec_path("crate::codec::StrictCodec")
        .compile_fds(api_descriptors)?;

    println!("cargo:rerun-if-changed=proto");
    Ok(())
}

/// Lists the `.proto` files directly in `dir`, sorted.
fn proto_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "proto") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
