//! Input checks shared by every surface.

/// One invalid input field and why it is invalid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: String,
    pub description: String,
}

impl FieldViolation {
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        FieldViolation {
            field: field.into(),
            description: description.into(),
        }
    }
}

/// The maximum length of a task, project or other record title, in characters.
pub const MAX_TITLE_CHARS: usize = 255;
/// The maximum length of free text (task details, comments), in characters.
pub const MAX_TEXT_CHARS: usize = 65_535;

/// The maximum number of ids in one list of links (such as a task's assets), which keeps
/// every query within SQLite's limit on bound parameters.
pub const MAX_LINKED_IDS: usize = 1000;

/// Checks a required title: not blank and at most [`MAX_TITLE_CHARS`] characters.
pub fn title(field: &str, value: &str) -> Result<(), FieldViolation> {
    if value.trim().is_empty() {
        return Err(FieldViolation::new(field, "must not be empty"));
    }
    max_chars(field, value, MAX_TITLE_CHARS)
}

/// Checks that a text is at most `max` characters long and contains no NUL character.
pub fn max_chars(field: &str, value: &str, max: usize) -> Result<(), FieldViolation> {
    if value.contains('\0') {
        return Err(FieldViolation::new(
            field,
            "must not contain NUL characters",
        ));
    }
    let count = value.chars().count();
    if count > max {
        return Err(FieldViolation::new(
            field,
            format!("must be at most {max} characters long, got {count}"),
        ));
    }
    Ok(())
}

/// Checks an email address loosely: one `@` with text on both sides and no spaces.
pub fn email(field: &str, value: &str) -> Result<(), FieldViolation> {
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        max_chars(field, value, MAX_TITLE_CHARS)
    } else {
        Err(FieldViolation::new(
            field,
            format!("'{value}' is not a valid email address"),
        ))
    }
}

/// Returns the form of an email address used to compare addresses case-insensitively.
pub fn normalize_email(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_title_is_rejected() {
        assert!(title("title", "  ").is_err());
        assert!(title("title", "Printer jam").is_ok());
    }

    #[test]
    fn long_title_is_rejected() {
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        assert!(title("title", &long).is_err());
    }

    #[test]
    fn email_needs_local_part_and_domain() {
        assert!(email("clients", "ann@example.com").is_ok());
        assert!(email("clients", "ann@example").is_err());
        assert!(email("clients", "@example.com").is_err());
        assert!(email("clients", "ann smith@example.com").is_err());
    }
}
