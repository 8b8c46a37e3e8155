//! Request parameters: from the query string, an `application/x-www-form-urlencoded` body or
//! a `multipart/form-data` body, read alike. A body parameter overrides a query parameter
//! of the same name.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};

use crate::envelope::ApiError;

/// The largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The parameters of one legacy request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Reads every parameter of `request`. A body is parsed by its content type. An empty
    /// body, as a GET sends, is skipped whatever content type the client names.
    pub async fn from_request(request: Request<Body>) -> Result<Params, ApiError> {
        let mut values: HashMap<String, String> = HashMap::new();
        if let Some(query) = request.uri().query() {
            for (name, value) in form_urlencoded_pairs(query.as_bytes())? {
                values.insert(name, value);
            }
        }
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Buffer the body first, so every content type meets the same size limit.
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|_| body_too_large())?;
        if bytes.is_empty() {
            return Ok(Params { values });
        }
        if content_type.starts_with("multipart/form-data") {
            let request = Request::from_parts(parts, Body::from(bytes));
            let mut multipart =
                Multipart::from_request(request, &())
                    .await
                    .map_err(|rejection| {
                        ApiError::new(
                            StatusCode::BAD_REQUEST,
                            format!("Invalid multipart body: {rejection}"),
                        )
                    })?;
            loop {
                let field = multipart.next_field().await.map_err(|error| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("Invalid multipart body: {error}"),
                    )
                })?;
                let Some(field) = field else { break };
                let Some(name) = field.name().map(str::to_owned) else {
                    continue;
                };
                let value = field.bytes().await.map_err(|error| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        format!("Invalid multipart field '{name}': {error}"),
                    )
                })?;
                let value = utf8_value(&name, value.to_vec())?;
                values.insert(name, value);
            }
        } else if content_type.is_empty()
            || content_type.starts_with("application/x-www-form-urlencoded")
        {
            for (name, value) in form_urlencoded_pairs(&bytes)? {
                values.insert(name, value);
            }
        } else {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "Unsupported content type '{content_type}': send application/x-www-form-urlencoded or multipart/form-data"
                ),
            ));
        }
        Ok(Params { values })
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Params {
        Params {
            values: pairs
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
        }
    }

    /// Returns the raw value of a parameter that was sent, empty or not.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Reads a required positive integer id.
    pub fn required_id(&self, name: &str) -> Result<i64, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Err(ApiError::missing_parameter(name)),
            Some(value) => parse_id(name, value),
        }
    }

    /// Reads an optional integer where empty and `0` mean "none".
    pub fn optional_id(&self, name: &str) -> Result<Option<Option<i64>>, ApiError> {
        match self.get(name).map(str::trim) {
            None => Ok(None),
            Some("") | Some("0") => Ok(Some(None)),
            Some(value) => parse_id(name, value).map(|id| Some(Some(id))),
        }
    }

    /// Reads a 0/1 flag; absent and empty read as `default`.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("") => Ok(default),
            Some("0") => Ok(false),
            Some("1") => Ok(true),
            Some(other) => Err(ApiError::invalid_parameter(
                name,
                format!("'{other}' is not 0 or 1"),
            )),
        }
    }

    /// Reads a comma-separated list of ids. `None` when the parameter is absent.
    pub fn id_list(&self, name: &str) -> Result<Option<Vec<i64>>, ApiError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        split_list(value)
            .map(|item| parse_id(name, item))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Reads a comma-separated list of words. `None` when the parameter is absent.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.get(name)
            .map(|value| split_list(value).map(str::to_owned).collect())
    }
}

fn body_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("Request body is larger than {MAX_BODY_BYTES} bytes"),
    )
}

fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

pub fn parse_id(name: &str, value: &str) -> Result<i64, ApiError> {
    match value.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::invalid_parameter(
            name,
            format!("'{value}' is not a valid id; ids are positive integers"),
        )),
    }
}

/// Decodes `a=1&b=two+words` pairs with percent-decoding. Names and values must decode to
/// UTF-8.
fn form_urlencoded_pairs(input: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    input
        .split(|byte| *byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            let name = String::from_utf8(percent_decode(name)).map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "A parameter name is not valid UTF-8 after percent-decoding",
                )
            })?;
            let value = utf8_value(&name, percent_decode(value))?;
            Ok((name, value))
        })
        .collect()
}

fn utf8_value(name: &str, bytes: Vec<u8>) -> Result<String, ApiError> {
    String::from_utf8(bytes)
        .map_err(|_| ApiError::invalid_parameter(name, "the value is not valid UTF-8"))
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut index = 0;
    while index < input.len() {
        match input[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < input.len() => {
                let hex = std::str::from_utf8(&input[index + 1..index + 3]).ok();
                match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    out
}

impl Params {
    /// Records the `{id}` path segment, read by [`Params::path_or_param_id`].
    pub fn set_path_id(&mut self, id: String) {
        self.values.insert(PATH_ID.to_owned(), id);
    }

    /// Returns the `{id}` path segment, if the URL has one.
    pub fn get_path_id(&self) -> Option<&str> {
        self.get(PATH_ID)
    }

    /// Reads the record id from the path (`get-task/791`) or else from parameter `name`.
    pub fn path_or_param_id(&self, name: &str) -> Result<i64, ApiError> {
        match self.get(PATH_ID) {
            Some(id) => parse_id(name, id),
            None => self.required_id(name),
        }
    }
}

const PATH_ID: &str = "\0path-id";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_pairs_decode() {
        let pairs = form_urlencoded_pairs(b"title=Printer+jam%21&info=&flag").expect("valid");
        assert_eq!(
            pairs,
            vec![
                ("title".to_owned(), "Printer jam!".to_owned()),
                ("info".to_owned(), String::new()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn broken_percent_escape_stays_literal() {
        assert_eq!(percent_decode(b"100%"), b"100%");
        assert_eq!(percent_decode(b"%zz"), b"%zz");
    }

    #[test]
    fn non_utf8_value_names_parameter() {
        let error = form_urlencoded_pairs(b"title=%FF%FE").expect_err("Latin-1 bytes fail");
        assert!(error.desc.contains("'title'"), "{}", error.desc);
    }

    #[test]
    fn id_lists_skip_blanks_and_reject_words() {
        let params = Params::from_pairs([("assets", " 30, 35 ,"), ("tags", "x")]);
        assert_eq!(params.id_list("assets").ok(), Some(Some(vec![30, 35])));
        assert!(params.id_list("tags").is_err());
        assert_eq!(params.id_list("office").ok(), Some(None));
    }
}
