//! The shared scenario list (tests/conformance/scenarios.json), run with the Rust client, plus
//! bad input to the client's entry points.

use iii_client::{codes, CallOptions, Error, ReconnectOptions, TriggerBinding, TriggerTypeHandler, Worker, WorkerOptions};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(30);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Drives tests/conformance/engine-host: a real engine from the repository's source.
struct EngineHost {
    child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
    url: String,
}

impl EngineHost {
    async fn start(restartable: bool) -> EngineHost {
        let mut cmd = Command::new(repo_root().join("tests/conformance/engine-host"));
        if restartable {
            cmd.arg("--restartable");
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).kill_on_drop(true).spawn().expect("engine host");
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut host = EngineHost { child, stdin, lines, url: String::new() };
        host.ready().await;
        host
    }

    async fn line(&mut self) -> Value {
        loop {
            let next = tokio::time::timeout(Duration::from_secs(120), self.lines.next_line()).await;
            let line = next.expect("engine host silent for 120s").expect("engine host output").expect("engine host exited");
            if line.starts_with('{') {
                return serde_json::from_str(&line).unwrap();
            }
        }
    }

    async fn ready(&mut self) {
        let line = self.line().await;
        assert_eq!(line["event"], "ready", "engine host said {line}");
        self.url = line["url"].as_str().unwrap().to_owned();
    }

    async fn restart(&mut self) {
        self.stdin.write_all(b"restart\n").await.unwrap();
        self.ready().await;
    }

    /// Stops the engine; returns the unhandled errors it logged.
    async fn stop(mut self) -> Vec<Value> {
        self.stdin.write_all(b"stop\n").await.unwrap();
        let line = self.line().await;
        let _ = self.child.wait().await;
        line["unhandled"].as_array().cloned().unwrap_or_default()
    }
}

struct Session {
    url: String,
    workers: Vec<Worker>,
}

impl Session {
    async fn connect(&mut self, name: Option<&str>, url: Option<&str>) -> Worker {
        let options = WorkerOptions {
            worker_name: Some(name.map(str::to_owned).unwrap_or_else(|| format!("rs-{}", &uuid_short()))),
            reconnect: ReconnectOptions {
                initial_delay: Duration::from_millis(50),
                max_delay: Duration::from_millis(300),
                ..Default::default()
            },
            ..Default::default()
        };
        let connecting = Worker::connect(url.unwrap_or(&self.url), options);
        let worker = tokio::time::timeout(WAIT, connecting).await.expect("connect timed out").expect("connect");
        self.workers.push(worker.clone());
        worker
    }

    async fn close(&mut self) {
        for w in self.workers.drain(..) {
            w.close().await;
        }
    }
}

fn uuid_short() -> String {
    format!("{:08x}", std::process::id() ^ (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()))
}

