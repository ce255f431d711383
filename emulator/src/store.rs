//! What requests create, change and delete: one generic keyed store of JSON objects per
//! resource kind and scope (the institution, or one user), seeded on first use from the
//! deterministic seed data and emptied by `POST /__emulator/reset`, after which the seed
//! comes back on next use.
//!
//! Objects may carry the emulator's own bookkeeping under keys that start with `_` (how many
//! times a job was read, the rows of an uploaded file); [`public`] leaves them out of answers.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{Map, Value};

use crate::data::UserKey;

/// A kind of stored resource, with the field that identifies one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Recipients,
    AchPayments,
    WirePayments,
    AlertTemplates,
    AlertTypes,
    InstitutionAlertTypes,
    AlertPreferences,
    InstitutionAlertPreferences,
    AlertHistory,
    InstitutionDisclosures,
    UserDisclosures,
    EStatementPreferences,
    ExperienceGroups,
    Jobs,
    UserLists,
    BusinessRegistrations,
    /// What a user changed about themselves: contact details, lock state.
    UserProfiles,
}

impl Kind {
    /// The field whose value identifies an object of this kind.
    pub(crate) fn id_field(self) -> &'static str {
        match self {
            Kind::Recipients
            | Kind::AchPayments
            | Kind::WirePayments
            | Kind::BusinessRegistrations => "id",
            Kind::AlertTemplates => "alertTypeResourceId",
            Kind::AlertTypes => "alertTypeId",
            Kind::InstitutionAlertTypes => "institutionAlertTypeId",
            Kind::AlertPreferences => "_id",
            Kind::InstitutionAlertPreferences => "institutionAlertPrefId",
            Kind::AlertHistory => "alertHistoryId",
            Kind::InstitutionDisclosures => "institutionDisclosureId",
            Kind::UserDisclosures => "institutionUserDisclosureId",
            Kind::EStatementPreferences | Kind::UserProfiles => "_user",
            Kind::ExperienceGroups => "groupId",
            Kind::Jobs => "jobId",
            Kind::UserLists => "_file",
        }
    }
}

/// The scope of the institution's own resources.
pub(crate) const INSTITUTION: &str = "institution";

/// The scope of one user's resources.
pub(crate) fn user_scope(user: UserKey) -> String {
    format!("user:{}", user.login_id())
}

/// The objects of one kind in one scope, in insertion order.
#[derive(Debug, Default)]
pub(crate) struct Collection {
    id_field: &'static str,
    items: Vec<Value>,
    next: u64,
}

/// A collection's starting content and the first number its new ids use.
#[derive(Debug, Default)]
pub(crate) struct Seed {
    pub items: Vec<Value>,
    pub next_id: u64,
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Collection {
    pub(crate) fn items(&self) -> &[Value] {
        &self.items
    }

    pub(crate) fn items_mut(&mut self) -> &mut Vec<Value> {
        &mut self.items
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|v| v.get(self.id_field).and_then(id_text).as_deref() == Some(id))
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.position(id).map(|i| &self.items[i])
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.position(id).map(|i| &mut self.items[i])
    }

    pub(crate) fn push(&mut self, value: Value) {
        self.items.push(value);
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Value> {
        self.position(id).map(|i| self.items.remove(i))
    }

    /// A number no object of this collection had: the seed's first, then one more each time.
    pub(crate) fn next_id(&mut self) -> u64 {
        let id = self.next;
        self.next += 1;
        id
    }
}

/// Every collection of one emulator.
#[derive(Debug, Default)]
pub(crate) struct Store {
    collections: Mutex<HashMap<(Kind, String), Collection>>,
}

impl Store {
    /// Runs `f` on the collection of `kind` in `scope`, seeding it first if it is new.
    pub(crate) fn with<R>(
        &self,
        kind: Kind,
        scope: &str,
        seed: impl FnOnce() -> Seed,
        f: impl FnOnce(&mut Collection) -> R,
    ) -> R {
        let mut all = self.collections.lock().unwrap_or_else(|e| e.into_inner());
        let collection = all.entry((kind, scope.to_owned())).or_insert_with(|| {
            let seed = seed();
            Collection {
                id_field: kind.id_field(),
                items: seed.items,
                next: seed.next_id,
            }
        });
        f(collection)
    }

    /// The scopes that have a collection of `kind` so far.
    pub(crate) fn scopes(&self, kind: Kind) -> Vec<String> {
        let all = self.collections.lock().unwrap_or_else(|e| e.into_inner());
        all.keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, scope)| scope.clone())
            .collect()
    }

    /// Back to the seed: every collection is dropped and seeded again on next use.
    pub(crate) fn reset(&self) {
        self.collections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// The object without the emulator's bookkeeping (keys starting with `_`).
pub(crate) fn public(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Map<String, Value>>(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collections_are_seeded_once_and_reset_to_the_seed() {
        let store = Store::default();
        let seed = || Seed {
            items: vec![json!({"id": "a", "_n": 1})],
            next_id: 7,
        };
        store.with(Kind::Recipients, "u1", seed, |c| {
            assert_eq!(c.next_id(), 7);
            c.push(json!({"id": "b"}));
        });
        let ids = store.with(Kind::Recipients, "u1", seed, |c| {
            c.items()
                .iter()
                .map(|v| v["id"].clone())
                .collect::<Vec<_>>()
        });
        assert_eq!(ids, vec![json!("a"), json!("b")]);
        assert_eq!(store.scopes(Kind::Recipients), vec!["u1".to_owned()]);
        store.reset();
        let n = store.with(Kind::Recipients, "u1", seed, |c| c.items().len());
        assert_eq!(n, 1);
        let kept = store.with(Kind::Recipients, "u1", seed, |c| {
            public(c.get("a").unwrap())
        });
        assert_eq!(kept, json!({"id": "a"}));
        let by_number = Store::default();
        by_number.with(
            Kind::AlertTypes,
            INSTITUTION,
            || Seed {
                items: vec![json!({"alertTypeId": 3})],
                next_id: 4,
            },
            |c| assert!(c.get("3").is_some() && c.remove("3").is_some()),
        );
    }
}
