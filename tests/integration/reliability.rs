//! Reliability: readers alongside a writer, a second writer told who holds the store, kills at
//! random moments of every kind of write, and a full disk. After each kill the store opens, its
//! triple count is the state before or after the write, `check` finds it consistent and path
//! lookups answer as before.
//!
//! `ACTORGRAPH_CRASH_TRIALS` sets the trials per kind of write (default 3).

use crate::helpers::{synthetic_facts, Run, TestStore, BIN};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn count(store: &TestStore) -> u64 {
    store.triple_count()
}

fn spawn(store: &TestStore, args: &[&str]) -> Child {
    store.command().args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn actorgraph")
}

/// A small xorshift generator: random but reproducible from the printed seed.
struct Random(u64);

impl Random {
    fn new() -> Self {
        let seed = std::env::var("ACTORGRAPH_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
        eprintln!("crash trials seed: {seed} (set ACTORGRAPH_CRASH_SEED to repeat)");
        Random(seed)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

fn trials() -> usize {
    std::env::var("ACTORGRAPH_CRASH_TRIALS").ok().and_then(|n| n.parse().ok()).unwrap_or(3)
}

#[test]
fn readers_see_the_state_before_or_after_a_large_load_never_between() {
    let store = TestStore::new();
    let data = store.write("large.nt", &synthetic_facts(12_000));
    let before = count(&store);
    let mut loader = spawn(&store, &["load", data.to_str().unwrap(), "--bulk", "never"]);
    let done = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let (done, seen, failures) = (done.clone(), seen.clone(), failures.clone());
            let path = store.path();
            std::thread::spawn(move || {
                while !done.load(Ordering::SeqCst) {
                    let output = Command::new(BIN)
                        .arg("--store")
                        .arg(&path)
                        .args(["stats", "--format", "json"])
                        .env_remove("ACTORGRAPH_STORE")
                        .output()
                        .expect("run a reader");
                    let run = Run::from_output(output);
                    if run.code != 0 {
                        failures.lock().unwrap().push(run.stderr);
                        continue;
                    }
                    let stats: serde_json::Value = serde_json::from_str(&run.stdout).expect("stats JSON");
                    seen.lock().unwrap().push(stats["total_triples"].as_u64().unwrap());
                }
            })
        })
        .collect();
    let status = loader.wait().unwrap();
    // Compacting the store's files under the readers' feet changes nothing they see.
    let optimized = spawn(&store, &["optimize"]).wait().unwrap();
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        reader.join().unwrap();
    }
    assert!(status.success(), "the load failed");
    assert!(optimized.success(), "optimize failed");
    let after = count(&store);
    assert!(after > before);
    let failures = failures.lock().unwrap();
    assert!(failures.is_empty(), "readers failed while the load ran: {failures:?}");
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 8, "the readers ran {} times", seen.len());
    assert!(seen.iter().all(|n| *n == before || *n == after), "readers saw {seen:?}; before {before}, after {after}");
}

#[test]
fn a_second_writer_waits_then_says_who_holds_the_store_and_what_to_do() {
    let store = TestStore::new();
    let data = store.write("large.nt", &synthetic_facts(8_000));
    count(&store);
    let mut loader = spawn(&store, &["load", data.to_str().unwrap(), "--bulk", "never"]);
    // Wait until the loader holds the lock: its record names it.
    let lock = store.path().join("write.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&lock).unwrap_or_default().contains(&format!("\"pid\":{}", loader.id())) {
        assert!(Instant::now() < deadline, "the loader never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    let other = store.write("small.ttl", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .");
    let refused = store.run(&["--wait", "0.2", "load", other.to_str().unwrap()]).expect(2);
    assert!(refused.stderr.contains("is being written by another actorgraph process"), "{}", refused.stderr);
    assert!(refused.stderr.contains(&format!("pid {}", loader.id())), "{}", refused.stderr);
    assert!(refused.stderr.contains("load") && refused.stderr.contains("--wait"), "{}", refused.stderr);
    // A patient writer gets its turn once the first is done.
    store.run(&["--wait", "120", "load", other.to_str().unwrap()]).expect(0);
    assert!(loader.wait().unwrap().success());
    store.run(&["query", "-e", "ASK { <http://example.org/a> ?p ?o }"]).expect(0);
}

