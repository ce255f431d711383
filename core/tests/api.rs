//! The generated typed calls of `candescent::api`, against the emulator: values checked.

mod common;

use candescent::api::models::{AlertTemplateResource, Recipient};
use candescent::api::{
    CreateRecipientParams, DeleteRecipientParams, GetAchPaymentsParams, GetRecipientParams,
    ListBankingImagesParams, ListRecipientsParams, UpdateEStatementUserPreferencesParams, Upload,
    UploadExperienceGroupParticipantsParams,
};
use candescent::ErrorKind;
use common::{client, emulator, USER};

#[tokio::test]
async fn recipients_are_created_read_and_deleted() {
    let emu = emulator().await;
    let client = client(&emu);
    let listed = client
        .recipients()
        .list(&ListRecipientsParams::default().host_user_id(USER))
        .await
        .unwrap();
    assert_eq!(listed.recipients.as_ref().unwrap().len(), 3);
    let body = Recipient {
        nick_name: Some("Grandma".into()),
        full_name: Some("Ada Example".into()),
        email: Some("ada@mail.example".into()),
        account_number: Some("7700998877".into()),
        member_number: Some("2200778899".into()),
        account_type: Some("CHECKING".into()),
        ..Default::default()
    };
    let created = client
        .recipients()
        .create(&body, &CreateRecipientParams::default().host_user_id(USER))
        .await
        .unwrap();
    let new = &created.recipients.as_ref().unwrap()[0];
    let id = new.id.clone().unwrap();
    assert_eq!(new.nick_name.as_deref(), Some("Grandma"));
    assert!(
        !format!("{new:?}").contains("7700998877"),
        "account numbers are masked"
    );
    let read = client
        .recipients()
        .get(&id, &GetRecipientParams::default().host_user_id(USER))
        .await
        .unwrap();
    assert_eq!(
        read.recipients.unwrap()[0].full_name.as_deref(),
        Some("Ada Example")
    );
    client
        .recipients()
        .delete(&id, &DeleteRecipientParams::default().host_user_id(USER))
        .await
        .unwrap();
    let after = client
        .recipients()
        .list(&ListRecipientsParams::default().host_user_id(USER))
        .await
        .unwrap();
    assert_eq!(after.recipients.unwrap().len(), 3);
}

#[tokio::test]
async fn a_year_of_ach_payments_is_read_in_thirty_day_windows() {
    let emu = emulator().await;
    let client = client(&emu);
    let pages = client.business().payments().ach().list(
        &GetAchPaymentsParams::default()
            .login_id("testUser")
            .from_date("2025-03-26")
            .to_date("2026-04-30"),
    );
    let all = pages.collect().await.unwrap();
    assert_eq!(all.len(), 40, "every seeded payment exactly once");
    let amounts: Vec<String> = all
        .iter()
        .filter_map(|p| serde_json::to_value(p).ok())
        .filter_map(|v| v["totalAmount"].as_number().map(|n| n.to_string()))
        .collect();
    assert!(
        amounts.contains(&"12345678901234.56".to_owned()),
        "{amounts:?}"
    );
    assert!(amounts.contains(&"0.1".to_owned()), "{amounts:?}");
    assert_eq!(
        emu.stats().operations.get("getAchPaymentsV1").copied(),
        Some(14)
    );
}

#[tokio::test]
async fn writes_are_checked_before_any_traffic() {
    let emu = emulator().await;
    let client = client(&emu);
    let template = AlertTemplateResource {
        alert_type_name: Some("LOW_BALANCE".into()),
        state: Some("LIVE".into()),
        ..Default::default()
    };
    let err = client
        .alerts()
        .templates()
        .create(&template)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    assert!(
        err.message().starts_with("body.state must be one of"),
        "{}",
        err.message()
    );
    assert!(emu.stats().operations.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn banking_activities_follow_the_next_page_token() {
    let emu = emulator().await;
    let client = client(&emu);
    let criteria = candescent::api::models::SearchCriteria {
        start_time: "2026-03-01T00:00:00Z".into(),
        end_time: "2026-04-30T23:59:59Z".into(),
        page_size: Some(20),
        user_id: Some("testUser".into()),
        user_id_type: Some("loginId".into()),
        ..Default::default()
    };
    let all = client
        .banking_activities()
        .search(&criteria)
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 45);
}

#[tokio::test]
async fn an_upload_is_waited_for_to_its_end() {
    let emu = emulator().await;
    let client = client(&emu);
    let groups = "de3c617b-a82a-443e-ba67-082f09747268";
    let started = client
        .campaigns()
        .experience_groups()
        .upload_participants(
            groups,
            &UploadExperienceGroupParticipantsParams::default()
                .type_("ADD")
                .file(Upload::Bytes(b"ParticipantId\n1001\nnot-an-id\n".to_vec())),
        )
        .await
        .unwrap();
    let job = client
        .campaigns()
        .jobs()
        .wait(&started.job_id)
        .await
        .unwrap();
    assert_eq!(job.job_status.as_str(), "PARTIAL_SUCCESS");
    assert_eq!(job.failed_records_count, 1);
}

#[tokio::test]
async fn a_partial_success_is_never_silent_and_images_are_bytes() {
    let emu = emulator().await;
    let client = client(&emu);
    let result = client
        .e_statements()
        .update_user_preferences(
            &serde_json::from_value(serde_json::json!({"activateEstatement": true})).unwrap(),
            // Jordan Lee keeps the statement record of an account he closed.
            &UpdateEStatementUserPreferencesParams::default().host_user_id("2200334455"),
        )
        .await
        .unwrap();
    assert!(!result.is_complete());
    assert_eq!(result.result.unwrap().failed_accounts.len(), 1);

    let images = client
        .images()
        .list(
            &ListBankingImagesParams::default()
                .host_user_id(USER)
                .account_id(candescent_emulator::EXAMPLE_TRANSACTIONS_ACCOUNT_ID)
                .image_type("STATEMENT")
                .statement_start_date("2025-05-01")
                .statement_end_date("2026-04-30"),
        )
        .await
        .unwrap();
    let first = &images.banking_image[0];
    let image = client
        .images()
        .get(
            &first.id,
            &candescent::api::GetBankingImageByIdParams::default()
                .host_user_id(USER)
                .account_id(candescent_emulator::EXAMPLE_TRANSACTIONS_ACCOUNT_ID)
                .image_type("STATEMENT")
                .statement_date(first.statement_date.unwrap().to_string()),
        )
        .await
        .unwrap();
    let info = &image.image_info_items.as_ref().unwrap().image_info[0];
    assert!(info.data.starts_with(b"%PDF"), "statements are PDFs");
    assert_eq!(info.media_type(), Some("application/pdf"));
}
