//! The language a person reads: Japanese first, English on request or from the system locale.

use std::str::FromStr;

/// A language the app writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 日本語: the default whenever the locale is neither.
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// The language of the system locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`); Japanese
    /// when it is neither Japanese nor English.
    pub fn from_locale() -> Lang {
        Lang::from_locale_name(&messages_locale())
    }

    /// The language of the CLI's error messages when none is asked for (`--lang`): Japanese
    /// under a Japanese locale, else English, so that a script or a log under `C`/`POSIX` reads
    /// what it always read.
    pub fn for_messages() -> Lang {
        if messages_locale().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// `en_US.UTF-8` → English, `ja_JP.UTF-8` → Japanese, anything else → Japanese.
    pub fn from_locale_name(locale: &str) -> Lang {
        if locale.starts_with("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// The locale messages are in: `LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first one set.
fn messages_locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default()
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(text: &str) -> Result<Lang, String> {
        match text {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language {other:?}; expected ja or en")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn locale_names() {
        assert_eq!(Lang::from_locale_name("en_GB.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale_name("ja_JP.UTF-8"), Lang::Ja);
        assert_eq!(Lang::from_locale_name("de_DE.UTF-8"), Lang::Ja);
        assert_eq!(Lang::from_locale_name(""), Lang::Ja);
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
