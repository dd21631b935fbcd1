//! Writes cases/engine.json from scripts/engine_cases_inputs.json: runs each session on the
//! Rust Engine (tract) and pins the keys the inputs file lists. Only runs with
//! `RESONA_REGENERATE_CASES=1`; otherwise it checks that cases/engine.json is up to date with
//! its inputs (same cases, same events), so an edited input cannot go unnoticed.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

mod common;

use resona::Backend;
use resona_conformance::{Case, Expect, Output, root, run};
use serde_json::{Map, Value, json};

fn pick(v: &Value, path: &str) -> Option<Value> {
    path.split('.').try_fold(v, |v, k| v.get(k)).cloned()
}

fn insert(out: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts = path.split('.').peekable();
    let mut node = out;
    while let Some(k) = parts.next() {
        if parts.peek().is_none() {
            node.insert(k.to_owned(), value);
            return;
        }
        node = node.entry(k).or_insert_with(|| json!({})).as_object_mut().expect("object");
    }
}

#[test]
fn regenerate_engine_cases() {
    let inputs: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("scripts/engine_cases_inputs.json")).unwrap())
            .unwrap();
    let target = root().join("cases/engine.json");
    let mut cases = vec![];
    for c in inputs["cases"].as_array().unwrap() {
        let input = json!({"events": c["events"], "read": c["read"]});
        let case = Case {
            name: c["name"].as_str().unwrap().to_owned(),
            op: "engine_session".into(),
            input: input.clone(),
            expect: Expect::Value { value: Value::Null },
            tolerance: None,
        };
        let Ok(Output::Value(actual)) = run(&case, Backend::Tract).unwrap() else { panic!("{} failed", case.name) };
        let mut expect = Map::new();
        for read in c["read"].as_array().unwrap().iter().filter_map(Value::as_str) {
            let mut pinned = Map::new();
            for path in inputs["pin"][read].as_array().unwrap().iter().filter_map(Value::as_str) {
                if let Some(v) = pick(&actual[read], path) {
                    insert(&mut pinned, path, v);
                }
            }
            expect.insert(read.to_owned(), if actual[read].is_null() { Value::Null } else { Value::Object(pinned) });
        }
        cases.push(json!({"name": case.name, "op": "engine_session", "input": input, "expect": {"value": expect}, "tolerance": 1e-3}));
    }
    let doc = json!({
        "description": inputs["description"],
        "generated_by": "bindings/conformance/tests/regenerate_engine_cases.rs from scripts/engine_cases_inputs.json",
        "cases": cases,
    });
    common::write_or_check(&target, &doc);
}
