//! The caller side of `pnpm bench --only clients`: sequential latency, then calls at N in
//! flight. Usage: bench_caller URL FUNCTION SEQ_CALLS PIPE_MS INFLIGHT. Prints one JSON line.

use iii_client::{Worker, WorkerOptions};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::main(flavor = "current_thread")]
async fn main() -> iii_client::Result<()> {
    let a: Vec<String> = std::env::args().collect();
    let (url, f) = (a[1].clone(), a[2].clone());
    let (seq_calls, pipe_ms, inflight): (usize, u64, usize) = (a[3].parse().unwrap(), a[4].parse().unwrap(), a[5].parse().unwrap());
    let worker = Worker::connect(&url, WorkerOptions::named("bench-rust")).await?;
    for n in 0..50 {
        assert_eq!(worker.call(&f, json!({ "n": n })).await?, json!({ "n": n }), "wrong answer");
    }
    let mut samples = Vec::with_capacity(seq_calls);
    for n in 0..seq_calls {
        let start = Instant::now();
        worker.call(&f, json!({ "n": n })).await?;
        samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(|x, y| x.partial_cmp(y).unwrap());
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_millis(pipe_ms);
    let start = Instant::now();
    let lanes: Vec<_> = (0..inflight)
        .map(|_| {
            let (worker, f, done) = (worker.clone(), f.clone(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let n = done.load(Ordering::Relaxed);
                    let _ = worker.call(&f, json!({ "n": n })).await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for lane in lanes {
        let _ = lane.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let calls = done.load(Ordering::Relaxed) as f64;
    println!("{}", json!({ "seq_p50_us": samples[samples.len() / 2], "calls_per_sec": calls / elapsed }));
    worker.close().await;
    Ok(())
}
