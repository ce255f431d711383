//! Import jobs of participant uploads: list (`page`/`size`/`sort`, by group), one job, and
//! one job's row errors (`page`/`size`/`sort`).
//!
//! A job moves one step on each read of it (`getJobV3`): `CREATED` → `PROCESSING` → a final
//! state: `SUCCESSFUL` when every row was valid, `PARTIAL_SUCCESS` when some were not (its
//! errors list them), `FAILED` when none was. On reaching it, the job's participants are
//! applied to its group. Lists do not move jobs. A list has its page's jobs under `content`,
//! as the document has them, and again under `_embedded.importJobModelList`, where the
//! official collection reads them.
//!
//! The seed: 25 finished jobs of the three seed groups, one a day, newest first — every
//! seventh from the fourth on a `PARTIAL_SUCCESS` with two errors, the twelfth a `FAILED` one
//! with 45 errors (three pages of errors at the default size).

use serde_json::{json, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::errors::ApiError;
use crate::paging;
use crate::routes::dispatch::{Answer, Call};
use crate::routes::groups::{self, page_and_size, seed_groups, RowError};
use crate::store::{self, Collection, Kind, Seed, INSTITUTION};

const SEED_JOBS: usize = 25;
const FAILED_SEED: usize = 11;

/// Whether a job reached a final state.
pub(crate) fn is_final(job: &Value) -> bool {
    !matches!(job["jobStatus"].as_str(), Some("CREATED" | "PROCESSING"))
}

fn links(id: &str) -> Value {
    json!([{ "rel": "self", "href": format!("/v3/jobs/{id}") }])
}

fn seed_jobs() -> Seed {
    let groups = seed_groups().items;
    let mut mix = Mix::new(seed(0x70B5, 25));
    let items = (0..SEED_JOBS)
        .map(|i| {
            let group = &groups[i % groups.len()];
            let id = mix.uuid();
            let total = 10 + mix.below(190) as usize;
            let errors: Vec<Value> = if i == FAILED_SEED {
                (0..45)
                    .map(|l| json!({ "lineNbr": l + 2, "errorMsg": "ParticipantId is not a member number" }))
                    .collect()
            } else if i % 7 == 3 {
                vec![
                    json!({ "lineNbr": 3, "errorMsg": "Empty line" }),
                    json!({ "lineNbr": total, "errorMsg": "ParticipantId is not a member number" }),
                ]
            } else {
                Vec::new()
            };
            let total = if i == FAILED_SEED { 45 } else { total };
            let failed = errors.len();
            let (status, details) = match (failed, total - failed) {
                (0, _) => ("SUCCESSFUL", "Completed."),
                (_, 0) => ("FAILED", "Failed. See detailed report."),
                _ => ("PARTIAL_SUCCESS", "Partial Success. See detailed report."),
            };
            let created = clock::time_before(i as i64 + 1, 50_000);
            let kind = ["ADD", "ADD", "REMOVE", "REPLACE"][i % 4];
            json!({
                "jobId": id,
                "groupId": group["groupId"],
                "groupName": group["groupName"],
                "groupType": "EXPERIENCE_GROUP",
                "inputFileName": format!("participants-{}.csv", i + 1),
                "workingFileName": format!("{id}.csv"),
                "type": kind,
                "totalRecordsCount": total,
                "successRecordsCount": total - failed,
                "failedRecordsCount": failed,
                "jobDetails": details,
                "jobStatus": status,
                "jobCreatedBy": "institution",
                "createdDateTime": created,
                "lastUpdatedDateTime": created,
                "links": links(&id),
                "_errors": errors,
            })
        })
        .collect();
    Seed { items, next_id: 1 }
}

pub(crate) fn with<R>(call: &Call<'_>, f: impl FnOnce(&mut Collection) -> R) -> R {
    call.state.store.with(Kind::Jobs, INSTITUTION, seed_jobs, f)
}

/// A new job, `CREATED`, for an upload to `group`.
pub(crate) fn created(
    group: &Value,
    kind: &str,
    file_name: &str,
    valid: Vec<String>,
    invalid: Vec<RowError>,
    by: &str,
) -> Value {
    let id = uuid::Uuid::new_v4().to_string();
    let now = clock::now();
    let errors: Vec<Value> = invalid
        .into_iter()
        .map(|(line, message)| json!({ "lineNbr": line, "errorMsg": message }))
        .collect();
    json!({
        "jobId": id,
        "groupId": group["groupId"],
        "groupName": group["groupName"],
        "groupType": group["groupType"],
        "inputFileName": file_name,
        "workingFileName": format!("{id}.csv"),
        "type": kind,
        "totalRecordsCount": valid.len() + errors.len(),
        "successRecordsCount": 0,
        "failedRecordsCount": 0,
        "jobStatus": "CREATED",
        "jobCreatedBy": by,
        "createdDateTime": now,
        "lastUpdatedDateTime": now,
        "links": links(&id),
        "_valid": valid,
        "_errors": errors,
    })
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let (page, size) = page_and_size(call)?;
    let group = call.text("groupId").map(str::to_owned);
    let mut jobs: Vec<Value> = with(call, |c| {
        c.items()
            .iter()
            .filter(|j| group.as_ref().is_none_or(|g| j["groupId"] == g.as_str()))
            .map(store::public)
            .collect()
    });
    // Newest first unless sorted otherwise.
    jobs.sort_by(|a, b| {
        b["createdDateTime"]
            .as_str()
            .cmp(&a["createdDateTime"].as_str())
    });
    let mut keep = Vec::new();
    if let Some(g) = &group {
        keep.push(("groupId", g.clone()));
    }
    if let Some(sort) = call.text("sort") {
        let (field, descending) = paging::sort_order(sort, &["insertDateTime", "group.groupName"])
            .filter(|(f, _)| *f != "group.groupName" || group.is_none())
            .ok_or_else(|| call.refuse(Check::BadParam, format!("cannot sort by {sort:?} here")))?;
        let key = if field == "insertDateTime" {
            "createdDateTime"
        } else {
            "groupName"
        };
        jobs.sort_by(|a, b| a[key].as_str().cmp(&b[key].as_str()));
        if descending {
            jobs.reverse();
        }
        keep.push(("sort", sort.to_owned()));
    }
    let mut out = paging::page(jobs, page, size, "/v3/jobs", &keep);
    // The page's jobs also under `_embedded.importJobModelList` (HAL, absent when there are
    // none): where the official collection's scripts read them; the document's `JobsResponse`
    // has `content` only.
    if out["content"].as_array().is_some_and(|c| !c.is_empty()) {
        out["_embedded"] = json!({ "importJobModelList": out["content"].clone() });
    }
    Ok(Answer::ok(out))
}

fn not_found(call: &Call<'_>, id: &str) -> ApiError {
    call.refuse(Check::NotFound, format!("'jobId' {id} not found"))
}

/// Reads the job and moves it one step.
pub(crate) fn get(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("jobId").to_owned();
    let moved = with(call, |c| {
        let job = c.get_mut(&id)?;
        let moves = !is_final(job);
        let mut finished = None;
        match job["jobStatus"].as_str() {
            Some("CREATED") => job["jobStatus"] = Value::from("PROCESSING"),
            Some("PROCESSING") => {
                let valid: Vec<String> = job["_valid"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                let failed = job["_errors"].as_array().map_or(0, Vec::len);
                let (status, details) = match (failed, valid.len()) {
                    (0, _) => ("SUCCESSFUL", "Completed."),
                    (_, 0) => ("FAILED", "Failed. See detailed report."),
                    _ => ("PARTIAL_SUCCESS", "Partial Success. See detailed report."),
                };
                job["jobStatus"] = Value::from(status);
                job["jobDetails"] = Value::from(details);
                job["successRecordsCount"] = Value::from(valid.len());
                job["failedRecordsCount"] = Value::from(failed);
                finished = Some((
                    job["groupId"].as_str().unwrap_or_default().to_owned(),
                    job["type"].as_str().unwrap_or_default().to_owned(),
                    valid,
                ));
            }
            _ => {}
        }
        if moves {
            job["lastUpdatedDateTime"] = Value::String(clock::now());
        }
        Some((store::public(job), finished))
    });
    let Some((job, finished)) = moved else {
        return Err(not_found(call, &id));
    };
    if let Some((group, kind, valid)) = finished {
        groups::apply(call, &group, &kind, &valid);
    }
    Ok(Answer::ok(job))
}

pub(crate) fn errors(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let (page, size) = page_and_size(call)?;
    let id = call.path("jobId").to_owned();
    let found = with(call, |c| {
        c.get(&id).map(|j| {
            if is_final(j) {
                j["_errors"].as_array().cloned().unwrap_or_default()
            } else {
                Vec::new()
            }
        })
    });
    let Some(mut errors) = found else {
        return Err(not_found(call, &id));
    };
    let mut keep = Vec::new();
    if let Some(sort) = call.text("sort") {
        let (field, descending) = paging::sort_order(sort, &["lineNbr", "errorMsg"])
            .ok_or_else(|| call.refuse(Check::BadParam, format!("cannot sort by {sort:?}")))?;
        if field == "lineNbr" {
            errors.sort_by_key(|e| e["lineNbr"].as_u64());
        } else {
            errors.sort_by(|a, b| a["errorMsg"].as_str().cmp(&b["errorMsg"].as_str()));
        }
        if descending {
            errors.reverse();
        }
        keep.push(("sort", sort.to_owned()));
    }
    let path = format!("/v3/jobs/{id}/errors");
    Ok(Answer::ok(paging::page(errors, page, size, &path, &keep)))
}
