//! The helpdesk API contract: protobuf messages and gRPC services generated from
//! `proto/helpdesk/v1`, plus the encoded descriptor set that the server offers through
//! gRPC reflection.

pub mod codec;

/// Messages and services of the `helpdesk.v1` package.
pub mod v1 {
    #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]
    tonic::include_proto!("helpdesk.v1");
}

/// The encoded `FileDescriptorSet` of every helpdesk proto file, the `google.rpc` error detail
/// messages, and their imports.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/helpdesk_descriptor.bin"));
