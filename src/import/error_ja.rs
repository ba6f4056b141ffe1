//! Import errors in Japanese, for the person reading them: where in the file, and what was wrong
//! there, in the same detail as the English message (`Display`), which stays for logs and tests.

use super::error::{excerpt, HeaderFound, ImportError, Location, Problem};
use crate::lang::Lang;

impl ImportError {
    /// The whole message in `lang`: the file, where in it, and what was wrong.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ja => format!(
                "{}: {}{}",
                self.file,
                location(&self.location),
                problem(&self.problem)
            ),
        }
    }
}

fn location(location: &Location) -> String {
    match location {
        Location::File => String::new(),
        Location::Line(line) => format!("{line}行目: "),
        Location::Field { line, field } => format!("{line}行目の「{field}」欄: "),
        Location::Record(record) => format!("{record}件目のレコード: "),
        Location::RecordField { record, field } => {
            format!("{record}件目のレコードの「{field}」: ")
        }
    }
}

fn problem(problem: &Problem) -> String {
    match problem {
        Problem::Unreadable(why) => format!("ファイルを読めませんでした（{}）", excerpt(why)),
        Problem::NotAFile => {
            "明細として読めるファイルではありません（フォルダ、デバイス、パイプなど）".into()
        }
        Problem::TooLarge {
            megabytes,
            limit_megabytes,
        } => format!(
            "ファイルが{megabytes}MBあります。明細は{limit_megabytes}MBまでです。選んだファイルが正しいかご確認ください"
        ),
        Problem::Encoding { encoding } => format!(
            "文字が{encoding}として読めません。別の文字コードのファイルなら、文字コードを指定してください"
        ),
        Problem::UnknownLayout(found) => unknown_layout(found),
        Problem::MissingColumns { expected, found } => {
            format!("この行は{found}列ですが、見出しは{expected}列あります")
        }
        Problem::Date { found, expected } => format!(
            "日付が読めません（{expected} のような形を想定）。書かれていたのは「{}」",
            excerpt(found)
        ),
        Problem::DateForm { found, form } => format!(
            "日付が対応づけの形式 {form} ではありません。書かれていたのは「{}」",
            excerpt(found)
        ),
        Problem::Amount { found } => format!(
            "金額が読めません（1,234 のような円の金額を想定）。書かれていたのは「{}」",
            excerpt(found)
        ),
        Problem::AmountTooLarge { found } => format!(
            "金額「{}」は1000兆円以上で、実在する口座の金額ではありません。ファイルが壊れているか、明細ではありません",
            excerpt(found)
        ),
        Problem::BothAmounts {
            withdrawal,
            deposit,
        } => format!(
            "同じ行に出金（{withdrawal}）と入金（{deposit}）の両方があります。どちらか一方のはずです"
        ),
        Problem::YearUnknown => {
            "日付に年がなく、ファイルにも期間が書かれていません。最初の行が何年か指定してください"
                .into()
        }
        Problem::OutsidePeriod {
            month,
            day,
            from,
            to,
        } => format!("{month}月{day}日は、ファイルに書かれた期間（{from}〜{to}）に入っていません"),
        Problem::AfterToday { date, today } => format!(
            "この行の日付 {date} は今日（{today}）より後です。日付や指定した年をご確認ください"
        ),
        Problem::RecordLength { found, expected } => {
            format!("レコードの長さが{found}バイトです（{expected}バイトのはず）")
        }
        Problem::Digits { found } => {
            format!("数字のはずの欄に「{}」と書かれています", excerpt(found))
        }
        Problem::RecordKind { found } => format!(
            "レコードの種類「{found}」はここに来ません（2＝データ、8＝トレーラ、9＝エンドの順のはず）"
        ),
        Problem::TrailerMismatch { stated, counted } => format!(
            "トレーラには{stated}とありますが、データを合計すると{counted}です。行が欠けているか、ファイルが壊れています"
        ),
        Problem::Missing { what } => format!("{} がありません", excerpt(what)),
        Problem::Unsupported { what } => format!("{} には対応していません", excerpt(what)),
        Problem::Xml(why) => format!("XMLの形が壊れています（{}）", excerpt(why)),
        Problem::Csv(why) => format!("CSVの形が壊れています（{}）", excerpt(why)),
        Problem::UnclosedQuote => {
            "ここで始まる引用符（\"）が閉じられていないため、後の行を区別できません。ファイルが壊れている可能性があります".into()
        }
        Problem::TextAfterQuote => {
            "欄を閉じる引用符（\"）の後に、区切りの前に文字が続いています。ファイルが壊れている可能性があります".into()
        }
        Problem::LineTooLong { limit_kilobytes } => format!(
            "この行は{limit_kilobytes}KBを超えていて、明細の行としては長すぎます。ファイルが壊れているか、明細ではありません"
        ),
        Problem::Stopped => {
            "ファイルを最後まで読む前に取り消しました。このファイルからは何も取り込んでいません".into()
        }
    }
}

fn unknown_layout(found: &HeaderFound) -> String {
    let Some((line, header)) = &found.header else {
        return "知っている銀行の見出し行が見つかりません。列のある行がありません（明細のファイルでしょうか）"
            .into();
    };
    let mut message = format!(
        "知っている銀行の見出し行が見つかりません。見出しに最も近いのは{line}行目: {}",
        excerpt(header)
    );
    let list = |names: &[String]| excerpt(&names.join("、"));
    match &found.closest {
        Some(closest) => {
            message.push_str(&format!(
                "。最も近い形式は{closest}で、{} の列が足りません",
                list(&found.missing)
            ));
            if !found.unrecognised.is_empty() {
                message.push_str(&format!("。分からない列: {}", list(&found.unrecognised)));
            }
        }
        None => message.push_str("。どの列も銀行明細の列名ではありません"),
    }
    message.push_str("。列の対応づけ（マッピング）を作れば読めます");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_reads_in_japanese_with_its_place_and_the_value_found() {
        let error = ImportError::new(
            "meisai.csv",
            Location::Field {
                line: 12,
                field: "お引出し".into(),
            },
            Problem::Amount {
                found: "abc".into(),
            },
        );
        assert_eq!(
            error.text(Lang::Ja),
            "meisai.csv: 12行目の「お引出し」欄: 金額が読めません（1,234 のような円の金額を想定）。書かれていたのは「abc」"
        );
        assert_eq!(error.text(Lang::En), error.to_string());
    }
}
