//! The days and amounts detection measures against, each taken from a public report of the 2020
//! cases or from a survey of how people ordinarily top up, so that no threshold is tuned to the
//! corpus it is scored on. The README repeats them with their sources.

/// A service whose first top-up comes fewer than this many days after the first day the app
/// knows of the account has a *short history*: a monthly habit (the commonest rhythm) may simply
/// not have come round yet, so the app cannot say whether the service is new or as usual. A
/// one-month printout is short throughout.
pub const SHORT_HISTORY_DAYS: i64 = 31;

/// The days from a service's first top-up that make up its *arrival*, judged as one: long enough
/// to hold a drip of a debit a day for a week, and the small test top-ups made in the days
/// before an attack.
pub const NEW_FOR_DAYS: i64 = 7;

/// A top-up larger than this, or a run of them carrying more, is more than a first or unknown
/// service is ordinarily given. ¥20,000 is the most that マイナポイント rewarded in full (25 %
/// of charges up to ¥20,000, from 2020-09-01, the very month of the fraud; appllio.com,
/// bg-mania.jp 2020-08), so many holders made exactly that top-up then; it is also five times
/// the average smartphone-payment charge, ¥3,857 (Japan Net Bank survey of 500 people,
/// webtan.impress.co.jp, 2019-09-19), and 70 % of people would not pay ¥10,000 or more at once
/// by phone (dime.jp, 2019-09-30). The 2020 debits went past it: ¥100,000, ¥90,000, ¥90,000
/// and ¥20,000 within two minutes from a 77 Bank account through ドコモ口座 on 2020-09-01
/// (the victim's account, TV transcript at nanigoto.net, 2020-09-09); and Japan Post Bank's
/// average loss per case was far above it for every service with three or more cases (Kyash:
/// 3 cases, ¥230,000; PayPay: 17 cases, ¥1,415,141; docomo口座: 82 cases, ¥15.46 million;
/// xtech.nikkei.com, 2020-09-16).
pub const LARGE_DEBIT: i64 = 20_000;

/// A top-up more than this many times the largest the holder has made on a service, and more
/// than [`LARGE_DEBIT`], is far above their habit; the 77 Bank debits were twenty to a hundred
/// times an average charge.
pub const ABOVE_TOP: i64 = 3;
