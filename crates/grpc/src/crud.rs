//! Shared parts of the record services: input checks, reference checks, and a macro that writes
//! the Get, List, Create and Update methods of a service from two per-resource steps,
//! `present` (row to message) and `save` (validated message to stored row).

use chrono::NaiveDate;
use domain::validate;
use storage::RecordKind;
use tonic::Status;

use crate::context::Context;
use crate::error::{from_storage, from_violation, invalid_argument};

/// Checks a required name or title.
pub fn required(field: &str, value: &str) -> Result<String, Status> {
    validate::title(field, value).map_err(from_violation)?;
    Ok(value.trim().to_owned())
}

/// Checks an optional short text.
pub fn short(field: &str, value: &str) -> Result<String, Status> {
    validate::max_chars(field, value, validate::MAX_TITLE_CHARS).map_err(from_violation)?;
    Ok(value.trim().to_owned())
}

pub fn optional_short(field: &str, value: &Option<String>) -> Result<Option<String>, Status> {
    value
        .as_deref()
        .map(|text| short(field, text))
        .transpose()
        .map(|text| text.filter(|text| !text.is_empty()))
}

/// Checks a long free text.
pub fn long(field: &str, value: &str) -> Result<String, Status> {
    validate::max_chars(field, value, validate::MAX_TEXT_CHARS).map_err(from_violation)?;
    Ok(value.to_owned())
}

/// Checks an email address that may be empty.
pub fn optional_email(field: &str, value: &str) -> Result<String, Status> {
    let value = value.trim();
    if !value.is_empty() {
        validate::email(field, value).map_err(from_violation)?;
    }
    Ok(value.to_owned())
}

/// Reads a `YYYY-MM-DD` date; empty means none.
pub fn date(field: &str, value: &str) -> Result<Option<NaiveDate>, Status> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    domain::time::parse_date(value).map_err(|message| invalid_argument(field, message))
}