async fn registered(caller: &Worker, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let listed = caller.call("engine::functions::list", json!({})).await.expect("functions::list");
        if let Some(f) = listed["functions"].as_array().unwrap().iter().find(|f| f["function_id"] == id) {
            return f.clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "function {id} never listed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn recv<T>(rx: &mut mpsc::UnboundedReceiver<T>, what: &str) -> T {
    tokio::time::timeout(WAIT, rx.recv()).await.unwrap_or_else(|_| panic!("timed out waiting for {what}")).unwrap()
}

fn s(sc: &Value, key: &str) -> String {
    sc[key].as_str().unwrap_or_default().to_owned()
}

struct Provider(mpsc::UnboundedSender<TriggerBinding>);

impl TriggerTypeHandler for Provider {
    fn register_trigger(&self, binding: TriggerBinding) -> iii_client::BoxFuture<Result<(), Error>> {
        let _ = self.0.send(binding);
        Box::pin(async { Ok(()) })
    }
    fn unregister_trigger(&self, _: TriggerBinding) -> iii_client::BoxFuture<Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}

async fn run_scenario(id: &str, sc: &Value, ses: &mut Session) {
    let f = s(sc, "function");
    let expect = &sc["expect"];
    match id {
        "sync-call" => {
            let b = ses.connect(None, None).await;
            b.register_function(&f, |d| async move { Ok(json!({ "echoed": d["value"] })) }).unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            assert_eq!(a.call(&f, sc["payload"].clone()).await.unwrap(), expect["result"]);
        }
        "void-call" => {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let b = ses.connect(None, None).await;
            b.register_function(&f, move |d| {
                let _ = tx.send(d["n"].clone());
                async { Ok(json!({ "ignored": true })) }
            })
            .unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            a.call_void(&f, sc["payload"].clone()).await.unwrap();
            assert_eq!(recv(&mut rx, "void handler").await, expect["handler_saw"]);
        }
        "enqueue-call" => {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let b = ses.connect(None, None).await;
            b.register_function(&f, move |d| {
                let _ = tx.send(d["order"].clone());
                async { Ok(Value::Null) }
            })
            .unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            let receipt = a.enqueue(&f, sc["payload"].clone(), &s(sc, "queue")).await.unwrap();
            assert_eq!(receipt.len(), 36, "receipt {receipt}");
            assert!(receipt.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "receipt {receipt}");
            assert_eq!(recv(&mut rx, "queued job").await, expect["handler_saw"]);
        }
        "enqueue-unknown-queue" => {
            let a = ses.connect(None, None).await;
            let err = a.enqueue(&f, sc["payload"].clone(), &s(sc, "queue")).await.unwrap_err();
            assert_eq!(err.code, s(expect, "error_code"));
            assert_eq!(err.code, codes::ENQUEUE_ERROR);
        }
        "handler-error" => {
            let message = s(sc, "message");
            let b = ses.connect(None, None).await;
            b.register_function(&f, move |_| {
                let message = message.clone();
                async move { Err(Error::new(codes::INVOCATION_FAILED, message)) }
            })
            .unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            let err = a.call(&f, json!({})).await.unwrap_err();
            assert_eq!(err.code, s(expect, "error_code"));
            assert!(err.message.contains(&s(expect, "message_contains")), "{err}");
        }
        "unknown-function" => {
            let a = ses.connect(None, None).await;
            let err = a.call(&f, json!({})).await.unwrap_err();
            assert_eq!(err.code, codes::FUNCTION_NOT_FOUND);
            assert!(err.message.contains(&s(expect, "message_contains")), "{err}");
            assert_eq!(err.info().map(|i| i.status), Some(404));
        }
        "callee-disconnect" => {
            let (tx, mut rx) = mpsc::unbounded_channel();
            let b = ses.connect(None, None).await;
            b.register_function(&f, move |_| {
                let _ = tx.send(());
                std::future::pending::<Result<Value, Error>>()
            })
            .unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            let timeout = Some(Duration::from_millis(sc["timeout_ms"].as_u64().unwrap()));
            let (a2, f2) = (a.clone(), f.clone());
            let call = tokio::spawn(async move { a2.call_with(&f2, json!({}), CallOptions { timeout, ..Default::default() }).await });
            recv(&mut rx, "handler entered").await;
            b.close().await;
            let err = call.await.unwrap().unwrap_err();
            assert_eq!(err.code, codes::INVOCATION_STOPPED);
        }
        "concurrent-calls" => {
            let b = ses.connect(None, None).await;
            b.register_function(&f, |d| async move { Ok(json!(d["n"].as_i64().unwrap() * 2)) }).unwrap();
            let a = ses.connect(None, None).await;
            registered(&a, &f).await;
            let n = sc["count"].as_i64().unwrap();
            let calls = (0..n).map(|i| {
                let (a, f) = (a.clone(), f.clone());
                tokio::spawn(async move { a.call(&f, json!({ "n": i })).await })
            });
            let calls: Vec<_> = calls.collect();
            for (i, call) in calls.into_iter().enumerate() {
                assert_eq!(call.await.unwrap().unwrap(), json!(i as i64 * 2));
            }
        }
        "discovery" => {
            let name = format!("disc-{}", uuid_short());
            let b = ses.connect(Some(&name), None).await;
            b.register_function_with(&f, Some(&s(sc, "description")), |_| async { Ok(Value::Null) }).unwrap();
            let a = ses.connect(None, None).await;
            let listed = registered(&a, &f).await;
            assert_eq!(listed["worker_name"], json!(name));
            assert_eq!(listed["description"], sc["description"]);
            let all = a.call("engine::functions::list", json!({})).await.unwrap();
            assert!(!all["functions"].as_array().unwrap().iter().any(|x| x["function_id"].as_str().unwrap().starts_with("engine::functions")));
            let workers = a.call("engine::workers::list", json!({})).await.unwrap();
            let row = workers["workers"].as_array().unwrap().iter().find(|w| w["name"] == json!(name)).expect("worker row").clone();
            assert_eq!(row["status"], expect["status"]);
            assert_eq!(row["function_count"], expect["function_count"]);
            let info = a.call("engine::functions::info", json!({ "function_id": f })).await.unwrap();
            assert_eq!(info["namespace"], expect["namespace"]);
            assert_eq!(info["worker_name"], json!(name));
        }
        "custom-trigger-type" => {
            let (btx, mut brx) = mpsc::unbounded_channel();
            let (ftx, mut frx) = mpsc::unbounded_channel();
            let provider = ses.connect(None, None).await;
            provider.register_trigger_type(&s(sc, "trigger_type"), "test trigger type", Provider(btx)).unwrap();
            let consumer = ses.connect(None, None).await;
            consumer
                .register_function(&f, move |d| {
                    let _ = ftx.send(d);
                    async { Ok(Value::Null) }
                })
                .unwrap();
            consumer.register_trigger(&s(sc, "trigger_type"), &f, sc["config"].clone()).unwrap();
            let binding = recv(&mut brx, "binding").await;
            assert_eq!(binding.function_id, f);
            assert_eq!(binding.config, sc["config"]);
            provider.call_void(&binding.function_id, sc["payload"].clone()).await.unwrap();
            let data = recv(&mut frx, "trigger fire").await;
            for (k, v) in expect["handler_saw"].as_object().unwrap() {
                assert_eq!(&data[k], v);
            }
        }
        "engine-restart" => {
            let mut host = EngineHost::start(true).await;
            let want = expect["result"].clone();
            let w2 = want.clone();
            let b = ses.connect(None, Some(&host.url)).await;
            b.register_function(&f, move |_| {
                let w = w2.clone();
                async move { Ok(w) }
            })
            .unwrap();
            let a = ses.connect(None, Some(&host.url)).await;
            registered(&a, &f).await;
            assert_eq!(a.call(&f, json!({})).await.unwrap(), want);
            host.restart().await;
            let deadline = tokio::time::Instant::now() + WAIT;
            loop {
                let options = CallOptions { timeout: Some(Duration::from_secs(1)), ..Default::default() };
                match a.call_with(&f, json!({}), options).await {
                    Ok(v) if v == want => break,
                    other => assert!(tokio::time::Instant::now() < deadline, "no answer after restart: {other:?}"),
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            ses.close().await;
            assert!(host.stop().await.is_empty());
        }
        other => panic!("scenario {other} of scenarios.json has no Rust implementation"),
    }
}

async fn bad_input(ses: &mut Session) {
    let w = ses.connect(None, None).await;
    assert_eq!(w.register_function("", |_| async { Ok(Value::Null) }).err().unwrap().code, codes::INVALID_ARGUMENTS);
    assert_eq!(w.register_trigger("", "x", Value::Null).err().unwrap().code, codes::INVALID_ARGUMENTS);
    w.register_function("rs::panics", |_| async { panic!("handler panicked on purpose") }).unwrap();
    registered(&w, "rs::panics").await;
    let err = w.call("rs::panics", json!({})).await.unwrap_err();
    assert_eq!((err.code.as_str(), err.message.as_str()), (codes::INVOCATION_FAILED, "handler panicked on purpose"));
    let refused = Worker::connect("ws://127.0.0.1:9", WorkerOptions {
        reconnect: ReconnectOptions { max_retries: Some(0), ..Default::default() },
        ..Default::default()
    });
    assert_eq!(tokio::time::timeout(WAIT, refused).await.unwrap().err().unwrap().code, codes::UNAVAILABLE);
    assert!(w.call("engine::functions::list", json!({})).await.is_ok());
}

/// A body streamed from one worker to another's handler arrives whole and in order; bad refs
/// are refused clearly and leave the channel usable.
async fn channels(ses: &mut Session) {
    let b = ses.connect(None, None).await;
    let reader_side = b.clone();
    b.register_function("rs::length", move |data: Value| {
        let worker = reader_side.clone();
        async move {
            let body = worker.open_reader(&data["body"]).await?.read_all().await?;
            Ok(json!({ "bytes": body.len(), "sum": body.iter().map(|&x| x as u64).sum::<u64>() }))
        }
    })
    .unwrap();
    let a = ses.connect(None, None).await;
    registered(&a, "rs::length").await;
    let (writer_ref, reader_ref) = a.create_channel().await.unwrap();
    let caller = a.clone();
    let call = tokio::spawn(async move { caller.call("rs::length", json!({ "body": reader_ref })).await });
    let big: Vec<u8> = (0..256 * 1024).map(|i| (i % 251) as u8).collect();
    let mut writer = a.open_writer(&writer_ref).await.unwrap();
    writer.write_text("head:").await.unwrap();
    writer.write(&big).await.unwrap();
    writer.close().await.unwrap();
    let mut want = b"head:".to_vec();
    want.extend(&big);
    let got = tokio::time::timeout(WAIT, call).await.unwrap().unwrap().unwrap();
    assert_eq!(got, json!({ "bytes": want.len(), "sum": want.iter().map(|&x| x as u64).sum::<u64>() }));

    assert_eq!(a.open_reader(&json!({ "channel_id": "x" })).await.err().unwrap().code, codes::INVALID_ARGUMENTS);
    let (writer_ref, reader_ref) = a.create_channel().await.unwrap();
    assert_eq!(a.open_reader(&writer_ref).await.err().unwrap().code, codes::INVALID_ARGUMENTS);
    let mut wrong_key = reader_ref.clone();
    wrong_key["access_key"] = json!("not-the-key");
    assert_eq!(a.open_reader(&wrong_key).await.err().unwrap().code, codes::NOT_FOUND);
    let mut writer = a.open_writer(&writer_ref).await.unwrap();
    let reader = a.open_reader(&reader_ref).await.unwrap();
    writer.write(b"still works").await.unwrap();
    writer.close().await.unwrap();
    assert_eq!(reader.read_all().await.unwrap(), b"still works".to_vec());
}

// The chain runs once, from tests/conformance/chain.test.ts, with every language at once.
const RUN_ELSEWHERE: &[&str] = &["cross-language-chain"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_scenarios_and_bad_input() {
    let list: Value = serde_json::from_str(&std::fs::read_to_string(repo_root().join("tests/conformance/scenarios.json")).unwrap()).unwrap();
    let host = EngineHost::start(false).await;
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    for sc in list["scenarios"].as_array().unwrap() {
        let clients = sc.get("clients").unwrap_or(&list["clients"]);
        let id = sc["id"].as_str().unwrap().to_owned();
        if !clients.as_array().unwrap().contains(&json!("rust")) || RUN_ELSEWHERE.contains(&id.as_str()) {
            continue;
        }
        let (url, owned) = (host.url.clone(), sc.clone());
        let name = id.clone();
        let outcome = tokio::spawn(async move {
            let mut ses = Session { url, workers: vec![] };
            tokio::time::timeout(Duration::from_secs(120), run_scenario(&name, &owned, &mut ses)).await.expect("scenario timed out");
            ses.close().await;
        })
        .await;
        if let Err(e) = outcome {
            failures.lock().unwrap().push(format!("{id}: {e}"));
        }
        eprintln!("scenario {id}: {}", if failures.lock().unwrap().iter().any(|f| f.starts_with(&id)) { "FAILED" } else { "ok" });
    }
    let mut ses = Session { url: host.url.clone(), workers: vec![] };
    bad_input(&mut ses).await;
    ses.close().await;
    channels(&mut ses).await;
    ses.close().await;
    let unhandled = host.stop().await;
    assert!(unhandled.is_empty(), "engine logged unhandled errors: {unhandled:?}");
    let failures = failures.lock().unwrap();
    assert!(failures.is_empty(), "failed scenarios: {failures:#?}");
}
