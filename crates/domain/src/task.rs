//! Task severities, statuses and creator types, with the numbers the legacy API uses.

/// The urgency of a task. The discriminants are the legacy numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low = 5,
    Medium = 10,
    High = 15,
    Critical = 20,
    Severe = 25,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
        Severity::Severe,
    ];

    /// Returns the legacy number: 5, 10, 15, 20 or 25.
    pub fn number(self) -> i32 {
        self as i32
    }

    /// Maps a legacy number to a severity.
    pub fn from_number(number: i32) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.number() == number)
    }

    /// Returns the lower-case word the legacy API accepts for this severity.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
            Severity::Severe => "severe",
        }
    }

    /// Parses a legacy `priority` value: a number (`"15"`) or a word (`"High"`), ignoring
    /// case and surrounding spaces.
    pub fn parse_legacy(value: &str) -> Option<Severity> {
        let value = value.trim();
        if let Ok(number) = value.parse::<i32>() {
            return Severity::from_number(number);
        }
        Severity::ALL
            .into_iter()
            .find(|s| s.word().eq_ignore_ascii_case(value))
    }
}

/// The state of a task: open, on hold or closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    Open,
    OnHold,
    Closed,
}

impl TaskStatus {
    /// Returns the legacy number: 1 open, 2 on hold, 0 closed.
    pub fn number(self) -> i32 {
        match self {
            TaskStatus::Closed => 0,
            TaskStatus::Open => 1,
            TaskStatus::OnHold => 2,
        }
    }

    /// Maps a legacy number to a status.
    pub fn from_number(number: i32) -> Option<TaskStatus> {
        match number {
            0 => Some(TaskStatus::Closed),
            1 => Some(TaskStatus::Open),
            2 => Some(TaskStatus::OnHold),
            _ => None,
        }
    }
}

/// The kind of creator of a task: agent, client or automated process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreatorType {
    Automated,
    Agent,
    Client,
}

impl CreatorType {
    /// Returns the legacy number: 1 agent, 2 client, 0 automated process.
    pub fn number(self) -> i32 {
        match self {
            CreatorType::Automated => 0,
            CreatorType::Agent => 1,
            CreatorType::Client => 2,
        }
    }

    /// Maps a legacy number to a creator type.
    pub fn from_number(number: i32) -> Option<CreatorType> {
        match number {
            0 => Some(CreatorType::Automated),
            1 => Some(CreatorType::Agent),
            2 => Some(CreatorType::Client),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_parses_numbers_and_words() {
        assert_eq!(Severity::parse_legacy("15"), Some(Severity::High));
        assert_eq!(
            Severity::parse_legacy(" Critical "),
            Some(Severity::Critical)
        );
        assert_eq!(Severity::parse_legacy("SEVERE"), Some(Severity::Severe));
    }

    #[test]
    fn severity_rejects_unknown_values() {
        assert_eq!(Severity::parse_legacy("7"), None);
        assert_eq!(Severity::parse_legacy("urgent"), None);
        assert_eq!(Severity::parse_legacy(""), None);
    }

    #[test]
    fn status_numbers_round_trip() {
        for status in [TaskStatus::Open, TaskStatus::OnHold, TaskStatus::Closed] {
            assert_eq!(TaskStatus::from_number(status.number()), Some(status));
        }
        assert_eq!(TaskStatus::from_number(3), None);
    }
}
