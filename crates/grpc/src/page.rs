//! Page sizes and opaque page tokens for every List method. Tokens carry the last id
//! returned, so pages follow ascending id order (keyset pagination) and stay stable while
//! rows are added.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tonic::Status;

use crate::error::invalid_argument;

pub const DEFAULT_PAGE_SIZE: i64 = 100;
pub const MAX_PAGE_SIZE: i64 = 1000;

/// A validated page request.
#[derive(Clone, Debug)]
pub struct Page {
    /// Rows with an id above this one come next.
    pub after: Option<i64>,
    pub size: i64,
    /// The list kind that tokens of this list carry.
    kind: String,
}

impl Page {
    /// Reads `page_size` (0 means the default, above the maximum is capped) and `page_token`
    /// of a List request. `kind` binds a token to the list that issued it.
    pub fn parse(
        kind: impl Into<String>,
        page_size: i32,
        page_token: &str,
    ) -> Result<Page, Status> {
        let kind = kind.into();
        if page_size < 0 {
            return Err(invalid_argument(
                "page_size",
                format!("page_size must not be negative, got {page_size}"),
            ));
        }
        let size = match i64::from(page_size) {
            0 => DEFAULT_PAGE_SIZE,
            size => size.min(MAX_PAGE_SIZE),
        };
        let after = if page_token.is_empty() {
            None
        } else {
            Some(decode_token(&kind, page_token).ok_or_else(|| {
                invalid_argument(
                    "page_token",
                    "page_token is not a token returned by this list; start again without one",
                )
            })?)
        };
        Ok(Page { after, size, kind })
    }

    /// Returns the token of the next page, empty when `returned` rows end the list.
    pub fn next_token(&self, returned: usize, last_id: Option<i64>) -> String {
        match last_id {
            Some(id) if returned as i64 >= self.size => encode_token(&self.kind, id),
            _ => String::new(),
        }
    }
}

/// Returns the token kind of a list of one parent's children, such as the comments of task
/// 791, so that a token of one parent's list is rejected by another's.
pub fn list_kind(children: &str, parent_id: i64) -> String {
    format!("{children}/{parent_id}")
}

fn encode_token(kind: &str, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{kind}:{id}"))
}

fn decode_token(kind: &str, token: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (token_kind, id) = text.split_once(':')?;
    if token_kind != kind {
        return None;
    }
    id.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trips() {
        let page = Page::parse("tasks", 2, "").map_err(|s| s.message().to_owned());
        let Ok(page) = page else {
            panic!("first page rejected")
        };
        let token = page.next_token(2, Some(791));
        let next = Page::parse("tasks", 2, &token).map(|p| p.after);
        assert_eq!(next.ok(), Some(Some(791)));
    }

    #[test]
    fn token_of_other_list_is_rejected() {
        let token = encode_token("comments", 5);
        assert!(Page::parse("tasks", 10, &token).is_err());
        assert!(Page::parse("tasks", 10, "not-a-token").is_err());
    }

    #[test]
    fn token_of_other_parent_is_rejected() {
        let token = encode_token(&list_kind("task_comments", 792), 273);
        assert!(Page::parse(list_kind("task_comments", 791), 10, &token).is_err());
        assert!(Page::parse(list_kind("task_comments", 792), 10, &token).is_ok());
    }

    #[test]
    fn token_with_negative_id_is_rejected() {
        assert!(Page::parse("tasks", 10, &encode_token("tasks", -5)).is_err());
    }

    #[test]
    fn short_page_has_no_next_token() {
        let page = Page {
            after: None,
            size: 10,
            kind: "tasks".to_owned(),
        };
        assert_eq!(page.next_token(3, Some(9)), "");
    }
}