/// What a healthy store answers, to compare after each kill.
fn healthy_answer(store: &TestStore) -> String {
    store.run(&["path", "nitrocellulose", "Perm Gunpowder Plant", "-k", "2", "--format", "json"]).expect(0).stdout
}

/// Runs `args` and kills it with SIGKILL after a random delay below `window`, then checks the
/// store: the count is `before` or `after`, `check` finds it consistent, lookups answer.
fn kill_and_check(
    store: &TestStore,
    args: &[&str],
    window: Duration,
    states: &[u64],
    answer: &str,
    random: &mut Random,
) {
    let mut child = spawn(store, args);
    let delay = Duration::from_millis(random.below(window.as_millis() as u64));
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
    let now = count(store);
    assert!(
        states.contains(&now),
        "after a kill at {delay:?} of {args:?} the store holds {now} triples, not one of {states:?}"
    );
    let check = store.run(&["check"]);
    assert_eq!(check.code, 0, "check after a kill at {delay:?} of {args:?}:\n{}{}", check.stdout, check.stderr);
    assert_eq!(healthy_answer(store), answer, "path lookups changed after a kill at {delay:?} of {args:?}");
}

#[test]
fn kills_during_loads_leave_the_store_before_or_after() {
    let mut random = Random::new();
    for bulk in ["never", "always"] {
        for _ in 0..trials() {
            let store = TestStore::new();
            let data = store.write("large.nt", &synthetic_facts(6_000));
            let answer = healthy_answer(&store);
            let before = count(&store);
            // How long a whole load takes, and what it leaves, measured on a twin store.
            let twin = TestStore::new();
            count(&twin);
            let started = Instant::now();
            twin.run(&["load", data.to_str().unwrap(), "--bulk", bulk]).expect(0);
            let window = started.elapsed() + Duration::from_millis(200);
            let after = count(&twin);
            let args = ["load", data.to_str().unwrap(), "--bulk", bulk];
            kill_and_check(&store, &args, window, &[before, after], &answer, &mut random);
            // The store takes the same load again and ends in the after state.
            store.run(&args).expect(0);
            assert_eq!(count(&store), after);
            store.run(&["check"]).expect(0);
            if bulk == "always" {
                // `optimize` compacts the files the bulk loads left, killed at any moment.
                let started = Instant::now();
                twin.run(&["optimize"]).expect(0);
                let window = started.elapsed() + Duration::from_millis(100);
                kill_and_check(&store, &["optimize"], window, &[after], &answer, &mut random);
                store.run(&["optimize"]).expect(0);
                assert_eq!(count(&store), after);
            }
        }
    }
}

#[test]
fn kills_during_refreshes_derivations_and_cache_writes_leave_a_usable_store() {
    let mut random = Random::new();
    for _ in 0..trials() {
        let store = TestStore::new();
        let answer = healthy_answer(&store);
        let bundled = count(&store);
        // `repair` rewrites every bundled graph and derives every edge again.
        let started = Instant::now();
        store.run(&["repair"]).expect(0);
        let window = started.elapsed() + Duration::from_millis(100);
        kill_and_check(&store, &["repair"], window, &[bundled], &answer, &mut random);
        store.run(&["validate"]).expect(0);
        // A lookup on a new generation writes the path-graph cache; kill it while it does.
        let cache = store.path().join("projection.bin");
        let _ = std::fs::remove_file(&cache);
        let started = Instant::now();
        healthy_answer(&store);
        let window = started.elapsed();
        std::fs::remove_file(&cache).unwrap();
        kill_and_check(&store, &["path", "China", "Russia"], window, &[bundled], &answer, &mut random);
    }
}

