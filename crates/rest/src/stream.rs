//! Whole-list legacy responses streamed page by page, so a large list is never held in
//! memory at once. The first page is read before the response starts, so its errors still
//! get a proper status. A failure on a later page ends the body early and is logged.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;

use crate::envelope::ApiError;

/// Page size used when the legacy API walks a whole list.
pub const WALK_PAGE_SIZE: i32 = 500;

/// One page of a gRPC List call.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_page_token: String,
    pub total_size: i64,
}

pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, tonic::Status>> + Send>>;
/// Fetches the page that starts at a page token.
pub type Fetch<T> = Arc<dyn Fn(String) -> PageFuture<T> + Send + Sync>;

/// Walks every page of `fetch` and returns all items, for responses whose JSON nests the
/// list inside a map that must be complete before it is written.
pub async fn collect_all<T>(fetch: Fetch<T>) -> Result<Vec<T>, tonic::Status> {
    let mut items = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = fetch(page_token).await?;
        items.extend(page.items);
        if page.next_page_token.is_empty() {
            return Ok(items);
        }
        page_token = page.next_page_token;
    }
}

/// The JSON layout of list items.
#[derive(Clone, Copy)]
pub enum Layout {
    /// `"key": [item, ...]`
    Array,
    /// `"key": {"id": item, ...}`
    ById,
}

/// A legacy list response: `{"code":200,"desc":...,"response":{"rows":N,"<key>":...}}`.
pub struct ListResponse<T> {
    pub fetch: Fetch<T>,
    /// Renders an item, with its id for [`Layout::ById`].
    pub render: fn(&T) -> (i64, Value),
    pub key: &'static str,
    pub layout: Layout,
    pub found: &'static str,
    pub empty: &'static str,
    pub legacy_name: fn(&str) -> Option<&'static str>,
}

enum Stage<T> {
    Page(Page<T>, bool),
    Fetch(String, bool),
    Close,
    Done,
}

impl<T: Send + 'static> ListResponse<T> {
    pub async fn into_response(self) -> Result<Response, ApiError> {
        let legacy_name = self.legacy_name;
        let first = (self.fetch)(String::new())
            .await
            .map_err(|status| ApiError::from_status(&status, legacy_name))?;
        let desc = if first.items.is_empty() {
            self.empty
        } else {
            self.found
        };
        let (open, close) = match self.layout {
            Layout::Array => ('[', "]}}"),
            Layout::ById => ('{', "}}}"),
        };
        let prefix = format!(
            "{{\"code\":200,\"desc\":{},\"response\":{{\"rows\":{},\"{}\":{open}",
            Value::from(desc),
            first.total_size,
            self.key
        );
        let fetch = self.fetch;
        let render = self.render;
        let layout = self.layout;
        let body = futures_util::stream::unfold(
            (Stage::Page(first, true), fetch),
            move |(stage, fetch)| async move {
                match stage {
                    Stage::Page(page, first_item) => {
                        let mut chunk = String::new();
                        let mut needs_comma = !first_item;
                        for item in &page.items {
                            if needs_comma {
                                chunk.push(',');
                            }
                            needs_comma = true;
                            let (id, value) = render(item);
                            if let Layout::ById = layout {
                                chunk.push_str(&format!("\"{id}\":"));
                            }
                            chunk.push_str(&value.to_string());
                        }
                        let next = if page.next_page_token.is_empty() {
                            Stage::Close
                        } else {
                            Stage::Fetch(page.next_page_token, !needs_comma)
                        };
                        Some((
                            Ok::<Bytes, std::io::Error>(Bytes::from(chunk)),
                            (next, fetch),
                        ))
                    }
                    Stage::Fetch(token, first_item) => match fetch(token).await {
                        Ok(page) => {
                            Some((Ok(Bytes::new()), (Stage::Page(page, first_item), fetch)))
                        }
                        Err(status) => {
                            tracing::error!(error = %status.message(), "listing a later page failed; the response is cut short");
                            Some((
                                Err(std::io::Error::other(status.message().to_owned())),
                                (Stage::Done, fetch),
                            ))
                        }
                    },
                    Stage::Close => Some((
                        Ok(Bytes::from_static(close.as_bytes())),
                        (Stage::Done, fetch),
                    )),
                    Stage::Done => None,
                }
            },
        );
        let prefix_stream = futures_util::stream::once(async move { Ok(Bytes::from(prefix)) });
        let mut response =
            Body::from_stream(futures_util::StreamExt::chain(prefix_stream, body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Ok(response)
    }
}
