//! Experience groups of the institution (list with `page`/`size`/`sort`, create, update,
//! delete) and uploads of their participants, which create import jobs (see `jobs`).
//!
//! An upload is `multipart/form-data` with a `type` field (`ADD`, `REMOVE`, `REPLACE`) and a
//! CSV file part (`fileName`) whose header has a `ParticipantId` column. Each later row is a
//! participant: valid when its `ParticipantId` is digits (a member number) or holds an `@`,
//! and has at most 32 characters; an empty line or any other value is an invalid row, which
//! the job reports as an error of its line (the header is line 1). A group takes one upload
//! at a time: another while its job is not final is `400 2001`.
//!
//! The seed: three groups with 12, 40 and 7 participants.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::clock;
use crate::codes::Check;
use crate::data::rng::{seed, Mix};
use crate::errors::ApiError;
use crate::paging;
use crate::routes::dispatch::{Answer, Call};
use crate::routes::jobs;
use crate::store::{self, Collection, Kind, Seed, INSTITUTION};

/// `(name, description, participants)` of the seed groups.
const SEED_GROUPS: [(&str, &str, usize); 3] = [
    (
        "Early Access Card",
        "Members trying the new card design first",
        12,
    ),
    (
        "Mobile Deposit Pilot",
        "Members with the larger mobile deposit limit",
        40,
    ),
    (
        "Budget Tools Beta",
        "Members seeing the budgeting screens",
        7,
    ),
];

/// The default page size of groups, jobs and job errors.
pub(crate) const DEFAULT_SIZE: i64 = 20;

pub(crate) fn seed_groups() -> Seed {
    let mut mix = Mix::new(seed(0x0620, 3));
    let items = SEED_GROUPS
        .iter()
        .enumerate()
        .map(|(i, (name, description, count))| {
            let participants: Vec<String> = (0..*count)
                .map(|p| format!("{}", 900_000_000 + i * 1000 + p))
                .collect();
            json!({
                "groupId": mix.uuid(),
                "groupName": name,
                "groupDescription": description,
                "groupType": "EXPERIENCE_GROUP",
                "groupPlatform": "RETAIL_BANKING",
                "groupLastUpdatedDateTime": clock::time_before(40 - i as i64 * 10, 32_400),
                "groupParticipantCount": count,
                "groupStatus": "ACTIVE",
                "_participants": participants,
            })
        })
        .collect();
    Seed { items, next_id: 1 }
}

pub(crate) fn with<R>(call: &Call<'_>, f: impl FnOnce(&mut Collection) -> R) -> R {
    call.state
        .store
        .with(Kind::ExperienceGroups, INSTITUTION, seed_groups, f)
}

/// A group as `ExperienceGroupResponse` answers it.
fn shown(group: &Value) -> Value {
    store::public(group)
}

/// A group as a list answers it.
fn listed(group: &Value) -> Value {
    let id = group["groupId"].as_str().unwrap_or_default();
    json!({
        "groupId": id,
        "groupName": group["groupName"],
        "groupType": group["groupType"],
        "noOfParticipants": group["groupParticipantCount"],
        "links": [{ "rel": "self", "href": format!("/v3/groups/{id}") }],
    })
}

/// `page` and `size` of a paged list.
pub(crate) fn page_and_size(call: &Call<'_>) -> Result<(i64, i64), ApiError> {
    let page = call.int("page").unwrap_or(0);
    let size = call.int("size").unwrap_or(DEFAULT_SIZE);
    if page < 0 || size < 1 {
        return Err(call.refuse(
            Check::BadParam,
            "page must be 0 or more and size more than 0",
        ));
    }
    Ok((page, size))
}