pub fn format_date(value: Option<NaiveDate>) -> String {
    value
        .map(|date| date.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The address family that an IP address field accepts.
#[derive(Clone, Copy, Debug)]
pub enum IpFamily {
    V4,
    V6,
    Either,
}

/// Checks an optional IP address of the field's family.
pub fn optional_ip(
    field: &str,
    value: &Option<String>,
    family: IpFamily,
) -> Result<Option<String>, Status> {
    let text = match value.as_deref().map(str::trim) {
        None | Some("") => return Ok(None),
        Some(text) => text,
    };
    let valid = match family {
        IpFamily::V4 => text.parse::<std::net::Ipv4Addr>().is_ok(),
        IpFamily::V6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
        IpFamily::Either => text.parse::<std::net::IpAddr>().is_ok(),
    };
    if valid {
        Ok(Some(text.to_owned()))
    } else {
        let expected = match family {
            IpFamily::V4 => "an IPv4 address such as 192.168.1.10",
            IpFamily::V6 => "an IPv6 address such as fe80::1",
            IpFamily::Either => "an IPv4 or IPv6 address",
        };
        Err(invalid_argument(
            field,
            format!("'{text}' is not {expected}"),
        ))
    }
}

/// Checks a service level such as `1hr`, `3d`, `1w` or `1m`.
pub fn service_level(field: &str, value: &Option<String>) -> Result<Option<String>, Status> {
    let Some(text) = value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    else {
        return Ok(None);
    };
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let valid = !number.is_empty() && number.len() <= 4 && ["hr", "d", "w", "m"].contains(&unit);
    if valid {
        Ok(Some(text.to_owned()))
    } else {
        Err(invalid_argument(
            field,
            format!(
                "'{text}' is not a service level; use a whole number and hr, d, w or m, such as 4hr or 3d"
            ),
        ))
    }
}

pub fn check_id(field: &str, id: i64) -> Result<(), Status> {
    if id <= 0 {
        return Err(invalid_argument(
            field,
            format!("{id} is not a valid id; ids are positive integers"),
        ));
    }
    Ok(())
}

/// Fails with INVALID_ARGUMENT naming the first id that is not a `kind` record of the company.
pub async fn require_existing(
    ctx: &Context,
    kind: RecordKind,
    company: i64,
    ids: &[i64],
    field: &str,
    noun: &str,
) -> Result<(), Status> {
    if ids.len() > domain::validate::MAX_LINKED_IDS {
        return Err(invalid_argument(
            field,
            format!(
                "lists {} ids; the maximum is {}",
                ids.len(),
                domain::validate::MAX_LINKED_IDS
            ),
        ));
    }
    for id in ids {
        check_id(field, *id)?;
    }
    let missing = ctx
        .db
        .first_missing(kind, company, ids)
        .await
        .map_err(|error| from_storage(error, noun, 0))?;
    match missing {
        Some(id) => Err(invalid_argument(
            field,
            format!("{noun} {id} does not exist"),
        )),
        None => Ok(()),
    }
}

/// Copies the fields named in `paths` from `$update` into `$current`; any other path is
/// INVALID_ARGUMENT on `update_mask`.
macro_rules! apply_mask {
    ($current:expr, $update:expr, $paths:expr, [$($field:ident),* $(,)?]) => {{
        for path in $paths {
            $(
                if path.as_str() == stringify!($field).trim_start_matches("r#") {
                    $current.$field = $update.$field.clone();
                    continue;
                }
            )*
            return Err($crate::error::invalid_argument(
                "update_mask",
                format!("'{path}' is not a field that can be updated"),
            ));
        }
    }};
}
pub(crate) use apply_mask;

/// Implements a record service: Get, List, Create and Update from the service's `present`
/// and `save` steps, plus any extra methods given in `extra`.
macro_rules! record_service {
    (
        service = $service:path, api = $api:ident, message = $message:ident,
        field = $field:ident, noun = $noun:literal, plural = $plural:ident,
        get = ($get:ident, $get_request:ident, $get_response:ident, $db_get:ident),
        list = ($list:ident, $list_request:ident, $list_response:ident, $db_list:ident, $db_count:ident),
        create = ($create:ident, $create_request:ident, $create_response:ident),
        update = ($update:ident, $update_request:ident, $update_response:ident),
        mask = [$($path:ident),* $(,)?],
        extra = { $($extra:tt)* }
    ) => {
        #[tonic::async_trait]
        impl $service for $api {
            async fn $get(
                &self,
                request: tonic::Request<helpdesk_api::v1::$get_request>,
            ) -> Result<tonic::Response<helpdesk_api::v1::$get_response>, tonic::Status> {
                let who = self.ctx.authorize(&request, domain::Action::ReadRecords).await?;
                let id = request.get_ref().id;
                $crate::crud::check_id("id", id)?;
                let row = self
                    .ctx
                    .db
                    .$db_get(who.caller.company_id, id)
                    .await
                    .map_err(|error| $crate::error::from_storage(error, $noun, id))?;
                Ok(tonic::Response::new(helpdesk_api::v1::$get_response {
                    $field: Some(self.present(row).await?),
                }))
            }

            async fn $list(
                &self,
                request: tonic::Request<helpdesk_api::v1::$list_request>,
            ) -> Result<tonic::Response<helpdesk_api::v1::$list_response>, tonic::Status> {
                let who = self.ctx.authorize(&request, domain::Action::ReadRecords).await?;
                let page = $crate::page::Page::parse(
                    stringify!($plural),
                    request.get_ref().page_size,
                    &request.get_ref().page_token,
                )?;
                let company = who.caller.company_id;
                let rows = self
                    .ctx
                    .db
                    .$db_list(company, page.after, page.size)
                    .await
                    .map_err(|error| $crate::error::from_storage(error, $noun, 0))?;
                let total_size = self
                    .ctx
                    .db
                    .$db_count(company)
                    .await
                    .map_err(|error| $crate::error::from_storage(error, $noun, 0))?;
                let next_page_token = page.next_token(rows.len(),
                    rows.last().map(|row| row.id),
                );
                let mut $plural = Vec::with_capacity(rows.len());
                for row in rows {
                    $plural.push(self.present(row).await?);
                }
                Ok(tonic::Response::new(helpdesk_api::v1::$list_response {
                    $plural,
                    next_page_token,
                    total_size,
                }))
            }

            async fn $create(
                &self,
                request: tonic::Request<helpdesk_api::v1::$create_request>,
            ) -> Result<tonic::Response<helpdesk_api::v1::$create_response>, tonic::Status> {
                let who = self
                    .ctx
                    .authorize(&request, domain::Action::ManageRecords)
                    .await?;
                let message = request
                    .into_inner()
                    .$field
                    .ok_or_else(|| $crate::error::invalid_argument(stringify!($field), "must be set"))?;
                let row = self.save(&who, None, message).await?;
                tracing::info!(record.id = row.id, company.id = who.caller.company_id, concat!($noun, " created"));
                Ok(tonic::Response::new(helpdesk_api::v1::$create_response {
                    $field: Some(self.present(row).await?),
                }))
            }

            async fn $update(
                &self,
                request: tonic::Request<helpdesk_api::v1::$update_request>,
            ) -> Result<tonic::Response<helpdesk_api::v1::$update_response>, tonic::Status> {
                let who = self
                    .ctx
                    .authorize(&request, domain::Action::ManageRecords)
                    .await?;
                let request = request.into_inner();
                let update = request
                    .$field
                    .ok_or_else(|| $crate::error::invalid_argument(stringify!($field), "must be set"))?;
                let id = update.id;
                $crate::crud::check_id(concat!(stringify!($field), ".id"), id)?;
                let current_row = self
                    .ctx
                    .db
                    .$db_get(who.caller.company_id, id)
                    .await
                    .map_err(|error| $crate::error::from_storage(error, $noun, id))?;
                let mut merged = self.present(current_row.clone()).await?;
                let paths = request.update_mask.map(|mask| mask.paths).unwrap_or_default();
                $crate::crud::apply_mask!(merged, update, &paths, [$($path),*]);
                let row = self.save(&who, Some(current_row), merged).await?;
                tracing::info!(record.id = row.id, company.id = who.caller.company_id, concat!($noun, " updated"));
                Ok(tonic::Response::new(helpdesk_api::v1::$update_response {
                    $field: Some(self.present(row).await?),
                }))
            }

            $($extra)*
        }
    };
}
pub(crate) use record_service;
