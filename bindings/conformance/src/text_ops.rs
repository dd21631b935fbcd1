//! Text operations of the conformance cases: `text_sentiment`, `text_analyze`,
//! `text_redact_pii`.

use crate::Output;
use resona::text::cues::pii::{PiiConfig, PiiRedactor};
use resona::text::sentiment::{SentimentAnalyzer, SentimentConfig};
use resona::text::{TextAnalyzer, TextConfig};
use resona::{Error, InputError};
use serde_json::Value;

fn text(input: &Value) -> Result<Result<String, Error>, String> {
    match (input.get("text"), input.get("bytes")) {
        (Some(Value::String(s)), _) => Ok(Ok(s.clone())),
        // Raw bytes (possibly invalid UTF-8), for the surfaces that take bytes.
        (_, Some(Value::Array(b))) => {
            let bytes: Vec<u8> = b
                .iter()
                .map(|v| v.as_u64().and_then(|x| u8::try_from(x).ok()))
                .collect::<Option<_>>()
                .ok_or("bad bytes")?;
            Ok(InputError::check_utf8(&bytes).map(str::to_owned).map_err(Error::from))
        }
        _ => Err("input needs `text` or `bytes`".into()),
    }
}

fn value<T: serde::Serialize>(v: &T) -> Result<Output, Error> {
    Ok(Output::Value(serde_json::to_value(v).unwrap_or(Value::Null)))
}

pub(crate) fn run(op: &str, input: &Value) -> Result<Result<Output, Error>, String> {
    let text = match text(input)? {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let swahili = input.get("swahili").and_then(Value::as_bool).unwrap_or(true);
    Ok(match op {
        "text_sentiment" => SentimentAnalyzer::new(SentimentConfig::default().with_swahili(swahili))
            .and_then(|a| a.analyze(&text))
            .and_then(|s| value(&s)),
        "text_analyze" => {
            TextAnalyzer::new(TextConfig::default()).and_then(|a| a.analyze(&text)).and_then(|s| value(&s))
        }
        "text_redact_pii" => {
            PiiRedactor::new(PiiConfig::default()).and_then(|r| r.redact(&text)).and_then(|s| value(&s))
        }
        other => return Err(format!("unknown op {other}")),
    })
}