#[test]
fn a_truncated_or_corrupted_path_cache_is_rebuilt_never_trusted() {
    let store = TestStore::new();
    let answer = healthy_answer(&store);
    let cache = store.path().join("projection.bin");
    let bytes = std::fs::read(&cache).expect("the lookup wrote the cache");
    for damage in 0..3 {
        let mut broken = bytes.clone();
        match damage {
            0 => broken.truncate(bytes.len() / 3),
            1 => {
                let middle = broken.len() / 2;
                broken[middle] ^= 0xff;
            }
            _ => broken = b"not a cache at all".to_vec(),
        }
        std::fs::write(&cache, &broken).unwrap();
        let check = store.run(&["check"]).expect(0);
        assert!(check.stdout.contains("path-graph cache: corrupt"), "{}", check.stdout);
        assert_eq!(healthy_answer(&store), answer);
        assert!(store.run(&["check"]).expect(0).stdout.contains("path-graph cache: current"));
    }
}

/// Runs a shell script in a private mount namespace, in a small tmpfs mounted on a temporary
/// directory; `$AG` is the binary, `$OUT` a temporary directory outside the tmpfs.
fn in_small_tmpfs(size: &str, script: &str) -> Run {
    let mount = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let script =
        format!("set -e\nmount -t tmpfs -o size={size} tmpfs {dir}\ncd {dir}\n{script}", dir = mount.path().display());
    let output = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .env("AG", BIN)
        .env("OUT", outside.path())
        .env_remove("ACTORGRAPH_STORE")
        .output()
        .expect("unshare (util-linux) runs");
    Run::from_output(output)
}

#[test]
fn a_full_disk_is_a_clear_error_and_leaves_the_store_unchanged() {
    let big = tempfile::tempdir().unwrap();
    let data = big.path().join("large.nt");
    std::fs::write(&data, synthetic_facts(20_000)).unwrap();
    let run = in_small_tmpfs(
        "64m",
        &format!(
            r#"
"$AG" --store store stats --format json > "$OUT/before.json"
# Fill the disk but for 3 MiB, so that the load runs out of space half way.
free=$(df -k --output=avail . | tail -1)
dd if=/dev/zero of=filler bs=1k count=$((free - 3072)) 2> /dev/null || true
if "$AG" --store store load {data} --bulk never 2> "$OUT/load.err"; then echo "LOAD SUCCEEDED"; fi
cat "$OUT/load.err"
rm filler
"$AG" --store store stats --format json > "$OUT/after.json" 2> "$OUT/stats.err" || {{ echo "STATS FAILED"; cat "$OUT/stats.err"; }}
cmp -s "$OUT/before.json" "$OUT/after.json" && echo "UNCHANGED"
"$AG" --store store check > "$OUT/check.out" 2>&1 && echo "CONSISTENT"
cat "$OUT/check.out"
"$AG" --store store load {sample} > /dev/null && echo "LOADED AFTER FREEING SPACE"
"#,
            data = data.display(),
            sample = crate::helpers::fixture("sample.ttl").display()
        ),
    );
    let both = format!("{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("LOAD SUCCEEDED"), "{both}");
    assert!(run.stdout.contains("No space left on device"), "{both}");
    assert!(run.stdout.contains("UNCHANGED"), "{both}");
    assert!(run.stdout.contains("CONSISTENT"), "{both}");
    assert!(run.stdout.contains("LOADED AFTER FREEING SPACE"), "{both}");
}

#[test]
fn a_read_only_disk_refuses_writes_clearly_and_still_answers_reads() {
    let sample = crate::helpers::fixture("sample.ttl");
    let run = in_small_tmpfs(
        "64m",
        &format!(
            r#"
"$AG" --store store stats --format json > "$OUT/before.json"
mount -o remount,ro .
if "$AG" --store store load {sample} 2> "$OUT/load.err"; then echo "LOAD SUCCEEDED"; fi
cat "$OUT/load.err"
"$AG" --store store stats --format json > "$OUT/after.json" && cmp -s "$OUT/before.json" "$OUT/after.json" && echo "UNCHANGED"
"$AG" --store store path China Russia --via supply > /dev/null && echo "PATH ANSWERED"
"#,
            sample = sample.display()
        ),
    );
    assert!(!run.stdout.contains("LOAD SUCCEEDED"), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Read-only file system") && run.stdout.contains("write.lock"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("UNCHANGED") && run.stdout.contains("PATH ANSWERED"), "{}\n{}", run.stdout, run.stderr);
}
