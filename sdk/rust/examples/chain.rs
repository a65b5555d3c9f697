//! One hop of the cross-language chain: serves FUNCTION by calling NEXT with its own hop added.
//! Usage: chain URL FUNCTION NEXT. Prints "ready" once registered; exits when stdin closes.

use iii_client::{current_traceparent, trace_id, Worker, WorkerOptions};
use serde_json::{json, Value};
use std::io::Read;

#[tokio::main(flavor = "current_thread")]
async fn main() -> iii_client::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (url, function_id, next) = (args[1].clone(), args[2].clone(), args[3].clone());
    let worker = Worker::connect(&url, WorkerOptions::named(format!("chain-rust-{function_id}"))).await?;
    let caller = worker.clone();
    worker.register_function(&function_id, move |data: Value| {
        let (caller, next) = (caller.clone(), next.clone());
        async move {
            let tp = current_traceparent();
            let hop = json!({ "lang": "rust", "trace_id": tp.as_deref().and_then(trace_id) });
            let mut path = data["path"].as_array().cloned().unwrap_or_default();
            path.push(hop);
            caller.call(&next, json!({ "path": path })).await
        }
    })?;
    println!("ready");
    tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new())).await.ok();
    worker.close().await;
    Ok(())
}
