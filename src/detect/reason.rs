//! Why a withdrawal was flagged, as typed facts, and how each reads to a person.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::lang::Lang;

/// One reason a withdrawal looks unfamiliar. Each carries the facts its sentence needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The first top-up ever to this service, perhaps followed by more soon after.
    FirstEver {
        /// The service's catalog id.
        service: String,
        /// How many more top-ups followed within the same run.
        later: usize,
        /// Days from this one to the last of them.
        span_days: i64,
        /// Yen in the whole run, this one included (positive).
        total: i64,
    },
    /// One of two or more top-ups to a service close together, together more than
    /// [`super::LARGE_DEBIT`], among the lines a person found in a passbook: the 2020 shape.
    /// Says nothing of what came before, which the app has not seen.
    FoundRun {
        /// The service's catalog id.
        service: String,
        /// Top-ups in the run.
        count: usize,
        /// Days from the first to the last.
        span_days: i64,
        /// Yen in them (positive).
        total: i64,
    },
    /// A top-up a person found in a passbook, with nothing else to say of it: a question.
    FoundLine {
        /// The service's catalog id.
        service: String,
        /// The amount (positive).
        amount: i64,
    },
    /// The first top-up of a service new to the account, with nothing else unusual about it: a
    /// question, kindly put, not a suspicion.
    FirstUse {
        /// The service's catalog id.
        service: String,
    },
    /// One of the top-ups with which a service appeared in a short history, together an
    /// attack's size: too little is known to call the service usual.
    ShortHistory {
        /// The service's catalog id.
        service: String,
        /// Days of history the app has before the service's first top-up.
        days_known: i64,
        /// Top-ups in the service's first days.
        count: usize,
        /// Days from the first of them to the last.
        span_days: i64,
        /// Yen in them (positive).
        total: i64,
    },
    /// A single large top-up with which a service appeared in a short history: a question.
    ShortHistoryLarge {
        /// The service's catalog id.
        service: String,
        /// Days of history the app has before it.
        days_known: i64,
        /// The amount (positive).
        amount: i64,
    },
    /// One of a run of top-ups to a service that first appeared with this run.
    InNewRun {
        /// The service's catalog id.
        service: String,
        /// This one's place in the run, from 1.
        position: usize,
        /// Top-ups in the run.
        count: usize,
        /// Days from the first to the last.
        span_days: i64,
        /// Yen in the run (positive).
        total: i64,
    },
    /// A later top-up to a service whose first top-ups were flagged and never owned up to: a
    /// fraudster comes back to the wallet they opened, after the days a service counts as new.
    AfterNewBurst {
        /// The service's catalog id.
        service: String,
        /// When it first appeared.
        first_seen: NaiveDate,
        /// Top-ups in that first burst.
        count: usize,
        /// Yen in that burst (positive).
        total: i64,
    },
    /// A top-up to a service after one the holder said was not theirs: the same wallet.
    AfterNotMine {
        /// The service's catalog id.
        service: String,
        /// The day of the top-up the holder disowned.
        day: NaiveDate,
    },
    /// Far more than the holder usually tops up on this service.
    AboveHabit {
        /// The service's catalog id.
        service: String,
        /// This amount (positive).
        amount: i64,
        /// The usual amount: the median of earlier top-ups.
        usual: i64,
    },
    /// More top-ups on one day than the holder has ever made on this service.
    UnusualRun {
        /// The service's catalog id.
        service: String,
        /// Top-ups that day.
        count: usize,
        /// Days from the first to the last (0: one day).
        span_days: i64,
        /// The most the holder made in one day before.
        usual_most: usize,
    },
    /// A run of top-ups carrying far more money than any run of the holder's before.
    HeavyRun {
        /// The service's catalog id.
        service: String,
        /// Top-ups in the run.
        count: usize,
        /// Days from the first to the last.
        span_days: i64,
        /// Yen in the run (positive).
        total: i64,
        /// The most yen in one run of the holder's before.
        usual_most: i64,
    },
    /// A burst on a service already in use when the known history begins, with nothing earlier
    /// to compare it with.
    BurstWithoutHistory {
        /// The service's catalog id.
        service: String,
        /// Top-ups in the run.
        count: usize,
        /// Days from the first to the last.
        span_days: i64,
        /// Yen in the run (positive).
        total: i64,
    },
    /// Other services appeared for the first time around the same days.
    SeveralNewServices {
        /// Their catalog ids.
        others: Vec<String>,
    },
    /// A round amount of ten thousand yen or more, as fraud tends to take.
    RoundAmount {
        /// The amount (positive).
        amount: i64,
    },
    /// The holder said they never use this service.
    DeclaredNeverUsed {
        /// The service's catalog id.
        service: String,
    },
    /// The holder said this withdrawal was not theirs.
    HolderSaidNotMine,
}

