//! Experience groups, participant uploads and their import jobs.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// A `multipart/form-data` upload of `csv` as `type`.
fn upload(
    emu: &candescent_emulator::Emulator,
    group: &str,
    t: &str,
    kind: &str,
    csv: &str,
) -> reqwest::RequestBuilder {
    let body = format!(
        "--BoUnDaRy\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n{kind}\r\n\
         --BoUnDaRy\r\nContent-Disposition: form-data; name=\"fileName\"; filename=\"members.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--BoUnDaRy--\r\n"
    );
    api(
        emu,
        Method::PUT,
        &format!("/v3/groups/{group}/participants"),
        t,
    )
    .header("Content-Type", "multipart/form-data; boundary=BoUnDaRy")
    .body(body)
}

async fn all_pages(emu: &candescent_emulator::Emulator, t: &str, first: &str) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next {
        let (s, body) = call(emu, Method::GET, &path, t, None).await;
        assert_eq!(s, 200, "{body}");
        pages.push(body["content"].as_array().unwrap().clone());
        next = body["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().unwrap().to_owned());
        assert!(pages.len() < 10);
    }
    pages
}

#[tokio::test]
async fn groups_page_and_round_trip() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (s, body) = call(&emu, Method::GET, "/v3/groups", &t, None).await;
    assert_eq!(s, 200);
    assert_eq!(
        body["page"],
        json!({"size": 20, "totalElements": 3, "totalPages": 1, "number": 0})
    );
    assert_eq!(
        strings(&body, "content", "noOfParticipants"),
        ["12", "40", "7"]
    );
    let pages = all_pages(&emu, &t, "/v3/groups?size=2&sort=groupName,desc").await;
    let names: Vec<&str> = pages
        .iter()
        .flatten()
        .map(|g| g["groupName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Mobile Deposit Pilot",
            "Early Access Card",
            "Budget Tools Beta"
        ]
    );
    assert_eq!(pages.len(), 2);
    assert_error(
        &call(&emu, Method::GET, "/v3/groups?sort=size", &t, None).await,
        400,
        "2000",
    );
    assert_error(
        &call(&emu, Method::GET, "/v3/groups?size=0", &t, None).await,
        400,
        "2000",
    );

    let (s, made) = call(
        &emu,
        Method::POST,
        "/v3/groups",
        &t,
        Some(json!({"groupName": "Wire Fee Waiver", "groupDescription": "Pilot"})),
    )
    .await;
    assert_eq!(s, 200, "{made}");
    assert_eq!(
        (
            made["groupStatus"].as_str(),
            made["groupParticipantCount"].as_i64()
        ),
        (Some("ACTIVE"), Some(0))
    );
    let id = made["groupId"].as_str().unwrap().to_owned();
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v3/groups",
            &t,
            Some(json!({"groupName": "wire fee waiver"})),
        )
        .await,
        400,
        "2004",
    );
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v3/groups",
            &t,
            Some(json!({"groupName": "x".repeat(51)})),
        )
        .await,
        400,
        "2000",
    );
    let (s, renamed) = call(
        &emu,
        Method::PUT,
        &format!("/v3/groups/{id}"),
        &t,
        Some(json!({"groupName": "Wire Fees"})),
    )
    .await;
    assert_eq!(
        (
            s.as_u16(),
            renamed["groupName"].as_str(),
            renamed["groupDescription"].as_str()
        ),
        (200, Some("Wire Fees"), Some("Pilot"))
    );
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &format!("/v3/groups/{id}"),
            &t,
            Some(json!({"groupName": "Budget Tools Beta"})),
        )
        .await,
        400,
        "2004",
    );
    let (s, deleted) = call(&emu, Method::DELETE, &format!("/v3/groups/{id}"), &t, None).await;
    assert_eq!(s, 200);
    assert!(deleted["message"].as_str().unwrap().contains(&id));
    assert_error(
        &call(
            &emu,
            Method::PUT,
            &format!("/v3/groups/{id}"),
            &t,
            Some(json!({"groupName": "Again"})),
        )
        .await,
        400,
        "2000",
    );
    assert_error(
        &call(&emu, Method::DELETE, "/v3/groups/not-a-uuid", &t, None).await,
        400,
        "2000",
    );
    assert_error(
        &call(&emu, Method::GET, "/v3/groups", "forged", None).await,
        401,
        "2003",
    );
    let reader = token_with(&emu, &[("scopes", "groups:read")]).await;
    assert_error(
        &call(
            &emu,
            Method::POST,
            "/v3/groups",
            &reader,
            Some(json!({"groupName": "X"})),
        )
        .await,
        403,
        "CMN_90006",
    );
}

