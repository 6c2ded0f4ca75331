//! Order-keeping parallel map over a slice on every core, for the independent
//! steps of a build (parsing entry files, resolving units). Results come back in
//! the order of the input, so output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, on as many threads as the machine has cores
/// (at most 8). Small inputs run on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    if workers == 1 || items.len() < 16 {
        return items.iter().map(f).collect();
    }
    // Work is handed out in small blocks, so one slow item does not stall a share.
    const BLOCK: usize = 8;
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + BLOCK).min(items.len());
                        mine.push((start, items[start..end].iter().map(&f).collect()));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
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
}