impl Reason {
    /// Whether this reason only asks (a first use, kindly put), rather than suspects.
    pub fn is_question(&self) -> bool {
        matches!(
            self,
            Reason::FirstUse { .. } | Reason::ShortHistoryLarge { .. } | Reason::FoundLine { .. }
        )
    }

    /// What this reason says of the whole run its top-up was judged in, said once for the run;
    /// `None` when it speaks of the top-up alone (its amount, its answer, a question about it).
    /// A place in a new service's run ("payment 2 of 4") becomes the run's own sentence.
    pub fn of_run(&self) -> Option<Reason> {
        match self {
            Reason::InNewRun {
                service,
                count,
                span_days,
                total,
                ..
            } => Some(Reason::FirstEver {
                service: service.clone(),
                later: count.saturating_sub(1),
                span_days: *span_days,
                total: *total,
            }),
            Reason::FirstEver { .. }
            | Reason::FoundRun { .. }
            | Reason::ShortHistory { .. }
            | Reason::AfterNewBurst { .. }
            | Reason::AfterNotMine { .. }
            | Reason::UnusualRun { .. }
            | Reason::HeavyRun { .. }
            | Reason::BurstWithoutHistory { .. }
            | Reason::SeveralNewServices { .. }
            | Reason::DeclaredNeverUsed { .. } => Some(self.clone()),
            Reason::FoundLine { .. }
            | Reason::FirstUse { .. }
            | Reason::ShortHistoryLarge { .. }
            | Reason::AboveHabit { .. }
            | Reason::RoundAmount { .. }
            | Reason::HolderSaidNotMine => None,
        }
    }

    /// How much this reason alone says the holder did not make the withdrawal, from 0 to 1.
    pub fn weight(&self) -> f64 {
        match self {
            Reason::FirstUse { .. }
            | Reason::ShortHistoryLarge { .. }
            | Reason::FoundLine { .. } => 0.5,
            Reason::FoundRun { .. } => 0.65,
            Reason::FirstEver { later: 0, .. } => 0.55,
            Reason::ShortHistory { .. } => 0.65,
            Reason::FirstEver { .. } | Reason::InNewRun { .. } => 0.65,
            Reason::AfterNewBurst { .. } | Reason::AfterNotMine { .. } => 0.5,
            Reason::AboveHabit { .. } => 0.55,
            Reason::UnusualRun { .. }
            | Reason::HeavyRun { .. }
            | Reason::BurstWithoutHistory { .. } => 0.5,
            Reason::SeveralNewServices { .. } => 0.2,
            Reason::RoundAmount { .. } => 0.1,
            Reason::DeclaredNeverUsed { .. } => 0.6,
            Reason::HolderSaidNotMine => 1.0,
        }
    }