#[tokio::test]
async fn jobs_page_to_the_end_with_their_errors() {
    let emu = emu().await;
    let t = token(&emu).await;
    let pages = all_pages(&emu, &t, "/v3/jobs").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 5]);
    let jobs: Vec<Value> = pages.concat();
    let created: Vec<&str> = jobs
        .iter()
        .map(|j| j["createdDateTime"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let failed = jobs.iter().find(|j| j["jobStatus"] == "FAILED").unwrap();
    let errors = all_pages(
        &emu,
        &t,
        &format!("/v3/jobs/{}/errors", failed["jobId"].as_str().unwrap()),
    )
    .await;
    assert_eq!(errors.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    let partial = jobs
        .iter()
        .filter(|j| j["jobStatus"] == "PARTIAL_SUCCESS")
        .count();
    assert_eq!(partial, 4);
    let group = jobs[0]["groupId"].as_str().unwrap();
    let (_, of_group) = call(
        &emu,
        Method::GET,
        &format!("/v3/jobs?groupId={group}&size=100"),
        &t,
        None,
    )
    .await;
    assert_eq!(of_group["content"].as_array().unwrap().len(), 9);
    let (_, by_name) = call(
        &emu,
        Method::GET,
        "/v3/jobs?sort=group.groupName,asc&size=1",
        &t,
        None,
    )
    .await;
    assert_eq!(by_name["content"][0]["groupName"], "Budget Tools Beta");
    assert_error(
        &call(
            &emu,
            Method::GET,
            &format!("/v3/jobs?groupId={group}&sort=group.groupName"),
            &t,
            None,
        )
        .await,
        400,
        "2000",
    );
    assert_error(
        &call(&emu, Method::GET, "/v3/jobs?size=0", &t, None).await,
        400,
        "2000",
    );
    assert_error(
        &call(&emu, Method::GET, "/v3/jobs?groupId=abc", &t, None).await,
        400,
        "2000",
    );
    let unknown = uuid::Uuid::new_v4();
    assert_error(
        &call(&emu, Method::GET, &format!("/v3/jobs/{unknown}"), &t, None).await,
        400,
        "2000",
    );
    assert_error(
        &call(
            &emu,
            Method::GET,
            &format!("/v3/jobs/{unknown}/errors"),
            &t,
            None,
        )
        .await,
        400,
        "2000",
    );
}

#[tokio::test]
async fn an_upload_moves_through_its_states_on_reads() {
    let emu = emu().await;
    let t = token(&emu).await;
    let (_, groups) = call(&emu, Method::GET, "/v3/groups", &t, None).await;
    let group = groups["content"][2]["groupId"].as_str().unwrap().to_owned();
    let csv = "ParticipantId\n900002000\n123456789\nfriend@mail.example\n\nnot an id\n";
    let (s, accepted) = send(upload(&emu, &group, &t, "ADD", csv)).await;
    assert_eq!(s, 200, "{accepted}");
    assert_eq!(accepted["jobStatus"], "CREATED");
    let job = accepted["jobId"].as_str().unwrap().to_owned();
    let busy = send(upload(&emu, &group, &t, "ADD", "ParticipantId\n1\n")).await;
    assert_error(&busy, 400, "2001");
    let (_, listed) = call(
        &emu,
        Method::GET,
        &format!("/v3/jobs?groupId={group}"),
        &t,
        None,
    )
    .await;
    assert_eq!(
        listed["content"][0]["jobStatus"], "CREATED",
        "a list does not move a job"
    );
    let (_, errors) = call(
        &emu,
        Method::GET,
        &format!("/v3/jobs/{job}/errors"),
        &t,
        None,
    )
    .await;
    assert_eq!(
        errors["page"]["totalElements"], 0,
        "no errors before the job is final"
    );

    let (_, read) = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_eq!(read["jobStatus"], "PROCESSING");
    let (_, read) = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_eq!(read["jobStatus"], "PARTIAL_SUCCESS");
    assert_eq!(
        (
            read["successRecordsCount"].as_i64(),
            read["failedRecordsCount"].as_i64(),
            read["totalRecordsCount"].as_i64()
        ),
        (Some(3), Some(2), Some(5))
    );
    let (_, again) = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_eq!(again["jobStatus"], "PARTIAL_SUCCESS", "final states stay");
    let (_, errors) = call(
        &emu,
        Method::GET,
        &format!("/v3/jobs/{job}/errors?sort=lineNbr,desc"),
        &t,
        None,
    )
    .await;
    assert_eq!(strings(&errors, "content", "lineNbr"), ["6", "5"]);
    let (_, groups) = call(&emu, Method::GET, "/v3/groups", &t, None).await;
    assert_eq!(
        groups["content"][2]["noOfParticipants"], 9,
        "7, and 2 new (900002000 was in already)"
    );

    // REPLACE with valid rows only: SUCCESSFUL; every row invalid: FAILED.
    let (_, accepted) = send(upload(
        &emu,
        &group,
        &t,
        "REPLACE",
        "Name,ParticipantId\nA,11\nB,12\n",
    ))
    .await;
    let job = accepted["jobId"].as_str().unwrap().to_owned();
    call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    let (_, done) = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_eq!(done["jobStatus"], "SUCCESSFUL");
    let (_, groups) = call(&emu, Method::GET, "/v3/groups", &t, None).await;
    assert_eq!(groups["content"][2]["noOfParticipants"], 2);
    let (_, accepted) = send(upload(&emu, &group, &t, "REMOVE", "ParticipantId\nx\n\n")).await;
    let job = accepted["jobId"].as_str().unwrap().to_owned();
    call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    let (_, done) = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_eq!(done["jobStatus"], "FAILED");

    // What an upload must be.
    assert_error(
        &send(upload(&emu, &group, &t, "MERGE", "ParticipantId\n1\n")).await,
        400,
        "2000",
    );
    assert_error(
        &send(upload(&emu, &group, &t, "ADD", "Member\n1\n")).await,
        400,
        "2000",
    );
    assert_error(
        &send(upload(&emu, &group, &t, "ADD", "ParticipantId\n")).await,
        400,
        "2000",
    );
    let other = uuid::Uuid::new_v4().to_string();
    assert_error(
        &send(upload(&emu, &other, &t, "ADD", "ParticipantId\n1\n")).await,
        400,
        "2000",
    );
    let as_json = call(
        &emu,
        Method::PUT,
        &format!("/v3/groups/{group}/participants"),
        &t,
        Some(json!({"type": "ADD"})),
    )
    .await;
    assert_error(&as_json, 400, "2000");
    let no_type = send(api(&emu, Method::PUT, &format!("/v3/groups/{group}/participants"), &t)
        .header("Content-Type", "multipart/form-data; boundary=B")
        .body("--B\r\nContent-Disposition: form-data; name=\"fileName\"; filename=\"a.csv\"\r\n\r\nParticipantId\n1\r\n--B--\r\n")).await;
    assert_error(&no_type, 400, "2000");
    // Faults and counters reach this route too.
    emu.inject_fault(candescent_emulator::Fault::status(
        candescent_emulator::FaultRoute::Operation("getJobV3"),
        1,
        503,
    ));
    let faulted = call(&emu, Method::GET, &format!("/v3/jobs/{job}"), &t, None).await;
    assert_error(&faulted, 503, "2001");
    assert_eq!(emu.stats().operations["getJobV3"], 8);
}
