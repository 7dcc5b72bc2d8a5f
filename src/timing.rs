//! `check --timings`: where a run's time goes, rule by rule and phase by
//! phase (walk, read, parse, …), summed over the threads, printed on stderr.
//! For the author of a rule pack whose check is slow, and for anyone asking
//! why a run takes what it takes, without a profiler.
//!
//! Off unless asked: each timed piece then costs one relaxed load of a flag.
//! On, two clock reads a rule and file: a few per cent more CPU time.

use std::cell::{Cell, RefCell};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static ON: AtomicBool = AtomicBool::new(false);

/// Times by label: (label, nanoseconds, times run), in first-seen order.
type Rows = Vec<(&'static str, u64, u64)>;

/// The run's times.
static RUN: Mutex<Rows> = Mutex::new(Vec::new());

thread_local! {
    /// This thread's times not yet added to [`RUN`], and where the next
    /// label is likely to be: every file runs the same pieces in the same
    /// order, so the row after the last one used is nearly always the next.
    static LOCAL: RefCell<(Rows, usize)> = const { RefCell::new((Vec::new(), 0)) };
    /// Time spent in pieces timed inside the one being timed: taken out of
    /// it, so that work a rule triggers but shares (a statement's actions
    /// expanded against the catalogue) is shown apart, not as the rule's.
    static NESTED: Cell<u64> = const { Cell::new(0) };
}

/// Time every piece from now on.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

#[inline]
pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Run `f`, its time (less the pieces timed inside it) added to `label`.
#[inline]
pub fn time<R>(label: &'static str, f: impl FnOnce() -> R) -> R {
    if !on() {
        return f();
    }
    let outer = NESTED.replace(0);
    let start = Instant::now();
    let out = f();
    let spent = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let inner = NESTED.get();
    NESTED.set(outer.saturating_add(spent));
    add(label, spent.saturating_sub(inner));
    out
}

fn add(label: &'static str, nanos: u64) {
    LOCAL.with_borrow_mut(|(rows, next)| *next = count(rows, *next, label, nanos, 1) + 1);
}

/// Add `nanos` and `calls` to `label`'s row of `rows`, searched from row
/// `from` on (wrapping), or to a new row; its index.
fn count(rows: &mut Rows, from: usize, label: &'static str, nanos: u64, calls: u64) -> usize {
    let n = rows.len();
    let same = |l: &str| std::ptr::eq(l, label) || l == label;
    match (0..n).map(|k| (from + k) % n).find(|&i| same(rows[i].0)) {
        Some(i) => {
            rows[i].1 += nanos;
            rows[i].2 += calls;
            i
        }
        None => {
            rows.push((label, nanos, calls));
            n
        }
    }
}

/// Add this thread's times to the run's: each thread of the pool once at
/// the end of the lint (see `lint::run`), the main thread in [`report`].
pub fn flush() {
    if !on() {
        return;
    }
    let (local, _) = LOCAL.with_borrow_mut(std::mem::take);
    let Ok(mut run) = RUN.lock() else { return };
    for (label, nanos, calls) in local {
        count(&mut run, 0, label, nanos, calls);
    }
}

/// The table, slowest first; `name` gives a rule code's name (a phase has
/// none). `None` when timing is off.
pub fn report(wall: std::time::Duration, name: impl Fn(&str) -> Option<String>) -> Option<String> {
    if !on() {
        return None;
    }
    flush();
    let mut rows = RUN.lock().map(|r| r.clone()).unwrap_or_default();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: u64 = rows.iter().map(|r| r.1).sum();
    let mut out = format!(
        "trustlint: timings: {:.1} ms summed over the threads (a pool of {}), {:.1} ms wall; a rule's row leaves out \
         the shared work it sets off (expanding actions, the declarative checks' tree), which has rows of its own\n",
        total as f64 / 1e6,
        rayon::current_num_threads(),
        wall.as_secs_f64() * 1e3,
    );
    out.push_str("       ms       %      runs  what\n");
    for (label, nanos, calls) in rows {
        let share = if total == 0 {
            0.0
        } else {
            nanos as f64 * 100.0 / total as f64
        };
        let what = match name(label) {
            Some(n) => format!("{label} {n}"),
            None => label.to_string(),
        };
        out.push_str(&format!(
            "{:>9.3} {share:>6.1}% {calls:>9}  {what}\n",
            nanos as f64 / 1e6
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece timed inside another counts to itself, not to both; the
    /// outer one keeps only its own time.
    #[test]
    fn nested_time_is_taken_out_of_the_enclosing_piece() {
        enable();
        let pause = std::time::Duration::from_millis(20);
        time("timing-test-outer", || {
            time("timing-test-inner", || std::thread::sleep(pause));
        });
        flush();
        let run = RUN.lock().expect("lock").clone();
        let get = |l: &str| run.iter().find(|r| r.0 == l).map(|r| (r.1, r.2)).expect(l);
        let (inner, inner_runs) = get("timing-test-inner");
        let (outer, outer_runs) = get("timing-test-outer");
        assert!(inner >= pause.as_nanos() as u64, "inner {inner} ns");
        assert!(outer < inner / 2, "outer {outer} ns against inner {inner} ns");
        assert_eq!((inner_runs, outer_runs), (1, 1));
    }
}