    /// The reason as a sentence in `lang`.
    pub fn render(&self, catalog: &Catalog, lang: Lang) -> String {
        let name = |id: &str| {
            catalog.service(id).map_or_else(
                || id.to_owned(),
                |s| lang.pick(&s.name_ja, &s.name_en).to_owned(),
            )
        };
        let within = |days: i64| match (lang, days) {
            (Lang::Ja, 0) => "同じ日に".to_owned(),
            (Lang::Ja, d) => format!("{d}日以内に"),
            (Lang::En, 0) => "the same day".to_owned(),
            (Lang::En, 1) => "within 1 day".to_owned(),
            (Lang::En, d) => format!("within {d} days"),
        };
        // How much of the statement comes before a service's first top-up.
        let known = |days: i64| match (lang, days) {
            (Lang::Ja, 0) => "この明細にはそれより前の記録がなく".to_owned(),
            (Lang::Ja, d) => format!("この明細にはそれより前の記録が{d}日分しかなく"),
            (Lang::En, 0) => "with no history before".to_owned(),
            (Lang::En, 1) => "with only 1 day of history before".to_owned(),
            (Lang::En, d) => format!("with only {d} days of history before"),
        };
        match (self, lang) {
            (Reason::FoundRun { service, count, span_days, total }, Lang::Ja) => format!(
                "通帳で見つかった{}への出金が{}{count}件（合計{}）あります。短い間に続く出金は、2020年に多かった不正と同じ形です",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::FoundRun { service, count, span_days, total }, Lang::En) => format!(
                "{count} withdrawals to {} {} among the passbook lines you found, {} in total: the shape of the 2020 frauds",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::FoundLine { service, amount }, Lang::Ja) => format!(
                "通帳にある{}への{}の出金です。ご自身で使ったものか確かめてください",
                name(service),
                yen(*amount, lang)
            ),
            (Reason::FoundLine { service, amount }, Lang::En) => format!(
                "{} to {} in your passbook; please check that it was yours",
                yen(*amount, lang),
                name(service)
            ),
            (Reason::FirstUse { service }, Lang::Ja) => format!(
                "この口座から{}への支払いは、これが初めてです。ご自身で使い始めたものでしたら、「自分の取引です」を押してください",
                name(service)
            ),
            (Reason::FirstUse { service }, Lang::En) => format!(
                "This is the first payment from this account to {}. If you started using it yourself, please press \"This was me\"",
                name(service)
            ),
            (Reason::ShortHistory { service, days_known, count, span_days, total }, Lang::Ja) => format!(
                "{}への支払いが{}{count}件（合計{}）あります。{}、いつもの使い方か分かりません",
                name(service),
                within(*span_days),
                yen(*total, lang),
                known(*days_known)
            ),
            (Reason::ShortHistory { service, days_known, count, span_days, total }, Lang::En) => format!(
                "{count} payments to {} {}, {} in total, {} them: too little to know whether this is usual for you",
                name(service),
                within(*span_days),
                yen(*total, lang),
                known(*days_known)
            ),
            (Reason::ShortHistoryLarge { service, days_known, amount }, Lang::Ja) => format!(
                "{}への{}の支払いです。{}、ご自身のものか確かめてください",
                name(service),
                yen(*amount, lang),
                known(*days_known)
            ),
            (Reason::ShortHistoryLarge { service, days_known, amount }, Lang::En) => format!(
                "{} to {}, {} it; please check that it was yours",
                yen(*amount, lang),
                name(service),
                known(*days_known)
            ),
            (Reason::FirstEver { service, later: 0, total, .. }, Lang::Ja) => {
                format!("{}への初めての支払いで、{}という大きな金額です", name(service), yen(*total, lang))
            }
            (Reason::FirstEver { service, later: 0, total, .. }, Lang::En) => {
                format!("First payment ever to {}, and a large one: {}", name(service), yen(*total, lang))
            }
            (Reason::FirstEver { service, later, span_days, total }, Lang::Ja) => format!(
                "{}への初めての支払いで、{}さらに{later}件続いています（合計{}）",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::FirstEver { service, later, span_days, total }, Lang::En) => format!(
                "First payment ever to {}, followed by {later} more {}: {} in total",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::InNewRun { service, position, count, span_days, total }, Lang::Ja) => format!(
                "初めて現れた{}への{}の{count}件の支払いの{position}件目です（合計{}）",
                name(service),
                within(*span_days).trim_end_matches('に'),
                yen(*total, lang)
            ),
            (Reason::InNewRun { service, position, count, span_days, total }, Lang::En) => format!(
                "Payment {position} of {count} {} to {}, a service never used before: {} in total",
                within(*span_days),
                name(service),
                yen(*total, lang)
            ),
            (Reason::AfterNewBurst { service, first_seen, count: 1, total }, Lang::Ja) => format!(
                "{}は{}に{}の支払いで初めて現れ、それがご本人のものと確認されていません",
                name(service),
                first_seen.format("%Y年%-m月%-d日"),
                yen(*total, lang)
            ),
            (Reason::AfterNewBurst { service, first_seen, count: 1, total }, Lang::En) => format!(
                "{} first appeared on {first_seen} with a payment of {}, which you have not said was yours",
                name(service),
                yen(*total, lang)
            ),
            (Reason::AfterNewBurst { service, first_seen, count, total }, Lang::Ja) => format!(
                "{}は{}に{count}件続けての支払い（合計{}）で初めて現れ、そのどれもご本人のものと確認されていません",
                name(service),
                first_seen.format("%Y年%-m月%-d日"),
                yen(*total, lang)
            ),
            (Reason::AfterNewBurst { service, first_seen, count, total }, Lang::En) => format!(
                "{} first appeared on {first_seen} with a burst of {count} payments ({} in total), none of which you have said were yours",
                name(service),
                yen(*total, lang)
            ),
            (Reason::AfterNotMine { service, day }, Lang::Ja) => format!(
                "{}の{}への支払いを「自分ではない」とお答えいただきました。これも同じサービスへの支払いです",
                day.format("%Y年%-m月%-d日"),
                name(service)
            ),
            (Reason::AfterNotMine { service, day }, Lang::En) => format!(
                "To {}, like the payment on {day} you said was not you",
                name(service)
            ),
            (Reason::AboveHabit { service, amount, usual }, Lang::Ja) => format!(
                "{}へのいつもの支払い（{}前後）よりずっと多い{}です",
                name(service),
                yen(*usual, lang),
                yen(*amount, lang)
            ),
            (Reason::AboveHabit { service, amount, usual }, Lang::En) => format!(
                "{} is far more than your usual {} to {}",
                yen(*amount, lang),
                yen(*usual, lang),
                name(service)
            ),
            (Reason::UnusualRun { service, count, span_days, usual_most }, Lang::Ja) => format!(
                "{}への支払いが{}{count}件あります（これまでは1日に多くても{usual_most}件）",
                name(service),
                within(*span_days)
            ),
            (Reason::UnusualRun { service, count, span_days, usual_most }, Lang::En) => format!(
                "{count} payments to {} {}; before, you never made more than {usual_most} in a day",
                name(service),
                within(*span_days)
            ),
            (Reason::HeavyRun { service, count, span_days, total, usual_most }, Lang::Ja) => format!(
                "{}への支払いが{}{count}件、合計{}あります（これまでは続けての支払いで多くても{}）",
                name(service),
                within(*span_days),
                yen(*total, lang),
                yen(*usual_most, lang)
            ),
            (Reason::HeavyRun { service, count, span_days, total, usual_most }, Lang::En) => format!(
                "{count} payments to {} {}, {} in total; before, your payments in a row never came to more than {}",
                name(service),
                within(*span_days),
                yen(*total, lang),
                yen(*usual_most, lang)
            ),
            (Reason::BurstWithoutHistory { service, count, span_days, total }, Lang::Ja) => format!(
                "{}への支払いが{}{count}件続いています（合計{}）。それより前の記録がないため、いつもの使い方と比べられません",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::BurstWithoutHistory { service, count, span_days, total }, Lang::En) => format!(
                "{count} payments to {} {}: {} in total, with no earlier history to compare them with",
                name(service),
                within(*span_days),
                yen(*total, lang)
            ),
            (Reason::SeveralNewServices { others }, Lang::Ja) => {
                let names: Vec<String> = others.iter().map(|id| name(id)).collect();
                format!("同じ頃に{}も初めて現れています", names.join("、"))
            }
            (Reason::SeveralNewServices { others }, Lang::En) => {
                let names: Vec<String> = others.iter().map(|id| name(id)).collect();
                format!("{} also appeared for the first time around the same days", names.join(", "))
            }
            (Reason::RoundAmount { amount }, Lang::Ja) => format!("{}というきりのよい金額です", yen(*amount, lang)),
            (Reason::RoundAmount { amount }, Lang::En) => format!("A round amount: {}", yen(*amount, lang)),
            (Reason::DeclaredNeverUsed { service }, Lang::Ja) => format!("{}は使っていないと登録されています", name(service)),
            (Reason::DeclaredNeverUsed { service }, Lang::En) => format!("You said you never use {}", name(service)),
            (Reason::HolderSaidNotMine, Lang::Ja) => "ご本人が「自分ではない」と答えた取引です".to_owned(),
            (Reason::HolderSaidNotMine, Lang::En) => "You said this was not you".to_owned(),
        }
    }
}

