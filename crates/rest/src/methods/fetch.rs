//! Builds the page fetchers that walk a gRPC List method for a whole-list legacy response.

/// Expands to a [`crate::stream::Fetch`] that calls `$api.$method` with the request built by
/// `$request` from the page token, and takes the items from field `$items`.
macro_rules! fetcher {
    ($state:expr, $who:expr, $api:ident . $method:ident, |$token:ident| $request:expr, $items:ident) => {{
        let services = $state.clone();
        let who = $who.clone();
        let fetch: $crate::stream::Fetch<_> = std::sync::Arc::new(move |$token: String| {
            let services = services.clone();
            let who = who.clone();
            Box::pin(async move {
                let page = services
                    .$api
                    .$method($crate::grpc_request(&who, $request))
                    .await?
                    .into_inner();
                Ok($crate::stream::Page {
                    items: page.$items,
                    next_page_token: page.next_page_token,
                    total_size: page.total_size,
                })
            })
        });
        fetch
    }};
}
pub(crate) use fetcher;
