//! The command line people meet: every command's `--help` ends with real examples, and each
//! example runs on the bundled data; completions for each shell and the man page come from the
//! same definitions; colour only on a terminal.

use crate::helpers::{TestStore, BIN};
use std::path::Path;
use std::process::Command;

/// The names listed under "Commands:" in a help text, `help` aside.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions are indented further than the names.
        .filter(|l| !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn help_of(path: &[String]) -> String {
    let output = Command::new(BIN).args(path).arg("--help").output().expect("run --help");
    assert!(output.status.success(), "{path:?} --help failed");
    String::from_utf8(output.stdout).expect("utf-8 help")
}

/// Every command path: [], ["query"], ["export", "dot"]...
fn every_command() -> Vec<Vec<String>> {
    let mut all = vec![Vec::new()];
    let mut i = 0;
    while i < all.len() {
        let path = all[i].clone();
        for sub in subcommands(&help_of(&path)) {
            let mut child = path.clone();
            child.push(sub);
            all.push(child);
        }
        i += 1;
    }
    all
}

/// The example lines a help text ends with.
fn examples(help: &str) -> Vec<String> {
    let block: Vec<&str> =
        help.lines().skip_while(|l| *l != "Examples:").skip(1).take_while(|l| !l.is_empty()).collect();
    block.iter().map(|l| l.trim().to_owned()).collect()
}

#[test]
fn every_help_ends_with_examples_that_run_on_the_bundled_data() {
    let commands = every_command();
    assert!(commands.len() > 15, "{commands:?}");
    // `actorgraph` in the examples is the binary under test, through PATH.
    let bin_dir = Path::new(BIN).parent().expect("the binary's directory");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut ran = 0;
    let everything = TestStore::new();
    // Examples run from a project directory beside `shared/`, as in the project's own layout,
    // so that `../shared/seeds` and `../shared/data` name the shared material.
    let shared = crate::helpers::seeds_dir().parent().expect("shared/ holds seeds/").to_owned();
    std::os::unix::fs::symlink(&shared, everything.dir.path().join("shared")).expect("link shared/");
    let project = everything.dir.path().join("project");
    std::fs::create_dir(&project).expect("a project directory");
    // The token file `serve --writable` reads.
    std::fs::write(project.join("token.txt"), "a-long-random-write-token\n").expect("write a token");
    // The list an analyst brings to `screen`.
    std::fs::write(project.join("counterparties.csv"), "name,country\nNORINCO,cn\nAcme Widgets Ltd,gb\n")
        .expect("write a list");
    for command in &commands {
        // Each command's examples on a fresh store, in one directory for the files they write.
        let store = TestStore::new();
        let help = help_of(command);
        let lines = examples(&help);
        assert!(
            (2..=3).contains(&lines.len()),
            "`actorgraph {}` --help has {} examples",
            command.join(" "),
            lines.len()
        );
        for line in lines {
            assert!(line.starts_with("actorgraph "), "not an example line (wrapped?): {line}");
            if let Some(sub) = command.first() {
                assert!(line.contains(&format!("actorgraph {sub}")), "`{line}` is not an example of {sub}");
            }
            if command.first().is_some_and(|c| c == "serve") {
                serve_until_listening(&line, &project, &path, &store.path());
                ran += 1;
                continue;
            }
            let output = Command::new("sh")
                .arg("-c")
                .arg(&line)
                .current_dir(&project)
                .env("PATH", &path)
                .env("ACTORGRAPH_STORE", store.path())
                .output()
                .expect("run sh");
            // `screen` answers 1 when someone on the list is exposed, `link` when it finds no link
            // or `links` lists none (the zala entities name no actor of the seed documents): answers.
            let negative = command.first().is_some_and(|c| ["screen", "link", "links"].contains(&c.as_str()));
            let answered = output.status.success() || (negative && output.status.code() == Some(1));
            assert!(
                answered,
                "`{line}` failed ({:?}):\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 35, "{ran} examples ran");
    // What the examples wrote is what they say.
    let dir = project.as_path();
    for file in [
        "screening.html",
        "perm.png",
        "nitrocellulose.graphml",
        "kumu/nodes.csv",
        "kumu/edges.csv",
        "nitrocellulose.svg",
    ] {
        assert!(dir.join(file).metadata().is_ok_and(|m| m.len() > 0), "{file}");
    }
    assert!(std::fs::read(dir.join("perm.png")).unwrap().starts_with(b"\x89PNG"));
    assert!(dir.join("man/actorgraph-export-dot.1").is_file());
}

/// Runs a `serve` example until it says it is listening, then stops it. A port another program
/// holds on this machine is the one answer besides listening that the example may give.
fn serve_until_listening(line: &str, project: &Path, path: &str, store: &Path) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec {line}"))
        .current_dir(project)
        .env("PATH", path)
        .env("ACTORGRAPH_STORE", store)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sh");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("read serve's first line");
    let _ = child.kill();
    let output = child.wait_with_output().expect("wait for serve");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        first.contains("listening on http://127.0.0.1:") || stderr.contains("in use"),
        "`{line}` did not start: {first}{stderr}"
    );
}

#[test]
fn completions_and_man_pages_come_from_the_command_definitions() {
    let store = TestStore::new();
    for (shell, marker) in [
        ("bash", "_actorgraph()"),
        ("zsh", "#compdef actorgraph"),
        ("fish", "complete -c actorgraph"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[actorgraph]"),
    ] {
        let run = store.run(&["completions", shell]).expect(0);
        assert!(run.stdout.contains(marker), "{shell}: {marker} missing");
        for word in ["export", "graphml", "footnotes", "expand"] {
            assert!(run.stdout.contains(word), "{shell} does not complete {word}");
        }
    }
    let bash = store.run(&["completions", "bash"]).expect(0).stdout;
    let script = store.write("actorgraph.bash", &bash);
    let syntax = Command::new("bash").arg("-n").arg(&script).output().expect("run bash -n");
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
    let man = store.run(&["man"]).expect(0).stdout;
    assert!(man.starts_with(".ie") || man.contains(".TH actorgraph"), "{}", &man[..200.min(man.len())]);
    assert!(man.contains("export") && man.contains("Exit status"));
    let dir = store.dir.path().join("pages");
    store.run(&["man", "--dir", dir.to_str().unwrap()]).expect(0);
    let page = std::fs::read_to_string(dir.join("actorgraph-export-gexf.1")).expect("a page per command");
    assert!(page.contains(".TH actorgraph-export-gexf") && page.contains("time intervals"), "{page}");
    if Command::new("man").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let shown = Command::new("man").arg(dir.join("actorgraph-path.1")).env("MANPAGER", "cat").output().unwrap();
        assert!(String::from_utf8_lossy(&shown.stdout).contains("--min-confidence"));
    }
}

#[test]
fn colour_and_progress_only_on_a_terminal() {
    let store = TestStore::new();
    let path = ["path", "China", "Russia", "--via", "supply"];
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut command = store.command();
        command.args(args).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        crate::helpers::Run::from_output(command.output().expect("run actorgraph"))
    };
    // Piped: no colour, and nothing on standard error (no spinner) when all goes well.
    let piped = run(&[], &path).expect(0);
    assert!(!piped.stdout.contains('\u{1b}') && piped.stderr.is_empty(), "{:?}", piped.stderr);
    let error = run(&[], &["path", "China", "Atlantis"]).expect(2);
    assert!(error.stderr.starts_with("error: ") && !error.stderr.contains('\u{1b}'), "{}", error.stderr);
    // As on a terminal (CLICOLOR_FORCE stands in for one): headings, relations and confidence in colour.
    let coloured = run(&[("CLICOLOR_FORCE", "1")], &path).expect(0);
    assert!(coloured.stdout.contains("\u{1b}[1mPath 1 of 1"), "{}", coloured.stdout);
    assert!(coloured.stdout.contains("\u{1b}[34m—supplied→"), "{}", coloured.stdout);
    let error = run(&[("CLICOLOR_FORCE", "1")], &["path", "China", "Atlantis"]).expect(2);
    assert!(error.stderr.contains("\u{1b}[") && error.stderr.contains("error:"), "{}", error.stderr);
    // NO_COLOR wins.
    let plain = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &path).expect(0);
    assert_eq!(plain.stdout, piped.stdout);
    // A real terminal, where util-linux's `script` can give one.
    if Command::new("script").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let line = format!("{BIN} --store {} path China Russia --via supply", store.path().display());
        let output = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .env_remove("NO_COLOR")
            .env("TERM", "xterm")
            .output()
            .expect("run script");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("\u{1b}[1mPath 1 of 1"), "{text}");
    }
}
