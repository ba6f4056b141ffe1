//! The holder's habit on one service, as a distribution of the amounts and runs they have made:
//! the usual amount (the median), the top amount level, their busiest day and their largest
//! run's money. A heavy user with several amount levels is judged against the top level, not
//! the median, so none of their levels is "far more than usual"; a day against their busiest
//! day, so two or three auto-charges together are not an attack; a run against their largest.
//!
//! Built run by run as the history is read, so judging stays linear in the rows; all sums
//! saturate, so no amount, however absurd, can wrap a total round to look small.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::facts::{ABOVE_TOP, LARGE_DEBIT, SHORT_HISTORY_DAYS};

/// What the holder's own top-ups on a service looked like before a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Habit {
    /// How many top-ups.
    pub count: usize,
    /// The usual amount: the median, as `sorted[count / 2]`.
    pub usual: i64,
    /// The largest amount (the top level), if any.
    pub top: Option<i64>,
    /// The most top-ups on one day.
    pub most_in_a_day: usize,
    /// The most yen in one run.
    pub largest_run_total: i64,
    /// The day of the first of them.
    pub since: Option<NaiveDate>,
}

impl Habit {
    /// Whether `amount` is far above every level the holder has used.
    pub fn is_far_above(&self, amount: i64) -> bool {
        self.top
            .is_some_and(|top| amount > top.saturating_mul(ABOVE_TOP) && amount > LARGE_DEBIT)
    }

    /// Whether `count` top-ups on one day are beyond the holder's busiest day: four or more,
    /// and at least two more than ever before. Two or three auto-charges on a busy day are not.
    pub fn is_crowded_day(&self, count: usize) -> bool {
        count >= 4 && count >= self.most_in_a_day.max(1).saturating_add(2)
    }

    /// Whether `count` top-ups of a run, above every level of the holder's and totalling
    /// `total`, carry far more money than any run of theirs before: two or more, more than
    /// [`LARGE_DEBIT`] together, and more than three times their largest run. A drip of middling
    /// top-ups does, whatever each one's size; so do two of ¥20,000 the same day on a ¥3,000
    /// habit; one campaign's ¥20,000 beside the holder's usual ¥3,000 does not.
    /// A habit seen for fewer than [`SHORT_HISTORY_DAYS`] before the run, starting on `day`,
    /// is too short to say what a heavy run is for the holder.
    pub fn is_heavy_run(&self, count: usize, total: i64, day: NaiveDate) -> bool {
        self.since
            .is_some_and(|since| (day - since).num_days() >= SHORT_HISTORY_DAYS)
            && count >= 2
            && total > LARGE_DEBIT
            && total > self.largest_run_total.saturating_mul(ABOVE_TOP)
    }

    /// Whether `amount` is above every level the holder has used: in a heavy run, the top-ups
    /// that carry its money, not the holder's own usual ones caught up in it.
    pub fn is_above_top(&self, amount: i64) -> bool {
        self.top.is_some_and(|top| amount > top)
    }
}

/// Builds a [`Habit`] run by run, from top-ups in date order.
#[derive(Debug, Default)]
pub(super) struct HabitBuilder {
    habit: Habit,
    amounts: RunningMedian,
    run_total: i64,
    day: Option<NaiveDate>,
    day_count: usize,
}

impl HabitBuilder {
    /// The habit so far.
    pub fn habit(&self) -> Habit {
        self.habit
    }

    /// Adds one of the holder's own top-ups (positive yen, booked on `day`) to the current run.
    pub fn add(&mut self, amount: i64, day: NaiveDate) {
        self.habit.since = self.habit.since.or(Some(day));
        self.amounts.insert(amount);
        self.habit.count += 1;
        self.habit.top = Some(self.habit.top.map_or(amount, |top| top.max(amount)));
        self.habit.usual = self.amounts.median().unwrap_or_default();
        self.run_total = self.run_total.saturating_add(amount);
        self.day_count = if self.day == Some(day) {
            self.day_count.saturating_add(1)
        } else {
            1
        };
        self.day = Some(day);
        self.habit.most_in_a_day = self.habit.most_in_a_day.max(self.day_count);
    }

    /// Ends the current run.
    pub fn end_run(&mut self) {
        self.habit.largest_run_total = self.habit.largest_run_total.max(self.run_total);
        self.run_total = 0;
    }
}

/// The median of a growing multiset, as `sorted[len / 2]`: the smaller half in a max-heap, the
/// larger half (one more when the count is odd) in a min-heap, whose top is the median.
#[derive(Debug, Default)]
pub(super) struct RunningMedian {
    lower: BinaryHeap<i64>,
    upper: BinaryHeap<Reverse<i64>>,
}

