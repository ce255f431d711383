//! User lists of campaigns: the metadata of a file uploaded by SFTP, and its processing
//! details.
//!
//! The file name is `FI<institutionId>_<label>_<yyyyMMddHHmmss>.csv`, of this institution,
//! and its metadata can be created once. Each read of its details moves its processing one
//! step: `CREATED` (a job id assigned) → `PROCESSING` → `SUCCESSFUL`, or
//! `COMPLETED_WITH_FAILURE` when the label holds `errors` (a tenth of the users fail and an
//! error report is available). How many users a file has follows from its name.

use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::errors::ApiError;
use crate::routes::dispatch::{Answer, Call};
use crate::store::{Collection, Kind, Seed, INSTITUTION};

/// The processing states a read steps through, in order.
const STEPS: [&str; 3] = ["CREATED", "PROCESSING", "DONE"];

fn seed_lists(institution: &str) -> Seed {
    let name = format!("FI{institution}_spring_offer_20260401090000.csv");
    let mut file = entry(
        &name,
        json!({
            "userlistFileName": name,
            "userlistName": "Spring offer",
            "userlistOperation": "CREATE",
            "userlistDescription": "Members invited to the spring savings offer",
        }),
    );
    file["_step"] = Value::from(STEPS.len() - 1);
    Seed {
        items: vec![file],
        next_id: 1,
    }
}

/// A stored file: its metadata and the emulator's bookkeeping of its processing.
fn entry(name: &str, metadata: Value) -> Value {
    let mut mix = Mix::new(seed(name.len() as u64, name.bytes().map(u64::from).sum()));
    json!({
        "_file": name,
        "_step": -1,
        "_users": 20 + mix.below(100),
        "_jobId": mix.uuid(),
        "_sent": clock::now(),
        "fileMetadata": metadata,
    })
}

fn with<R>(call: &Call<'_>, f: impl FnOnce(&mut Collection) -> R) -> R {
    let institution = call.institution().to_owned();
    call.state
        .store
        .with(Kind::UserLists, INSTITUTION, || seed_lists(&institution), f)
}

pub(crate) fn create_metadata(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    // Only the first entry is processed, as the document says.
    let metadata = call.body()["userLists"][0]["fileMetadata"].clone();
    let name = metadata["userlistFileName"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let ours = format!("FI{}_", call.institution());
    if !name.starts_with(&ours) {
        return Err(call.refuse(
            Check::BadBody,
            format!(
                "FileName is not in the required format {ours}<fileLabel>_<yyyyMMddHHmmss>.csv"
            ),
        ));
    }
    let added = with(call, |c| {
        if c.get(&name).is_some() {
            return false;
        }
        c.push(entry(&name, metadata));
        true
    });
    if added {
        Ok(Answer::Empty(200))
    } else {
        Err(call.refuse(
            Check::BadBody,
            format!("Metadata already exists for the filename {name}"),
        ))
    }
}

pub(crate) fn details(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let name = call.text("userlistFileName").unwrap_or_default().to_owned();
    let view = call.text("viewName").unwrap_or_default().to_owned();
    let file = with(call, |c| {
        let file = c.get_mut(&name)?;
        let step = file["_step"].as_i64().unwrap_or(0);
        if step < STEPS.len() as i64 - 1 {
            file["_step"] = Value::from(step + 1);
        }
        Some(file.clone())
    });
    let Some(file) = file else {
        return Err(call.refuse(
            Check::NotFound,
            "No details exist in the system for the given filename.",
        ));
    };
    let users = file["_users"].as_i64().unwrap_or(0);
    let failing = name.contains("errors");
    let step = STEPS[file["_step"].as_u64().unwrap_or(0) as usize];
    let (status, message, failed) = match step {
        "CREATED" => ("CREATED", "Processing job created.", 0),
        "PROCESSING" => ("PROCESSING", "Processing the user list file.", 0),
        _ if failing => (
            "COMPLETED_WITH_FAILURE",
            "Completed; some users could not be added.",
            users / 10,
        ),
        _ => ("SUCCESSFUL", "Completed.", 0),
    };
    let done = step == "DONE";
    let report = done && failing;
    let report_name = name.replace(".csv", "_errors.csv");
    let mut out = json!({ "fileMetadata": file["fileMetadata"] });
    if view == "fileStatus" {
        let mut status = json!({
            "jobId": file["_jobId"],
            "jobStatus": status,
            "jobStatusMessage": message,
            "userCount": users,
            "succeededUserCount": if done { users - failed } else { 0 },
            "failedUserCount": failed,
            "isReportAvailable": report.to_string(),
            "fileSentDate": file["_sent"],
        });
        if report {
            status["errorReportFileName"] = Value::String(report_name.clone());
            status["reportAvailableUntil"] = Value::String(clock::date_before(-30));
        }
        out["fileStatus"] = status;
    } else if done {
        out["fileErrorReport"] = if report {
            json!({
                "isReportAvailable": "true",
                "errorReportFileName": report_name,
                "reportAvailableUntil": clock::date_before(-30),
                "message": "The error report is available.",
            })
        } else {
            json!({ "isReportAvailable": "false", "message": "No errors were found in the file." })
        };
    }
    Ok(Answer::ok(json!({ "userLists": [out] })))
}