pub(crate) fn list(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let (page, size) = page_and_size(call)?;
    let mut groups: Vec<Value> = with(call, |c| c.items().to_vec());
    let mut keep = Vec::new();
    if let Some(sort) = call.text("sort") {
        let (field, descending) =
            paging::sort_order(sort, &["groupId", "groupName", "groupType.groupTypeName"])
                .ok_or_else(|| call.refuse(Check::BadParam, format!("cannot sort by {sort:?}")))?;
        let key = if field == "groupType.groupTypeName" {
            "groupType"
        } else {
            field
        };
        groups.sort_by(|a, b| a[key].as_str().cmp(&b[key].as_str()));
        if descending {
            groups.reverse();
        }
        keep.push(("sort", sort.to_owned()));
    }
    let listed: Vec<Value> = groups.iter().map(listed).collect();
    Ok(Answer::ok(paging::page(
        listed,
        page,
        size,
        "/v3/groups",
        &keep,
    )))
}

fn fields(call: &Call<'_>) -> Map<String, Value> {
    call.body().as_object().cloned().unwrap_or_default()
}

fn name_taken(c: &Collection, name: &str, except: Option<&str>) -> bool {
    c.items().iter().any(|g| {
        g["groupName"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && except.is_none_or(|id| g["groupId"] != id)
    })
}

fn duplicate(call: &Call<'_>, name: &str) -> ApiError {
    call.coded(
        400,
        "2004",
        format!("A group with name {name} already exists."),
    )
}

pub(crate) fn create(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let body = fields(call);
    let name = body["groupName"].as_str().unwrap_or_default().to_owned();
    if name.trim().is_empty() {
        return Err(call.refuse(Check::BadBody, "groupName is required"));
    }
    let created = with(call, |c| {
        if name_taken(c, &name, None) {
            return None;
        }
        let mut group = json!({
            "groupId": uuid::Uuid::new_v4().to_string(),
            "groupName": name,
            "groupType": "EXPERIENCE_GROUP",
            "groupPlatform": "RETAIL_BANKING",
            "groupLastUpdatedDateTime": clock::now(),
            "groupParticipantCount": 0,
            "groupStatus": "ACTIVE",
            "_participants": [],
        });
        for key in ["groupDescription", "groupType", "groupPlatform"] {
            if let Some(v) = body.get(key) {
                group[key] = v.clone();
            }
        }
        c.push(group.clone());
        Some(shown(&group))
    });
    created
        .map(Answer::ok)
        .ok_or_else(|| duplicate(call, &name))
}

fn missing(call: &Call<'_>, id: &str) -> ApiError {
    call.refuse(
        Check::NotFound,
        format!("groupId {id} not found or has been marked for deletion"),
    )
}

pub(crate) fn update(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("groupId").to_owned();
    let body = fields(call);
    let name = body["groupName"].as_str().unwrap_or_default().to_owned();
    let outcome = with(call, |c| {
        if c.get(&id).is_none() {
            return Err(false);
        }
        if name_taken(c, &name, Some(&id)) {
            return Err(true);
        }
        let group = c.get_mut(&id).ok_or(false)?;
        for key in [
            "groupName",
            "groupDescription",
            "groupType",
            "groupPlatform",
        ] {
            if let Some(v) = body.get(key) {
                group[key] = v.clone();
            }
        }
        group["groupLastUpdatedDateTime"] = Value::String(clock::now());
        Ok(shown(group))
    });
    match outcome {
        Ok(group) => Ok(Answer::ok(group)),
        Err(true) => Err(duplicate(call, &name)),
        Err(false) => Err(missing(call, &id)),
    }
}

/// Deletes the group with its participants and its import jobs.
pub(crate) fn delete(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("groupId").to_owned();
    if with(call, |c| c.remove(&id)).is_none() {
        return Err(missing(call, &id));
    }
    jobs::with(call, |c| {
        c.items_mut().retain(|j| j["groupId"] != id.as_str())
    });
    Ok(Answer::ok(json!({
        "code": "200",
        "message": format!("Experience group {id} deleted"),
    })))
}

/// `(line, message)` of an invalid row.
pub(crate) type RowError = (usize, String);

/// The participants of a CSV file: valid ids, and the invalid rows.
pub(crate) fn read_participants(text: &str) -> Result<(Vec<String>, Vec<RowError>), String> {
    let mut lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let header = lines.first().ok_or("Uploaded file data is empty.")?;
    let column = header
        .split(',')
        .position(|c| {
            c.trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("ParticipantId")
        })
        .ok_or("The CSV file must include a ParticipantId column.")?;
    if lines.len() < 2 {
        return Err("Uploaded file data is empty.".into());
    }
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    for (i, line) in lines.iter().enumerate().skip(1) {
        let number = i + 1;
        if line.trim().is_empty() {
            invalid.push((number, "Empty line".to_owned()));
            continue;
        }
        let id = line
            .split(',')
            .nth(column)
            .unwrap_or_default()
            .trim()
            .trim_matches('"');
        let shaped = !id.is_empty() && (id.bytes().all(|b| b.is_ascii_digit()) || id.contains('@'));
        if shaped && id.chars().count() <= 32 {
            valid.push(id.to_owned());
        } else {
            invalid.push((
                number,
                format!("ParticipantId {id:?} is not a member number or an email of at most 32 characters"),
            ));
        }
    }
    Ok((valid, invalid))
}

pub(crate) fn upload_participants(call: &mut Call<'_>) -> Result<Answer, ApiError> {
    let id = call.path("groupId").to_owned();
    let kind = call.body()["type"].as_str().unwrap_or_default().to_owned();
    let Some(group) = with(call, |c| c.get(&id).cloned()) else {
        return Err(missing(call, &id));
    };
    let file = call
        .parts
        .iter()
        .find(|p| p.name == "fileName")
        .ok_or_else(|| call.refuse(Check::BadBody, "fileName is required"))?;
    if let Some(media) = &file.content_type {
        let media = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !matches!(media.as_str(), "text/csv" | "application/vnd.ms-excel") {
            return Err(call.refuse(Check::BadBody, format!("File type: {media} not allowed.")));
        }
    }
    let text = String::from_utf8_lossy(&file.data).into_owned();
    let file_name = file
        .filename
        .clone()
        .unwrap_or_else(|| "participants.csv".to_owned());
    let (valid, invalid) = read_participants(&text).map_err(|e| call.refuse(Check::BadBody, e))?;
    let busy = jobs::with(call, |c| {
        c.items()
            .iter()
            .any(|j| j["groupId"] == id.as_str() && !jobs::is_final(j))
    });
    if busy {
        return Err(call.coded(
            400,
            "2001",
            "There are import jobs in process, need to wait for them to finish.",
        ));
    }
    let by = call
        .session
        .user
        .map_or_else(|| "institution".to_owned(), |u| u.login_id());
    let job = jobs::created(&group, &kind, &file_name, valid, invalid, &by);
    let job_id = job["jobId"].clone();
    jobs::with(call, |c| c.push(job));
    Ok(Answer::ok(json!({
        "code": "200",
        "message": "The participants file was accepted; its import job is created.",
        "jobId": job_id,
        "jobStatus": "CREATED",
    })))
}

/// Applies a finished job's participants to its group.
pub(crate) fn apply(call: &Call<'_>, group_id: &str, kind: &str, valid: &[String]) {
    with(call, |c| {
        let Some(group) = c.get_mut(group_id) else {
            return;
        };
        let mut set: BTreeSet<String> = group["_participants"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        match kind {
            "REMOVE" => valid.iter().for_each(|v| {
                set.remove(v);
            }),
            "REPLACE" => set = valid.iter().cloned().collect(),
            _ => set.extend(valid.iter().cloned()),
        }
        group["groupParticipantCount"] = Value::from(set.len());
        group["_participants"] = Value::from(set.into_iter().collect::<Vec<_>>());
        group["groupLastUpdatedDateTime"] = Value::String(clock::now());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_participants_or_errors() {
        let (valid, invalid) =
            read_participants("Name,ParticipantId\r\nA,202\nB,a@b.example\n\nC,x y\nD,\"303\"\n")
                .unwrap();
        assert_eq!(valid, ["202", "a@b.example", "303"]);
        assert_eq!(invalid.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [4, 5]);
        assert!(read_participants("Other\n1\n").is_err());
        assert!(read_participants("ParticipantId\n").is_err());
        assert!(read_participants("").is_err());
        let long = format!("ParticipantId\n{}\n", "1".repeat(33));
        assert_eq!(read_participants(&long).unwrap().1.len(), 1);
    }
}
