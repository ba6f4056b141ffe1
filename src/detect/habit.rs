//! The holder's habit on one service, as a distribution of the amounts and runs they have made:
//! the usual amount (the median), the top amount level, the longest run and the largest run's
//! total. A heavy user with several amount levels is judged against the top level, not the
//! median, so none of their levels is "far more than usual"; a run is judged against their
//! longest and largest run, so their own clusters of auto-charges are not an attack.
//!
//! Built run by run as the history is read, so judging stays linear in the rows; all sums
//! saturate, so no amount, however absurd, can wrap a total round to look small.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::facts::{ABOVE_TOP, FAR_ABOVE_TOP, LARGE_DEBIT};

/// What the holder's own top-ups on a service looked like before a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Habit {
    /// How many top-ups.
    pub count: usize,
    /// The usual amount: the median, as `sorted[count / 2]`.
    pub usual: i64,
    /// The largest amount (the top level), if any.
    pub top: Option<i64>,
    /// The most top-ups in one run.
    pub longest_run: usize,
    /// The most yen in one run.
    pub largest_run_total: i64,
}

impl Habit {
    /// Whether `amount` is far above every level the holder has used.
    pub fn is_far_above(&self, amount: i64) -> bool {
        self.top.is_some_and(|top| {
            let above = amount > top.saturating_mul(ABOVE_TOP) && amount >= LARGE_DEBIT;
            above || amount > top.saturating_mul(FAR_ABOVE_TOP)
        })
    }

    /// Whether a run of `count` top-ups totalling `total` is beyond anything the holder has
    /// done: at least two more than their longest run, and either four or more top-ups, or three
    /// carrying at least [`LARGE_DEBIT`] and more than three times their largest run's money.
    /// Two or three auto-charges of the holder's usual amount on a busy day are neither.
    pub fn is_unusual_run(&self, count: usize, total: i64) -> bool {
        let longest = self.longest_run.max(1);
        let largest = self.largest_run_total;
        count >= longest.saturating_add(2)
            && (count >= 4
                || (count >= 3 && total >= LARGE_DEBIT && total > largest.saturating_mul(3)))
    }
}

/// Builds a [`Habit`] run by run.
#[derive(Debug, Default)]
pub(super) struct HabitBuilder {
    habit: Habit,
    amounts: RunningMedian,
    run_count: usize,
    run_total: i64,
}

impl HabitBuilder {
    /// The habit so far.
    pub fn habit(&self) -> Habit {
        self.habit
    }

    /// Adds one of the holder's own top-ups (positive yen) to the current run.
    pub fn add(&mut self, amount: i64) {
        self.amounts.insert(amount);
        self.habit.count += 1;
        self.habit.top = Some(self.habit.top.map_or(amount, |top| top.max(amount)));
        self.habit.usual = self.amounts.median().unwrap_or_default();
        self.run_count += 1;
        self.run_total = self.run_total.saturating_add(amount);
    }

    /// Ends the current run.
    pub fn end_run(&mut self) {
        self.habit.longest_run = self.habit.longest_run.max(self.run_count);
        self.habit.largest_run_total = self.habit.largest_run_total.max(self.run_total);
        self.run_count = 0;
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

    fn habit_of(runs: &[&[i64]]) -> Habit {
        let mut builder = HabitBuilder::default();
        for run in runs {
            for &amount in *run {
                builder.add(amount);
            }
            builder.end_run();
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
    fn far_above_needs_a_large_amount_or_ten_times_the_top() {
        let habit = habit_of(&[&[1_000], &[1_300], &[900]]);
        assert!(!habit.is_far_above(7_000), "a larger top-up now and then");
        assert!(habit.is_far_above(14_000), "more than ten times the top");
        assert!(habit.is_far_above(20_000));
        assert!(
            !Habit::default().is_far_above(1_000_000),
            "no habit, nothing to be above"
        );
    }

    #[test]
    fn clusters_of_auto_charges_are_not_unusual_runs_but_bursts_are() {
        let single = habit_of(&[&[5_000], &[5_000], &[5_000]]);
        assert!(
            !single.is_unusual_run(3, 15_000),
            "three auto-charges on a busy day"
        );
        assert!(single.is_unusual_run(5, 25_000), "five the same day");
        assert!(single.is_unusual_run(3, 60_000), "three large ones");
        let clusters = habit_of(&[&[5_000, 5_000], &[5_000], &[5_000, 5_000, 5_000]]);
        assert!(
            !clusters.is_unusual_run(4, 20_000),
            "one more than their longest"
        );
        assert!(
            clusters.is_unusual_run(5, 10_000),
            "two more, however small"
        );
    }

    #[test]
    fn sums_saturate_instead_of_wrapping() {
        let habit = habit_of(&[&[i64::MAX, i64::MAX]]);
        assert_eq!(habit.largest_run_total, i64::MAX);
        assert!(!habit.is_far_above(i64::MAX));
        assert!(!habit.is_unusual_run(2, i64::MAX));
    }
}