impl RunningMedian {
    pub fn insert(&mut self, value: i64) {
        match self.upper.peek() {
            Some(&Reverse(top)) if value < top => self.lower.push(value),
            _ => self.upper.push(Reverse(value)),
        }
        // Keep |lower| = len / 2 (rounded down), so the upper heap's top is sorted[len / 2].
        let len = self.lower.len() + self.upper.len();
        while self.lower.len() > len / 2 {
            let Some(moved) = self.lower.pop() else { break };
            self.upper.push(Reverse(moved));
        }
        while self.lower.len() < len / 2 {
            let Some(Reverse(moved)) = self.upper.pop() else {
                break;
            };
            self.lower.push(moved);
        }
    }

    pub fn median(&self) -> Option<i64> {
        self.upper.peek().map(|&Reverse(top)| top)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Habit, HabitBuilder, RunningMedian};

    #[test]
    fn the_running_median_is_the_sorted_middle_at_every_step() {
        let mut rng = fastrand::Rng::with_seed(2020);
        for _ in 0..50 {
            let mut running = RunningMedian::default();
            let mut seen = Vec::new();
            for _ in 0..rng.usize(1..60) {
                let value = rng.i64(0..20) * 1_000;
                running.insert(value);
                seen.push(value);
                let mut sorted = seen.clone();
                sorted.sort_unstable();
                assert_eq!(running.median(), Some(sorted[sorted.len() / 2]), "{seen:?}");
            }
        }
    }

    /// A habit from runs of top-ups, each run on one day, the runs a week apart.
    fn habit_of(runs: &[&[i64]]) -> Habit {
        let mut builder = HabitBuilder::default();
        let mut day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        for run in runs {
            for &amount in *run {
                builder.add(amount, day);
            }
            builder.end_run();
            day += chrono::Duration::days(7);
        }
        builder.habit()
    }

    #[test]
    fn a_heavy_user_is_not_far_above_at_any_of_their_levels() {
        // Mostly ¥1,000, often ¥5,000, sometimes ¥30,000: the median is ¥1,000.
        let habit = habit_of(&[
            &[1_000],
            &[1_000, 5_000],
            &[1_000],
            &[30_000],
            &[1_000],
            &[5_000],
        ]);
        assert_eq!(habit.usual, 1_000);
        for level in [1_000, 5_000, 10_000, 30_000, 60_000] {
            assert!(!habit.is_far_above(level), "{level}");
        }
        assert!(habit.is_far_above(100_000));
    }

    #[test]
    fn far_above_needs_more_than_a_campaigns_twenty_thousand() {
        let habit = habit_of(&[&[1_000], &[1_300], &[900]]);
        assert!(!habit.is_far_above(7_000), "a larger top-up now and then");
        assert!(!habit.is_far_above(20_000), "マイナポイント's ¥20,000");
        assert!(habit.is_far_above(30_000));
        assert!(
            !Habit::default().is_far_above(1_000_000),
            "no habit, nothing to be above"
        );
    }

    #[test]
    fn clusters_of_auto_charges_are_not_crowded_days_but_bursts_are() {
        let single = habit_of(&[&[5_000], &[5_000], &[5_000]]);
        assert!(
            !single.is_crowded_day(3),
            "three auto-charges on a busy day"
        );
        assert!(single.is_crowded_day(5), "five the same day");
        let clusters = habit_of(&[&[5_000, 5_000], &[5_000], &[5_000, 5_000, 5_000]]);
        assert!(
            !clusters.is_crowded_day(4),
            "one more than their busiest day"
        );
        assert!(clusters.is_crowded_day(5), "two more");
    }

    #[test]
    fn a_run_is_heavy_by_its_money_against_the_holders_largest_run() {
        let habit = habit_of(&[&[3_000], &[3_000, 10_000], &[3_000]]);
        let day = |d| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(d);
        assert!(!habit.is_heavy_run(4, 40_000, day(21)), "too short a habit");
        assert_eq!(habit.largest_run_total, 13_000);
        assert!(
            !habit.is_heavy_run(5, 22_000, day(60)),
            "their weekly, monthly and busy days"
        );
        assert!(
            habit.is_heavy_run(4, 40_000, day(60)),
            "a drip of ¥10,000 a day"
        );
        assert!(habit.is_heavy_run(2, 40_000, day(60)), "two of ¥20,000");
        assert!(
            !habit.is_heavy_run(1, 100_000, day(60)),
            "one is for the amount to tell"
        );
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        let habit = habit_of(&[&[i64::MAX, i64::MAX]]);
        assert_eq!(habit.largest_run_total, i64::MAX);
        assert!(!habit.is_far_above(i64::MAX));
        let later = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
        assert!(!habit.is_heavy_run(usize::MAX, i64::MAX, later));
        assert!(!habit.is_crowded_day(2));
    }
}