/// `300000` → `¥300,000` (English) or `300,000円` (Japanese).
pub fn yen(amount: i64, lang: Lang) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    match lang {
        Lang::Ja => format!("{sign}{grouped}円"),
        Lang::En => format!("{sign}¥{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{yen, Reason};
    use crate::catalog::Catalog;
    use crate::lang::Lang;

    #[test]
    fn the_2020_sentence_reads_as_a_person_would_say_it() {
        let reason = Reason::FirstEver {
            service: "docomo-koza".into(),
            later: 3,
            span_days: 2,
            total: 300_000,
        };
        let catalog = Catalog::builtin();
        assert_eq!(
            reason.render(&catalog, Lang::En),
            "First payment ever to docomo Koza (d Barai), followed by 3 more within 2 days: ¥300,000 in total"
        );
        assert_eq!(
            reason.render(&catalog, Lang::Ja),
            "ドコモ口座（d払い）への初めての支払いで、2日以内にさらに3件続いています（合計300,000円）"
        );
    }

    #[test]
    fn a_short_history_and_a_first_use_read_as_a_person_would_say_them() {
        let catalog = Catalog::builtin();
        let short = Reason::ShortHistory {
            service: "paypay".into(),
            days_known: 5,
            count: 2,
            span_days: 0,
            total: 80_000,
        };
        assert_eq!(
            short.render(&catalog, Lang::En),
            "2 payments to PayPay the same day, ¥80,000 in total, with only 5 days of history before them: too little to know whether this is usual for you"
        );
        assert_eq!(
            short.render(&catalog, Lang::Ja),
            "PayPayへの支払いが同じ日に2件（合計80,000円）あります。この明細にはそれより前の記録が5日分しかなく、いつもの使い方か分かりません"
        );
        let first_day = Reason::ShortHistoryLarge {
            service: "paypay".into(),
            days_known: 0,
            amount: 30_000,
        };
        assert_eq!(
            first_day.render(&catalog, Lang::En),
            "¥30,000 to PayPay, with no history before it; please check that it was yours"
        );
        assert_eq!(
            first_day.render(&catalog, Lang::Ja),
            "PayPayへの30,000円の支払いです。この明細にはそれより前の記録がなく、ご自身のものか確かめてください"
        );
        let first = Reason::FirstUse {
            service: "paypay".into(),
        };
        assert!(first.is_question() && !short.is_question());
        assert_eq!(
            first.render(&catalog, Lang::En),
            "This is the first payment from this account to PayPay. If you started using it yourself, please press \"This was me\""
        );
    }

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0, Lang::En), "¥0");
        assert_eq!(yen(999, Lang::Ja), "999円");
        assert_eq!(yen(1_000, Lang::En), "¥1,000");
        assert_eq!(yen(1_234_567, Lang::Ja), "1,234,567円");
        assert_eq!(yen(-20_000, Lang::En), "-¥20,000");
    }
}
