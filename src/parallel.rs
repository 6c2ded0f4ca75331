//! Order-keeping parallel map over a slice on every core, for the independent
//! steps of a build (parsing entry files, resolving units, rendering pages,
//! printing manuals). Results come back in
//! the order of the input, so output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, on as many threads as the machine has cores
/// (at most 8). Small inputs run on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 16 {
        return items.iter().map(f).collect();
    }
    // Work is handed out in small blocks, so one slow item does not stall a share.
    map_in_blocks(items, 8, f)
}

/// `map` for a few items that are each a lot of work (a manual's PDF): every
/// item is handed out alone, however few there are.
pub fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_in_blocks(items, 1, f)
}

/// The stack of each worker thread.
const WORKER_STACK: usize = 8 << 20;

fn map_in_blocks<T: Sync, R: Send>(
    items: &[T],
    block: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        .min(items.len().div_ceil(block));
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let start = next.fetch_add(block, Ordering::Relaxed);
            if start >= items.len() {
                break;
            }
            let end = (start + block).min(items.len());
            mine.push((start, items[start..end].iter().map(&f).collect()));
        }
        mine
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                // A main thread's stack, not a spawned thread's 2 MB: YAML
                // nested to the depth the parser allows recurses deep, and
                // in a debug build that took over 2 MB (issue #24, the
                // fuzzer). Only reserved, never touched unless used.
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, work)
                    .unwrap_or_else(|_| scope.spawn(work))
            })
            .collect();
        // A worker that panicked passes its panic on: a result left out
        // silently would be a site or a PDF with a part missing.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(start, _)| *start);
    done.into_iter().flat_map(|(_, block)| block).collect()
}

/// Frees `value` on a thread of its own. A built site and its document are
/// hundreds of thousands of small allocations; freeing them one by one is time the
/// caller need not wait for (and a process that exits first skips it entirely).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // Without a thread to be had, the closure and the value drop here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_item_alone_keeps_the_input_order_too() {
        let items: Vec<usize> = (0..5).collect();
        assert_eq!(super::map_each(&items, |x| x + 1), vec![1, 2, 3, 4, 5]);
    }
}
