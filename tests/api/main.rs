//! End-to-end tests: the real server on loopback, real HTTP and gRPC clients, and a fresh
//! SQLite file or PostgreSQL schema per test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod common;
mod deadlines;
mod docs;
mod error_details;
mod grpc_tasks;
mod grpc_web;
mod grpcurl;
mod health;
mod legacy_contract;
mod legacy_tasks;
mod observability;
mod openapi;
mod records;
mod shutdown;
